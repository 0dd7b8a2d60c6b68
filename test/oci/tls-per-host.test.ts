import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, request as httpsRequest, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { silentLog } from '../../src/log.js';
import { sha256 } from '../../src/oci/digest.js';
import { RegistryStore } from '../../src/oci/registry/store.js';
import { RegistryTransport } from '../../src/oci/registry/transport.js';
import { hopRefusal, isListedHost, mayRelaxTls } from '../../src/oci/registry/url-policy.js';
import { freePort, run } from '../harness/processes.js';
import { startTokenServer, type TokenServer } from '../harness/token-server.js';

// insecure-registries relaxes TLS for the hosts it lists, and for nothing they send us to: a token
// realm, blob storage or an upload Location on another host keeps full verification unless listed too.
// Two self-signed certificates, two loopback addresses: the registry on 127.0.0.1, the rest on 127.0.0.2.

const USER = 'tls-user';
const PASSWORD = 'tls-per-host-password-4f1c';
const credentials = async () => ({ username: USER, password: PASSWORD });

let dir: string;
const certs: Record<'registry' | 'other', { keyPem: string; certPem: string; certPath: string }> =
  {} as never;

async function selfSigned(name: 'registry' | 'other', ip: string) {
  const keyPath = join(dir, `${name}.key`);
  const certPath = join(dir, `${name}.crt`);
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    keyPath,
    '-out',
    certPath,
    '-days',
    '2',
    '-subj',
    `/CN=layer-rebase tls test ${name}`,
    '-addext',
    `subjectAltName=IP:${ip}`,
  ]);
  certs[name] = {
    keyPem: await readFile(keyPath, 'utf8'),
    certPem: await readFile(certPath, 'utf8'),
    certPath,
  };
}

const servers: Server[] = [];
async function serveHttps(
  host: string,
  cert: 'registry' | 'other',
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ host: string; seen: string[]; connections: () => number }> {
  const seen: string[] = [];
  let connections = 0;
  const server = createServer({ key: certs[cert].keyPem, cert: certs[cert].certPem }, (req, res) => {
    seen.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  server.on('connection', () => connections++);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, host, r));
  return {
    host: `${host}:${(server.address() as { port: number }).port}`,
    seen,
    connections: () => connections,
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'layer-rebase-tls-'));
  await Promise.all([selfSigned('registry', '127.0.0.1'), selfSigned('other', '127.0.0.2')]);
});

afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
  await rm(dir, { recursive: true, force: true });
});

const failure = (p: Promise<unknown>) =>
  p.then(
    () => new Error('no error'),
    (e: Error) => e,
  );

const blob = Buffer.from('bytes behind two certificates');
const ref = { digest: sha256(blob), size: blob.length };

describe('a real registry over HTTPS (self-signed) with its token realm on another host (self-signed too)', () => {
  let registry: string;
  let realm: TokenServer;
  let child: ChildProcess;

  beforeAll(async () => {
    // The realm signs its tokens with the key of its own TLS certificate; the registry trusts that for tokens only.
    realm = await startTokenServer({
      port: await freePort(),
      host: '127.0.0.2',
      tls: { keyPem: certs.other.keyPem, certPem: certs.other.certPem },
      keyPem: certs.other.keyPem,
      certPem: certs.other.certPem,
      issuer: 'tls-test-issuer',
      service: 'tls-test-registry',
      users: { [USER]: PASSWORD },
    });
    const port = await freePort();
    const config = join(dir, 'registry.yml');
    await writeFile(
      config,
      [
        'version: 0.1',
        'log:',
        '  level: error',
        '  accesslog:',
        '    disabled: true',
        'storage:',
        '  filesystem:',
        `    rootdirectory: ${join(dir, 'data')}`,
        'http:',
        `  addr: 127.0.0.1:${port}`,
        '  tls:',
        `    certificate: ${certs.registry.certPath}`,
        `    key: ${join(dir, 'registry.key')}`,
        'auth:',
        '  token:',
        `    realm: ${realm.url}`,
        '    service: tls-test-registry',
        '    issuer: tls-test-issuer',
        `    rootcertbundle: ${certs.other.certPath}`,
      ].join('\n'),
    );
    child = spawn('docker-registry', ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    registry = `127.0.0.1:${port}`;
    const deadline = Date.now() + 20_000;
    for (;;) {
      const status = await new Promise<number | undefined>((resolve) => {
        const req = httpsRequest(`https://${registry}/v2/`, { rejectUnauthorized: false }, (res) => {
          res.resume();
          resolve(res.statusCode);
        });
        req.on('error', () => resolve(undefined));
        req.end();
      });
      if (status === 401) break;
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`docker-registry over TLS did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  afterAll(async () => {
    child?.kill();
    await realm?.close();
  });

  const storeWith = (insecureRegistries: string[]) =>
    new RegistryStore(
      new RegistryTransport(registry, { credentials, log: silentLog, insecureRegistries, backoffMs: 1 }),
      'tls/app',
    );

  test('nothing listed: the registry itself is refused, naming the host to list', async () => {
    const e = await failure(storeWith([]).hasBlob(ref.digest));
    expect(e.message).toContain(
      `the TLS certificate of ${registry} is not trusted (self-signed certificate); list ${registry} in insecure-registries if that is intended`,
    );
    expect(realm.seen).toEqual([]);
  });

  test('the registry listed, its realm not: refused at the realm, which never receives a request, let alone the password', async () => {
    const realmHost = new URL(realm.url).host;
    const connectionsBefore = realm.connections();
    const e = await failure(storeWith([registry]).putBlob(ref, async () => Readable.from([blob])));
    expect(e.message).toContain('token request failed');
    expect(e.message).toContain(
      `the TLS certificate of ${realmHost} is not trusted (self-signed certificate); list ${realmHost} in insecure-registries if that is intended`,
    );
    expect(e.message).toContain(`token realm ${realm.url}`);
    expect(e.message).not.toContain(PASSWORD);
    // The client reached the realm and broke the handshake off before sending a byte of HTTP.
    expect(realm.connections()).toBeGreaterThan(connectionsBefore);
    expect(realm.seen).toEqual([]);
  });

  test('both listed: the token is fetched with the credentials, the blob pushed and read back', async () => {
    const store = storeWith([registry, new URL(realm.url).host]);
    await store.putBlob(ref, async () => Readable.from([blob]));
    expect(await text(await store.getBlob(ref))).toBe(blob.toString());
    const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
    expect(realm.seen.length).toBeGreaterThan(0);
    expect(realm.seen.every((r) => r.path === '/token' && r.authorization === basic)).toBe(true);
  });
});

describe('blob storage and upload Locations on another host (self-signed)', () => {
  async function setup() {
    const storage = await serveHttps('127.0.0.2', 'other', (req, res) => {
      if (req.method === 'GET' && req.url === '/blob') return void res.writeHead(200).end(blob);
      if (req.method === 'PUT' && req.url?.startsWith('/up/1?digest=')) {
        req.resume();
        return void req.on('end', () => res.writeHead(201).end());
      }
      res.writeHead(404).end();
    });
    const registry = await serveHttps('127.0.0.1', 'registry', (req, res) => {
      if (req.url === '/v2/') return void res.writeHead(200).end('{}');
      if (req.method === 'GET' && req.url === `/v2/a/b/blobs/${ref.digest}`)
        return void res.writeHead(307, { location: `https://${storage.host}/blob` }).end();
      if (req.method === 'POST' && req.url === '/v2/a/b/blobs/uploads/')
        return void res.writeHead(202, { location: `https://${storage.host}/up/1` }).end();
      res.writeHead(404).end();
    });
    const store = (insecureRegistries: string[]) =>
      new RegistryStore(
        new RegistryTransport(registry.host, {
          credentials: async () => undefined,
          log: silentLog,
          insecureRegistries,
          backoffMs: 1,
        }),
        'a/b',
      );
    return { storage, registry, store };
  }

  test('the registry listed, the storage host not: the redirect and the upload are refused there', async () => {
    const { storage, registry, store } = await setup();
    const s = store([registry.host]);
    const message = `the TLS certificate of ${storage.host} is not trusted (self-signed certificate); list ${storage.host} in insecure-registries if that is intended`;
    const read = await failure(s.getBlob(ref).then((r) => text(r)));
    expect(read.message).toContain(message);
    const write = await failure(s.putBlob(ref, async () => Readable.from([blob])));
    expect(write.message).toContain(message);
    expect(storage.seen).toEqual([]);
    expect(storage.connections()).toBeGreaterThanOrEqual(2);
    // The registry's own host was spoken to without verification, as listed.
    expect(registry.seen).toContain('POST /v2/a/b/blobs/uploads/');
  });

  test('both listed: the blob is read from storage and uploaded there', async () => {
    const { storage, registry, store } = await setup();
    const s = store([registry.host, storage.host]);
    expect(await text(await s.getBlob(ref))).toBe(blob.toString());
    await s.putBlob(ref, async () => Readable.from([blob]));
    expect(storage.seen).toEqual(['GET /blob', `PUT /up/1?digest=${ref.digest}`]);
  });
});

describe('which requests may skip verification', () => {
  const registry = { name: 'registry.corp:5000', apiHost: 'registry.corp:5000' };
  test.each([
    ['https://registry.corp:5000/v2/', ['registry.corp:5000'], true],
    ['https://auth.corp/token', ['registry.corp:5000'], false],
    ['https://registry.corp/token', ['registry.corp:5000'], false],
    ['https://registry.corp:5001/up', ['registry.corp:5000'], false],
    ['https://auth.corp/token', ['registry.corp:5000', 'auth.corp'], true],
    ['https://auth.corp/token', ['auth.corp:443'], true],
    ['https://auth.corp:8443/token', ['auth.corp'], false],
    ['https://registry.corp:5000/v2/', [], false],
    ['http://registry.corp:5000/v2/', ['registry.corp:5000'], false],
  ])('%s with %j listed -> %s', (url, listed, relaxed) => {
    expect(mayRelaxTls(new URL(url), registry, listed)).toBe(relaxed);
  });

  test("docker.io listed relaxes its API host, registry-1.docker.io, and not Docker Hub's token realm", () => {
    const hub = { name: 'docker.io', apiHost: 'registry-1.docker.io' };
    expect(mayRelaxTls(new URL('https://registry-1.docker.io/v2/'), hub, ['docker.io'])).toBe(true);
    expect(mayRelaxTls(new URL('https://auth.docker.io/token'), hub, ['docker.io'])).toBe(false);
  });

  test('entries match host and port as written, case-insensitively, the default port either way', () => {
    expect(isListedHost(new URL('https://Registry.Corp/x'), ['REGISTRY.corp'])).toBe(true);
    expect(isListedHost(new URL('http://r.corp/x'), ['r.corp:80'])).toBe(true);
    expect(isListedHost(new URL('https://[::1]:5000/x'), ['[::1]:5000'])).toBe(true);
    expect(isListedHost(new URL('https://r.corp:5000/x'), ['r.corp'])).toBe(false);
  });
});

describe('plain HTTP hops: the registry being listed is no licence for other hosts', () => {
  const listed = {
    base: new URL('http://registry.corp:5000'),
    insecure: true,
    insecureHosts: ['registry.corp:5000'],
  };
  test('storage on another host over plain HTTP: refused unless listed itself (or loopback by name)', () => {
    expect(hopRefusal(new URL('http://storage.corp/b?sig=1'), listed)).toBe(
      "plain HTTP (http://storage.corp) on another host than the registry's; list storage.corp in insecure-registries if that is intended",
    );
    expect(
      hopRefusal(new URL('http://storage.corp/b'), {
        ...listed,
        insecureHosts: [...listed.insecureHosts, 'storage.corp'],
      }),
    ).toBeUndefined();
    expect(hopRefusal(new URL('https://storage.corp/b'), listed)).toBeUndefined();
    expect(hopRefusal(new URL('http://registry.corp:9000/up/1'), listed)).toBeUndefined();
  });
  test('a loopback registry may send us to another loopback host over plain HTTP, as before', () => {
    const loopback = { base: new URL('http://127.0.0.1:5000'), insecure: true, insecureHosts: [] };
    expect(hopRefusal(new URL('http://localhost:9000/b'), loopback)).toBeUndefined();
    expect(hopRefusal(new URL('http://storage.corp/b'), loopback)).toMatch(/list storage.corp in insecure/);
  });
  test('an HTTPS registry that is not listed: no plain HTTP even to its own host', () => {
    const https = { base: new URL('https://registry.corp'), insecure: false, insecureHosts: [] };
    expect(hopRefusal(new URL('http://registry.corp/up/1'), https)).toMatch(/from an HTTPS registry/);
    expect(hopRefusal(new URL('http://storage.corp/b'), https)).toMatch(/on another host/);
    // An internal HTTPS registry that is not listed gets no plain HTTP to a loopback name either.
    const internal = { base: new URL('https://10.0.0.5'), insecure: false, insecureHosts: [] };
    expect(hopRefusal(new URL('http://127.0.0.1:9000/b'), internal)).toMatch(/on another host/);
    expect(hopRefusal(new URL('https://127.0.0.1:9000/b'), internal)).toBeUndefined();
  });
});
