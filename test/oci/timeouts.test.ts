import { MockAgent } from 'undici';
import { describe, expect, test } from 'vitest';
import { scriptedServers } from '../helpers/http.js';
import { withDeadline } from '../../src/deadline.js';
import { RegistryError } from '../../src/errors.js';
import { silentLog } from '../../src/log.js';
import type { CredentialResolver } from '../../src/oci/registry/credentials.js';
import { RegistryStore } from '../../src/oci/registry/store.js';
import { RegistryTransport, type Timeouts } from '../../src/oci/registry/transport.js';

// Stalling and trickling servers on loopback; the bounds are scaled down so that each test finishes
// within its budget in well under a second or two. Ratios to the budget, not absolute times, are asserted.
const { serve } = scriptedServers();

const FAST: Partial<Timeouts> = {
  connectMs: 300,
  headersMs: 200,
  stallMs: 200,
  requestMs: 1500,
  operationMs: 5000,
};

function storeAt(
  host: string,
  timeouts: Partial<Timeouts> = FAST,
  credentials: CredentialResolver = async () => undefined,
) {
  const transport = new RegistryTransport(host, { credentials, log: silentLog, backoffMs: 10, timeouts });
  return new RegistryStore(transport, 'acme/app');
}

async function failure(promise: Promise<unknown>): Promise<{ error: RegistryError; ms: number }> {
  const started = Date.now();
  try {
    await promise;
  } catch (error) {
    return { error: error as RegistryError, ms: Date.now() - started };
  }
  throw new Error('expected a failure');
}

describe('time bounds', () => {
  test('a registry that never answers a manifest GET: "timed out", three attempts, within the operation budget', async () => {
    let gets = 0;
    const host = await serve((req, res) => {
      if (req.url === '/v2/') return void res.writeHead(200).end('{}');
      gets++; // ... and never answer.
    });
    const { error, ms } = await failure(storeAt(host).getManifest('prod'));
    expect(error).toBeInstanceOf(RegistryError);
    expect(error.kind).toBe('timeout');
    expect(error.code).toBe('registry-timeout');
    expect(error.message).toMatch(
      new RegExp(
        `^get manifest prod ${host}/acme/app: timed out: no response within 0.2 s \\(3 attempts over [\\d.]+ s\\)$`,
      ),
    );
    expect(gets).toBe(3);
    expect(ms).toBeLessThan(FAST.operationMs! * 1.5);
  });

  test('a body that stops half-way: "made no progress"', async () => {
    const host = await serve((req, res) => {
      if (req.url === '/v2/') return void res.writeHead(200).end('{}');
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"schemaVersion":');
    });
    const { error, ms } = await failure(storeAt(host).getManifest('prod'));
    expect(error.message).toMatch(
      /get manifest prod .*acme\/app: reading the manifest: timed out: the response made no progress for 0.2 s/,
    );
    expect(ms).toBeLessThan(FAST.operationMs! * 1.5);
  });

  test('a trickling body (1 byte every 50 ms) cannot extend the request deadline', async () => {
    const host = await serve((req, res) => {
      if (req.url === '/v2/') return void res.writeHead(200).end('{}');
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' });
      const timer = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(timer));
    });
    const { error, ms } = await failure(storeAt(host).getManifest('prod'));
    expect(error.message).toMatch(/reading the manifest: timed out: no complete answer within 1.5 s$/);
    expect(ms).toBeLessThan(FAST.operationMs! * 1.5);
  });

  test('a token endpoint that trickles its answer fails within the budget, naming the realm', async () => {
    let realm = '';
    const host = await serve((req, res) => {
      if (req.url?.startsWith('/token')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        const timer = setInterval(() => res.write(' '), 50);
        res.on('close', () => clearInterval(timer));
        return;
      }
      res.writeHead(401, { 'www-authenticate': `Bearer realm="${realm}",service="test"` }).end();
    });
    realm = `http://${host}/token`;
    const { error, ms } = await failure(
      storeAt(host, FAST, async () => ({ username: 'u', password: 'p' })).getManifest('prod'),
    );
    expect(error.message).toMatch(
      /^get token .*: token request failed|^get token .*: reading the token failed/,
    );
    expect(error.message).toContain('timed out');
    expect(error.message).toContain(`token realm http://${host}/token`);
    expect(ms).toBeLessThan(FAST.operationMs! * 1.5);
  });

  test("the image's time limit cuts every request short, with its own message", async () => {
    const host = await serve((req, res) => {
      if (req.url === '/v2/') return void res.writeHead(200).end('{}');
    });
    // Transport bounds far longer than the image's limit: the limit is what ends it.
    const slow = { ...FAST, headersMs: 30_000, requestMs: 60_000, operationMs: 100_000 };
    const { error, ms } = await failure(withDeadline(300, () => storeAt(host, slow).getManifest('prod')));
    expect(error.message).toMatch(
      /^get manifest prod .*acme\/app: timed out: the image took longer than its time limit of 0.3s \(the timeout input\)$/,
    );
    expect(ms).toBeLessThan(3000);
  });
});

describe('credentials and token realms', () => {
  /** A registry at `origin` whose /v2/ challenges with `realm`; nothing else answers (net connect is off). */
  async function realmError(origin: string, realm: string, insecureRegistries: string[] = []) {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get(origin)
      .intercept({ path: '/v2/', method: 'GET' })
      .reply(401, '', { headers: { 'www-authenticate': `Bearer realm="${realm}",service="x"` } })
      .persist();
    const registry = new URL(origin).host;
    const transport = new RegistryTransport(registry, {
      credentials: async () => ({ username: 'u', password: 'secret-password' }),
      log: silentLog,
      dispatcher: agent,
      insecureRegistries,
    });
    const { error } = await failure(new RegistryStore(transport, 'acme/app').getManifest('v1'));
    // The realm was never asked: any request to it would have failed differently.
    expect(error.message).not.toContain('secret-password');
    return error.message;
  }

  test('a TLS registry whose token realm is plain HTTP never gets the password', async () => {
    expect(await realmError('https://registry.example.com', 'http://auth.example.com/token')).toContain(
      'refusing to send credentials to a token realm over plain HTTP (auth.example.com is neither loopback nor in insecure-registries)',
    );
  });

  test('a loopback registry naming a plain-HTTP realm on another host: the rule reads the realm, not the registry', async () => {
    expect(await realmError('http://127.0.0.1:5999', 'http://auth.example.com/token')).toContain(
      'refusing to send credentials to a token realm over plain HTTP (auth.example.com is neither loopback nor in insecure-registries)',
    );
    // Listed in insecure-registries, the realm host may be asked over plain HTTP: then the MockAgent answers.
    expect(
      await realmError('http://127.0.0.1:5999', 'http://auth.example.com/token', ['auth.example.com']),
    ).not.toContain('plain HTTP');
  });

  test('a public registry naming a realm on a loopback, private or metadata address is refused', async () => {
    for (const realm of [
      'https://127.0.0.1:9/token',
      'http://127.0.0.1:9/token',
      'https://169.254.169.254/latest/meta-data',
      'https://10.1.2.3/token',
      'https://[::1]/token',
      'https://0.0.0.0/token',
      'https://2130706433/token',
    ]) {
      expect(await realmError('https://registry.example.com', realm), realm).toMatch(
        /refusing the token realm: .* is a loopback, private or link-local address and the registry is not/,
      );
    }
  });
});
