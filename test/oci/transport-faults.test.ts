import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, test } from 'vitest';
import { RegistryError } from '../../src/errors.js';
import { silentLog } from '../../src/log.js';
import { sha256 } from '../../src/oci/digest.js';
import { MediaType } from '../../src/oci/media-types.js';
import { RegistryStore } from '../../src/oci/registry/store.js';
import { RegistryTransport, type RequestEvent } from '../../src/oci/registry/transport.js';

// Fault paths only: a scripted server stands in where the real registry cannot be made to fail on cue.
let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

async function scripted(handler: (path: string, n: number) => Answer) {
  let n = 0;
  server = createServer((req, res) => {
    if (req.url === '/v2/') return res.writeHead(200).end('{}');
    const answer = handler(req.url ?? '', n++);
    res.writeHead(answer.status, answer.headers ?? {}).end(answer.body ?? '');
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const address = server.address() as { port: number };
  return `127.0.0.1:${address.port}`;
}

function store(host: string, events: RequestEvent[]) {
  const transport = new RegistryTransport(host, {
    credentials: async () => undefined,
    log: silentLog,
    backoffMs: 10,
    maxAttempts: 4,
    onRequest: (e) => events.push(e),
  });
  return new RegistryStore(transport, 'acme/app');
}

const manifest = JSON.stringify({
  schemaVersion: 2,
  mediaType: MediaType.ociManifest,
  config: { mediaType: MediaType.ociConfig, digest: sha256('{}'), size: 2 },
  layers: [],
});

test('429 with Retry-After and a 503 are retried, then the manifest is read and verified', async () => {
  const seen: number[] = [];
  const host = await scripted((_path, n): Answer => {
    seen.push(Date.now());
    if (n === 0) return { status: 429, headers: { 'retry-after': '1' } };
    if (n === 1) return { status: 503 };
    return {
      status: 200,
      headers: { 'content-type': MediaType.ociManifest, 'docker-content-digest': sha256(manifest) },
      body: manifest,
    };
  });
  const events: RequestEvent[] = [];
  const got = await store(host, events).getManifest('v1');
  expect(got.digest).toBe(sha256(manifest));
  expect(seen).toHaveLength(3);
  // Retry-After: 1 was honoured (the 503 backoff is 10 ms).
  expect(seen[1]! - seen[0]!).toBeGreaterThanOrEqual(900);
});

test('a lasting 500 fails with the registry, repository, operation, status and registry error body', async () => {
  const host = await scripted(() => ({
    status: 500,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ errors: [{ code: 'UNKNOWN', message: 'storage driver exploded' }] }),
  }));
  const error = (await store(host, [])
    .getManifest('v1')
    .catch((e: unknown) => e)) as RegistryError;
  expect(error).toBeInstanceOf(RegistryError);
  expect(error.message).toBe(`get manifest v1 ${host}/acme/app: 500 UNKNOWN: storage driver exploded`);
  expect(error.kind).toBe('server');
  expect(error.registryCodes).toEqual(['UNKNOWN']);
});

test('a manifest whose bytes do not match Docker-Content-Digest is rejected', async () => {
  const host = await scripted(() => ({
    status: 200,
    headers: { 'content-type': MediaType.ociManifest, 'docker-content-digest': sha256('something else') },
    body: manifest,
  }));
  await expect(store(host, []).getManifest('v1')).rejects.toThrow(/does not match/);
});

test('blob redirects to another host do not carry the Authorization header', async () => {
  const storage = createServer((req, res) => {
    res.writeHead(200).end(req.headers.authorization ? 'leaked' : 'clean');
  });
  await new Promise<void>((r) => storage.listen(0, '127.0.0.1', r));
  const storagePort = (storage.address() as { port: number }).port;
  try {
    let authSeen = '';
    server = createServer((req, res) => {
      if (req.url === '/v2/') return res.writeHead(401, { 'www-authenticate': 'Basic realm="x"' }).end();
      authSeen = req.headers.authorization ?? '';
      res.writeHead(307, { location: `http://localhost:${storagePort}/blob` }).end();
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const host = `127.0.0.1:${(server.address() as { port: number }).port}`;
    const transport = new RegistryTransport(host, {
      credentials: async () => ({ username: 'u', password: 'p' }),
      log: silentLog,
    });
    const s = new RegistryStore(transport, 'acme/app');
    const stream = await s.getBlob({ digest: sha256('clean') });
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    expect(authSeen).toMatch(/^Basic /);
    expect(Buffer.concat(chunks).toString()).toBe('clean');
  } finally {
    await new Promise<void>((r) => storage.close(() => r()));
  }
});

test('an open /v2/ with a challenge only on the operation: the challenge is followed, with its scope', async () => {
  let tokenScopes: string[] = [];
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/v2/') return res.writeHead(200).end('{}');
    if (url.pathname === '/token') {
      tokenScopes = url.searchParams.getAll('scope');
      return res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ token: 'tok-1', expires_in: 300 }));
    }
    if (req.headers.authorization !== 'Bearer tok-1') {
      const host = req.headers.host;
      return res
        .writeHead(401, {
          'www-authenticate': `Bearer realm="http://${host}/token",service="scripted",scope="repository:acme/app:pull,extra"`,
        })
        .end();
    }
    res
      .writeHead(200, { 'content-type': MediaType.ociManifest, 'docker-content-digest': sha256(manifest) })
      .end(manifest);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const host = `127.0.0.1:${(server.address() as { port: number }).port}`;
  const events: RequestEvent[] = [];
  const got = await store(host, events).getManifest('v1');
  expect(got.digest).toBe(sha256(manifest));
  expect(events.map((e) => e.status)).toEqual([401, 200]);
  expect(tokenScopes).toEqual(['repository:acme/app:pull', 'repository:acme/app:pull,extra']);
});

describe('a blob download that breaks part-way', () => {
  const blob = Buffer.from(Array.from({ length: 200_000 }, (_, i) => i % 251));
  const digest = sha256(blob);

  async function flaky(options: { honourRange: boolean }) {
    const ranges: string[] = [];
    let gets = 0;
    server = createServer((req, res) => {
      if (req.url === '/v2/') return res.writeHead(200).end('{}');
      gets++;
      const range = req.headers.range;
      if (range) ranges.push(range);
      if (gets === 1) {
        // Half the body, then the connection drops.
        res.writeHead(200, { 'content-length': String(blob.length) });
        res.write(blob.subarray(0, 100_000), () => res.socket?.destroy());
        return;
      }
      const start = options.honourRange && range ? Number(/bytes=(\d+)-/.exec(range)![1]) : 0;
      res
        .writeHead(start > 0 ? 206 : 200, { 'content-length': String(blob.length - start) })
        .end(blob.subarray(start));
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const host = `127.0.0.1:${(server.address() as { port: number }).port}`;
    const stream = await store(host, []).getBlob({ digest, size: blob.length });
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    return { bytes: Buffer.concat(chunks), ranges, gets };
  }

  test('resumes with a Range request from the byte it had', async () => {
    const { bytes, ranges, gets } = await flaky({ honourRange: true });
    expect(bytes.equals(blob)).toBe(true);
    expect(gets).toBe(2);
    expect(ranges).toHaveLength(1);
    expect(ranges[0]).toMatch(/^bytes=\d+-$/);
    expect(Number(/\d+/.exec(ranges[0]!)![0])).toBeGreaterThan(0);
  });

  test('a registry that ignores Range: the bytes already delivered are skipped', async () => {
    const { bytes } = await flaky({ honourRange: false });
    expect(bytes.equals(blob)).toBe(true);
  });
});
