/**
 * `npm run demo`: builds a small CNB-shaped app image and a patch image into OCI layout directories
 * (no registry, no network) and patches the app with the CLI: the plan, the swapped layers, the SBOM change.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../src/cli.js';
import { LayoutStore } from '../src/oci/layout.js';
import { buildCnbImage, nodeLayer, npmDepsLayer } from '../test/fixtures/cnb.js';

const dir = await mkdtemp(join(tmpdir(), 'layer-rebase-demo-'));
const appDir = join(dir, 'app');
const patchDir = join(dir, 'patches');
const say = (s: string) => process.stdout.write(`${s}\n`);

say(`layer-rebase demo in ${dir}\n`);
const app = await buildCnbImage(
  new LayoutStore(appDir),
  {
    layers: [nodeLayer('22.11.0'), npmDepsLayer()],
    launcher: { content: 'launcher 0.20.0', version: '0.20.0' },
  },
  'v1',
);
say(`app image   oci:${appDir}:v1  ${app.manifest.digest}  (node 22.11.0, launcher 0.20.0)`);
const patch = await buildCnbImage(
  new LayoutStore(patchDir),
  {
    layers: [nodeLayer('22.11.1')],
    launcher: { content: 'launcher 0.20.5', version: '0.20.5' },
    app: { 'patch.js': 'x' },
  },
  'node-22.11.1',
);
say(`patch image oci:${patchDir}:node-22.11.1  ${patch.manifest.digest}  (node 22.11.1, launcher 0.20.5)\n`);

const patchFile = join(dir, 'patches.json');
await writeFile(
  patchFile,
  JSON.stringify(
    {
      patches: {
        buildpacks: [
          {
            buildpack: 'example/node',
            layer: 'node',
            data: { 'artifact.version': '22.11.*' },
            'patch-image': `oci:${patchDir}:node-22.11.1`,
          },
        ],
        launcher: { 'must-match-sha': [app.diffIds.launcher], 'patch-image': `oci:${patchDir}:node-22.11.1` },
      },
    },
    null,
    2,
  ),
);
say(
  `patch file ${patchFile}:\n${JSON.stringify(JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(patchFile, 'utf8'))), null, 2)}\n`,
);

const io = { stdout: say, stderr: (s: string) => process.stderr.write(`${s}\n`), env: process.env, cwd: dir };
const image = `oci:${appDir}:v1`;
say(`$ layer-rebase --image ${image} --patches ${patchFile} --dry-run`);
let code = await cli(['--image', image, '--patches', patchFile, '--dry-run'], io);
if (code !== 0) process.exit(code);
say(`\n$ layer-rebase --image ${image} --patches ${patchFile}`);
code = await cli(['--image', image, '--patches', patchFile], io);
if (code !== 0) process.exit(code);
say(`\n$ layer-rebase --image ${image} --patches ${patchFile}   # again: nothing to do`);
code = await cli(['--image', image, '--patches', patchFile], io);
say(
  `\nInspect the result with: skopeo inspect oci:${appDir}:v1  (or umoci unpack --image ${appDir}:v1 bundle)`,
);
process.exit(code);
