import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { silentLog } from '../../src/log.js';
import type { Digest } from '../../src/oci/digest.js';
import { parseReference } from '../../src/oci/reference.js';
import { dockerConfigResolver } from '../../src/oci/registry/credentials.js';
import type { RequestEvent } from '../../src/oci/registry/transport.js';
import type { ImageStore } from '../../src/oci/store.js';
import type { Descriptor, ImageManifest } from '../../src/oci/types.js';
import { containmentFor } from '../../src/rebase/containment.js';
import { PatchImageResolver } from '../../src/rebase/resolve.js';
import { diskCache } from '../../src/rebase/verified-cache.js';
import { matrixOutput } from '../../src/report/json.js';
import { rebaseImages, type RunOptions } from '../../src/run.js';
import { buildCnbImage, nodeLayer, npmDepsLayer } from '../fixtures/cnb.js';
import { DIST, nodeBinaries, runNode } from '../helpers/action.js';
import { nodePatchFile } from '../helpers/patch-file.js';
import { dockerConfig, registries, storesFor, uniqueRepo } from '../helpers/registry.js';

const CLI = resolve(import.meta.dirname, '../../bin/layer-rebase.js');
const stores = storesFor(undefined);
const storeAt = (ref: string) => stores.storeFor(parseReference(ref));

/** A store that counts the blob reads it serves. */
function counting(store: ImageStore): ImageStore & { reads: string[] } {
  const reads: string[] = [];
  return Object.assign(Object.create(store) as ImageStore, {
    reads,
    getBlob: (blob: { digest: Digest; size?: number }) => {
      reads.push(blob.digest);
      return store.getBlob(blob);
    },
  });
}

async function patchLayer() {
  const ref = `${registries().open.host}/${uniqueRepo('cache-patch')}:1`;
  const built = await buildCnbImage(storeAt(ref), { layers: [nodeLayer('22.11.1')] }, '1');
  const manifest = JSON.parse(built.manifest.bytes.toString()) as ImageManifest;
  const index = built.index['example/node/node']!;
  return {
    store: storeAt(ref),
    layer: manifest.layers[index]! as Descriptor,
    diffId: built.diffIds['example/node/node'] as Digest,
  };
}

/** rebaseImages() as the CLI wires it, with what a test sets. */
function runWith(options: Partial<RunOptions> & Pick<RunOptions, 'images' | 'patches'>) {
  return rebaseImages({
    buildpacks: [],
    builders: [],
    tags: [],
    runImage: '',
    force: false,
    dryRun: false,
    insecureRegistries: [],
    concurrency: 4,
    cwd: '/',
    log: silentLog,
    credentials: dockerConfigResolver({ log: silentLog, env: { DOCKER_CONFIG: '/nonexistent' } }),
    ...options,
  });
}

const rule = containmentFor({ kind: 'layer', buildpack: 'example/node', layer: 'node' }, '/layers');

describe('verify once, not once per run', () => {
  test('a warm run reads no patch layer bytes', async () => {
    const p = await patchLayer();
    const dir = await mkdtemp(join(tmpdir(), 'verified-'));
    const cold = counting(p.store);
    const first = await new PatchImageResolver(stores, silentLog, diskCache(dir)).inspectLayer(
      cold,
      p.layer,
      p.diffId,
      rule,
    );
    expect(first.violations).toEqual([]);
    expect(cold.reads).toEqual([p.layer.digest]);
    // The next run: a new resolver (no memory of the first), the same cache directory.
    const warm = counting(p.store);
    const second = await new PatchImageResolver(stores, silentLog, diskCache(dir)).inspectLayer(
      warm,
      p.layer,
      p.diffId,
      rule,
    );
    expect(second).toEqual(first);
    expect(warm.reads).toEqual([]);
  });

  test('a corrupt or foreign cache entry is ignored, never trusted', async () => {
    const p = await patchLayer();
    const dir = await mkdtemp(join(tmpdir(), 'verified-corrupt-'));
    const cache = diskCache(dir);
    await new PatchImageResolver(stores, silentLog, cache).inspectLayer(p.store, p.layer, p.diffId, rule);
    const [entry] = await readdir(cache.location!);
    const path = join(cache.location!, entry!);
    for (const content of [
      '{"version":1,"digest"', // truncated
      JSON.stringify({ version: 1, digest: 'sha256:x', diffId: p.diffId, dir: rule.dir, violations: [] }),
      JSON.stringify({
        version: 1,
        digest: p.layer.digest,
        diffId: p.diffId,
        dir: rule.dir,
        violations: 'none',
      }),
    ]) {
      await writeFile(path, content);
      const again = counting(p.store);
      const result = await new PatchImageResolver(stores, silentLog, diskCache(dir)).inspectLayer(
        again,
        p.layer,
        p.diffId,
        rule,
      );
      expect(result.violations).toEqual([]);
      expect(again.reads).toEqual([p.layer.digest]);
    }
    // A wrong diffID is never "verified" by a cache entry made for another diffID.
    await expect(
      new PatchImageResolver(stores, silentLog, diskCache(dir)).inspectLayer(
        p.store,
        p.layer,
        `sha256:${'0'.repeat(64)}` as Digest,
        rule,
      ),
    ).rejects.toThrow(/uncompresses to .* but its config claims diffID sha256:0{64}/);
  });
});

describe('a warm nightly run', () => {
  test('of one image reads only the patch image manifest from its repository (config, SBOM and layer kept on disk), 16 requests', async () => {
    const host = registries().open.host;
    const patchRepo = uniqueRepo('nightly-patch');
    const patchRef = `${host}/${patchRepo}:22.11.1`;
    await buildCnbImage(storeAt(patchRef), { layers: [nodeLayer('22.11.1')] }, '22.11.1');
    const file = await nodePatchFile(patchRef, 'nightly-');
    const cacheDir = await mkdtemp(join(tmpdir(), 'nightly-cache-'));
    const night = async () => {
      const appRef = `${host}/${uniqueRepo('nightly-app')}:v1`;
      await buildCnbImage(storeAt(appRef), { layers: [nodeLayer('22.11.0'), npmDepsLayer()] }, 'v1');
      const events: RequestEvent[] = [];
      const result = await runWith({
        images: [appRef],
        patches: [file],
        cacheDir,
        transport: { onRequest: (e: RequestEvent) => events.push(e) },
      });
      expect(result.images[0]!.status, result.images[0]!.error?.message).toBe('patched');
      return events;
    };
    const patchBlobReads = (events: RequestEvent[]) =>
      events.filter((e) => e.method === 'GET' && e.path.startsWith(`/v2/${patchRepo}/blobs/`));
    // The first night reads the patch image's config, its SBOM layer and the patch layer.
    expect(patchBlobReads(await night())).toHaveLength(3);
    const warm = await night();
    expect(patchBlobReads(warm)).toEqual([]);
    // The app's and the patch image's manifests, the app's config and SBOM layer, the tag list and
    // referrers probe (signatures), the mount, the new config and SBOM layer (exists? + POST + PUT each),
    // the tag re-read and the manifest PUT: 15, and the ping (which onRequest does not see) makes 16.
    expect(warm.length, warm.map((e) => `${e.method} ${e.path} ${e.status}`).join('\n')).toBeLessThanOrEqual(
      15,
    );
    // What is on disk is checked against the digests before use: garbage is a miss, and the run reads again.
    const content = join(cacheDir, 'content-v1');
    for (const entry of await readdir(content)) await writeFile(join(content, entry), 'not what it was');
    expect(patchBlobReads(await night())).toHaveLength(2);
  });
});

describe('start-up and memory', () => {
  test('the action bundle is at most 2 MB and starts within 3× `node -e 0` on the Node it runs on', async () => {
    expect((await stat(DIST)).size).toBeLessThanOrEqual(2_000_000);
    const env = { PATH: process.env.PATH, HOME: tmpdir() };
    const wall = (node: string, args: string[]) => {
      const started = performance.now();
      spawnSync(node, args, { env, stdio: 'ignore' });
      return performance.now() - started;
    };
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
    for (const { name, path } of nodeBinaries()) {
      // Interleaved, so that whatever else the machine does weighs on both alike. With no inputs the
      // action reads them, stops ("no image given") and sets its outputs: start-up and nothing else.
      const bare: number[] = [];
      const action: number[] = [];
      for (let i = 0; i < 11; i++) {
        bare.push(wall(path, ['-e', '0']));
        action.push(wall(path, [DIST]));
      }
      const ratio = median(action) / median(bare);
      // Node 24 runs the action (2.6× on the development machine; 5.1× when @actions/core evaluated
      // all of undici at start); Node 20 loads its built-in modules more slowly (3.1×).
      const major = path === process.execPath ? Number(process.versions.node.split('.')[0]) : 24;
      expect(ratio, `${name}: ${median(action).toFixed(0)} ms / ${median(bare).toFixed(0)} ms`).toBeLessThan(
        major >= 24 ? 3 : 3.5,
      );
    }
  }, 60_000);

  test('a run that talks to a registry peaks within 1.4× the memory of --version (llhttp compiled once, not again by TurboFan)', async () => {
    const host = registries().open.host;
    const appRef = `${host}/${uniqueRepo('memory-app')}:v1`;
    const patchRef = `${host}/${uniqueRepo('memory-patch')}:22.11.0`;
    await buildCnbImage(storeAt(appRef), { layers: [nodeLayer('22.11.0')] }, 'v1');
    await buildCnbImage(storeAt(patchRef), { layers: [nodeLayer('22.11.0')] }, '22.11.0');
    const dir = await mkdtemp(join(tmpdir(), 'memory-'));
    const file = await nodePatchFile(patchRef, 'memory-');
    // The kernel's high-water mark of the process, written as it exits.
    const hook = join(dir, 'hwm.mjs');
    await writeFile(
      hook,
      `import { readFileSync, writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(process.env.HWM_FILE, readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\\s+(\\d+)/)[1]));\n`,
    );
    const peak = async (args: string[]) => {
      const out = join(dir, `hwm-${Math.random()}`);
      const r = await runNode(process.execPath, ['--import', hook, CLI, ...args], {
        env: { PATH: process.env.PATH, HOME: dir, HWM_FILE: out },
      });
      expect(r.code, r.stderr).toBe(0);
      return Number(await readFile(out, 'utf8'));
    };
    const idle = await peak(['--version']);
    const working = await peak(['--image', appRef, '--patches', file]);
    // Node 20: 1.2×; with TurboFan compiling llhttp again on a background thread, 1.9×. (Node 24
    // compiles WebAssembly lazily: 1.3× with the flag, 1.35× without.)
    expect(working / idle).toBeLessThan(1.4);
  });
});

describe('a fleet', () => {
  test('images sharing a repository upload each new blob once; the matrix output lists what needs patching', async () => {
    const host = registries().open.host;
    const repo = `${host}/${uniqueRepo('fleet-shared')}`;
    const patchRef = `${host}/${uniqueRepo('fleet-patch')}:22.11.1`;
    const tags = ['a', 'b', 'c', 'd'];
    for (const tag of tags)
      await buildCnbImage(
        storeAt(`${repo}:${tag}`),
        { layers: [nodeLayer('22.11.0'), npmDepsLayer(tag)] },
        tag,
      );
    await buildCnbImage(storeAt(patchRef), { layers: [nodeLayer('22.11.1')] }, '22.11.1');
    const file = await nodePatchFile(patchRef, 'fleet-');
    const events: RequestEvent[] = [];
    const options = {
      images: tags.map((t) => `${repo}:${t}`),
      patches: [file],
      buildpacks: [],
      builders: [],
      tags: [],
      runImage: '',
      force: false,
      insecureRegistries: [],
      concurrency: 4,
      cwd: '/',
      log: silentLog,
      credentials: dockerConfigResolver({ log: silentLog, env: { DOCKER_CONFIG: '/nonexistent' } }),
      transport: { onRequest: (e: RequestEvent) => events.push(e) },
    };
    const plan = await rebaseImages({ ...options, dryRun: true });
    expect(JSON.parse(matrixOutput(plan, 3))).toEqual({
      include: [
        { shard: 1, images: `${repo}:a\n${repo}:b\n${repo}:c` },
        { shard: 2, images: `${repo}:d` },
      ],
    });
    events.length = 0;
    const result = await rebaseImages({ ...options, dryRun: false });
    expect(result.images.map((i) => i.status)).toEqual(['patched', 'patched', 'patched', 'patched']);
    // The patch layer reaches the shared repository once (a mount, whatever the parallelism), and the
    // rewritten SBOM layer, identical across the four images, is uploaded once: the rest find them there.
    expect(result.images.reduce((n, i) => n + i.transfers.mounted, 0)).toBe(1);
    expect(result.images.reduce((n, i) => n + i.transfers.copied, 0)).toBe(1);
    const blobUploads = events.filter((e) => e.method === 'POST' && e.path.endsWith('/blobs/uploads/'));
    expect(blobUploads.length).toBeLessThanOrEqual(2 + tags.length); // mount + SBOM + a config per image
  });
});

describe('one pass across registries', () => {
  test('a patch layer copied to another registry is read once: verified from the copy stream', async () => {
    const open = registries().open;
    const other = registries().basic;
    const appRef = `${open.host}/${uniqueRepo('cross-app')}:v1`;
    const patchRef = `${open.host}/${uniqueRepo('cross-patch')}:1`;
    await buildCnbImage(storeAt(appRef), { layers: [nodeLayer('22.11.0')] }, 'v1');
    const patch = await buildCnbImage(storeAt(patchRef), { layers: [nodeLayer('22.11.1')] }, '1');
    const layer = (JSON.parse(patch.manifest.bytes.toString()) as ImageManifest).layers[
      patch.index['example/node/node']!
    ]!;
    const file = await nodePatchFile(patchRef, 'cross-');
    const config = await dockerConfig([other]);
    const events: RequestEvent[] = [];
    const target = `${other.host}/${uniqueRepo('cross-target')}:v1`;
    const result = await runWith({
      images: [appRef],
      patches: [file],
      tags: [target],
      credentials: dockerConfigResolver({ log: silentLog, env: { DOCKER_CONFIG: config } }),
      transport: { onRequest: (e: RequestEvent) => events.push(e) },
    });
    expect(result.images[0]!.status, result.images[0]!.error?.message).toBe('patched');
    const reads = events.filter(
      (e) => e.method === 'GET' && e.registry === open.host && e.path.endsWith(`/blobs/${layer.digest}`),
    );
    expect(reads).toHaveLength(1);
    expect(await storesFor(config).storeFor(parseReference(target)).hasBlob(layer.digest)).toBe(true);
  });

  test('verified in transit still refuses before the commit: an escaping layer never reaches the tag', async () => {
    const open = registries().open;
    const other = registries().basic;
    const appRef = `${open.host}/${uniqueRepo('cross-app')}:v1`;
    const patchRef = `${open.host}/${uniqueRepo('cross-evil')}:1`;
    await buildCnbImage(storeAt(appRef), { layers: [nodeLayer('22.11.0')] }, 'v1');
    await buildCnbImage(
      storeAt(patchRef),
      {
        layers: [
          {
            ...nodeLayer('22.11.1'),
            extra: [
              { path: '/etc', type: 'directory' },
              { path: '/etc/ld.so.preload', content: 'x' },
            ],
          },
        ],
      },
      '1',
    );
    const file = await nodePatchFile(patchRef, 'cross-');
    const config = await dockerConfig([other]);
    const target = `${other.host}/${uniqueRepo('cross-target')}:v1`;
    const result = await runWith({
      images: [appRef],
      patches: [file],
      tags: [target],
      credentials: dockerConfigResolver({ log: silentLog, env: { DOCKER_CONFIG: config } }),
    });
    expect(result.images[0]!.status).toBe('refused');
    expect(result.images[0]!.error?.message).toContain(
      '"/etc/ld.so.preload" is outside /layers/example_node/node/',
    );
    expect(await storesFor(config).storeFor(parseReference(target)).headManifest('v1')).toBeUndefined();
  });
});
