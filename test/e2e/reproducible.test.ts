import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';
import { parseReference } from '../../src/oci/reference.js';
import { readBlob } from '../../src/oci/store.js';
import type { ImageConfig, ImageManifest } from '../../src/oci/types.js';
import { buildCnbImage, nodeLayer } from '../fixtures/cnb.js';
import { runAction, runNode } from '../helpers/action.js';
import { registries, storesFor, uniqueRepo } from '../helpers/registry.js';

const stores = storesFor(undefined);
const storeAt = (ref: string) => stores.storeFor(parseReference(ref));
const CLI = resolve(import.meta.dirname, '../../bin/layer-rebase.js');

async function cli(args: string[], cwd: string, env: Record<string, string> = {}) {
  const home = await mkdtemp(join(tmpdir(), 'repro-home-'));
  return runNode(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH, HOME: home, DOCKER_CONFIG: join(home, 'none'), ...env },
    cwd,
  });
}

/** A checkout of an infrastructure repository at `<dir>/<path>`: `.git/` and `.github/patches/security.json`. */
async function checkout(path: string, text: string): Promise<string> {
  const repo = join(await mkdtemp(join(tmpdir(), 'repro-')), path);
  await mkdir(join(repo, '.git'), { recursive: true });
  await mkdir(join(repo, '.github', 'patches'), { recursive: true });
  await writeFile(join(repo, '.github', 'patches', 'security.json'), text);
  return repo;
}

async function labelOf(ref: string, digest: string): Promise<string | undefined> {
  const store = storeAt(ref);
  const manifest = JSON.parse((await store.getManifest(digest)).bytes.toString()) as ImageManifest;
  const config = JSON.parse((await readBlob(store, manifest.config, 1 << 22)).toString()) as ImageConfig;
  return config.config?.Labels?.['io.github.layer-rebase.applied'];
}

test('one patch file, four spellings, two working directories, CLI and action: one digest', async () => {
  const host = registries().open.host;
  const appRef = `${host}/${uniqueRepo('repro-app')}:v1`;
  const patchRef = `${host}/${uniqueRepo('repro-patch')}:22.11.1`;
  const app = await buildCnbImage(storeAt(appRef), { layers: [nodeLayer('22.11.0')] }, 'v1');
  await buildCnbImage(storeAt(patchRef), { layers: [nodeLayer('22.11.1')] }, '22.11.1');
  const text = JSON.stringify({
    patches: [{ buildpack: 'example/node', layer: 'node', 'patch-image': patchRef }],
  });
  const sha = createHash('sha256').update(text).digest('hex');
  // The platform's checkout and an auditor's, at different places on different machines.
  const platform = await checkout('infra', text);
  const auditor = await checkout('home/me/src/infra', text);

  const digests: { how: string; digest: string }[] = [];
  const dryCli = async (how: string, patches: string, cwd: string) => {
    const r = await cli(['--image', appRef, '--patches', patches, '--dry-run', '--json'], cwd);
    expect(r.code, `${how}: ${r.stderr}`).toBe(0);
    digests.push({
      how,
      digest: (JSON.parse(r.stdout) as { images: { digest: string }[] }).images[0]!.digest,
    });
  };
  await dryCli('relative, from the top level', '.github/patches/security.json', platform);
  await dryCli('with . and ..', './.github/patches/../patches/security.json', platform);
  await dryCli('absolute', join(platform, '.github/patches/security.json'), platform);
  await dryCli('relative, from a subdirectory', 'patches/security.json', join(platform, '.github'));
  await dryCli(
    'another checkout, from a subdirectory',
    '../.github/patches/security.json',
    join(auditor, '.github'),
  );
  await dryCli('another checkout, from above it', 'infra/.github/patches/security.json', join(auditor, '..'));
  const dryAction = async (how: string, patches: string, workspace: string) => {
    const r = await runAction({ image: appRef, patches, 'dry-run': 'true' }, { cwd: workspace });
    expect(r.code, `${how}: ${r.stdout}`).toBe(0);
    digests.push({ how, digest: r.outputs.digest! });
  };
  await dryAction('action, relative', '.github/patches/security.json', platform);
  await dryAction(
    'action, absolute, another workspace',
    join(auditor, '.github/patches/security.json'),
    auditor,
  );
  expect(
    digests.every((d) => d.digest === digests[0]!.digest),
    JSON.stringify(digests, null, 2),
  ).toBe(true);
  expect(digests[0]!.digest).not.toBe(app.manifest.digest);

  // The real run pushes exactly that digest, and the label names the file by what it is.
  const real = await runAction(
    { image: appRef, patches: './.github/patches/security.json' },
    { cwd: platform },
  );
  expect(real.code, real.stdout).toBe(0);
  expect(real.outputs.digest).toBe(digests[0]!.digest);
  const label = JSON.parse((await labelOf(appRef, real.outputs.digest!))!) as { source: string }[];
  expect(label.map((r) => r.source)).toEqual([`.github/patches/security.json#sha256=${sha}`]);
  // Nothing of either machine's paths is in it.
  expect(JSON.stringify(label)).not.toContain(tmpdir());
  expect(await readFile(join(auditor, '.github/patches/security.json'), 'utf8')).toBe(text);
});

test('outside a git checkout, the CLI with GITHUB_WORKSPACE set names a patch file as the action did: one digest', async () => {
  const host = registries().open.host;
  const appRef = `${host}/${uniqueRepo('repro-ws-app')}:v1`;
  const patchRef = `${host}/${uniqueRepo('repro-ws-patch')}:22.11.1`;
  await buildCnbImage(storeAt(appRef), { layers: [nodeLayer('22.11.0')] }, 'v1');
  await buildCnbImage(storeAt(patchRef), { layers: [nodeLayer('22.11.1')] }, '22.11.1');
  const text = JSON.stringify({
    patches: [{ buildpack: 'example/node', layer: 'node', 'patch-image': patchRef }],
  });
  const sha = createHash('sha256').update(text).digest('hex');
  // A workspace with files but no checkout (no .git anywhere above): the patch file in a subfolder.
  const workspace = await mkdtemp(join(tmpdir(), 'repro-ws-'));
  await mkdir(join(workspace, '.github'));
  await writeFile(join(workspace, '.github', 'node.json'), text);

  const action = await runAction(
    { image: appRef, patches: '.github/node.json', 'dry-run': 'true' },
    { cwd: workspace },
  );
  expect(action.code, action.stdout).toBe(0);
  const digestOf = (r: { code: number; stdout: string; stderr: string }) => {
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as { images: { digest: string }[] }).images[0]!.digest;
  };
  const args = ['--image', appRef, '--patches', 'node.json', '--dry-run', '--json'];
  // From the subfolder and from the workspace itself, with GITHUB_WORKSPACE as a workflow step has it.
  const env = { GITHUB_WORKSPACE: workspace };
  expect(digestOf(await cli(args, join(workspace, '.github'), env))).toBe(action.outputs.digest);
  const fromTop = ['--image', appRef, '--patches', '.github/node.json', '--dry-run', '--json'];
  expect(digestOf(await cli(fromTop, workspace, env))).toBe(action.outputs.digest);
  // Without it nothing says where the workspace is: the file is named by its name alone (as the README says).
  expect(digestOf(await cli(args, join(workspace, '.github')))).not.toBe(action.outputs.digest);

  // The real CLI run pushes that digest, its label naming the file as the action does.
  const real = await cli(
    ['--image', appRef, '--patches', 'node.json', '--json'],
    join(workspace, '.github'),
    env,
  );
  expect(digestOf(real)).toBe(action.outputs.digest);
  const label = JSON.parse((await labelOf(appRef, action.outputs.digest!))!) as { source: string }[];
  expect(label.map((r) => r.source)).toEqual([`.github/node.json#sha256=${sha}`]);
});
