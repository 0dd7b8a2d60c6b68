import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterEach } from 'vitest';

export interface FileServer {
  url: string;
  hits: Record<string, number>;
  close: () => Promise<void>;
}

type Handler = string | Buffer | ((req: IncomingMessage, res: ServerResponse, hit: number) => void);

/** A loopback HTTP server serving fixed paths, counting hits per path. */
export async function serveFiles(routes: Record<string, Handler>): Promise<FileServer> {
  const hits: Record<string, number> = {};
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    hits[path] = (hits[path] ?? 0) + 1;
    const route = routes[path];
    if (route === undefined) return res.writeHead(404).end('not found');
    if (typeof route === 'function') return route(req, res, hits[path]!);
    res.writeHead(200, { 'content-type': 'application/json' }).end(route);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, hits, close: () => new Promise((r) => server.close(() => r())) };
}

/**
 * Loopback servers with a scripted handler, closed after each test (hanging connections included):
 * `const { serve } = scriptedServers();` in a test file, then `await serve(handler)` -> `host:port`.
 */
export function scriptedServers(): {
  serve: (handler: (req: IncomingMessage, res: ServerResponse) => void) => Promise<string>;
} {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    }
  });
  return {
    serve: async (handler) => {
      const server = createServer(handler);
      servers.push(server);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return `127.0.0.1:${(server.address() as { port: number }).port}`;
    },
  };
}
