import { createServer, type RequestListener, type Server } from 'node:http';
import { afterEach, expect, test } from 'vitest';
import { boundedFetch } from '../../src/signing/bounded-fetch.js';

let server: Server | undefined;
afterEach(() => server?.closeAllConnections?.());
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function serve(handler: RequestListener): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
}

test('a signing service that never answers is given up after its time limit, said in words', async () => {
  const url = await serve(() => {
    // Never answers.
  });
  const started = Date.now();
  await expect(boundedFetch(url, {}, 300)).rejects.toThrow('did not answer within 300 ms');
  expect(Date.now() - started).toBeLessThan(5_000);
});

test('one that starts an answer and stalls in its body is given up too', async () => {
  const url = await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"value": "');
  });
  await expect(boundedFetch(url, {}, 300)).rejects.toThrow(/did not answer within/);
});

test('an answer larger than the bound is refused without reading it all', async () => {
  let sent = 0;
  const url = await serve((_req, res) => {
    res.writeHead(200);
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const pump = () => {
      while (sent < 64 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
      if (sent < 64 * 1024 * 1024) res.once('drain', pump);
      else res.end();
    };
    pump();
  });
  await expect(boundedFetch(url, {}, 10_000, 256 * 1024)).rejects.toThrow(
    'answered with more than 262144 bytes',
  );
  expect(sent).toBeLessThan(64 * 1024 * 1024);
});

test('a normal answer: status and text', async () => {
  const url = await serve((_req, res) => res.writeHead(201).end('{"id": 1}'));
  expect(await boundedFetch(url, { method: 'POST', body: '{}' })).toEqual({
    status: 201,
    ok: true,
    text: '{"id": 1}',
  });
});
