/**
 * What a fleet run holds per image between its two phases (every image planned and verified before
 * any is pushed): prepares 100 images with a 70 kB label each against a real registry and prints the
 * heap and buffer growth per image after a full GC.
 *
 *   node --expose-gc --import tsx scripts/fleet-memory.ts
 */
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLog } from '../src/log.js';
import { parseReference } from '../src/oci/reference.js';
import { Stores } from '../src/oci/stores.js';
import { PatchFileFetcher } from '../src/patches/fetch.js';
import { loadPatchFiles } from '../src/patches/sources.js';
import { prepareImage, type PreparedImage } from '../src/rebase/engine.js';
import { PatchImageResolver } from '../src/rebase/resolve.js';
import { cachedTarReader } from '../src/rebase/sbom-step.js';
import { noCache } from '../src/rebase/verified-cache.js';
import { buildCnbImage, nodeLayer, npmDepsLayer } from '../test/fixtures/cnb.js';
import { freePort, waitFor } from '../test/harness/processes.js';

const N = 100;
const dir = await mkdtemp(join(tmpdir(), 'mem-'));
const port = await freePort();
await writeFile(
  join(dir, 'r.yml'),
  `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/s\nhttp:\n  addr: 127.0.0.1:${port}\n`,
);
const child = spawn('docker-registry', ['serve', join(dir, 'r.yml')], { stdio: 'ignore' });
const host = `127.0.0.1:${port}`;
await waitFor(`http://${host}/v2/`, (s) => s === 200, child);
const stores = new Stores({ credentials: async () => undefined, log: silentLog });
const at = (r: string) => stores.storeFor(parseReference(r));
await buildCnbImage(at(`${host}/p:1`), { layers: [nodeLayer('22.11.1')] }, '1');
// A label the size real Paketo Java images carry (their lifecycle + build metadata run to tens of kB).
const big = JSON.stringify(
  Array.from({ length: 400 }, (_, i) => ({
    name: `dependency-${i}`,
    version: '1.2.3',
    uri: `https://example.com/dependency/${i}/download.tgz`,
    sha256: 'f'.repeat(64),
  })),
);
const refs: string[] = [];
for (let i = 0; i < N; i++) {
  const ref = `${host}/app-${i}:v1`;
  await buildCnbImage(
    at(ref),
    { layers: [nodeLayer('22.11.0'), npmDepsLayer(`d${i}`)], extraLabels: { 'example.big': big } },
    'v1',
  );
  refs.push(ref);
}
const pf = join(dir, 'p.json');
await writeFile(
  pf,
  JSON.stringify({ patches: [{ buildpack: 'example/node', layer: 'node', 'patch-image': `${host}/p:1` }] }),
);
const patches = (
  await loadPatchFiles([pf], { cwd: dir, log: silentLog, fetcher: new PatchFileFetcher({ log: silentLog }) })
).flatMap((f) => f.patches);
const engine = {
  stores,
  resolver: new PatchImageResolver(stores, silentLog, noCache),
  patches,
  log: silentLog,
  force: false,
  dryRun: false,
  tags: [],
  readTar: cachedTarReader(),
  runImage: '',
  uploads: new Map(),
};
const gc = (globalThis as { gc?: () => void }).gc!;
const prepared: PreparedImage[] = [];
await prepareImage(refs[0]!, engine); // warm caches shared by the fleet
gc();
gc();
const before = process.memoryUsage();
for (const r of refs) prepared.push(await prepareImage(r, engine));
gc();
gc();
const after = process.memoryUsage();
console.log('label bytes', big.length, 'pushable', prepared.filter((p) => p.push).length);
console.log(
  'held per image KiB: heap',
  ((after.heapUsed - before.heapUsed) / N / 1024).toFixed(1),
  'external',
  ((after.external - before.external) / N / 1024).toFixed(1),
  'arrayBuffers',
  ((after.arrayBuffers - before.arrayBuffers) / N / 1024).toFixed(1),
);
child.kill();
