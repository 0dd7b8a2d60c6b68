import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { silentLog } from '../../src/log.js';
import { parseReference } from '../../src/oci/reference.js';
import { readBlob } from '../../src/oci/store.js';
import type { ImageConfig, ImageIndex, ImageManifest } from '../../src/oci/types.js';
import { PatchFileFetcher } from '../../src/patches/fetch.js';
import { loadPatchFiles } from '../../src/patches/sources.js';
import { commitImage, prepareImage, rebaseImage, type EngineOptions } from '../../src/rebase/engine.js';
import { PatchImageResolver } from '../../src/rebase/resolve.js';
import { cachedTarReader } from '../../src/rebase/sbom-step.js';
import { buildBuilder } from '../fixtures/builder.js';
import { buildCnbImage, jreLayer, nodeLayer, type BuildpackLayerSpec } from '../fixtures/cnb.js';
import { pushIndex } from '../fixtures/images.js';
import { archive, file, gnuLong, header, pax } from '../fixtures/raw-tar.js';
import { runAction } from '../helpers/action.js';
import { serveFiles, type FileServer } from '../helpers/http.js';
import { registries, storesFor, uniqueRepo } from '../helpers/registry.js';

const stores = storesFor(undefined);
const storeAt = (ref: string) => stores.storeFor(parseReference(ref));
const tagDigest = async (ref: string) => (await storeAt(ref).getManifest(parseReference(ref).tag!)).digest;

let server: FileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function writeJson(content: unknown, name = 'patches.json'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'safety-'));
  const path = join(dir, name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

async function diffIdsAt(ref: string): Promise<string[]> {
  const store = storeAt(ref);
  const m = await store.getManifest(parseReference(ref).tag!);
  const manifest = JSON.parse(m.bytes.toString()) as ImageManifest;
  const config = JSON.parse((await readBlob(store, manifest.config, 1 << 22)).toString()) as ImageConfig;
  return config.rootfs.diff_ids;
}

/** The engine as run() wires it, for tests that step between planning and the push. */
async function engineFor(
  patchFiles: string[],
  overrides: Partial<EngineOptions> = {},
): Promise<EngineOptions> {
  const ctx = { cwd: '/', log: silentLog, fetcher: new PatchFileFetcher({ log: silentLog }) };
  const files = await loadPatchFiles(patchFiles, ctx);
  return {
    stores,
    resolver: new PatchImageResolver(stores, silentLog),
    patches: files.flatMap((f) => f.patches),
    log: silentLog,
    force: false,
    dryRun: false,
    tags: [],
    readTar: cachedTarReader(),
    ...overrides,
  };
}

const tini = (version: string): BuildpackLayerSpec => ({
  buildpack: 'example/tini',
  buildpackVersion: '0.9.0',
  name: 'tini',
  files: { 'bin/tini': `tini ${version}` },
  data: { version },
  rebasable: true,
});

/** An app with a JRE and a tini layer, and a patch image (plus patch file) for each. */
async function twoPatches() {
  const host = registries().open.host;
  const appRef = `${host}/${uniqueRepo('safety-app')}:prod`;
  const jreRef = `${host}/${uniqueRepo('jre-patch')}:21.0.5`;
  const tiniRef = `${host}/${uniqueRepo('tini-patch')}:0.19.1`;
  const app = await buildCnbImage(storeAt(appRef), { layers: [jreLayer('21.0.4'), tini('0.19.0')] }, 'prod');
  const jre = await buildCnbImage(storeAt(jreRef), { layers: [jreLayer('21.0.5')] }, '21.0.5');
  const tiniPatch = await buildCnbImage(storeAt(tiniRef), { layers: [tini('0.19.1')] }, '0.19.1');
  const jreFile = await writeJson({
    patches: [{ buildpack: 'example/jvm', layer: 'jre', 'patch-image': jreRef }],
  });
  const tiniFile = await writeJson({
    patches: [{ buildpack: 'example/tini', layer: 'tini', 'patch-image': tiniRef }],
  });
  return { appRef, app, jre, jreRef, tiniPatch, jreFile, tiniFile };
}

describe('no lost updates: the tag is read again right before it moves', () => {
  test('a release pushed while the run works on the old image survives; the run says tag-moved', async () => {
    const s = await twoPatches();
    const engine = await engineFor([s.jreFile]);
    const prepared = await prepareImage(s.appRef, engine);
    expect(prepared.result.error).toBeUndefined();
    expect(prepared.push).toBeDefined();

    const release = await buildCnbImage(
      storeAt(s.appRef),
      { layers: [jreLayer('21.0.4'), tini('0.19.0')], app: { 'index.js': 'release 2' } },
      'prod',
    );
    const result = await commitImage(prepared, engine);
    expect(result.status).toBe('refused');
    expect(result.changed).toBe(false);
    expect(result.error?.code).toBe('tag-moved');
    expect(result.error?.message).toBe(
      `tag moved: ${s.appRef} now holds ${release.manifest.digest}, not ${s.app.manifest.digest} that was planned from; nothing was overwritten, re-run to patch the new image`,
    );
    expect(await tagDigest(s.appRef)).toBe(release.manifest.digest);

    // Re-running patches the release itself.
    const again = await rebaseImage(s.appRef, engine);
    expect(again.status).toBe('patched');
    const ids = await diffIdsAt(s.appRef);
    expect(ids).toContain(s.jre.diffIds['example/jvm/jre']);
    expect(ids).toContain(release.diffIds.app);
  });

  test('two runs on one tag: the second to commit is refused, never a silent lost patch', async () => {
    const s = await twoPatches();
    const jreRun = await engineFor([s.jreFile]);
    const tiniRun = await engineFor([s.tiniFile]);
    const [a, b] = await Promise.all([prepareImage(s.appRef, jreRun), prepareImage(s.appRef, tiniRun)]);
    expect((await commitImage(a, jreRun)).status).toBe('patched');
    const second = await commitImage(b, tiniRun);
    expect(second.status).toBe('refused');
    expect(second.error?.code).toBe('tag-moved');
    const ids = await diffIdsAt(s.appRef);
    expect(ids).toContain(s.jre.diffIds['example/jvm/jre']);
    expect(ids).not.toContain(s.tiniPatch.diffIds['example/tini/tini']);
  });

  test('two runs racing in one process: every patch reported as pushed is in the tag afterwards', async () => {
    const s = await twoPatches();
    const [jre, tiniResult] = await Promise.all([
      rebaseImage(s.appRef, await engineFor([s.jreFile])),
      rebaseImage(s.appRef, await engineFor([s.tiniFile])),
    ]);
    const ids = await diffIdsAt(s.appRef);
    const outcomes = [
      [jre, s.jre.diffIds['example/jvm/jre']],
      [tiniResult, s.tiniPatch.diffIds['example/tini/tini']],
    ] as const;
    for (const [result, diffId] of outcomes) {
      expect(['patched', 'refused']).toContain(result.status);
      if (result.status === 'patched') expect(ids).toContain(diffId);
      else expect(result.error?.code).toBe('tag-moved');
    }
    expect(outcomes.some(([r]) => r.status === 'patched')).toBe(true);
  });

  test('a second run that planned the same patch finds it there and reports unchanged', async () => {
    const s = await twoPatches();
    const engine = await engineFor([s.jreFile]);
    const [a, b] = await Promise.all([prepareImage(s.appRef, engine), prepareImage(s.appRef, engine)]);
    const first = await commitImage(a, engine);
    const second = await commitImage(b, engine);
    expect(first.status).toBe('patched');
    expect(second.status).toBe('unchanged');
    expect(second.changed).toBe(false);
    expect(await tagDigest(s.appRef)).toBe(first.digest);
  });

  test('a tags target that changed since the plan is not overwritten either', async () => {
    const s = await twoPatches();
    const other = `${registries().open.host}/${uniqueRepo('safety-other')}:stable`;
    const engine = await engineFor([s.jreFile], { tags: [other] });
    const prepared = await prepareImage(s.appRef, engine);
    const meanwhile = await buildCnbImage(storeAt(other), { layers: [jreLayer('21.0.4')] }, 'stable');
    const result = await commitImage(prepared, engine);
    expect(result.error?.code).toBe('tag-moved');
    expect(await tagDigest(other)).toBe(meanwhile.manifest.digest);
    expect(await tagDigest(s.appRef)).toBe(s.app.manifest.digest);
  });
});

describe('platforms: a patch image that lacks one never leaves it silently vulnerable', () => {
  async function twoPlatformApp() {
    const host = registries().open.host;
    const appRepo = `${host}/${uniqueRepo('two-platform-app')}`;
    const patchRepo = `${host}/${uniqueRepo('amd64-only-patch')}`;
    const arm = { os: 'linux', architecture: 'arm64' };
    const amd = await buildCnbImage(storeAt(appRepo), { layers: [jreLayer('21.0.4')] });
    const armImage = await buildCnbImage(storeAt(appRepo), { layers: [jreLayer('21.0.4')], platform: arm });
    const index = await pushIndex(storeAt(appRepo), [amd, armImage], { tag: 'v1' });
    const patch = await buildCnbImage(storeAt(patchRepo), { layers: [jreLayer('21.0.5')] });
    await pushIndex(storeAt(patchRepo), [patch], { tag: 'v1' });
    const file = await writeJson({
      patches: [{ buildpack: 'example/jvm', layer: 'jre', 'patch-image': `${patchRepo}:v1` }],
    });
    return { appRef: `${appRepo}:v1`, appRepo, index, amd, armImage, patch, file };
  }

  test('refused without force, naming the platform that would stay unpatched; nothing pushed', async () => {
    const s = await twoPlatformApp();
    const r = await runAction({ image: s.appRef, patches: s.file });
    expect(r.code).toBe(1);
    const images = JSON.parse(r.outputs.images!) as { status: string; error: string }[];
    expect(images[0]!.status).toBe('refused');
    expect(images[0]!.error).toContain(
      'has no linux/arm64 image (it has: linux/amd64), so linux/arm64 would stay unpatched',
    );
    expect(await tagDigest(s.appRef)).toBe(s.index.digest);
  });

  test('with force the other platforms are patched and the status is partial, never patched', async () => {
    const s = await twoPlatformApp();
    const r = await runAction({ image: s.appRef, patches: s.file, force: 'true' });
    expect(r.code, r.stdout).toBe(0);
    const images = JSON.parse(r.outputs.images!) as { status: string; changed: boolean }[];
    expect(images[0]).toMatchObject({ status: 'partial', changed: true });
    expect(r.summary).toContain('**1** partial');
    expect(r.summary).toContain('⚠️ left unpatched');
    const top = await storeAt(s.appRef).getManifest('v1');
    const index = JSON.parse(top.bytes.toString()) as ImageIndex;
    expect(index.manifests[0]!.digest).not.toBe(s.amd.manifest.digest);
    expect(index.manifests[1]!.digest).toBe(s.armImage.manifest.digest);
  });
});

describe('scope, precisely: a published patch cannot reach beyond its own layer', () => {
  const toml = (id: string, version: string, uri: string) =>
    `api = "0.10"\n[buildpack]\nid = "${id}"\nversion = "${version}"\n[layer-patch]\nreference_uri = "${uri}"\n`;

  test('a builder layer listed for one buildpack whose buildpack.toml names another fails the run', async () => {
    const s = await twoPatches();
    server = await serveFiles({
      '/jre.json': JSON.stringify({
        patches: [{ buildpack: 'example/jvm', layer: 'jre', 'patch-image': s.jreRef }],
      }),
    });
    const builderRef = `${registries().open.host}/${uniqueRepo('impostor-builder')}:v1`;
    const builder = await buildBuilder(
      storeAt(builderRef),
      [
        {
          id: 'example/tini',
          version: '0.9.0',
          toml: toml('example/jvm', '1.0.0', `${server.url}/jre.json`),
        },
      ],
      'v1',
    );
    const r = await runAction({ image: s.appRef, builder: builderRef });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `builder ${builderRef} lists layer ${builder.layerOf['example/tini@0.9.0']!.digest} for buildpack example/tini@0.9.0, but the buildpack.toml in it is for another buildpack`,
    );
    expect(r.stdout).toContain('(got "example/jvm@1.0.0")');
    expect(server.hits['/jre.json']).toBeUndefined();
    expect(await tagDigest(s.appRef)).toBe(s.app.manifest.digest);
  });

  test('a buildpack whose id is a glob cannot publish a glob that reaches other buildpacks', async () => {
    const s = await twoPatches();
    const dir = await mkdtemp(join(tmpdir(), 'glob-bp-'));
    await writeFile(
      join(dir, 'p.json'),
      JSON.stringify({ patches: [{ buildpack: 'example/*', layer: 'jre', 'patch-image': s.jreRef }] }),
    );
    await writeFile(join(dir, 'buildpack.toml'), toml('example/*', '1.0.0', './p.json'));
    const r = await runAction({ image: s.appRef, buildpacks: join(dir, 'buildpack.toml') });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('a published patch names its buildpack exactly, without glob characters');
    expect(await tagDigest(s.appRef)).toBe(s.app.manifest.digest);
  });

  async function escapingPatch() {
    const s = await twoPatches();
    const evilRef = `${registries().open.host}/${uniqueRepo('evil-jre')}:21.0.5`;
    const evil = await buildCnbImage(
      storeAt(evilRef),
      {
        layers: [
          {
            ...jreLayer('21.0.5'),
            extra: [
              { path: '/etc', type: 'directory' },
              { path: '/etc/ld.so.preload', content: '/layers/example_jvm/jre/lib/evil.so' },
            ],
          },
        ],
      },
      '21.0.5',
    );
    return { ...s, evilRef, evil };
  }

  test('a published patch layer that writes outside its directory fails the whole fleet; nothing pushed', async () => {
    const s = await escapingPatch();
    // A second image that the explicit node patch alone would have patched: it must not move either.
    const host = registries().open.host;
    const otherRef = `${host}/${uniqueRepo('innocent-app')}:prod`;
    const nodeRef = `${host}/${uniqueRepo('node-patch')}:22.11.1`;
    const other = await buildCnbImage(storeAt(otherRef), { layers: [nodeLayer('22.11.0')] }, 'prod');
    await buildCnbImage(storeAt(nodeRef), { layers: [nodeLayer('22.11.1')] }, '22.11.1');
    const explicit = await writeJson({
      patches: [{ buildpack: 'example/node', layer: 'node', 'patch-image': nodeRef }],
    });
    const dir = await mkdtemp(join(tmpdir(), 'evil-bp-'));
    await writeFile(
      join(dir, 'p.json'),
      JSON.stringify({ patches: [{ buildpack: 'example/jvm', layer: 'jre', 'patch-image': s.evilRef }] }),
    );
    await writeFile(join(dir, 'buildpack.toml'), toml('example/jvm', '1.0.0', './p.json'));
    const r = await runAction({
      image: `${otherRef}\n${s.appRef}`,
      patches: explicit,
      buildpacks: join(dir, 'buildpack.toml'),
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /::error::.*patch layer sha256:\w+ for example\/jvm\/jre from .* writes outside \/layers\/example_jvm\/jre\/: "\/etc" is outside \/layers\/example_jvm\/jre\/; "\/etc\/ld.so.preload" is outside/,
    );
    expect(r.stdout).toContain('published by example/jvm');
    expect(await tagDigest(s.appRef)).toBe(s.app.manifest.digest);
    expect(await tagDigest(otherRef)).toBe(other.manifest.digest);
  });

  test('an explicit patch file that writes outside the layer is refused, and pushed with a warning under force', async () => {
    const s = await escapingPatch();
    const file = await writeJson({
      patches: [{ buildpack: 'example/jvm', layer: 'jre', 'patch-image': s.evilRef }],
    });
    const refused = await runAction({ image: s.appRef, patches: file });
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.outputs.images!)[0].status).toBe('refused');
    expect(refused.stdout).toContain('"/etc/ld.so.preload" is outside /layers/example_jvm/jre/');
    expect(refused.stdout).toContain('(set force to override)');
    expect(await tagDigest(s.appRef)).toBe(s.app.manifest.digest);

    const forced = await runAction({ image: s.appRef, patches: file, force: 'true' });
    expect(forced.code, forced.stdout).toBe(0);
    expect(forced.stdout).toMatch(
      /::warning::.*"\/etc\/ld.so.preload" is outside .*pushed anyway because force is set/,
    );
    expect(await diffIdsAt(s.appRef)).toContain(s.evil.diffIds['example/jvm/jre']);
  });

  /** A JRE patch whose layer the check would read as `…/jre/ok2` while Go's reader extracts `/etc/evil-gnu`. */
  async function ambiguousPatch() {
    const s = await twoPatches();
    const ref = `${registries().open.host}/${uniqueRepo('ambiguous-jre')}:21.0.5`;
    const rawTar = archive(
      header({ name: 'layers/', type: '5' }),
      header({ name: 'layers/example_jvm/', type: '5' }),
      header({ name: 'layers/example_jvm/jre/', type: '5' }),
      gnuLong('L', '/etc/evil-gnu'),
      pax([['path', 'layers/example_jvm/jre/ok2']]),
      file('ok', 'evil'),
    );
    await buildCnbImage(storeAt(ref), { layers: [{ ...jreLayer('21.0.5'), rawTar }] }, '21.0.5');
    return { ...s, ref };
  }

  test('a published patch layer whose entries readers disagree on (GNU long name + PAX path) fails the run', async () => {
    const s = await ambiguousPatch();
    const dir = await mkdtemp(join(tmpdir(), 'ambiguous-bp-'));
    await writeFile(
      join(dir, 'p.json'),
      JSON.stringify({ patches: [{ buildpack: 'example/jvm', layer: 'jre', 'patch-image': s.ref }] }),
    );
    await writeFile(join(dir, 'buildpack.toml'), toml('example/jvm', '1.0.0', './p.json'));
    const r = await runAction({ image: s.appRef, buildpacks: join(dir, 'buildpack.toml') });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /::error::.*patch layer sha256:\w+ for example\/jvm\/jre from .* is not a tar every runtime reads alike: an entry with both a GNU long name "\/etc\/evil-gnu" and a PAX path "layers\/example_jvm\/jre\/ok2"/,
    );
    expect(r.stdout).toContain('published by example/jvm');
    expect(await tagDigest(s.appRef)).toBe(s.app.manifest.digest);
  });

  test('an explicit patch file with such a layer is refused, force or not', async () => {
    const s = await ambiguousPatch();
    const patchFile = await writeJson({
      patches: [{ buildpack: 'example/jvm', layer: 'jre', 'patch-image': s.ref }],
    });
    for (const force of ['false', 'true']) {
      const r = await runAction({ image: s.appRef, patches: patchFile, force });
      expect(r.code).toBe(1);
      expect(JSON.parse(r.outputs.images!)[0].status).toBe('refused');
      expect(r.stdout).toContain('is not a tar every runtime reads alike');
      expect(await tagDigest(s.appRef)).toBe(s.app.manifest.digest);
    }
  });

  test('a launcher patch layer that stays under /cnb/lifecycle/ passes the containment check', async () => {
    const s = await twoPatches();
    const launcherRef = `${registries().open.host}/${uniqueRepo('launcher-patch')}:0.20.5`;
    await buildCnbImage(
      storeAt(launcherRef),
      { layers: [jreLayer('21.0.4')], launcher: { content: 'launcher 0.20.5', version: '0.20.5' } },
      '0.20.5',
    );
    const ok = await writeJson({ patches: { launcher: { 'patch-image': launcherRef } } });
    const r = await runAction({ image: s.appRef, patches: ok });
    expect(r.code, r.stdout).toBe(0);
    expect(JSON.parse(r.outputs.images!)[0].status).toBe('patched');
  });
});

describe('builder tars get the hostile-tar rules', () => {
  test.each([
    ['an entry with ".."', [{ path: '../../escape', content: 'x' }], 'escapes the archive root with ".."'],
    [
      'a device file',
      [{ path: '/cnb/buildpacks/dev', type: 'character-device' as const }],
      'is a char-device',
    ],
    [
      'an escaping symlink',
      [{ path: '/cnb/buildpacks/link', type: 'symlink' as const, linkname: '../../../../etc/shadow' }],
      'points outside the archive',
    ],
    [
      'an absolute symlink',
      [{ path: '/cnb/buildpacks/abs', type: 'symlink' as const, linkname: '/etc/shadow' }],
      'is absolute',
    ],
  ])('%s is refused, naming the builder and the layer', async (_name, extra, reason) => {
    const s = await twoPatches();
    const builderRef = `${registries().open.host}/${uniqueRepo('hostile-builder')}:v1`;
    const builder = await buildBuilder(
      storeAt(builderRef),
      [
        {
          id: 'example/jvm',
          version: '1.0.0',
          toml: toml('example/jvm', 'https://example.com/p.json'),
          extra,
        },
      ],
      'v1',
    );
    const r = await runAction({ image: s.appRef, builder: builderRef });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`builder ${builderRef} layer ${builder.layerOf['example/jvm@1.0.0']!.digest}`);
    expect(r.stdout).toContain(reason);
    expect(await tagDigest(s.appRef)).toBe(s.app.manifest.digest);
  });
});

function toml(id: string, uri: string): string {
  return `api = "0.10"\n[buildpack]\nid = "${id}"\nversion = "1.0.0"\n[layer-patch]\nreference_uri = "${uri}"\n`;
}
