/**
 * `npm run bench`: what patching a fleet in place costs next to re-pushing the same images, measured in
 * one run on this machine as a ratio (absolute times depend on the machine; the ratio is the result).
 *
 * ours:     layer-rebase patches N app images in place (the patch layer is mounted, only the SBOM layer,
 *           the config and the manifest are written).
 * baseline: pushing the same patched images into an empty registry (what a rebuild-and-push uploads at
 *           the least: every layer), with the same client, so the transport is equal on both sides.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { silentLog } from '../src/log.js';
import { copyImage } from '../src/oci/copy.js';
import { parseReference } from '../src/oci/reference.js';
import { Stores } from '../src/oci/stores.js';
import { run } from '../src/run.js';
import { buildCnbImage, nodeLayer } from '../test/fixtures/cnb.js';
import { freePort, waitFor } from '../test/harness/processes.js';

const COUNT = Number(process.env.BENCH_IMAGES ?? 4);
const DEPS_MIB = Number(process.env.BENCH_DEPS_MIB ?? 48);

async function registry(dir: string, name: string) {
  const port = await freePort();
  const config = join(dir, `${name}.yml`);
  await writeFile(
    config,
    `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, name)}\nhttp:\n  addr: 127.0.0.1:${port}\n`,
  );
  const child = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
  await waitFor(`http://127.0.0.1:${port}/v2/`, (s) => s === 200, child);
  return { host: `127.0.0.1:${port}`, child };
}

const dir = await mkdtemp(join(tmpdir(), 'layer-rebase-bench-'));
const a = await registry(dir, 'a');
const b = await registry(dir, 'b');
try {
  const stores = new Stores({ credentials: async () => undefined, log: silentLog });
  const at = (ref: string) => stores.storeFor(parseReference(ref));
  const patchRef = `${a.host}/patches/node:22.11.1`;
  await buildCnbImage(at(patchRef), { layers: [nodeLayer('22.11.1')] }, '22.11.1');
  const images: string[] = [];
  for (let i = 0; i < COUNT; i++) {
    const ref = `${a.host}/fleet/app-${i}:prod`;
    const deps = {
      buildpack: 'example/node',
      name: 'deps',
      files: { 'node_modules/blob.bin': randomBytes(DEPS_MIB * 1024 * 1024).toString('base64') },
    };
    await buildCnbImage(at(ref), { layers: [nodeLayer('22.11.0'), deps] }, 'prod');
    images.push(ref);
  }
  const patchFile = join(dir, 'patches.json');
  await writeFile(
    patchFile,
    JSON.stringify({ patches: [{ buildpack: 'example/node', layer: 'node', 'patch-image': patchRef }] }),
  );

  let started = performance.now();
  const result = await run({
    images,
    patches: [patchFile],
    buildpacks: [],
    builders: [],
    tags: [],
    runImage: '',
    force: false,
    dryRun: false,
    insecureRegistries: [],
    concurrency: 4,
    cwd: dir,
    log: silentLog,
    credentials: async () => undefined,
  });
  const ours = performance.now() - started;
  if (result.images.some((i) => i.status !== 'patched'))
    throw new Error(JSON.stringify(result.images.map((i) => i.error)));
  const transfers = result.images.reduce(
    (t, i) => ({
      exists: t.exists + i.transfers.exists,
      mounted: t.mounted + i.transfers.mounted,
      copied: t.copied + i.transfers.copied,
    }),
    { exists: 0, mounted: 0, copied: 0 },
  );

  started = performance.now();
  let baselineBlobs = 0;
  await Promise.all(
    images.map(async (ref, i) => {
      const { stats } = await copyImage(
        at(ref),
        'prod',
        at(`${b.host}/rebuilt/app-${i}`),
        ['prod'],
        silentLog,
      );
      baselineBlobs += stats.blobs.copied;
    }),
  );
  const baseline = performance.now() - started;

  process.stdout.write(
    [
      `${COUNT} images, ${DEPS_MIB} MiB dependency layer each`,
      `ours:     ${(ours / 1000).toFixed(2)} s  (blobs: ${transfers.mounted} mounted, ${transfers.copied} written, ${transfers.exists} already there)`,
      `baseline: ${(baseline / 1000).toFixed(2)} s  (blobs: ${baselineBlobs} uploaded)`,
      `ratio ours/baseline: ${(ours / baseline).toFixed(3)}`,
      '',
    ].join('\n'),
  );
} finally {
  a.child.kill();
  b.child.kill();
  await rm(dir, { recursive: true, force: true });
}
