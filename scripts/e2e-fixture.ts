/**
 * For the workflow that runs the action as users do (`uses: ./`): pushes a small CNB-shaped app image
 * (`<registry>/e2e/app:v1`, Node.js 22.11.0, opted in) and a patch image (`<registry>/e2e/node-patch:22.11.1`)
 * built by the test fixtures, and writes the patch file that selects one for the other.
 *
 *   npx tsx scripts/e2e-fixture.ts localhost:5000 /tmp/patches.json
 */
import { writeFile } from 'node:fs/promises';
import { silentLog } from '../src/log.js';
import { parseReference } from '../src/oci/reference.js';
import { Stores } from '../src/oci/stores.js';
import { buildCnbImage, nodeLayer, npmDepsLayer } from '../test/fixtures/cnb.js';

const [registry, patchFile] = process.argv.slice(2);
if (!registry || !patchFile) {
  console.error('usage: tsx scripts/e2e-fixture.ts <registry host:port> <patch file to write>');
  process.exit(2);
}
const stores = new Stores({ credentials: async () => undefined, log: silentLog });
const at = (ref: string) => stores.storeFor(parseReference(ref));
const patchRef = `${registry}/e2e/node-patch:22.11.1`;
await buildCnbImage(at(`${registry}/e2e/app:v1`), { layers: [nodeLayer('22.11.0'), npmDepsLayer()] }, 'v1');
await buildCnbImage(at(patchRef), { layers: [nodeLayer('22.11.1')] }, '22.11.1');
await writeFile(
  patchFile,
  JSON.stringify(
    { patches: [{ buildpack: 'example/node', layer: 'node', 'patch-image': patchRef }] },
    null,
    2,
  ),
);
console.log(`pushed ${registry}/e2e/app:v1 and ${patchRef}; wrote ${patchFile}`);
