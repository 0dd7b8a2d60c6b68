import { mkdtemp, readFile, writeFile, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseReference } from '../../src/oci/reference.js';
import { MediaType, type Family } from '../../src/oci/media-types.js';
import type { ImageStore } from '../../src/oci/store.js';
import { readBlob } from '../../src/oci/store.js';
import type { ImageConfig, ImageIndex, ImageManifest } from '../../src/oci/types.js';
import { entryData, scanTar } from '../../src/cnb/tar.js';
import { readLayerTar } from '../../src/oci/compression.js';
import type { Digest } from '../../src/oci/digest.js';
import { run } from '../harness/processes.js';
import { pushImage, pushIndex } from '../fixtures/images.js';
import { buildLayer, type FileSpec } from '../fixtures/layers.js';
import { buildCnbImage, nodeLayer, npmDepsLayer, type BuiltCnbImage } from '../fixtures/cnb.js';
import { unpackWithUmoci } from '../helpers/umoci.js';
import { nodeBinaries, runAction } from '../helpers/action.js';
import { registries, storesFor, uniqueRepo } from '../helpers/registry.js';

const stores = storesFor(undefined);
const storeAt = (ref: string) => stores.storeFor(parseReference(ref));

async function readImage(store: ImageStore, reference: string) {
  const m = await store.getManifest(reference);
  const manifest = JSON.parse(m.bytes.toString()) as ImageManifest;
  const config = JSON.parse((await readBlob(store, manifest.config, 1 << 22)).toString()) as ImageConfig;
  const labels = config.config!.Labels!;
  return {
    digest: m.digest,
    manifest,
    config,
    lifecycle: JSON.parse(labels['io.buildpacks.lifecycle.metadata']!) as Record<string, unknown> & {
      buildpacks: { key: string; version: string; layers: Record<string, { sha: string; data: unknown }> }[];
      launcher: { sha: string };
      sbom: { sha: Digest };
    },
    build: JSON.parse(labels['io.buildpacks.build.metadata']!) as {
      launcher: { version: string };
      buildpacks: { id: string; version: string }[];
    },
    applied: labels['io.github.layer-rebase.applied'],
  };
}

async function writePatchFile(content: unknown, name = 'patches.json'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'patch-file-'));
  const path = join(dir, name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

interface Scenario {
  appRef: string;
  patchRef: string;
  app: BuiltCnbImage;
  patch: BuiltCnbImage;
  patchFile: string;
}

async function scenario(
  options: { rebasable?: boolean; family?: Family; patchFamily?: Family } = {},
): Promise<Scenario> {
  const host = registries().open.host;
  const appRef = `${host}/${uniqueRepo('app')}:v1`;
  const patchRef = `${host}/${uniqueRepo('patches/node')}:22.11.1`;
  const app = await buildCnbImage(
    storeAt(appRef),
    {
      layers: [nodeLayer('22.11.0', { rebasable: options.rebasable ?? true }), npmDepsLayer()],
      launcher: { content: 'launcher 0.20.0', version: '0.20.0' },
      family: options.family ?? 'oci',
    },
    'v1',
  );
  const patch = await buildCnbImage(
    storeAt(patchRef),
    {
      layers: [nodeLayer('22.11.1', { buildpackVersion: '1.0.1' })],
      launcher: { content: 'launcher 0.20.5', version: '0.20.5' },
      app: { 'patch.js': 'minimal app for the patch image' },
      family: options.patchFamily ?? 'oci',
    },
    '22.11.1',
  );
  const patchFile = await writePatchFile({
    patches: {
      buildpacks: [
        {
          buildpack: 'example/node',
          layer: 'node',
          data: { 'artifact.version': '22.11.*' },
          'patch-image': patchRef,
        },
      ],
      launcher: { 'must-match-sha': [app.diffIds.launcher], 'patch-image': patchRef },
    },
  });
  return { appRef, patchRef, app, patch, patchFile };
}

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

describe.each(nodeBinaries())('the action under $name', ({ path: node }) => {
  test('swaps a layer and the launcher in place; umoci sees the new files; a second run changes nothing', async () => {
    const s = await scenario();
    const first = await runAction({ image: s.appRef, patches: s.patchFile }, { node });
    expect(first.stderr).toBe('');
    expect(first.code, first.stdout).toBe(0);
    expect(first.outputs.changed).toBe('true');
    // The predicate for actions/attest: what is in the pushed image.
    const predicate = JSON.parse(await readFile(first.outputs.predicate!, 'utf8')) as {
      predicateType: string;
      images: { digest: string; applied: { target: string }[] }[];
    };
    expect(predicate.predicateType).toBe('https://github.com/layer-rebase/layer-rebase/applied-patches/v1');
    expect(predicate.images[0]!.digest).toBe(first.outputs.digest);
    expect(predicate.images[0]!.applied.map((a) => a.target)).toEqual(['example/node/node', 'launcher']);
    expect(JSON.parse(first.outputs.matrix!)).toEqual({ include: [{ shard: 1, images: s.appRef }] });
    const store = storeAt(s.appRef);
    const after = await readImage(store, 'v1');
    expect(after.digest).toBe(first.outputs.digest);
    expect(after.digest).not.toBe(s.app.manifest.digest);

    const before = JSON.parse(s.app.manifest.bytes.toString()) as ImageManifest;
    const nodeIdx = s.app.index['example/node/node']!;
    const launcherIdx = s.app.index.launcher!;
    const sbomLayerIdx = s.app.index.sbom!;
    const rewritten = [nodeIdx, launcherIdx, sbomLayerIdx];
    expect(after.manifest.layers).toHaveLength(before.layers.length);
    after.manifest.layers.forEach((layer, i) => {
      if (rewritten.includes(i)) return;
      expect(layer).toEqual(before.layers[i]);
    });
    expect(after.manifest.layers[nodeIdx]!.digest).toBe(
      s.patch.layers[s.patch.index['example/node/node']!]!.digest,
    );
    expect(after.manifest.layers[launcherIdx]!.digest).toBe(s.patch.layers[s.patch.index.launcher!]!.digest);
    expect(after.config.rootfs.diff_ids[nodeIdx]).toBe(s.patch.diffIds['example/node/node']);
    expect(after.config.rootfs.diff_ids[launcherIdx]).toBe(s.patch.diffIds.launcher);
    const untouched = (ids: string[]) => ids.filter((_, i) => !rewritten.includes(i));
    const beforeConfig = JSON.parse(s.app.config.toString()) as ImageConfig;
    expect(untouched(after.config.rootfs.diff_ids)).toEqual(untouched(beforeConfig.rootfs.diff_ids));
    // History stays aligned, with the patch image's created_by.
    expect(after.config.history).toHaveLength(JSON.parse(s.app.config.toString()).history.length);
    expect(after.config.history!.filter((h) => h.created_by?.includes('example/node@1.0.1'))).toHaveLength(1);
    // Lifecycle metadata: sha and data from the patch image, buildpack version in both labels, unknown fields kept.
    const nodeMeta = after.lifecycle.buildpacks.find((b) => b.key === 'example/node')!;
    expect(nodeMeta.layers.node!.sha).toBe(s.patch.diffIds['example/node/node']);
    expect(nodeMeta.layers.node!.data).toEqual({
      artifact: { version: '22.11.1' },
      'io.buildpacks.rebasable': true,
    });
    expect(nodeMeta.layers.deps!.sha).toBe(s.app.diffIds['example/node/deps']);
    expect(nodeMeta.version).toBe('1.0.1');
    expect(after.build.buildpacks.find((b) => b.id === 'example/node')!.version).toBe('1.0.1');
    expect(after.lifecycle.launcher.sha).toBe(s.patch.diffIds.launcher);
    expect(after.build.launcher.version).toBe('0.20.5');
    expect(after.lifecycle['x-unknown-field']).toEqual({ kept: [1, 2, 3] });
    expect(Object.keys(after.lifecycle)).toEqual(Object.keys(s.app.metadata));
    const applied = JSON.parse(after.applied!) as {
      target: string;
      from: string;
      to: string;
      patchImage: string;
    }[];
    expect(applied.map((a) => a.target)).toEqual(['example/node/node', 'launcher']);
    expect(applied[0]!.from).toBe(s.app.diffIds['example/node/node']);
    expect(applied[0]!.patchImage).toMatch(
      new RegExp(`^${s.patchRef.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}@sha256:`),
    );

    // Outputs and summary.
    const images = JSON.parse(first.outputs.images!) as {
      changed: boolean;
      result: string;
      applied: unknown[];
    }[];
    expect(images).toHaveLength(1);
    expect(images[0]!.result).toBe(`${s.appRef.replace(/:v1$/, '')}@${after.digest}`);
    expect(images[0]!.applied).toHaveLength(2);
    expect(first.summary).toContain('22.11.0 → 22.11.1');
    expect(first.summary).toContain('0.20.0 → 0.20.5');
    expect(first.report).toMatchObject({ version: 2, images: [{ status: 'patched', changed: true }] });
    // The report's shape is documented in the README and kept stable: its keys are pinned here.
    const report = first.report as Record<string, unknown> & {
      images: (Record<string, unknown> & { platforms: Record<string, unknown>[] })[];
    };
    expect(Object.keys(report)).toEqual([
      'version',
      'dryRun',
      'durationMs',
      'patchCount',
      'sources',
      'vulnerabilityReports',
      'warnings',
      'images',
    ]);
    expect(Object.keys(report.images[0]!)).toEqual([
      'input',
      'status',
      'changed',
      'digestBefore',
      'digest',
      'result',
      'tags',
      'error',
      'note',
      'signatures',
      'signing',
      'vulnerabilityReports',
      'vulnerabilities',
      'warnings',
      'transfers',
      'durationMs',
      'platforms',
    ]);
    const platform = report.images[0]!.platforms[0]! as Record<string, unknown> & {
      swaps: Record<string, unknown>[];
    };
    expect(Object.keys(platform)).toEqual([
      'platform',
      'digestBefore',
      'digestAfter',
      'swaps',
      'skipped',
      'refused',
      'unpatched',
      'overrides',
      'unmatched',
      'sbom',
      'vulnerabilities',
      'runImage',
    ]);
    expect(Object.keys(platform.swaps[0]!)).toEqual([
      'target',
      'kind',
      'buildpack',
      'layer',
      'layerIndex',
      'forced',
      'from',
      'to',
      'patchImage',
      'patch',
    ]);

    // The SBOM layer now carries the patch image's SBOM for the node layer and the launcher.
    const sbomSha = after.lifecycle.sbom.sha;
    const sbomIdx = after.config.rootfs.diff_ids.indexOf(sbomSha);
    expect(sbomIdx).toBe(s.app.index.sbom);
    expect(sbomSha).not.toBe(s.app.diffIds.sbom);
    const sbomTar = await readLayerTar(store, after.manifest.layers[sbomIdx]!, sbomSha, 1 << 24);
    const sbomFiles = Object.fromEntries(
      scanTar(sbomTar, 'sbom')
        .filter((e) => e.type === 'file')
        .map((e) => [e.path, entryData(sbomTar, e).toString()]),
    );
    expect(
      JSON.parse(sbomFiles['layers/sbom/launch/example_node/node/sbom.cdx.json']!).components[0].version,
    ).toBe('22.11.1');
    expect(
      JSON.parse(sbomFiles['layers/sbom/launch/buildpacksio_lifecycle/launcher/sbom.cdx.json']!).components[0]
        .version,
    ).toBe('0.20.5');
    // Untouched: the deps layer's SBOM is still the app's own.
    expect(
      JSON.parse(sbomFiles['layers/sbom/launch/example_node/deps/sbom.cdx.json']!).components[0].name,
    ).toBe('deps');
    expect(sbomFiles['layers/sbom/launch/sbom.legacy.json']).toBe('{"legacy":true}');
    expect(first.summary).toContain(
      '<details><summary>SBOM example/node/node: 2 changed, 0 added, 0 removed (cyclonedx)</summary>',
    );
    expect(first.summary).toContain('3.0.13 → 3.0.15');
    expect(first.summary).toContain('SBOM launcher: 1 changed');

    // An independent client sees the new files and not the old ones (umoci checks every diffID).
    const rootfs = await unpackWithUmoci(s.appRef);
    expect(await readFile(join(rootfs, 'layers/example_node/node/bin/node'), 'utf8')).toBe('node 22.11.1');
    expect(await exists(join(rootfs, 'layers/example_node/node/share/VERSION-22.11.0'))).toBe(false);
    expect(await exists(join(rootfs, 'layers/example_node/node/share/VERSION-22.11.1'))).toBe(true);
    expect(await readFile(join(rootfs, 'cnb/lifecycle/launcher'), 'utf8')).toBe('launcher 0.20.5');
    expect(await readFile(join(rootfs, 'layers/example_node/deps/node_modules/x/index.js'), 'utf8')).toBe(
      'deps',
    );

    // Running again on its own output: nothing to do, nothing pushed.
    const second = await runAction({ image: s.appRef, patches: s.patchFile }, { node });
    expect(second.code, second.stdout).toBe(0);
    expect(second.outputs.changed).toBe('false');
    expect(second.outputs.digest).toBe(after.digest);
    expect((await store.getManifest('v1')).digest).toBe(after.digest);
  });
});

describe('the action', () => {
  test('a dry run pushes nothing and predicts the digest; two runs on equal inputs give the same digest', async () => {
    const s = await scenario();
    const dry = await runAction({ image: s.appRef, patches: s.patchFile, 'dry-run': 'true' });
    expect(dry.code, dry.stdout).toBe(0);
    expect(dry.outputs.changed).toBe('false');
    expect(dry.report).toMatchObject({ dryRun: true, images: [{ status: 'planned' }] });
    expect(dry.summary).toContain('dry run');
    expect((await storeAt(s.appRef).getManifest('v1')).digest).toBe(s.app.manifest.digest);

    // The same app image pushed to a second repository patches to the same digest.
    const copyRef = `${registries().open.host}/${uniqueRepo('app-copy')}:v1`;
    await run('skopeo', [
      'copy',
      '--src-tls-verify=false',
      '--dest-tls-verify=false',
      '--preserve-digests',
      `docker://${s.appRef}`,
      `docker://${copyRef}`,
    ]);
    const real = await runAction({ image: s.appRef, patches: s.patchFile });
    const other = await runAction({ image: copyRef, patches: s.patchFile });
    expect(real.outputs.digest).toBe(dry.outputs.digest);
    expect(other.outputs.digest).toBe(dry.outputs.digest);
  });

  test('a patch image without an SBOM for the layer: old SBOM files removed, with a warning', async () => {
    const host = registries().open.host;
    const appRef = `${host}/${uniqueRepo('sbom-app')}:v1`;
    const patchRef = `${host}/${uniqueRepo('sbom-patch')}:v1`;
    const app = await buildCnbImage(
      storeAt(appRef),
      { layers: [nodeLayer('22.11.0'), npmDepsLayer()] },
      'v1',
    );
    await buildCnbImage(
      storeAt(patchRef),
      { layers: [nodeLayer('22.11.1')], sbom: { omit: ['example/node/node'] } },
      'v1',
    );
    const file = await writePatchFile({
      patches: [{ buildpack: 'example/node', layer: 'node', 'patch-image': patchRef }],
    });
    const r = await runAction({ image: appRef, patches: file });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(
      /::warning::.*the patch image has no SBOM for example\/node\/node; its old SBOM files were removed/,
    );
    const after = await readImage(storeAt(appRef), 'v1');
    const sbomSha = after.lifecycle.sbom.sha;
    const tar = await readLayerTar(
      storeAt(appRef),
      after.manifest.layers[app.index.sbom!]!,
      sbomSha,
      1 << 24,
    );
    expect(
      scanTar(tar, 'sbom')
        .map((e) => e.path)
        .filter((p) => p.includes('example_node/node/')),
    ).toEqual([]);
    expect(r.report).toMatchObject({
      images: [
        { platforms: [{ sbom: { layers: [{ target: 'example/node/node', missingInPatch: true }] } }] },
      ],
    });
  });

  test('tags: the result goes to another repository (blobs mounted, nothing uploaded twice); the input tag stays', async () => {
    const s = await scenario();
    const target = `${registries().open.host}/${uniqueRepo('promoted')}:patched`;
    const r = await runAction({ image: s.appRef, patches: s.patchFile, tags: target });
    expect(r.code, r.stdout).toBe(0);
    expect((await storeAt(s.appRef).getManifest('v1')).digest).toBe(s.app.manifest.digest);
    const promoted = await readImage(storeAt(target), 'patched');
    expect(promoted.digest).toBe(r.outputs.digest);
    const report = r.report as {
      images: { tags: string[]; transfers: { exists: number; mounted: number; copied: number } }[];
    };
    expect(report.images[0]!.tags).toEqual([target]);
    // Every layer reached the new repository by mount except the rewritten SBOM layer.
    expect(report.images[0]!.transfers).toEqual({
      exists: 0,
      mounted: promoted.manifest.layers.length - 1,
      copied: 1,
    });
    const inspected = JSON.parse(
      (await run('skopeo', ['inspect', '--tls-verify=false', `docker://${target}`])).stdout,
    ) as { Digest: string };
    expect(inspected.Digest).toBe(promoted.digest);
  });

  test('falls back to a mirror when the primary patch image is missing', async () => {
    const s = await scenario();
    const missing = `${registries().open.host}/${uniqueRepo('gone')}:22.11.1`;
    const file = await writePatchFile({
      patches: [
        {
          buildpack: 'example/*',
          layer: 'node',
          'patch-image': missing,
          'patch-image.mirrors': [s.patchRef],
        },
      ],
    });
    const r = await runAction({ image: s.appRef, patches: file });
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs.changed).toBe('true');
    const report = r.report as {
      images: { platforms: { swaps: { patchImage: { requested: string; reference: string } }[] }[] }[];
    };
    expect(report.images[0]!.platforms[0]!.swaps[0]!.patchImage).toMatchObject({
      requested: missing,
      reference: s.patchRef,
    });
  });

  test('an unreachable patch image fails the image and leaves the tag alone', async () => {
    const s = await scenario();
    const file = await writePatchFile({
      patches: [
        {
          buildpack: 'example/node',
          layer: 'node',
          'patch-image': `${registries().open.host}/${uniqueRepo('gone')}:x`,
        },
      ],
    });
    const r = await runAction({ image: s.appRef, patches: file });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/::error::1 of 1 image\(s\) not patched/);
    expect(r.stdout).toContain('is not available from any source');
    expect(r.stdout).not.toMatch(/\n\s+at /);
    expect((await storeAt(s.appRef).getManifest('v1')).digest).toBe(s.app.manifest.digest);
  });

  test('refuses a layer that did not opt in (nothing pushed); force patches it with a warning', async () => {
    const s = await scenario({ rebasable: false });
    const refused = await runAction({ image: s.appRef, patches: s.patchFile });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('example/node/node');
    expect(refused.stdout).toContain('io.buildpacks.rebasable');
    expect(refused.outputs.changed).toBe('false');
    expect(refused.report).toMatchObject({ images: [{ status: 'refused' }] });
    expect((await storeAt(s.appRef).getManifest('v1')).digest).toBe(s.app.manifest.digest);

    const forced = await runAction({ image: s.appRef, patches: s.patchFile, force: 'true' });
    expect(forced.code, forced.stdout).toBe(0);
    expect(forced.outputs.changed).toBe('true');
    expect(forced.stdout).toMatch(/::warning::.*not marked "io.buildpacks.rebasable": true; replaced anyway/);
    expect(forced.summary).toContain('forced');
  });

  test('a Docker app image takes OCI patch layers with the Docker media type', async () => {
    const s = await scenario({ family: 'docker', patchFamily: 'oci' });
    const r = await runAction({ image: s.appRef, patches: s.patchFile });
    expect(r.code, r.stdout).toBe(0);
    const after = await readImage(storeAt(s.appRef), 'v1');
    expect(after.manifest.mediaType).toBe(MediaType.dockerManifest);
    expect(new Set(after.manifest.layers.map((l) => l.mediaType))).toEqual(
      new Set([MediaType.dockerLayerGzip]),
    );
    const inspected = JSON.parse(
      (await run('skopeo', ['inspect', '--tls-verify=false', `docker://${s.appRef}`])).stdout,
    ) as { Digest: string };
    expect(inspected.Digest).toBe(after.digest);
  });

  test('two-platform patch image and two-platform app image: each platform gets its own layer', async () => {
    const host = registries().open.host;
    const appRepo = `${host}/${uniqueRepo('multi-app')}`;
    const patchRepo = `${host}/${uniqueRepo('multi-patch')}`;
    const arm = { os: 'linux', architecture: 'arm64', variant: 'v8' };
    const appAmd = await buildCnbImage(storeAt(appRepo), { layers: [nodeLayer('22.11.0'), npmDepsLayer()] });
    const appArm = await buildCnbImage(storeAt(appRepo), {
      layers: [nodeLayer('22.11.0-arm'), npmDepsLayer()],
      platform: arm,
    });
    // A build attestation for the amd64 image, as buildx attaches them.
    const attestation = await pushImage(storeAt(appRepo), {
      layers: [await buildLayer([{ path: 'provenance.json', content: '{"predicateType":"slsa"}' }])],
      platform: { os: 'unknown', architecture: 'unknown' },
    });
    attestation.descriptor.annotations = {
      'vnd.docker.reference.digest': appAmd.manifest.digest,
      'vnd.docker.reference.type': 'attestation-manifest',
    };
    const appIndex = await pushIndex(storeAt(appRepo), [appAmd, appArm, attestation], {
      tag: 'v1',
      annotations: { 'org.opencontainers.image.source': 'https://example.com/app' },
    });
    const patchAmd = await buildCnbImage(storeAt(patchRepo), { layers: [nodeLayer('22.11.1')] });
    const patchArm = await buildCnbImage(storeAt(patchRepo), {
      layers: [nodeLayer('22.11.1-arm')],
      platform: arm,
    });
    await pushIndex(storeAt(patchRepo), [patchAmd, patchArm], { tag: 'v1' });
    const file = await writePatchFile({
      patches: [{ buildpack: 'example/node', layer: 'node', 'patch-image': `${patchRepo}:v1` }],
    });

    const r = await runAction({ image: `${appRepo}:v1`, patches: file });
    expect(r.code, r.stdout).toBe(0);
    const top = await storeAt(appRepo).getManifest('v1');
    expect(top.digest).not.toBe(appIndex.digest);
    const index = JSON.parse(top.bytes.toString()) as ImageIndex;
    expect(index.annotations).toEqual({ 'org.opencontainers.image.source': 'https://example.com/app' });
    expect(index.manifests.map((m) => m.platform)).toEqual([
      { os: 'linux', architecture: 'amd64' },
      arm,
      { os: 'unknown', architecture: 'unknown' },
    ]);
    expect(index.manifests[2]).toEqual(attestation.descriptor);
    expect(r.stdout).toMatch(
      /::warning::.*attestation manifest sha256:\w+ describes sha256:\w+ before the patch; kept unchanged/,
    );
    const amd = await readImage(storeAt(appRepo), index.manifests[0]!.digest);
    const armImage = await readImage(storeAt(appRepo), index.manifests[1]!.digest);
    expect(amd.config.rootfs.diff_ids[appAmd.index['example/node/node']!]).toBe(
      patchAmd.diffIds['example/node/node'],
    );
    expect(armImage.config.rootfs.diff_ids[appArm.index['example/node/node']!]).toBe(
      patchArm.diffIds['example/node/node'],
    );
    expect(r.summary).toContain('linux/arm64/v8');

    const rootfs = await unpackWithUmoci(`${appRepo}:v1`);
    expect(await readFile(join(rootfs, 'layers/example_node/node/bin/node'), 'utf8')).toBe('node 22.11.1');
  });

  test('an index child listed without platform is planned from its config; an attestation without one is left alone', async () => {
    const host = registries().open.host;
    const appRepo = `${host}/${uniqueRepo('noplatform-app')}`;
    const patchRepo = `${host}/${uniqueRepo('noplatform-patch')}`;
    const arm = { os: 'linux', architecture: 'arm64', variant: 'v8' };
    const appAmd = await buildCnbImage(storeAt(appRepo), { layers: [nodeLayer('22.11.0')] });
    const appArm = await buildCnbImage(storeAt(appRepo), {
      layers: [nodeLayer('22.11.0-arm')],
      platform: arm,
    });
    const attestation = await pushImage(storeAt(appRepo), {
      layers: [await buildLayer([{ path: 'provenance.json', content: '{}' }])],
      platform: { os: 'unknown', architecture: 'unknown' },
    });
    // `platform` is optional in an OCI index.
    delete appArm.descriptor.platform;
    delete attestation.descriptor.platform;
    await pushIndex(storeAt(appRepo), [appAmd, appArm, attestation], { tag: 'v1' });
    const patchAmd = await buildCnbImage(storeAt(patchRepo), { layers: [nodeLayer('22.11.1')] });
    const patchArm = await buildCnbImage(storeAt(patchRepo), {
      layers: [nodeLayer('22.11.1-arm')],
      platform: arm,
    });
    await pushIndex(storeAt(patchRepo), [patchAmd, patchArm], { tag: 'v1' });
    const file = await writePatchFile({
      patches: [{ buildpack: 'example/node', layer: 'node', 'patch-image': `${patchRepo}:v1` }],
    });
    const r = await runAction({ image: `${appRepo}:v1`, patches: file });
    expect(r.code, r.stdout).toBe(0);
    expect(JSON.parse(r.outputs.images!)[0].status).toBe('patched');
    const index = JSON.parse((await storeAt(appRepo).getManifest('v1')).bytes.toString()) as ImageIndex;
    // Still listed without platform, now the patched arm64 image.
    expect(index.manifests[1]!.platform).toBeUndefined();
    const armImage = await readImage(storeAt(appRepo), index.manifests[1]!.digest);
    expect(armImage.config.rootfs.diff_ids[appArm.index['example/node/node']!]).toBe(
      patchArm.diffIds['example/node/node'],
    );
    expect(index.manifests[2]).toEqual(attestation.descriptor);
    expect(r.summary).toContain('linux/arm64/v8');
  });

  test('labels survive exactly: a 20-digit integer and 1.0 in another layer keep their bytes', async () => {
    const host = registries().open.host;
    const appRef = `${host}/${uniqueRepo('exact-labels')}:v1`;
    const patchRef = `${host}/${uniqueRepo('exact-labels-patch')}:v1`;
    const deps = { ...npmDepsLayer(), data: { 'build-id': 'BIG', v: 'ONE' } };
    const raw = (t: string) => t.replace('"BIG"', '12345678901234567890').replace('"ONE"', '1.0');
    await buildCnbImage(storeAt(appRef), { layers: [nodeLayer('22.11.0'), deps], metadataText: raw }, 'v1');
    await buildCnbImage(storeAt(patchRef), { layers: [nodeLayer('22.11.1')] }, 'v1');
    const before = await readImage(storeAt(appRef), 'v1');
    const file = await writePatchFile({
      patches: [{ buildpack: 'example/node', layer: 'node', 'patch-image': patchRef }],
    });
    const r = await runAction({ image: appRef, patches: file });
    expect(r.code, r.stdout).toBe(0);
    const store = storeAt(appRef);
    const manifest = JSON.parse((await store.getManifest('v1')).bytes.toString()) as ImageManifest;
    const configText = (await readBlob(store, manifest.config, 1 << 22)).toString();
    const label = (JSON.parse(configText) as ImageConfig).config!.Labels![
      'io.buildpacks.lifecycle.metadata'
    ]!;
    expect(label).toContain('"data":{"build-id":12345678901234567890,"v":1.0}');
    // The node layer's entry did change.
    expect(label).not.toBe(before.config.config!.Labels!['io.buildpacks.lifecycle.metadata']);
    expect(label).toContain('22.11.1');
  });

  test('SBOM links: a hard link to a copied file is pushed and unpacks; a symlink into another buildpack is refused', async () => {
    const host = registries().open.host;
    const dir = '/layers/sbom/launch/example_node/node';
    const build = async (extra: FileSpec[]) => {
      const patchRef = `${host}/${uniqueRepo('sbom-links-patch')}:v1`;
      await buildCnbImage(storeAt(patchRef), { layers: [nodeLayer('22.11.1')], sbom: { extra } }, 'v1');
      const appRef = `${host}/${uniqueRepo('sbom-links-app')}:v1`;
      const app = await buildCnbImage(storeAt(appRef), { layers: [nodeLayer('22.11.0')] }, 'v1');
      const file = await writePatchFile({
        patches: [{ buildpack: 'example/node', layer: 'node', 'patch-image': patchRef }],
      });
      return { appRef, app, r: await runAction({ image: appRef, patches: file }) };
    };
    const linked = await build([
      { path: `${dir}/sbom.copy.json`, type: 'link', linkname: `${dir}/sbom.cdx.json` },
    ]);
    expect(linked.r.code, linked.r.stdout).toBe(0);
    const rootfs = await unpackWithUmoci(linked.appRef);
    expect(await readFile(join(rootfs, `${dir}/sbom.copy.json`), 'utf8')).toContain('22.11.1');

    const escaping = await build([{ path: `${dir}/d`, type: 'symlink', linkname: '../../example_other/x' }]);
    expect(escaping.r.code).toBe(1);
    expect(escaping.r.stdout).toMatch(
      /::error::.*patch SBOM layer: entry ".*node\/d" is a symlink to "..\/..\/example_other\/x"/,
    );
    expect((await storeAt(escaping.appRef).getManifest('v1')).digest).toBe(escaping.app.manifest.digest);
  });

  test('a patch image without the app platform refuses the image (nothing pushed)', async () => {
    const host = registries().open.host;
    const appRepo = `${host}/${uniqueRepo('arm-app')}`;
    const patchRepo = `${host}/${uniqueRepo('amd-patch')}`;
    const arm = { os: 'linux', architecture: 'arm64', variant: 'v8' };
    const app = await buildCnbImage(
      storeAt(appRepo),
      { layers: [nodeLayer('22.11.0')], platform: arm },
      'v1',
    );
    const patchAmd = await buildCnbImage(storeAt(patchRepo), { layers: [nodeLayer('22.11.1')] });
    await pushIndex(storeAt(patchRepo), [patchAmd], { tag: 'v1' });
    const file = await writePatchFile({
      patches: [{ buildpack: 'example/node', layer: 'node', 'patch-image': `${patchRepo}:v1` }],
    });
    const r = await runAction({ image: `${appRepo}:v1`, patches: file });
    expect(r.code, r.stdout).toBe(1);
    expect(r.outputs.changed).toBe('false');
    expect(r.stdout).toMatch(/::error::.*has no linux\/arm64\/v8 image \(it has: linux\/amd64\)/);
    expect((await storeAt(appRepo).getManifest('v1')).digest).toBe(app.manifest.digest);
  });

  test('patches an image in an OCI layout directory from a patch image in another layout', async () => {
    const appDir = await mkdtemp(join(tmpdir(), 'app-layout-'));
    const patchDir = await mkdtemp(join(tmpdir(), 'patch-layout-'));
    const app = await buildCnbImage(
      storeAt(`oci:${appDir}`),
      { layers: [nodeLayer('22.11.0'), npmDepsLayer()] },
      'app',
    );
    const patch = await buildCnbImage(storeAt(`oci:${patchDir}`), { layers: [nodeLayer('22.11.1')] }, 'node');
    const file = await writePatchFile(
      `[[patches]]\nbuildpack = "example/node"\nlayer = "node"\ndata = { "artifact.version" = "22.11.*" }\n"patch-image" = "oci:${patchDir}:node"\n`,
      'patches.toml',
    );
    const r = await runAction({ image: `oci:${appDir}:app`, patches: file });
    expect(r.code, r.stdout).toBe(0);
    const after = await readImage(storeAt(`oci:${appDir}`), 'app');
    expect(after.digest).toBe(r.outputs.digest);
    expect(after.config.rootfs.diff_ids[app.index['example/node/node']!]).toBe(
      patch.diffIds['example/node/node'],
    );
    const bundle = join(await mkdtemp(join(tmpdir(), 'umoci-layout-')), 'bundle');
    await run('umoci', ['unpack', '--image', `${appDir}:app`, bundle]);
    expect(await readFile(join(bundle, 'rootfs/layers/example_node/node/bin/node'), 'utf8')).toBe(
      'node 22.11.1',
    );
  });
});
