import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, test, vi } from 'vitest';
import { DigestMismatchError, RegistryError } from '../../src/errors.js';
import { silentLog } from '../../src/log.js';
import { copyImage } from '../../src/oci/copy.js';
import { DigestVerifier, markVerified, sha256, verifiedDigest, type Digest } from '../../src/oci/digest.js';
import { parseReference } from '../../src/oci/reference.js';
import type { RequestEvent } from '../../src/oci/registry/transport.js';
import type { RegistryStore } from '../../src/oci/registry/store.js';
import { readBlob } from '../../src/oci/store.js';
import { copyBlob } from '../../src/oci/transfer.js';
import { parseManifest } from '../../src/oci/types.js';
import { run } from '../harness/processes.js';
import { pushImage, pushIndex, pushBlob } from '../fixtures/images.js';
import { buildLayer } from '../fixtures/layers.js';
import { dockerConfig, registries, storesFor, uniqueRepo } from '../helpers/registry.js';
import { pieces } from '../helpers/pieces.js';

/** Odd-sized pieces, to exercise chunk boundaries. */
const ODD_PIECE = 1_000_003;

async function skopeoInspect(ref: string, extra: string[] = []): Promise<Record<string, unknown>> {
  const { stdout } = await run('skopeo', ['inspect', '--tls-verify=false', ...extra, ref]);
  return JSON.parse(stdout) as Record<string, unknown>;
}

async function skopeoRaw(ref: string, extra: string[] = []): Promise<string> {
  return (await run('skopeo', ['inspect', '--raw', '--tls-verify=false', ...extra, ref])).stdout;
}

function registryStore(
  host: string,
  repo: string,
  configDir?: string,
  events?: RequestEvent[],
  chunkSize?: number,
) {
  return storesFor(configDir, events, chunkSize).storeFor(parseReference(`${host}/${repo}`)) as RegistryStore;
}

describe('registry store against the real docker-registry', () => {
  test.each(['oci', 'docker'] as const)(
    'pushes and pulls a %s image; skopeo reads the same digest',
    async (family) => {
      const { open } = registries();
      const repo = uniqueRepo(`push-${family}`);
      const store = registryStore(open.host, repo);
      const layer = await buildLayer([{ path: 'hello.txt', content: `hello ${family}` }]);
      const image = await pushImage(store, { layers: [layer], family }, 'v1');

      const got = await store.getManifest('v1');
      expect(got.digest).toBe(image.manifest.digest);
      expect(got.mediaType).toBe(image.manifest.mediaType);
      expect(got.bytes.equals(image.manifest.bytes)).toBe(true);
      const blob = await readBlob(store, { digest: layer.digest, size: layer.size }, 1 << 20);
      expect(blob.equals(layer.gz)).toBe(true);

      const inspected = await skopeoInspect(`docker://${open.host}/${repo}:v1`);
      expect(inspected.Digest).toBe(image.manifest.digest);
      expect(inspected.Layers).toEqual([layer.digest]);
      expect(await store.headManifest('v1')).toMatchObject({ digest: image.manifest.digest });
      expect(await store.headManifest('missing')).toBeUndefined();
    },
  );

  test('pushes an index with two platforms, children by digest', async () => {
    const { open } = registries();
    const repo = uniqueRepo('index');
    const store = registryStore(open.host, repo);
    const amd = await pushImage(store, { layers: [await buildLayer([{ path: 'a', content: 'amd64' }])] });
    const arm = await pushImage(store, {
      layers: [await buildLayer([{ path: 'a', content: 'arm64' }])],
      platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
    });
    const index = await pushIndex(store, [amd, arm], {
      tag: 'multi',
      annotations: { 'org.example': 'kept' },
    });
    const got = await store.getManifest('multi');
    expect(got.digest).toBe(index.digest);
    const parsed = parseManifest(got.bytes, 'test', got.mediaType);
    expect(parsed.kind).toBe('index');
    const raw = JSON.parse(await skopeoRaw(`docker://${open.host}/${repo}:multi`)) as {
      manifests: { digest: string }[];
    };
    expect(raw.manifests.map((m) => m.digest)).toEqual([amd.manifest.digest, arm.manifest.digest]);
    // skopeo resolves the index to the arm64 child on its own.
    const armInspect = await skopeoInspect(`docker://${open.host}/${repo}:multi`, [
      '--override-arch',
      'arm64',
    ]);
    expect(armInspect.Architecture).toBe('arm64');
    expect(armInspect.Layers).toEqual([arm.layers[0]!.digest]);
  });

  test('uploads a 64 MiB blob as POST then one streamed PUT with Content-Length, and the registry stores exactly those bytes', async () => {
    const { open } = registries();
    const events: RequestEvent[] = [];
    const store = registryStore(open.host, uniqueRepo('streamed'), undefined, events);
    const big = randomBytes(64 * 1024 * 1024);
    const digest = sha256(big);
    await store.putBlob({ digest, size: big.length }, async () => Readable.from(pieces(big, ODD_PIECE)));
    expect(events.map((e) => `${e.method} ${e.status}`)).toEqual(['POST 202', 'PUT 201']);
    expect(events[1]!.bytesSent).toBe(big.length);
    const back = await readBlob(store, { digest, size: big.length }, 128 * 1024 * 1024);
    expect(sha256(back)).toBe(digest);

    // A stream whose bytes do not match is never committed.
    const claimed = sha256('something else');
    await expect(
      store.putBlob({ digest: claimed, size: big.length }, async () => Readable.from(pieces(big, ODD_PIECE))),
    ).rejects.toBeInstanceOf(DigestMismatchError);
    expect(await store.hasBlob(claimed)).toBe(false);
  });

  test('uploads a 64 MiB blob in chunks (registries that want sized chunks) and stores exactly those bytes', async () => {
    const { open } = registries();
    const repo = uniqueRepo('chunked');
    const events: RequestEvent[] = [];
    const store = registryStore(open.host, repo, undefined, events, 16 * 1024 * 1024);
    const big = randomBytes(64 * 1024 * 1024);
    const digest = sha256(big);
    await store.putBlob({ digest, size: big.length }, async () => Readable.from(pieces(big, ODD_PIECE)));
    const patches = events.filter((e) => e.method === 'PATCH');
    expect(patches).toHaveLength(4);
    expect(patches.reduce((n, e) => n + e.bytesSent, 0)).toBe(big.length);
    expect(await store.hasBlob(digest)).toBe(true);
    const back = await readBlob(store, { digest, size: big.length }, 128 * 1024 * 1024);
    expect(sha256(back)).toBe(digest);
  });

  test.each([
    ['one streamed PUT', undefined],
    ['sized chunks', 16 * 1024 * 1024],
  ] as const)(
    'a source that verifies its own digest (%s) is hashed once, and its mismatch still keeps the blob out',
    async (_how, chunkSize) => {
      const { open } = registries();
      const store = registryStore(open.host, uniqueRepo('verified-src'), undefined, undefined, chunkSize);
      const big = randomBytes(40 * 1024 * 1024);
      const digest = sha256(big);
      const hashed = vi.spyOn(DigestVerifier.prototype, '_transform');
      try {
        const verified = (claimed: Digest) =>
          Readable.from(pieces(big, ODD_PIECE)).pipe(new DigestVerifier(claimed, 'test source'));
        await store.putBlob({ digest, size: big.length }, async () => verified(digest));
        const bytesHashed = hashed.mock.calls.reduce((n, [chunk]) => n + (chunk as Buffer).length, 0);
        expect(bytesHashed).toBe(big.length);
        expect(sha256(await readBlob(store, { digest, size: big.length }, 64 * 1024 * 1024))).toBe(digest);

        const claimed = sha256('something else');
        await expect(
          store.putBlob({ digest: claimed, size: big.length }, async () => verified(claimed)),
        ).rejects.toBeInstanceOf(DigestMismatchError);
        expect(await store.hasBlob(claimed)).toBe(false);
      } finally {
        hashed.mockRestore();
      }
    },
  );

  test('a patch layer teed on its way from a tampered layout is never stored in the registry', async () => {
    const { open } = registries();
    const dir = await mkdtemp(join(tmpdir(), 'layout-tee-'));
    const stores = storesFor(undefined);
    const layout = stores.storeFor(parseReference(`oci:${dir}`));
    const big = randomBytes(3 * 1024 * 1024);
    const layer = await buildLayer([{ path: 'x', content: big }]);
    await pushImage(layout, { layers: [layer] }, 'v1');
    const tampered = Buffer.from(layer.gz);
    tampered[tampered.length - 100] = tampered[tampered.length - 100]! ^ 0xff;
    await writeFile(join(dir, 'blobs', 'sha256', layer.digest.slice(7)), tampered);
    const target = registryStore(open.host, uniqueRepo('tee-target'));
    await expect(
      copyBlob(layout, target, layer, silentLog, (stream) => {
        // As the engine's check in transit does: the upload gets a copy marked as verified.
        const upload = markVerified(new PassThrough(), verifiedDigest(stream)!);
        const check = new PassThrough();
        stream.on('error', (e) => {
          upload.destroy(e);
          check.destroy(e);
        });
        stream.pipe(upload);
        // The check's own failure is the engine's to report; here only the upload's matters.
        stream
          .pipe(check)
          .on('error', () => {})
          .resume();
        return upload;
      }),
    ).rejects.toBeInstanceOf(DigestMismatchError);
    expect(await target.hasBlob(layer.digest)).toBe(false);
  });

  test('a blob whose bytes do not match its digest is never stored', async () => {
    const { open } = registries();
    const repo = uniqueRepo('corrupt');
    const store = registryStore(open.host, repo, undefined, undefined, 1024);
    const claimed = sha256('the real content');
    const small = Buffer.from('other content!!!');
    await expect(
      store.putBlob({ digest: claimed, size: small.length }, async () => Readable.from([small])),
    ).rejects.toBeInstanceOf(DigestMismatchError);
    // Larger than the chunk size: the chunked path must refuse it as well.
    const big = randomBytes(5000);
    await expect(
      store.putBlob({ digest: claimed, size: big.length }, async () => Readable.from([big])),
    ).rejects.toBeInstanceOf(DigestMismatchError);
    expect(await store.hasBlob(claimed)).toBe(false);
  });

  test('cross-repository mount answers 201 and uploads no layer bytes', async () => {
    const { open } = registries();
    const from = registryStore(open.host, uniqueRepo('mount-from'));
    const events: RequestEvent[] = [];
    const to = registryStore(open.host, uniqueRepo('mount-to'), undefined, events);
    const layer = await buildLayer([{ path: 'big.bin', content: randomBytes(256 * 1024) }]);
    await pushBlob(from, layer.gz);
    const method = await copyBlob(from, to, layer, silentLog);
    expect(method).toBe('mounted');
    const mount = events.find((e) => e.method === 'POST' && e.status === 201);
    expect(mount).toBeDefined();
    expect(events.filter((e) => e.method === 'PUT' || e.method === 'PATCH')).toHaveLength(0);
    expect(events.reduce((n, e) => n + e.bytesSent, 0)).toBe(0);
    expect(await to.hasBlob(layer.digest)).toBe(true);
    // Second time: the mount (asked first within a registry) answers 201 for a blob already there; no
    // existence check, no bytes.
    events.length = 0;
    expect(await copyBlob(from, to, layer, silentLog)).toBe('mounted');
    expect(events.map((e) => e.method)).toEqual(['POST']);
  });

  test.each(['basic', 'token'] as const)(
    '%s auth works with config.json credentials and fails clearly without',
    async (kind) => {
      const info = registries()[kind];
      const repo = uniqueRepo(`auth-${kind}`);
      const config = await dockerConfig([info]);
      const events: RequestEvent[] = [];
      const authed = registryStore(info.host, repo, config, events);
      const layer = await buildLayer([{ path: 'secret.txt', content: kind }]);
      const image = await pushImage(authed, { layers: [layer] }, 'v1');
      expect((await authed.getManifest('v1')).digest).toBe(image.manifest.digest);

      const anonymous = registryStore(info.host, repo);
      const error = await anonymous.getManifest('v1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RegistryError);
      const message = (error as RegistryError).message;
      expect(message).toContain(`${info.host}/${repo}`);
      expect(message).toContain('get manifest v1');
      expect(message).toMatch(/401|refused/);
      expect(message).toContain('no credentials');
      expect(message).not.toContain(info.password!);

      const wrongDir = await mkdtemp(join(tmpdir(), 'wrong-creds-'));
      await writeFile(
        join(wrongDir, 'config.json'),
        JSON.stringify({
          auths: { [info.host]: { auth: Buffer.from(`${info.username}:wrong`).toString('base64') } },
        }),
      );
      const wrong = registryStore(info.host, repo, wrongDir);
      // Missing and rejected credentials read differently, and name the docker config file used.
      if (kind === 'basic') {
        expect(message).toContain(
          `authentication required and there are no credentials for ${info.host} in ${join(tmpdir(), 'layer-rebase-no-docker-config', 'config.json')}; log in first (docker login ${info.host})`,
        );
        await expect(wrong.getManifest('v1')).rejects.toThrow(
          `the registry rejected the credentials for ${info.host} from ${join(wrongDir, 'config.json')}; check or renew them (docker login ${info.host})`,
        );
      } else {
        await expect(wrong.getManifest('v1')).rejects.toThrow(/401|refused/);
      }

      const inspected = await skopeoInspect(`docker://${info.host}/${repo}:v1`, [
        '--creds',
        `${info.username}:${info.password}`,
      ]);
      expect(inspected.Digest).toBe(image.manifest.digest);
    },
  );

  test('cross-repository mount on a token registry asks one token for both repositories', async () => {
    const info = registries().token;
    const config = await dockerConfig([info]);
    const stores = storesFor(config);
    const from = stores.storeFor(parseReference(`${info.host}/${uniqueRepo('tok-from')}`)) as RegistryStore;
    const to = stores.storeFor(parseReference(`${info.host}/${uniqueRepo('tok-to')}`)) as RegistryStore;
    const layer = await buildLayer([{ path: 'x', content: 'token mount' }]);
    await pushBlob(from, layer.gz);
    expect(await copyBlob(from, to, layer, silentLog)).toBe('mounted');
  });
});

describe('OCI layout store', () => {
  // skopeo's oci: transport only lists OCI media types in index.json, so the skopeo check uses an OCI index.
  test.each(['oci', 'docker'] as const)(
    '%s index: registry -> layout -> registry keeps the digest',
    async (family) => {
      const { open } = registries();
      const stores = storesFor(undefined);
      const source = stores.storeFor(parseReference(`${open.host}/${uniqueRepo('rt-src')}`));
      const amd = await pushImage(source, {
        layers: [await buildLayer([{ path: 'x', content: 'round trip' }])],
        family,
      });
      const arm = await pushImage(source, {
        layers: [await buildLayer([{ path: 'x', content: 'round trip arm' }])],
        platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
        family,
      });
      const index = await pushIndex(source, [amd, arm], { family, tag: 'v1' });

      const dir = await mkdtemp(join(tmpdir(), 'layout-'));
      const layout = stores.storeFor(parseReference(`oci:${dir}:v1`));
      await copyImage(source, 'v1', layout, ['v1'], silentLog);
      const indexJson = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as {
        manifests: { digest: string }[];
      };
      expect(indexJson.manifests[0]!.digest).toBe(index.digest);
      expect(JSON.parse(await readFile(join(dir, 'oci-layout'), 'utf8'))).toEqual({
        imageLayoutVersion: '1.0.0',
      });

      if (family === 'oci') {
        const inspected = await skopeoInspect(`oci:${dir}:v1`);
        expect(inspected.Architecture).toBe('amd64');
        expect(inspected.Layers).toEqual([amd.layers[0]!.digest]);
      }

      const target = stores.storeFor(parseReference(`${open.host}/${uniqueRepo('rt-dst')}`));
      const { manifest } = await copyImage(layout, 'v1', target, ['v1'], silentLog);
      expect(manifest.digest).toBe(index.digest);
      expect((await target.getManifest('v1')).digest).toBe(index.digest);
    },
  );

  test('a missing layout or tag says which', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'layout-missing-'));
    const stores = storesFor(undefined);
    await expect(stores.storeFor(parseReference(`oci:${dir}/nope:v1`)).getManifest('v1')).rejects.toThrow(
      `oci:${dir}/nope: the directory ${dir}/nope does not exist`,
    );
    await expect(stores.storeFor(parseReference(`oci:${dir}:v1`)).getManifest('v1')).rejects.toThrow(
      `oci:${dir}: not an OCI image layout (no index.json in ${dir})`,
    );
    const layout = stores.storeFor(parseReference(`oci:${dir}`));
    await pushImage(layout, { layers: [await buildLayer([{ path: 'x', content: 'y' }])] }, 'v1');
    await expect(layout.getManifest('v2')).rejects.toThrow(`oci:${dir}: no manifest "v2" in index.json`);
  });

  test('a tampered blob in a layout is rejected on read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'layout-tamper-'));
    const layout = storesFor(undefined).storeFor(parseReference(`oci:${dir}`));
    const layer = await buildLayer([{ path: 'x', content: 'tamper' }]);
    await pushImage(layout, { layers: [layer] }, 'v1');
    await writeFile(join(dir, 'blobs', 'sha256', layer.digest.slice(7)), Buffer.from('evil'));
    await expect(readBlob(layout, { digest: layer.digest }, 1 << 20)).rejects.toBeInstanceOf(
      DigestMismatchError,
    );
  });
});
