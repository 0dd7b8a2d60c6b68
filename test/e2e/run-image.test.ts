import { mkdtemp, readFile, access, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseReference } from '../../src/oci/reference.js';
import { readBlob } from '../../src/oci/store.js';
import type { ImageConfig, ImageManifest } from '../../src/oci/types.js';
import { buildCnbImage, buildRunImage, nodeLayer, npmDepsLayer } from '../fixtures/cnb.js';
import { unpackWithUmoci } from '../helpers/umoci.js';
import { runAction } from '../helpers/action.js';
import { registries, storesFor, uniqueRepo } from '../helpers/registry.js';

const stores = storesFor(undefined);
const storeAt = (ref: string) => stores.storeFor(parseReference(ref));
const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

async function read(ref: string) {
  const store = storeAt(ref);
  const m = await store.getManifest(parseReference(ref).tag!);
  const manifest = JSON.parse(m.bytes.toString()) as ImageManifest;
  const config = JSON.parse((await readBlob(store, manifest.config, 1 << 22)).toString()) as ImageConfig;
  const lifecycle = JSON.parse(config.config!.Labels!['io.buildpacks.lifecycle.metadata']!) as {
    runImage: { topLayer: string; reference: string; image: string };
    buildpacks: { layers: Record<string, { sha: string }> }[];
  };
  return { digest: m.digest, manifest, config, lifecycle, labels: config.config!.Labels! };
}

async function setup(
  options: {
    runPlatform?: { os: string; architecture: string };
    baseId?: string;
    appRunImage?: (host: string, runRef: string) => { image: string; mirrors: string[] };
    rebasableLabel?: string;
  } = {},
) {
  const host = registries().open.host;
  const runRepo = `${host}/${uniqueRepo('run')}`;
  const runRef = `${runRepo}:latest`;
  const appRef = `${host}/${uniqueRepo('app')}:v1`;
  const app = await buildCnbImage(
    storeAt(appRef),
    {
      os: 'testos-1',
      layers: [nodeLayer('22.11.0'), npmDepsLayer()],
      runImage: options.appRunImage?.(host, runRef) ?? { image: runRef, mirrors: [] },
      ...(options.rebasableLabel ? { rebasableLabel: options.rebasableLabel } : {}),
    },
    'v1',
  );
  const newRun = await buildRunImage(
    storeAt(runRef),
    {
      os: 'testos-2',
      extra: { 'etc/security-fix': 'CVE-2026-0001 fixed\n' },
      ...(options.runPlatform ? { platform: options.runPlatform } : {}),
      ...(options.baseId ? { baseId: options.baseId } : {}),
    },
    'latest',
  );
  return { host, runRef, appRef, app, newRun };
}

describe('run-image rebase', () => {
  test('alone: the OS layers are replaced, the app layers and config kept; umoci sees both', async () => {
    const s = await setup();
    const r = await runAction({ image: s.appRef, 'run-image': s.runRef });
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs.changed).toBe('true');
    const after = await read(s.appRef);
    const before = JSON.parse(s.app.manifest.bytes.toString()) as ImageManifest;
    const beforeConfig = JSON.parse(s.app.config.toString()) as ImageConfig;
    // One old base layer out, two new ones in, every app layer after it untouched and in order.
    expect(after.manifest.layers.slice(0, 2).map((l) => l.digest)).toEqual(
      s.newRun.layers.map((l) => l.digest),
    );
    expect(after.manifest.layers.slice(2)).toEqual(before.layers.slice(1));
    expect(after.config.rootfs.diff_ids).toEqual([
      ...s.newRun.layers.map((l) => l.diffId),
      ...beforeConfig.rootfs.diff_ids.slice(1),
    ]);
    expect(after.config.history!.slice(0, 4).map((h) => h.created_by)).toEqual([
      'ARG RELEASE',
      '/bin/sh -c #(nop) ADD file:os in /',
      'RUN apply security fixes',
      'USER 1000:1000',
    ]);
    expect(after.config.history!.length).toBe(beforeConfig.history!.length + 1);
    expect(after.config.config!.Env).toEqual(beforeConfig.config!.Env);
    expect(after.lifecycle.runImage.topLayer).toBe(s.newRun.layers[1]!.diffId);
    expect(after.lifecycle.runImage.reference).toBe(
      `${s.runRef.replace(/:latest$/, '')}@${s.newRun.manifest.digest}`,
    );
    expect(after.labels['io.buildpacks.base.distro.version']).toBe('testos-2');
    expect(r.summary).toContain('**Run image**');
    expect(r.summary).toContain('1 base layer(s) replaced by 2');

    const rootfs = await unpackWithUmoci(s.appRef);
    expect(await readFile(join(rootfs, 'etc/os-release'), 'utf8')).toBe('ID=testos-2\n');
    expect(await readFile(join(rootfs, 'etc/security-fix'), 'utf8')).toBe('CVE-2026-0001 fixed\n');
    expect(await readFile(join(rootfs, 'layers/example_node/node/bin/node'), 'utf8')).toBe('node 22.11.0');
    expect(await exists(join(rootfs, 'workspace/index.js'))).toBe(true);

    // Already current: nothing to do.
    const again = await runAction({ image: s.appRef, 'run-image': s.runRef });
    expect(again.code, again.stdout).toBe(0);
    expect(again.outputs.changed).toBe('false');
  });

  test('together with a layer patch: one manifest, one push, the patch lands at the shifted index', async () => {
    const s = await setup();
    const patchRef = `${s.host}/${uniqueRepo('patch')}:22.11.1`;
    const patch = await buildCnbImage(storeAt(patchRef), { layers: [nodeLayer('22.11.1')] }, '22.11.1');
    const dir = await mkdtemp(join(tmpdir(), 'p-'));
    await writeFile(
      join(dir, 'p.json'),
      JSON.stringify({ patches: [{ buildpack: 'example/node', layer: 'node', 'patch-image': patchRef }] }),
    );
    const r = await runAction({ image: s.appRef, 'run-image': 'auto', patches: join(dir, 'p.json') });
    expect(r.code, r.stdout).toBe(0);
    const after = await read(s.appRef);
    const nodeIdx = s.app.index['example/node/node']! + 1;
    expect(after.config.rootfs.diff_ids[nodeIdx]).toBe(patch.diffIds['example/node/node']);
    expect(after.lifecycle.buildpacks[0]!.layers.node!.sha).toBe(patch.diffIds['example/node/node']);
    expect(after.lifecycle.runImage.topLayer).toBe(s.newRun.layers[1]!.diffId);
    expect(after.config.rootfs.diff_ids[0]).toBe(s.newRun.layers[0]!.diffId);
    expect(
      (r.report as { images: { platforms: { runImage: { status: string } }[] }[] }).images[0]!.platforms[0]!
        .runImage.status,
    ).toBe('rebase');
    const rootfs = await unpackWithUmoci(s.appRef);
    expect(await readFile(join(rootfs, 'etc/os-release'), 'utf8')).toBe('ID=testos-2\n');
    expect(await readFile(join(rootfs, 'layers/example_node/node/bin/node'), 'utf8')).toBe('node 22.11.1');
  });

  test.each([
    [
      'architecture',
      { runPlatform: { os: 'linux', architecture: 'arm64' } },
      /the new run image is linux\/arm64 but the app image is linux\/amd64/,
    ],
    [
      'base id',
      { baseId: 'io.example.otheros' },
      /base id io.example.otheros but the app image has io.example.testos/,
    ],
    ['extended app', { rebasableLabel: 'false' }, /io.buildpacks.rebasable=false/],
  ])('refused on a %s mismatch (nothing pushed), done with force', async (_name, options, message) => {
    const s = await setup(options);
    const refused = await runAction({ image: s.appRef, 'run-image': s.runRef });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(message);
    expect((await storeAt(s.appRef).getManifest('v1')).digest).toBe(s.app.manifest.digest);
    const forced = await runAction({ image: s.appRef, 'run-image': s.runRef, force: 'true' });
    expect(forced.code, forced.stdout).toBe(0);
    expect(forced.outputs.changed).toBe('true');
    expect(forced.stdout).toMatch(/::warning::.*rebased anyway because force is set/);
  });

  test('auto: the recorded run image is missing, its mirror is used', async () => {
    const s = await setup({
      appRunImage: (host, runRef) => ({ image: `${host}/${uniqueRepo('gone')}:latest`, mirrors: [runRef] }),
    });
    const r = await runAction({ image: s.appRef, 'run-image': 'auto' });
    expect(r.code, r.stdout).toBe(0);
    const after = await read(s.appRef);
    expect(after.lifecycle.runImage.reference).toBe(
      `${s.runRef.replace(/:latest$/, '')}@${s.newRun.manifest.digest}`,
    );
    expect(after.config.rootfs.diff_ids[0]).toBe(s.newRun.layers[0]!.diffId);
  });
});
