import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseReference } from '../../src/oci/reference.js';
import { buildCnbImage, nodeLayer, npmDepsLayer } from '../fixtures/cnb.js';
import { runAction, runNode } from '../helpers/action.js';
import { registries, storesFor, uniqueRepo } from '../helpers/registry.js';

const stores = storesFor(undefined);
const storeAt = (ref: string) => stores.storeFor(parseReference(ref));
const CLI = resolve(import.meta.dirname, '../../bin/layer-rebase.js');

function cli(args: string[]) {
  return runNode(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH, HOME: tmpdir(), DOCKER_CONFIG: join(tmpdir(), 'none') },
  });
}

async function patchFile(patches: unknown): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'selects-nothing-')), 'p.json');
  await writeFile(path, JSON.stringify({ patches }));
  return path;
}

/** Two apps (node 22.11.0 and 20.18.0, with a launcher) and a patch image with node 22.11.1 and a new launcher. */
async function fleet() {
  const host = registries().open.host;
  const patchRef = `${host}/${uniqueRepo('patches/node')}:22.11.1`;
  const patch = await buildCnbImage(
    storeAt(patchRef),
    { layers: [nodeLayer('22.11.1')], launcher: { content: 'launcher 0.20.5', version: '0.20.5' } },
    '22.11.1',
  );
  const apps = [];
  for (const version of ['22.11.0', '20.18.0']) {
    const ref = `${host}/${uniqueRepo('app')}:v1`;
    const app = await buildCnbImage(
      storeAt(ref),
      {
        layers: [nodeLayer(version), npmDepsLayer()],
        launcher: { content: `launcher 0.20.0 for node ${version}`, version: '0.20.0' },
      },
      'v1',
    );
    apps.push({ ref, app });
  }
  return { patchRef, patch, apps };
}

describe('a patch that selects nothing in any image is a run warning', () => {
  test('a typo\'d buildpack id: the action warns (annotation, "Needs attention", report) with a did-you-mean, and so does the CLI', async () => {
    const f = await fleet();
    const typo = await patchFile([{ buildpack: 'node', layer: 'node', 'patch-image': f.patchRef }]);
    const images = f.apps.map((a) => a.ref);
    const expected = `patch patches[0] of ${typo} (node / node) selects no layer in any of the 2 images; in ${images[0]}: no buildpack matches "node" (did you mean "buildpack": "example/node"?); the image has "example/node"`;

    const r = await runAction({ image: images.join('\n'), patches: typo });
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs.changed).toBe('false');
    // Once, for the run: not once per image.
    expect(r.stdout.split('\n').filter((l) => l.startsWith('::warning::'))).toEqual([
      `::warning::${expected}`,
    ]);
    const attention = r.summary.slice(
      r.summary.indexOf('### Needs attention'),
      r.summary.indexOf('| Image |'),
    );
    expect(attention).toContain('selects no layer in any of the 2 images');
    expect(attention).toContain('did you mean &quot;buildpack&quot;: &quot;example/node&quot;?');
    expect((r.report as { warnings: string[] }).warnings).toEqual([expected]);
    expect(r.summary).not.toContain('"*" never matches');

    const c = await cli(['--image', images[0]!, '--image', images[1]!, '--patches', typo, '--dry-run']);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).toContain(`warning: ${expected}`);
  });

  test('a patch that selects a layer in one image of two stays quiet; so does a re-run whose launcher and layer are already patched', async () => {
    const f = await fleet();
    const [first, second] = f.apps;
    // The layer selector names the version it replaces exactly; the launcher is the first app's.
    const file = await patchFile({
      buildpacks: [
        {
          buildpack: 'example/node',
          layer: 'node',
          data: { 'artifact.version': '22.11.0' },
          'patch-image': f.patchRef,
        },
      ],
      launcher: { 'must-match-sha': [first!.app.diffIds.launcher], 'patch-image': f.patchRef },
    });
    const images = [first!.ref, second!.ref].join('\n');
    const r = await runAction({ image: images, patches: file });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).not.toContain('::warning::');
    expect(r.summary).not.toContain('### Needs attention');
    expect(JSON.parse(r.outputs.images!).map((i: { status: string }) => i.status)).toEqual([
      'patched',
      'unchanged',
    ]);

    // Again: the first app's layer and launcher are what the patch image put there; the second is not
    // node 22.11.0 and has another launcher. Nothing to do, nothing to warn about, and it says why.
    const again = await runAction({ image: images, patches: file });
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).not.toContain('::warning::');
    expect(again.outputs.changed).toBe('false');
    const c = await cli(['--image', first!.ref, '--patches', file]);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).toBe('');
    expect(c.stdout).toContain(
      `launcher (must-match-sha: 1) (${file} patches.launcher): already patched: the launcher ${f.patch.diffIds.launcher!.slice(7, 19)} (0.20.5) is what ${f.patchRef} put there in an earlier run; must-match-sha lists only the launchers it replaces`,
    );
    expect(c.stdout).toContain(
      `example/node / node [artifact.version=22.11.0] (${file} patches.buildpacks[0]): already patched: example/node/node (22.11.1) is what ${f.patchRef} put there in an earlier run`,
    );
    expect(c.stdout).not.toContain('matched nothing');
  });
});
