import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseReference } from '../../src/oci/reference.js';
import { buildCnbImage, nodeLayer, npmDepsLayer } from '../fixtures/cnb.js';
import { parseOutputFile, runAction } from '../helpers/action.js';
import { nodePatchFile } from '../helpers/patch-file.js';
import { registries, storesFor, uniqueRepo } from '../helpers/registry.js';

const ROOT = resolve(import.meta.dirname, '../..');
const stores = storesFor(undefined);
const storeAt = (ref: string) => stores.storeFor(parseReference(ref));

async function app() {
  const host = registries().open.host;
  const ref = `${host}/${uniqueRepo('docs-app')}:v1`;
  const patchRef = `${host}/${uniqueRepo('docs-patch')}:22.11.1`;
  const built = await buildCnbImage(storeAt(ref), { layers: [nodeLayer('22.11.0'), npmDepsLayer()] }, 'v1');
  await buildCnbImage(storeAt(patchRef), { layers: [nodeLayer('22.11.1')] }, '22.11.1');
  return { ref, built, patchFile: await nodePatchFile(patchRef) };
}

describe("CONTRIBUTING's commands run", () => {
  test('"run the bundle as the runner does" is a dry run in bash: INPUT_DRY-RUN reaches the action', async () => {
    const a = await app();
    const contributing = await readFile(join(ROOT, 'CONTRIBUTING.md'), 'utf8');
    const block = [...contributing.matchAll(/```sh\n([\s\S]*?)```/g)]
      .map((m) => m[1]!)
      .find((b) => b.includes('node dist/index.js'))!;
    expect(block).toContain("'INPUT_DRY-RUN=true'");
    const out = join(await mkdtemp(join(tmpdir(), 'contributing-')), 'out');
    // As written, but for this test's image, patch file and output file; dist/ is built by the test run.
    const script = block
      .replace(/^npm run package\n/m, '')
      .replace('localhost:5000/acme/app:v1', a.ref)
      .replace('INPUT_PATCHES=patches.json', `INPUT_PATCHES=${a.patchFile}`)
      .replace('/tmp/out', out);
    await writeFile(out, '');
    const r = spawnSync('bash', ['-e', '-c', script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: tmpdir(), DOCKER_CONFIG: join(tmpdir(), 'none') },
      encoding: 'utf8',
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const outputs = parseOutputFile(await readFile(out, 'utf8'));
    expect(outputs.changed).toBe('false');
    expect(outputs.digest).toMatch(/^sha256:/);
    expect(outputs.digest).not.toBe(a.built.manifest.digest); // what it would push
    expect((await storeAt(a.ref).getManifest('v1')).digest).toBe(a.built.manifest.digest); // nothing pushed

    // The form it replaces: bash runs `INPUT_DRY-RUN=true` as a command.
    const old = spawnSync('bash', ['-c', 'INPUT_DRY-RUN=true true'], { encoding: 'utf8' });
    expect(old.status).toBe(127);
    expect(old.stderr).toContain('INPUT_DRY-RUN=true: command not found');
  });
});

describe('a patch file the action cannot read', () => {
  test('missing, with nothing checked out: "check out the repository first"; the summary and the outputs are written', async () => {
    const a = await app();
    const workspace = await mkdtemp(join(tmpdir(), 'workspace-'));
    const r = await runAction({ image: a.ref, patches: '.github/patches/security.json' }, { cwd: workspace });
    expect(r.code).toBe(1);
    const message = `patch file ${workspace}/.github/patches/security.json does not exist: the workspace ${workspace} has no checkout; check out the repository first (actions/checkout)`;
    expect(r.stdout).toContain(`::error::${message}`);
    expect(r.outputs).toMatchObject({ digest: '', changed: 'false', images: '[]', matrix: '{"include":[]}' });
    expect(r.summary).toContain(
      '## layer-rebase\n\nThe run stopped: nothing was pushed.\n\n### Needs attention\n\n- ❌ patch file',
    );
    expect(r.summary).toContain('check out the repository first (actions/checkout)');

    // Checked out, the file is simply not there: no hint about checking out.
    await mkdir(join(workspace, '.git'));
    const checkedOut = await runAction(
      { image: a.ref, patches: '.github/patches/security.json' },
      { cwd: workspace },
    );
    expect(checkedOut.code).toBe(1);
    expect(checkedOut.stdout).toContain(
      `::error::patch file ${workspace}/.github/patches/security.json does not exist\n`,
    );
    expect(checkedOut.stdout).not.toContain('actions/checkout');
  });

  test('a syntax error: the step fails with it, and the summary and outputs say so too', async () => {
    const a = await app();
    const dir = await mkdtemp(join(tmpdir(), 'broken-'));
    await writeFile(join(dir, 'p.json'), '{"patches": [');
    const r = await runAction({ image: a.ref, patches: 'p.json' }, { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/::error::patch file p\.json/);
    expect(r.outputs.changed).toBe('false');
    expect(r.outputs.images).toBe('[]');
    expect(r.summary).toContain('The run stopped: nothing was pushed.');
    expect(r.summary).toMatch(/- ❌ patch file p\.json/);
    expect((await storeAt(a.ref).getManifest('v1')).digest).toBe(a.built.manifest.digest);
  });
});
