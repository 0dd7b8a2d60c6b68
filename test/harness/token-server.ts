import { createHash, createPrivateKey, randomUUID, sign, X509Certificate } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';

/**
 * A small Docker token server (distribution's token auth spec) for the tests: Basic credentials in,
 * an ES256 JWT out, with `x5c` chaining to the certificate the registry trusts. Authenticated users
 * get what they ask for; anonymous users get nothing.
 */
export interface TokenServer {
  url: string;
  requests: () => number;
  /** Every request that arrived: its path and the Authorization header it carried. */
  seen: { path: string; authorization?: string }[];
  /** TCP connections accepted (a client that breaks the TLS handshake off makes one, and no request). */
  connections: () => number;
  close: () => Promise<void>;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export async function startTokenServer(options: {
  port: number;
  keyPem: string;
  certPem: string;
  issuer: string;
  service: string;
  users: Record<string, string>;
  /** Listen here instead of 127.0.0.1. */
  host?: string;
  /** Serve HTTPS with this key and certificate. */
  tls?: { keyPem: string; certPem: string };
}): Promise<TokenServer> {
  const key = createPrivateKey(options.keyPem);
  const certDer = new X509Certificate(options.certPem).raw;
  let count = 0;
  let connections = 0;
  const seen: TokenServer['seen'] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    count++;
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push({
      path: url.pathname,
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    });
    if (url.pathname !== '/token') {
      res.writeHead(404).end();
      return;
    }
    let user: string | undefined;
    const authz = req.headers.authorization;
    if (authz?.startsWith('Basic ')) {
      const [name, password] = Buffer.from(authz.slice(6), 'base64').toString().split(/:(.*)/s) as [
        string,
        string,
      ];
      if (options.users[name] !== password) {
        res
          .writeHead(401, { 'content-type': 'application/json' })
          .end(JSON.stringify({ details: 'invalid credentials' }));
        return;
      }
      user = name;
    }
    const access = url.searchParams.getAll('scope').flatMap((scope) => {
      const [type, ...rest] = scope.split(':');
      const actions = rest.pop()?.split(',') ?? [];
      return user ? [{ type, name: rest.join(':'), actions }] : [];
    });
    const now = Math.floor(Date.now() / 1000);
    const headerPart = b64url(
      JSON.stringify({ alg: 'ES256', typ: 'JWT', x5c: [certDer.toString('base64')] }),
    );
    const claims = b64url(
      JSON.stringify({
        iss: options.issuer,
        sub: user ?? '',
        aud: url.searchParams.get('service') ?? options.service,
        exp: now + 300,
        nbf: now - 10,
        iat: now,
        jti: randomUUID(),
        access,
      }),
    );
    const signature = sign('sha256', Buffer.from(`${headerPart}.${claims}`), {
      key,
      dsaEncoding: 'ieee-p1363',
    });
    const token = `${headerPart}.${claims}.${b64url(signature)}`;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        token,
        access_token: token,
        expires_in: 300,
        issued_at: new Date(now * 1000).toISOString(),
      }),
    );
  };
  const server: Server = options.tls
    ? createHttpsServer({ key: options.tls.keyPem, cert: options.tls.certPem }, handler)
    : createServer(handler);
  server.on('connection', () => connections++);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(options.port, host, resolve));
  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${options.port}/token`,
    requests: () => count,
    seen,
    connections: () => connections,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function fingerprint(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}
