import { mkdtemp, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { MockAgent } from 'undici';
import { describe, expect, test } from 'vitest';
import { silentLog } from '../../src/log.js';
import { sha256 } from '../../src/oci/digest.js';
import { dockerConfigResolver } from '../../src/oci/registry/credentials.js';
import { RegistryStore } from '../../src/oci/registry/store.js';
import { RegistryTransport } from '../../src/oci/registry/transport.js';
import { appendQuery, hopRefusal, isInternalName } from '../../src/oci/registry/url-policy.js';
import { scriptedServers } from '../helpers/http.js';

// What production registries do that distribution does not (REGISTRIES.md), one behaviour per test.

const { serve } = scriptedServers();
const basicCreds = async () => ({ username: 'u', password: 'p4ssw0rd-quirks' });
const digest = sha256('hello');
const body = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });

/** An HTTPS registry at registry.example.com (and whatever else `setup` intercepts), behind a MockAgent. */
function mocked(setup: (agent: MockAgent) => void, insecureRegistries: string[] = []) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  agent
    .get('https://registry.example.com')
    .intercept({ path: '/v2/', method: 'GET' })
    .reply(401, '', { headers: { 'www-authenticate': 'Basic realm="x"' } })
    .persist();
  setup(agent);
  const transport = new RegistryTransport('registry.example.com', {
    credentials: basicCreds,
    log: silentLog,
    dispatcher: agent,
    insecureRegistries,
    backoffMs: 1,
  });
  return { transport, store: new RegistryStore(transport, 'acme/app') };
}

const error = (p: Promise<unknown>) =>
  p.then(
    () => new Error('no error'),
    (e: Error) => e,
  );

describe('blob redirects', () => {
  test('to storage on another host: no Authorization there, Range kept; relative ones resolve against the registry', async () => {
    const seen: { host: string; authorization?: string; range?: string }[] = [];
    const note = (host: string) => (opts: { headers?: unknown }) => {
      const h = opts.headers as Record<string, string>;
      seen.push({
        host,
        ...(h.authorization ? { authorization: h.authorization } : {}),
        ...(h.range ? { range: h.range } : {}),
      });
      return h.authorization && host === 's3' ? 'Only one auth mechanism allowed' : 'hello';
    };
    const { transport } = mocked((agent) => {
      const reg = agent.get('https://registry.example.com');
      reg
        .intercept({ path: `/v2/acme/app/blobs/${digest}`, method: 'GET' })
        .reply(307, '', { headers: { location: 'https://s3.example.com/bucket/b?X-Amz-Signature=abc' } });
      reg
        .intercept({ path: `/v2/acme/app/blobs/${sha256('x')}`, method: 'GET' })
        .reply(302, '', { headers: { location: '/artifacts-downloads/b' } });
      reg.intercept({ path: '/artifacts-downloads/b', method: 'GET' }).reply(206, note('registry'));
      agent
        .get('https://s3.example.com')
        .intercept({ path: '/bucket/b?X-Amz-Signature=abc', method: 'GET' })
        .reply(206, note('s3'));
    });
    const get = (d: string) =>
      transport.request({
        method: 'GET',
        url: `/v2/acme/app/blobs/${d}`,
        repository: 'acme/app',
        operation: 'get blob',
        scopes: [],
        headers: { range: 'bytes=2-' },
        followRedirects: true,
      });
    expect((await get(digest)).status).toBe(206);
    expect((await get(sha256('x'))).status).toBe(206);
    expect(seen).toEqual([
      { host: 's3', range: 'bytes=2-' },
      { host: 'registry', authorization: expect.stringMatching(/^Basic /), range: 'bytes=2-' },
    ]);
  });

  test('refused: plain HTTP from an HTTPS registry, and internal addresses from a public one', async () => {
    for (const location of [
      'http://s3.example.com/b',
      'http://registry.example.com/v2/acme/app/blobs/x',
      'https://169.254.169.254/latest/meta-data/',
      'https://10.0.0.7/b',
      'https://[fd00::1]/b',
      'https://localhost/b',
    ]) {
      const { store } = mocked((agent) => {
        agent
          .get('https://registry.example.com')
          .intercept({ path: `/v2/acme/app/blobs/${digest}`, method: 'GET' })
          .reply(307, '', { headers: { location } });
      });
      const e = await error(store.getBlob({ digest, size: 5 }));
      expect(e.message, location).toMatch(
        /refusing a redirect to .*: (plain HTTP|.* is a loopback, private or link-local address)/,
      );
    }
  });
});

describe('upload Locations', () => {
  test('an internal address or plain HTTP from a public HTTPS registry is refused before a byte is sent', async () => {
    for (const location of [
      'https://169.254.169.254/upload',
      'http://registry.example.com/v2/acme/app/blobs/uploads/1',
    ]) {
      let sent = 0;
      const { store } = mocked((agent) => {
        const reg = agent.get('https://registry.example.com');
        reg
          .intercept({ path: '/v2/acme/app/blobs/uploads/', method: 'POST' })
          .reply(202, '', { headers: { location } })
          .persist();
        reg.intercept({ path: /.*/, method: 'PUT' }).reply(() => {
          sent++;
          return { statusCode: 201, data: '' };
        });
      });
      const e = await error(
        store.putBlob({ digest, size: 5 }, async () => Readable.from([Buffer.from('hello')])),
      );
      expect(e.message, location).toContain('refusing the upload location');
      expect(sent).toBe(0);
    }
  });

  test('a plain-HTTP Location on the registry host of an insecure registry is used, without credentials', async () => {
    const headers: Record<string, string>[] = [];
    const { store } = mocked(
      (agent) => {
        agent
          .get('https://registry.example.com')
          .intercept({ path: '/v2/acme/app/blobs/uploads/', method: 'POST' })
          .reply(202, '', { headers: { location: 'http://registry.example.com/up/1' } });
        agent
          .get('http://registry.example.com')
          .intercept({ path: `/up/1?digest=${digest}`, method: 'PUT' })
          .reply((opts) => {
            headers.push(opts.headers as Record<string, string>);
            return { statusCode: 201, data: '' };
          });
      },
      ['registry.example.com'],
    );
    await store.putBlob({ digest, size: 5 }, async () => Readable.from([Buffer.from('hello')]));
    expect(headers).toHaveLength(1);
    expect(headers[0]!.authorization).toBeUndefined();
  });

  test('relative, outside /v2, with its own query: resolved against the answering URL, query kept, digest appended with &', async () => {
    const puts: string[] = [];
    const host = await serve((req, res) => {
      if (req.url === '/v2/') return void res.writeHead(200).end();
      if (req.method === 'POST')
        return void res
          .writeHead(202, {
            location: '/artifacts-uploads/namespaces/p/u/9?_state=a%2Bb%3D%3D&_nouploadcache=false',
          })
          .end();
      if (req.method === 'PUT') {
        puts.push(req.url!);
        return void body(req).then(() => res.writeHead(201).end());
      }
      res.writeHead(404).end();
    });
    const store = new RegistryStore(
      new RegistryTransport(host, { credentials: async () => undefined, log: silentLog }),
      'a/b',
    );
    await store.putBlob({ digest, size: 5 }, async () => Readable.from([Buffer.from('hello')]));
    expect(puts).toEqual([
      `/artifacts-uploads/namespaces/p/u/9?_state=a%2Bb%3D%3D&_nouploadcache=false&digest=${digest}`,
    ]);
  });

  test('appendQuery keeps what is there byte for byte', () => {
    expect(appendQuery('https://r/u/1', 'digest', digest)).toBe(`https://r/u/1?digest=${digest}`);
    expect(appendQuery('https://r/u/1?_state=x%3D&y', 'digest', digest)).toBe(
      `https://r/u/1?_state=x%3D&y&digest=${digest}`,
    );
    expect(appendQuery('https://r/u/1?', 'digest', digest)).toBe(`https://r/u/1?digest=${digest}`);
  });
});

describe('internal addresses, by name', () => {
  test.each([
    ['127.0.0.1', true],
    ['127.9.9.9', true],
    ['[::1]', true],
    ['localhost', true],
    ['a.localhost', true],
    ['10.1.2.3', true],
    ['172.20.0.1', true],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['0.0.0.0', true],
    ['[fe80::1]', true],
    ['[fd12::1]', true],
    ['[::ffff:7f00:1]', true],
    // Other spellings of an internal IPv4 address: IPv4-compatible, mapped, SIIT, NAT64 (RFC 6052 and
    // the local-use prefix of RFC 8215). URL parsing turns `[::127.0.0.1]` into `[::7f00:1]`.
    ['[::127.0.0.1]', true],
    ['[::7f00:1]', true],
    ['[::a9fe:a9fe]', true],
    ['[::10.0.0.1]', true],
    ['[::ffff:169.254.169.254]', true],
    ['[::ffff:0:192.168.0.1]', true],
    ['[64:ff9b::127.0.0.1]', true],
    ['[64:ff9b::a9fe:a9fe]', true],
    ['[64:ff9b::10.1.2.3]', true],
    ['[64:ff9b::0:0]', true],
    ['[64:ff9b:1::8.8.8.8]', true],
    ['[::8.8.8.8]', false],
    ['[::ffff:8.8.8.8]', false],
    ['[64:ff9b::8.8.8.8]', false],
    ['[64:ff9b::1:0:a00:1]', false],
    ['[2001:db8::127.0.0.1]', false],
    ['100.64.0.1', true],
    ['8.8.8.8', false],
    ['172.32.0.1', false],
    ['registry.example.com', false],
    ['127.0.0.1.nip.io', false],
    ['[2001:db8::1]', false],
    ['localhost.', true],
    ['a.localhost.', true],
    ['LOCALHOST', true],
    ['localhost.example.com', false],
    ['[fec0::1]', true],
    ['[fe7f::1]', false],
  ])('%s -> %s', (host, internal) => {
    expect(isInternalName(host)).toBe(internal);
  });

  test('an internal registry may send us to internal storage; the same host and port is always fine', () => {
    const ctx = (base: string) => ({ base: new URL(base), insecure: false, insecureHosts: [] });
    expect(hopRefusal(new URL('https://10.0.0.6/b'), ctx('https://10.0.0.5'))).toBeUndefined();
    expect(hopRefusal(new URL('https://10.0.0.6/b'), ctx('https://harbor.corp'))).toMatch(/private/);
    expect(hopRefusal(new URL('https://[::1]:5000/x'), ctx('https://[::1]:5000'))).toBeUndefined();
    expect(hopRefusal(new URL('ftp://x/y'), ctx('https://r'))).toMatch(/not an HTTP address/);
  });
});

describe('upload fallbacks', () => {
  /** A registry that refuses what `refuse` says, and records every upload request. */
  async function registry(options: {
    bufferLimit?: number;
    refuse: (req: IncomingMessage, bytes: Buffer) => number | undefined;
    postHeaders?: Record<string, string>;
    patchAnswer?: (bytes: Buffer, patch: number, kept: number) => { status: number; range?: string };
  }) {
    const log: { method: string; url: string; bytes: number; status: number }[] = [];
    let sessions = 0;
    let kept = 0;
    let patches = 0;
    const host = await serve((req: IncomingMessage, res: ServerResponse) => {
      if (req.url === '/v2/') return void res.writeHead(200).end();
      void body(req).then((bytes) => {
        const answer = (status: number, headers: Record<string, string> = {}) => {
          log.push({ method: req.method!, url: req.url!, bytes: bytes.length, status });
          res.writeHead(status, headers).end();
        };
        if (req.method === 'GET') return answer(404);
        if (req.method === 'DELETE') return answer(204);
        if (req.method === 'POST') {
          kept = 0;
          patches = 0;
          return answer(202, { location: `/up/${++sessions}`, ...options.postHeaders });
        }
        const refused = options.refuse(req, bytes);
        if (refused) return answer(refused);
        if (req.method === 'PATCH') {
          const a = options.patchAnswer?.(bytes, ++patches, kept) ?? { status: 202 };
          if (a.range === undefined) kept += bytes.length;
          return answer(a.status, { location: req.url!.split('?')[0]!, range: a.range ?? `0-${kept - 1}` });
        }
        answer(201);
      });
    });
    const transport = new RegistryTransport(host, { credentials: async () => undefined, log: silentLog });
    return { store: new RegistryStore(transport, 'a/b', options.bufferLimit ?? 1000), log, transport };
  }
  const blob = Buffer.alloc(7000, 9);
  const ref = { digest: sha256(blob), size: blob.length };
  const open = async () => Readable.from([blob]);

  test('PUT with a body refused: one PATCH with the whole body (answered 201, as ECR does), then the closing PUT', async () => {
    const { store, log, transport } = await registry({
      refuse: (req, bytes) => (req.method === 'PUT' && bytes.length > 0 ? 404 : undefined),
      patchAnswer: () => ({ status: 201 }),
    });
    await store.putBlob(ref, open);
    expect(log.map((l) => `${l.method} ${l.bytes} ${l.status}`)).toEqual([
      'POST 0 202',
      'PUT 7000 404',
      'DELETE 0 204',
      'POST 0 202',
      'PATCH 7000 201',
      'PUT 0 201',
    ]);
    expect([...transport.uploads.refused]).toEqual(['put']);
    // Remembered for the registry: the next blob goes straight to PATCH.
    log.length = 0;
    await store.putBlob(ref, open);
    expect(log.map((l) => l.method)).toEqual(['POST', 'PATCH', 'PUT']);
  });

  test('no PATCH over a cap (a 416 that states no limit): the chunk halves, never below the advertised minimum', async () => {
    const KiB = 1024;
    const { store, log, transport } = await registry({
      bufferLimit: 1024 * KiB,
      refuse: (req, bytes) => {
        if (req.method === 'PUT' && bytes.length > 0) return 405;
        if (req.method === 'PATCH' && bytes.length > 600 * KiB) return 416;
        return undefined;
      },
      postHeaders: { 'oci-chunk-min-length': String(300 * KiB) },
    });
    const big = Buffer.alloc(3000 * KiB, 3);
    await store.putBlob({ digest: sha256(big), size: big.length }, async () => Readable.from([big]));
    const sent = log.filter((l) => l.method === 'PATCH' && l.status !== 416).map((l) => l.bytes);
    expect(sent.reduce((a, b) => a + b, 0)).toBe(big.length);
    // 1024 KiB refused -> 512 KiB chunks (at least the 300 KiB minimum); the last one is what is left.
    expect(sent.slice(0, -1)).toEqual(sent.slice(0, -1).map(() => 512 * KiB));
    expect(transport.uploads.chunkCap).toBe(512 * KiB);
  });

  test('a registry that drops PATCH bodies (Range stops advancing) is caught before the blob is committed', async () => {
    const { store, log } = await registry({
      refuse: (req, bytes) =>
        (req.method === 'PUT' && bytes.length > 0) || bytes.length > 2000 ? 413 : undefined,
      patchAnswer: (_bytes, n, kept) => (n > 1 ? { status: 201, range: `0-${kept - 1}` } : { status: 201 }),
    });
    const e = await error(store.putBlob(ref, open));
    expect(e.message).toMatch(
      /refused every way of uploading a blob .*chunks: it kept 0-999 after 2000 bytes were sent/,
    );
    // Nothing was committed: no closing PUT with the digest succeeded.
    expect(log.filter((l) => l.method === 'PUT' && l.url.includes('digest=') && l.status === 201)).toEqual(
      [],
    );
  });

  test('a body broken half-way is never resent into the same session: a new one is opened', async () => {
    let puts = 0;
    const urls: string[] = [];
    let sessions = 0;
    const host = await serve((req, res) => {
      if (req.url === '/v2/') return void res.writeHead(200).end();
      if (req.method === 'GET') return void res.writeHead(404).end();
      if (req.method === 'DELETE') return void res.writeHead(204).end();
      if (req.method === 'POST') return void res.writeHead(202, { location: `/up/${++sessions}` }).end();
      urls.push(req.url!.split('?')[0]!);
      if (++puts === 1) return void req.once('data', () => req.socket.destroy());
      void body(req).then(() => res.writeHead(201).end());
    });
    const store = new RegistryStore(
      new RegistryTransport(host, { credentials: async () => undefined, log: silentLog, backoffMs: 1 }),
      'a/b',
      1000,
    );
    await store.putBlob(ref, open);
    expect(urls).toEqual(['/up/1', '/up/2']);
  });
});

describe('credentials', () => {
  test('a docker config registrytoken is sent as a Bearer token, with no token exchange', async () => {
    const seen: string[] = [];
    let exchanges = 0;
    const host = await serve((req, res) => {
      if (req.url?.startsWith('/token')) {
        exchanges++;
        return void res.writeHead(500).end();
      }
      if (req.headers.authorization !== 'Bearer the-registry-token')
        return void res
          .writeHead(401, {
            'www-authenticate': `Bearer realm="http://${req.headers.host}/token",service="s"`,
          })
          .end();
      seen.push(req.url!);
      if (req.url === '/v2/') return void res.writeHead(200).end();
      res.writeHead(404).end();
    });
    const dir = await mkdtemp(join(tmpdir(), 'registrytoken-'));
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({ auths: { [host]: { registrytoken: 'the-registry-token' } } }),
    );
    const credentials = dockerConfigResolver({ log: silentLog, env: { DOCKER_CONFIG: dir } });
    const store = new RegistryStore(new RegistryTransport(host, { credentials, log: silentLog }), 'a/b');
    expect(await store.headManifest('v1')).toBeUndefined();
    expect(seen).toEqual(['/v2/a/b/manifests/v1']);
    expect(exchanges).toBe(0);
  });

  test('a token server that hands out the same token for pull and push: both work (the token is read as sent)', async () => {
    const token = 'same-token-for-every-scope';
    const granted: string[] = [];
    const host = await serve((req, res) => {
      const url = new URL(req.url!, 'http://x');
      if (url.pathname === '/token') {
        granted.push(url.searchParams.getAll('scope').join(' '));
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token }));
      }
      if (req.headers.authorization !== `Bearer ${token}`)
        return void res
          .writeHead(401, {
            'www-authenticate': `Bearer realm="http://${req.headers.host}/token",service="s"`,
          })
          .end();
      if (req.method === 'GET') return void res.writeHead(404).end();
      void body(req).then(() => res.writeHead(201, { 'docker-content-digest': sha256('{}') }).end());
    });
    const store = new RegistryStore(
      new RegistryTransport(host, { credentials: basicCreds, log: silentLog }),
      'a/b',
    );
    expect(await store.headManifest('v1')).toBeUndefined();
    await store.putManifest(
      {
        bytes: Buffer.from('{}'),
        digest: sha256('{}'),
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
      },
      'v1',
    );
    expect(granted).toEqual(['repository:a/b:pull', 'repository:a/b:pull,push']);
  });
});

/** A manifest's bytes for the tests that only look at how a manifest is fetched. */
const EMPTY_MANIFEST = Buffer.from(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {},
    layers: [],
  }),
);

describe('manifests redirected to storage (a pull-through proxy: GitLab, moby#50065)', () => {
  test('GET follows without credentials; the tag check asks with a GET too (no HEAD to refuse)', async () => {
    const manifest = EMPTY_MANIFEST;
    const storageSaw: string[] = [];
    const storage = await serve((req, res) => {
      storageSaw.push(`${req.method} ${req.headers.authorization ?? 'no auth'}`);
      if (req.method === 'HEAD') return void res.writeHead(403).end(); // signed for GET only
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }).end(manifest);
    });
    const host = await serve((req, res) => {
      if (req.headers.authorization !== `Basic ${Buffer.from('u:p4ssw0rd-quirks').toString('base64')}`)
        return void res.writeHead(401, { 'www-authenticate': 'Basic realm="r"' }).end();
      if (req.url === '/v2/') return void res.writeHead(200).end();
      res.writeHead(302, { location: `http://${storage}/m/v1?X-Amz-Signature=abc` }).end();
    });
    const store = new RegistryStore(
      new RegistryTransport(host, { credentials: basicCreds, log: silentLog }),
      'a/b',
    );
    expect((await store.getManifest('v1')).digest).toBe(sha256(manifest));
    expect(await store.headManifest('v1')).toEqual({
      digest: sha256(manifest),
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      size: manifest.length,
    });
    expect(storageSaw).toEqual(['GET no auth', 'GET no auth']);
  });

  test("Docker Hub's tag check is a HEAD (a GET counts against its pull rate limit); one without a digest falls back to the GET", async () => {
    const manifest = EMPTY_MANIFEST;
    const seen: string[] = [];
    const agent = new MockAgent();
    agent.disableNetConnect();
    const hub = agent.get('https://registry-1.docker.io');
    hub.intercept({ path: '/v2/', method: 'GET' }).reply(200, '{}').persist();
    hub.intercept({ path: '/v2/library/app/manifests/v1', method: 'HEAD' }).reply(() => {
      seen.push('HEAD');
      return {
        statusCode: 200,
        data: '',
        responseOptions: {
          headers: {
            'docker-content-digest': sha256(manifest),
            'content-type': 'application/vnd.oci.image.manifest.v1+json',
            'content-length': String(manifest.length),
          },
        },
      };
    });
    hub.intercept({ path: '/v2/library/app/manifests/v2', method: 'HEAD' }).reply(() => {
      seen.push('HEAD');
      return { statusCode: 200, data: '' };
    });
    hub.intercept({ path: '/v2/library/app/manifests/v2', method: 'GET' }).reply(() => {
      seen.push('GET');
      return {
        statusCode: 200,
        data: manifest,
        responseOptions: { headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' } },
      };
    });
    const store = new RegistryStore(
      new RegistryTransport('docker.io', {
        credentials: async () => undefined,
        log: silentLog,
        dispatcher: agent,
        backoffMs: 1,
      }),
      'library/app',
    );
    expect((await store.headManifest('v1'))?.digest).toBe(sha256(manifest));
    expect((await store.headManifest('v2'))?.digest).toBe(sha256(manifest));
    expect(seen).toEqual(['HEAD', 'HEAD', 'GET']);
  });
});
