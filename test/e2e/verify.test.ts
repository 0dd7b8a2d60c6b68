import { mkdtemp, writeFile } from 'node:fs/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseReference } from '../../src/oci/reference.js';
import { readBlob } from '../../src/oci/store.js';
import { sha256 } from '../../src/oci/digest.js';
import { readTar } from '../../src/cnb/tar-reader.js';
import type { ImageConfig, ImageManifest } from '../../src/oci/types.js';
import { buildCnbImage, jreLayer, npmDepsLayer, type BuiltCnbImage } from '../fixtures/cnb.js';
import { pushIndex } from '../fixtures/images.js';
import { runAction, runNode } from '../helpers/action.js';
import { pushEditedImage } from '../helpers/edit-image.js';
import { registries, storesFor, uniqueRepo } from '../helpers/registry.js';
import { startRegistryProxy } from '../harness/registry-proxy.js';
import { VERSION } from '../../src/version.js';

const stores = storesFor(undefined);
const storeAt = (ref: string) => stores.storeFor(parseReference(ref));
const CLI = resolve(import.meta.dirname, '../../bin/layer-rebase.js');

async function cli(dir: string, args: string[]) {
  return runNode(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH, HOME: dir, DOCKER_CONFIG: join(dir, 'none') },
  });
}

/** An app (one or two platforms) and patch images for the JRE at the given versions; a patch file per version. */
async function setup(host: string, platforms: ('amd64' | 'arm64')[] = ['amd64'], versions = ['17.0.9']) {
  const repo = `${host}/${uniqueRepo('verify-app')}`;
  const apps: BuiltCnbImage[] = [];
  for (const architecture of platforms)
    apps.push(
      await buildCnbImage(storeAt(repo), {
        platform: { os: 'linux', architecture },
        layers: [jreLayer('17.0.8'), npmDepsLayer(`deps ${architecture}`)],
      }),
    );
  if (platforms.length > 1) await pushIndex(storeAt(repo), apps, { tag: 'prod' });
  else await storeAt(repo).putManifest(apps[0]!.manifest, 'prod');
  const dir = await mkdtemp(join(tmpdir(), 'verify-'));
  const patchFiles: string[] = [];
  for (const version of versions) {
    const patchRef = `${host}/${uniqueRepo('verify-patch')}:${version}`;
    const built: BuiltCnbImage[] = [];
    for (const architecture of platforms)
      built.push(
        await buildCnbImage(storeAt(patchRef), {
          platform: { os: 'linux', architecture },
          layers: [jreLayer(version)],
        }),
      );
    if (platforms.length > 1) await pushIndex(storeAt(patchRef), built, { tag: version });
    else await storeAt(patchRef).putManifest(built[0]!.manifest, version);
    const file = join(dir, `jre-${version}.json`);
    await writeFile(
      file,
      JSON.stringify({ patches: [{ buildpack: 'example/jvm', layer: 'jre', 'patch-image': patchRef }] }),
    );
    patchFiles.push(file);
  }
  return { ref: `${repo}:prod`, repo, dir, patchFiles, apps };
}

async function patch(s: { ref: string; dir: string }, file: string) {
  const r = await cli(s.dir, ['--image', s.ref, '--patches', file]);
  expect(r.code, r.stderr).toBe(0);
}

async function readImage(ref: string) {
  const store = storeAt(ref);
  const m = await store.getManifest(parseReference(ref).tag!);
  const manifest = JSON.parse(m.bytes.toString()) as ImageManifest;
  const config = JSON.parse((await readBlob(store, manifest.config, 1 << 22)).toString()) as ImageConfig;
  return { store, digest: m.digest, manifest, config };
}

/** Pushes `ref`'s image again under its tag, its config edited (and optionally a layer swapped for another blob). */
function tamper(ref: string, edit: (c: ImageConfig) => void, layer?: { index: number; bytes: Buffer }) {
  const tag = parseReference(ref).tag!;
  return pushEditedImage(storeAt(ref), tag, tag, edit, layer);
}

describe('layer-rebase verify: re-derive the image from what it records', () => {
  test('one patch: reproduced; two patches in sequence: --all reproduces both steps; nothing is written', async () => {
    const proxy = await startRegistryProxy(
      { name: 'read-only check', upstream: 'open' },
      registries().open.host,
    );
    try {
      const s = await setup(proxy.host, ['amd64'], ['17.0.9', '17.0.10']);
      await patch(s, s.patchFiles[0]!);
      const first = await readImage(s.ref);
      const once = await cli(s.dir, ['verify', '--image', s.ref]);
      expect(once.code, once.stderr + once.stdout).toBe(0);
      expect(once.stdout).toContain(
        `${first.digest} (linux/amd64): reproduced: the replaced image ${s.apps[0]!.manifest.digest} + example/jvm/jre 17.0.8 → 17.0.9 from`,
      );
      await patch(s, s.patchFiles[1]!);
      const before = proxy.stats.requests.length;
      const all = await cli(s.dir, ['verify', '--image', s.ref, '--all', '--json']);
      expect(all.code, all.stderr).toBe(0);
      const result = JSON.parse(all.stdout) as {
        reproduced: boolean;
        steps: { digest: string; manifests: { outcome: string; swaps: string[] }[] }[];
        origin: string;
      };
      // The walk ends at the image the tool did not make: the app as it was built.
      expect(result.origin).toBe(s.apps[0]!.manifest.digest);
      expect(result.reproduced).toBe(true);
      expect(result.steps.map((st) => st.manifests[0]!.swaps[0]!.split(' from ')[0])).toEqual([
        'example/jvm/jre 17.0.9 → 17.0.10',
        'example/jvm/jre 17.0.8 → 17.0.9',
      ]);
      expect(result.steps[1]!.digest).toBe(first.digest);
      // Reads only: no request of the verify run writes.
      const writes = proxy.stats.requests.slice(before).filter((q) => !['GET', 'HEAD'].includes(q.method));
      expect(writes).toEqual([]);
      const text = await cli(s.dir, ['verify', '--image', s.ref, '--all']);
      expect(text.stdout).toContain(
        `from ${s.apps[0]!.manifest.digest}, the first image layer-rebase did not make\nreproduced\n`,
      );
    } finally {
      await proxy.close();
    }
  });

  test('the action with verify: true — the output, the summary, the step failing with the difference', async () => {
    const s = await setup(registries().open.host);
    await patch(s, s.patchFiles[0]!);
    const ok = await runAction({ image: s.ref, verify: 'true' });
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.outputs.verified).toBe('true');
    expect(ok.summary).toContain('✅');
    await tamper(s.ref, (c) => {
      c.config!.Labels!['io.github.layer-rebase.applied'] += ' ';
    });
    const bad = await runAction({ image: s.ref, verify: 'true' });
    expect(bad.code).toBe(1);
    expect(bad.outputs.verified).toBe('false');
    expect(bad.stdout).toMatch(
      /::error::1 of 1 image\(s\) not reproduced from their recorded patches:%0A- .*differs: label io.github.layer-rebase.applied differs/,
    );
    expect(bad.summary).toContain('❌');
  });

  test('records name their release and buildpacks[] position; records of an earlier release (neither) still reproduce', async () => {
    const s = await setup(registries().open.host);
    await patch(s, s.patchFiles[0]!);
    type Rec = { position?: number; tool?: string };
    const records = () =>
      readImage(s.ref).then(
        (i) => JSON.parse(i.config.config!.Labels!['io.github.layer-rebase.applied']!) as Rec[],
      );
    expect((await records()).map((r) => [r.position, r.tool])).toEqual([[0, `layer-rebase ${VERSION}`]]);
    let r = await cli(s.dir, ['verify', '--image', s.ref]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain(`(recorded by layer-rebase ${VERSION})`);
    const edit = (change: (r: Rec) => void) =>
      tamper(s.ref, (c) => {
        const label = JSON.parse(c.config!.Labels!['io.github.layer-rebase.applied']!) as Rec[];
        label.forEach(change);
        c.config!.Labels!['io.github.layer-rebase.applied'] = JSON.stringify(label);
      });
    // Another release named: re-derived under its name; a difference then says which release to use too.
    await edit((rec) => {
      rec.tool = 'layer-rebase 0.9.0';
    });
    r = await cli(s.dir, ['verify', '--image', s.ref]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain('(recorded by layer-rebase 0.9.0)');
    await edit((rec) => {
      rec.position = 1;
    });
    r = await cli(s.dir, ['verify', '--image', s.ref]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('they select no layer there (example/jvm/jre (buildpacks[1]))');
    expect(r.stdout).toContain(
      `(made by layer-rebase 0.9.0; re-derived by layer-rebase ${VERSION}: verify with that release too)`,
    );
    // As an earlier release wrote it: no position, no release. Re-derived in that format, byte for byte.
    await edit((rec) => {
      delete rec.position;
      delete rec.tool;
    });
    r = await cli(s.dir, ['verify', '--image', s.ref]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain('reproduced: the replaced image');
    expect(r.stdout).not.toContain('recorded by');
  });

  test('an index: every platform and the index itself', async () => {
    const s = await setup(registries().open.host, ['amd64', 'arm64']);
    await patch(s, s.patchFiles[0]!);
    const r = await cli(s.dir, ['verify', '--image', s.ref, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as {
      steps: { manifests: { platform: string; outcome: string }[] }[];
    };
    expect(result.steps[0]!.manifests.map((m) => [m.platform, m.outcome])).toEqual([
      ['linux/amd64', 'reproduced'],
      ['linux/arm64', 'reproduced'],
      ['index', 'reproduced'],
    ]);
  });

  test('catches an app layer changed beside the recorded swap, an edited label, a deleted patch image', async () => {
    const s = await setup(registries().open.host);
    await patch(s, s.patchFiles[0]!);
    // 1. The label says only the JRE was swapped, but the deps layer was changed too.
    const appLayer = s.apps[0]!.index['example/node/deps']!;
    await tamper(s.ref, () => {}, { index: appLayer, bytes: Buffer.from('not the app layer') });
    let r = await cli(s.dir, ['verify', '--image', s.ref]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      new RegExp(
        `differs: layer ${appLayer} \\(.*\\) is sha256:[0-9a-f]{64} where the recorded patches give`,
      ),
    );
    // 2. A label edited after the push.
    const s2 = await setup(registries().open.host);
    await patch(s2, s2.patchFiles[0]!);
    await tamper(s2.ref, (c) => {
      c.config!.Labels!['org.opencontainers.image.source'] = 'https://example.com/forged';
    });
    r = await cli(s2.dir, ['verify', '--image', s2.ref]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'differs: label org.opencontainers.image.source is not one the recorded patches write',
    );
    // 4. The SBOM layer was edited after the push: the file that differs is named.
    const s4 = await setup(registries().open.host);
    await patch(s4, s4.patchFiles[0]!);
    const pushed = await readImage(s4.ref);
    const lifecycle = JSON.parse(pushed.config.config!.Labels!['io.buildpacks.lifecycle.metadata']!) as {
      sbom: { sha: string };
    };
    const sbomIndex = pushed.config.rootfs.diff_ids.indexOf(lifecycle.sbom.sha as never);
    const sbomTar = gunzipSync(await readBlob(pushed.store, pushed.manifest.layers[sbomIndex]!, 1 << 24));
    const entry = readTar(sbomTar, { where: 'sbom' }).find((e) => e.name.endsWith('jre/sbom.cdx.json'))!;
    const edited = Buffer.from(sbomTar);
    edited[entry.dataStart] = '['.charCodeAt(0);
    const file = entry.name;
    await tamper(
      s4.ref,
      (c) => {
        c.rootfs.diff_ids[sbomIndex] = sha256(edited);
        lifecycle.sbom.sha = sha256(edited);
        c.config!.Labels!['io.buildpacks.lifecycle.metadata'] = JSON.stringify(lifecycle);
      },
      { index: sbomIndex, bytes: gzipSync(edited) },
    );
    r = await cli(s4.dir, ['verify', '--image', s4.ref]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`differs: layer ${sbomIndex} (the SBOM layer) is sha256:`);
    expect(r.stdout).toContain(`: its file ${file} differs`);
    // 3. The patch image is gone (garbage-collected): verify cannot re-derive, and says which.
    const s3 = await setup(registries().open.host);
    await patch(s3, s3.patchFiles[0]!);
    const label = JSON.parse(
      (await readImage(s3.ref)).config.config!.Labels!['io.github.layer-rebase.applied']!,
    ) as {
      patchImage: string;
    }[];
    const patchImage = parseReference(label[0]!.patchImage) as {
      registry: string;
      repository: string;
      digest?: string;
    };
    await deleteManifest(patchImage.registry, patchImage.repository, patchImage.digest!);
    r = await cli(s3.dir, ['verify', '--image', s3.ref]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /cannot verify: the recorded patches cannot be applied again: patch image .* is not available/,
    );
    expect(r.stdout).toContain(patchImage.repository);
  });
});

async function deleteManifest(registry: string, repository: string, digest: string) {
  const res = await fetch(`http://${registry}/v2/${repository}/manifests/${digest}`, { method: 'DELETE' });
  expect(res.status).toBe(202);
}

describe('verify and undo of a run-image rebase with a layer patch in one push', () => {
  test('reproduced, then undone to the original', async () => {
    const { buildRunImage, nodeLayer } = await import('../fixtures/cnb.js');
    const host = registries().open.host;
    const runRef = `${host}/${uniqueRepo('verify-run')}:latest`;
    const appRef = `${host}/${uniqueRepo('verify-run-app')}:v1`;
    const app = await buildCnbImage(
      storeAt(appRef),
      {
        os: 'testos-1',
        layers: [nodeLayer('22.11.0'), npmDepsLayer()],
        runImage: { image: runRef, mirrors: [] },
      },
      'v1',
    );
    await buildRunImage(
      storeAt(runRef),
      { os: 'testos-2', extra: { 'etc/security-fix': 'fixed\n' } },
      'latest',
    );
    const patchRef = `${host}/${uniqueRepo('verify-node')}:22.11.1`;
    const node = await buildCnbImage(storeAt(patchRef), { layers: [nodeLayer('22.11.1')] });
    await storeAt(patchRef).putManifest(node.manifest, '22.11.1');
    const dir = await mkdtemp(join(tmpdir(), 'verify-run-'));
    const file = join(dir, 'node.json');
    await writeFile(
      file,
      JSON.stringify({ patches: [{ buildpack: 'example/node', layer: 'node', 'patch-image': patchRef }] }),
    );
    const r = await cli(dir, ['--image', appRef, '--patches', file, '--run-image', 'auto']);
    expect(r.code, r.stderr).toBe(0);
    const patched = await readImage(appRef);
    const label = patched.config.config!.Labels!['io.github.layer-rebase.applied']!;
    expect(label).toContain('"target":"run-image"');
    const verify = await cli(dir, ['verify', '--image', appRef]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toContain('reproduced');
    const undo = await cli(dir, ['undo', '--image', appRef]);
    expect(undo.code, undo.stdout + undo.stderr).toBe(0);
    expect((await storeAt(appRef).getManifest('v1')).digest).toBe(app.manifest.digest);
  });
});
