import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseReference } from '../../src/oci/reference.js';
import type { ImageManifest } from '../../src/oci/types.js';
import { buildCnbImage, npmDepsLayer, type BuildpackLayerSpec, type BuiltCnbImage } from '../fixtures/cnb.js';
import { PERSONALITIES } from '../harness/personalities.js';
import { startRegistryProxy, type Personality, type RegistryProxy } from '../harness/registry-proxy.js';
import { runAction } from '../helpers/action.js';
import { nodePatchFile } from '../helpers/patch-file.js';
import { unpackWithUmoci } from '../helpers/umoci.js';
import { dockerConfig, registries, storesFor, uniqueRepo } from '../helpers/registry.js';

/**
 * The main job (dist/ as the runner runs it) through a proxy that behaves as a production registry
 * does, for each registry people use: across registries the > 16 MiB patch layer is uploaded through
 * it; within it a cross-repository mount is tried first.
 */

const MiB = 1024 * 1024;
// Base64 of random bytes: ~18 MiB once gzipped, above the size that is read into memory and sent in one go.
const filler = randomBytes(18 * MiB)
  .toString('base64')
  .slice(0, 24 * MiB);

const node = (version: string, big: string): BuildpackLayerSpec => ({
  buildpack: 'example/node',
  name: 'node',
  files: { 'bin/node': `node ${version}`, 'lib/libnode.so': `${version}${big}` },
  data: { artifact: { version } },
  rebasable: true,
});

const upstreamOf = (p: Personality) => registries()[p.upstream];

/** The patch image, built once per registry behind the proxies (and once in the plain open registry). */
const patchImages = new Map<string, Promise<{ repo: string; image: BuiltCnbImage }>>();
function patchImageIn(host: string, config: string): Promise<{ repo: string; image: BuiltCnbImage }> {
  let built = patchImages.get(host);
  if (!built) {
    built = (async () => {
      const repo = uniqueRepo('patches/node');
      const store = storesFor(config).storeFor(parseReference(`${host}/${repo}`));
      const image = await buildCnbImage(store, { layers: [node('22.11.1', filler)] }, '22.11.1');
      return { repo, image };
    })();
    patchImages.set(host, built);
  }
  return built;
}

let config: string;
beforeAll(async () => {
  const r = registries();
  config = await dockerConfig([r.open, r.basic, r.token]);
});

describe.each(PERSONALITIES)('$name', (personality) => {
  let proxy: RegistryProxy;
  let proxyConfig: string;
  beforeAll(async () => {
    const upstream = upstreamOf(personality);
    proxy = await startRegistryProxy(
      personality,
      upstream.host,
      personality.upstream === 'token' ? registries().tokenServerUrl : undefined,
    );
    const r = registries();
    proxyConfig = await dockerConfig([r.open, r.basic, r.token, { ...upstream, host: proxy.host }]);
  });
  afterAll(() => proxy.close());

  /** An app image in the registry behind the proxy, patched through the proxy by the action. */
  async function patchThrough(patchRef: string, patch: BuiltCnbImage) {
    const upstream = upstreamOf(personality);
    const repo = uniqueRepo('app');
    const appStore = storesFor(config).storeFor(parseReference(`${upstream.host}/${repo}`));
    const app = await buildCnbImage(
      appStore,
      {
        layers: [node('22.11.0', 'small'), npmDepsLayer()],
        launcher: { content: 'launcher', version: '0.20.0' },
      },
      'v1',
    );
    proxy.stats.requests.length = 0;
    proxy.stats.storage.length = 0;
    const result = await runAction(
      { image: `${proxy.host}/${repo}:v1`, patches: await nodePatchFile(patchRef, 'registries-patch-') },
      { dockerConfig: proxyConfig },
    );
    expect(result.stderr).toBe('');
    expect(result.code, `${result.stdout}\n${JSON.stringify(proxy.stats.requests)}`).toBe(0);
    expect(result.outputs.changed).toBe('true');
    const digest = result.outputs.digest!;
    // Read back from the real registry, not through the proxy.
    const pushed = await appStore.getManifest('v1');
    expect(pushed.digest).toBe(digest);
    const manifest = JSON.parse(pushed.bytes.toString()) as ImageManifest;
    const patchManifest = JSON.parse(patch.manifest.bytes.toString()) as ImageManifest;
    const patchLayer = patchManifest.layers[patch.index['example/node/node']!]!;
    expect(manifest.layers[app.index['example/node/node']!]).toEqual(patchLayer);
    expect(patchLayer.size).toBeGreaterThan(16 * MiB);
    // skopeo, an independent client, copies every blob and checks each digest; umoci unpacks it.
    const rootfs = await unpackWithUmoci(`${upstream.host}/${repo}:v1`, upstream);
    expect((await readFile(join(rootfs, 'layers/example_node/node/bin/node'), 'utf8')).trim()).toBe(
      'node 22.11.1',
    );
    // Credentials never went to the storage a blob redirected to.
    expect(proxy.stats.storage.filter((s) => s.authorization)).toEqual([]);
    return { result, requests: proxy.stats.requests, patchLayer };
  }

  test('across registries: the patch layer is uploaded through it', async () => {
    const source = await patchImageIn(registries().open.host, config);
    const { requests, patchLayer } = await patchThrough(
      `${registries().open.host}/${source.repo}:22.11.1`,
      source.image,
    );
    expectUploadsAsTheRegistryWants(requests);
    expect(patchLayer.size).toBeGreaterThan(16 * MiB);
    // Plain distribution: 12 requests (13 before POST + one PUT replaced POST + PATCH + PUT), and 2 to
    // look for signatures of the replaced digest (the tag list, the referrers API it does not have).
    if (personality.name === 'distribution') expect(requests.length).toBeLessThanOrEqual(14);
  });

  test('within it: a mount is tried first', async () => {
    const upstream = upstreamOf(personality);
    const source = await patchImageIn(upstream.host, config);
    const { requests } = await patchThrough(`${proxy.host}/${source.repo}:22.11.1`, source.image);
    const mounts = requests.filter((r) => r.method === 'POST' && r.mount);
    expect(mounts.length).toBeGreaterThan(0);
    if (personality.mount === undefined || personality.mount === 'created-without-digest') {
      // The registry linked it: no layer bytes went up.
      expect(
        requests.filter((r) => r.method === 'PUT' && r.path.includes('uploads/') && r.status === 201),
      ).toHaveLength(1);
    } else {
      // A refused mount is followed by one ordinary upload of that layer, never a loop: one mount per
      // new blob (the patch layer; the SBOM layer is written, not mounted), a 401 followed once.
      expect(mounts.length).toBeLessThanOrEqual(personality.mount === 401 ? 2 : 1);
      expectUploadsAsTheRegistryWants(requests);
    }
    if (personality.name === 'distribution') expect(requests.length).toBeLessThanOrEqual(17);
  });

  /** The upload went the way this registry takes it, and each refusal was answered by the next way, once. */
  function expectUploadsAsTheRegistryWants(requests: RegistryProxy['stats']['requests']) {
    const uploads = requests.filter(
      (r) => r.path.includes('uploads/') && (r.method === 'PUT' || r.method === 'PATCH'),
    );
    expect(uploads.length).toBeGreaterThan(0);
    const patches = uploads.filter((r) => r.method === 'PATCH');
    if (!personality.refusePutWithBody) {
      // POST then one PUT with the body: no PATCH at all (Artifact Registry takes none).
      expect(patches).toEqual([]);
    } else {
      // The PUT with a body refused (404) once per blob already on its way when the first refusal came
      // back (the patch layer and the SBOM layer go up together), never again after it; then the whole
      // blob in one PATCH, or, where PATCH bodies are capped, one 416 and chunks within the cap.
      const refusedPuts = uploads.filter((r) => r.method === 'PUT' && r.status === 404);
      expect(refusedPuts.length).toBeGreaterThanOrEqual(1);
      expect(refusedPuts.length).toBeLessThanOrEqual(2);
      const firstPatch = requests.findIndex((r) => r.method === 'PATCH');
      expect(requests.slice(firstPatch).filter((r) => r.method === 'PUT' && r.status === 404)).toEqual([]);
      expect(patches.length).toBeGreaterThan(0);
      const refusedPatches = patches.filter((r) => r.status === 416);
      expect(refusedPatches.length).toBe(personality.patchCap ? 1 : 0);
      if (personality.patchStatus)
        expect(patches.filter((r) => r.status === personality.patchStatus).length).toBeGreaterThan(1);
    }
    if (personality.blobRedirect === 'storage') expect(proxy.stats.storage.length).toBeGreaterThan(0);
    // Manifests came from storage, the tag check's too: a GET (a HEAD, which storage signed for GET
    // refuses, is only sent to Docker Hub).
    if (personality.manifestRedirect) {
      expect(proxy.stats.storage.filter((s) => s.method === 'GET').length).toBeGreaterThan(1);
      expect(proxy.stats.storage.filter((s) => s.method === 'HEAD')).toEqual([]);
    }
    if (personality.rateLimit) expect(requests.some((r) => r.status === 429)).toBe(true);
  }
});

describe('a patch image whose layer descriptor claims a size the blob does not have', () => {
  /** The patch image again under a new tag, with the patch layer's descriptor claiming 1 TiB. */
  async function forged(host: string) {
    const { repo, image } = await patchImageIn(host, config);
    const store = storesFor(config).storeFor(parseReference(`${host}/${repo}`));
    const manifest = JSON.parse(image.manifest.bytes.toString()) as ImageManifest;
    const layer = manifest.layers[image.index['example/node/node']!]!;
    const lying = {
      ...manifest,
      layers: manifest.layers.map((l) => (l === layer ? { ...l, size: 2 ** 40 } : l)),
    };
    const bytes = Buffer.from(JSON.stringify(lying));
    const { sha256 } = await import('../../src/oci/digest.js');
    await store.putManifest({ bytes, mediaType: manifest.mediaType!, digest: sha256(bytes) }, 'forged');
    return { ref: `${host}/${repo}`, layer };
  }

  async function app(host: string) {
    const repo = uniqueRepo('app');
    const store = storesFor(config).storeFor(parseReference(`${host}/${repo}`));
    await buildCnbImage(store, { layers: [node('22.11.0', 'small')] }, 'v1');
    return { ref: `${host}/${repo}:v1`, store };
  }

  test.each([
    ['within one registry (the layer would be mounted)', 'same'],
    ['across registries (the layer would be copied)', 'cross'],
  ])(
    '%s: refused, naming the patch image, also when the real layer was verified before',
    async (_name, where) => {
      const { open, basic } = registries();
      const source = await forged(open.host);
      const target = await app(where === 'same' ? open.host : basic.host);
      const before = await target.store.getManifest('v1');
      const cache = await mkdtemp(join(tmpdir(), 'registries-cache-'));
      // A run with the honest tag first: the real layer (its digest, its true size) is now in the verified cache.
      const honest = await app(where === 'same' ? open.host : basic.host);
      const first = await runAction(
        { image: honest.ref, patches: await nodePatchFile(`${source.ref}:22.11.1`, 'registries-patch-') },
        { dockerConfig: config, env: { RUNNER_TOOL_CACHE: cache } },
      );
      expect(first.code, first.stdout).toBe(0);
      const result = await runAction(
        { image: target.ref, patches: await nodePatchFile(`${source.ref}:forged`, 'registries-patch-') },
        { dockerConfig: config, env: { RUNNER_TOOL_CACHE: cache } },
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/::error::.*patch image .*forged.*1099511627776/);
      expect(result.stdout).toContain(source.layer.digest);
      // Nothing moved.
      expect((await target.store.getManifest('v1')).digest).toBe(before.digest);
    },
  );
});
