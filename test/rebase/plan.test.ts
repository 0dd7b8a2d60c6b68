import { describe, expect, test } from 'vitest';
import type { LifecycleMetadata } from '../../src/cnb/metadata.js';
import type { Digest } from '../../src/oci/digest.js';
import { MediaType } from '../../src/oci/media-types.js';
import type { ImageConfig, ImageManifest } from '../../src/oci/types.js';
import { matchPatches } from '../../src/patches/match.js';
import type { LauncherPatch, LayerPatch } from '../../src/patches/types.js';
import { patchImageKey, planRebase } from '../../src/rebase/plan.js';
import { rewriteImage } from '../../src/rebase/rewrite.js';
import type {
  AppImage,
  LayerSwap,
  PatchImageResolution,
  ResolvedPatchImage,
} from '../../src/rebase/types.js';
import { VERSION } from '../../src/version.js';
import { unrecordedPosition } from '../../src/verify/recorded-patches.js';

const d = (c: string) => `sha256:${c.padEnd(64, '0')}` as Digest;

/** A CNB image as plain values: run layer, node layer, deps layer, launcher; history with empty entries. */
function image(opts: {
  family?: 'oci' | 'docker';
  node: { diff: string; digest: string; version: string; rebasable?: boolean };
  launcher: string;
  layerType?: string;
  platform?: { os: string; architecture: string; variant?: string };
}): { manifest: ImageManifest; config: ImageConfig; metadata: LifecycleMetadata } {
  const diffIds = [d('a1'), d(opts.node.diff), d('de'), d(opts.launcher)];
  const metadata: LifecycleMetadata = {
    buildpacks: [
      {
        key: 'example/node',
        version: '1.0.0',
        layers: {
          node: {
            sha: d(opts.node.diff),
            data: {
              artifact: { version: opts.node.version },
              ...(opts.node.rebasable === false ? {} : { 'io.buildpacks.rebasable': true }),
            },
            launch: true,
          },
          deps: { sha: d('de'), data: null, launch: true },
        },
      },
    ],
    launcher: { sha: d(opts.launcher) },
    unknown: { kept: true },
  };
  const layerType =
    opts.layerType ?? (opts.family === 'docker' ? MediaType.dockerLayerGzip : MediaType.ociLayerGzip);
  return {
    metadata,
    manifest: {
      schemaVersion: 2,
      mediaType: opts.family === 'docker' ? MediaType.dockerManifest : MediaType.ociManifest,
      config: { mediaType: MediaType.ociConfig, digest: d('c0'), size: 10 },
      layers: [
        { mediaType: layerType, digest: d('b1'), size: 1 },
        { mediaType: layerType, digest: d(opts.node.digest), size: 2 },
        { mediaType: layerType, digest: d('bd'), size: 3 },
        { mediaType: layerType, digest: d(`b${opts.launcher}`), size: 4 },
      ],
    },
    config: {
      os: opts.platform?.os ?? 'linux',
      architecture: opts.platform?.architecture ?? 'amd64',
      rootfs: { type: 'layers', diff_ids: diffIds },
      history: [
        { created_by: 'ARG X', empty_layer: true },
        { created_by: 'ADD os' },
        { created_by: 'USER 1000', empty_layer: true },
        { created_by: "Layer: 'node', Created by buildpack: example/node@1.0.0" },
        { created_by: "Layer: 'deps', Created by buildpack: example/node@1.0.0" },
        { created_by: "Layer: 'launcher', Created by buildpack: buildpacksio/lifecycle@0.20.0" },
      ],
      config: { Labels: { 'io.buildpacks.lifecycle.metadata': JSON.stringify(metadata) } },
    },
  };
}

const appParts = image({ node: { diff: '11', digest: 'b11', version: '22.11.0' }, launcher: 'f0' });
const app: AppImage = {
  reference: 'r.io/app:1',
  manifestDigest: d('aa'),
  ...appParts,
  buildMetadata: { launcher: { version: '0.20.0' } },
};

const patchParts = image({ node: { diff: '12', digest: 'b12', version: '22.11.1' }, launcher: 'f1' });
patchParts.config.history![3]!.created_by = "Layer: 'node', Created by buildpack: example/node@1.0.1";
patchParts.metadata.buildpacks![0]!.version = '1.0.1';
const patchImage: ResolvedPatchImage = {
  status: 'resolved',
  reference: 'r.io/patch:22.11.1',
  digest: d('pp'),
  ...patchParts,
  buildMetadata: { launcher: { version: '0.20.5' } },
};

const nodePatch: LayerPatch = {
  kind: 'layer',
  buildpack: 'example/node',
  layer: 'node',
  data: { 'artifact.version': '22.11.*' },
  patchImage: 'r.io/patch:22.11.1',
  mirrors: [],
  source: { kind: 'file', location: 'p.json' },
  where: 'patches[0]',
};
const launcherPatch: LauncherPatch = {
  kind: 'launcher',
  patchImage: 'r.io/patch:22.11.1',
  mirrors: [],
  source: { kind: 'file', location: 'p.json' },
  where: 'patches.launcher',
};

function plan(
  a: AppImage,
  resolution: PatchImageResolution,
  force = false,
  patches = [nodePatch, launcherPatch],
) {
  return planRebase(a, matchPatches(a.metadata, patches), new Map([[patchImageKey(nodePatch), resolution]]), {
    force,
  });
}

describe('planRebase', () => {
  test('swaps the node layer and the launcher at their own indexes, history mapped past empty entries', () => {
    const p = plan(app, patchImage);
    expect(p.refused).toEqual([]);
    expect(p.skipped).toEqual([]);
    expect(
      p.swaps.map((s) => [
        s.target,
        s.layerIndex,
        s.historyIndex,
        s.from.diffId,
        s.to.diffId,
        s.from.version,
        s.to.version,
      ]),
    ).toEqual([
      [
        { kind: 'layer', buildpack: 'example/node', layer: 'node', index: 0 },
        1,
        3,
        d('11'),
        d('12'),
        '22.11.0',
        '22.11.1',
      ],
      [{ kind: 'launcher' }, 3, 5, d('f0'), d('f1'), '0.20.0', '0.20.5'],
    ]);
    expect(p.swaps[0]!.to.descriptor.digest).toBe(d('b12'));
    expect(p.swaps[0]!.to.buildpackVersion).toBe('1.0.1');
  });

  test('a layer already at the patch version is skipped: a second run is a no-op', () => {
    const p = plan({ ...app, ...patchParts }, patchImage);
    expect(p.swaps).toEqual([]);
    expect(p.skipped.map((s) => s.reason)).toEqual([
      `already up to date (${d('12')})`,
      `already up to date (${d('f1')})`,
    ]);
  });

  test('a layer without the opt-in is refused, or swapped with a warning under force', () => {
    const parts = image({
      node: { diff: '11', digest: 'b11', version: '22.11.0', rebasable: false },
      launcher: 'f0',
    });
    const unmarked: AppImage = { ...app, ...parts };
    const refused = plan(unmarked, patchImage);
    expect(refused.refused.map((r) => r.reason)).toEqual([
      'layer example/node/node is not marked "io.buildpacks.rebasable": true in its data; refusing to replace it (set force to override)',
    ]);
    const forced = plan(unmarked, patchImage, true);
    expect(forced.refused).toEqual([]);
    expect(forced.swaps[0]!.forced).toBe(true);
    expect(forced.warnings[0]).toMatch(
      /not marked "io.buildpacks.rebasable": true; replaced anyway because force is set/,
    );
  });

  test('a patch image without the platform refuses the image; under force the platform is left unpatched', () => {
    const missing = {
      status: 'missing-platform' as const,
      reference: 'r.io/patch:22.11.1',
      available: ['linux/arm64'],
    };
    const p = plan(app, missing);
    expect(p.swaps).toEqual([]);
    expect(p.refused.map((r) => r.reason)).toEqual([
      'patch image r.io/patch:22.11.1 has no linux/amd64 image (it has: linux/arm64), so linux/amd64 would stay unpatched (add that platform to the patch image, or set force to patch the others)',
      'patch image r.io/patch:22.11.1 has no linux/amd64 image (it has: linux/arm64), so linux/amd64 would stay unpatched (add that platform to the patch image, or set force to patch the others)',
    ]);
    const forced = plan(app, missing, true);
    expect(forced.refused).toEqual([]);
    expect(forced.unpatched).toHaveLength(2);
    expect(forced.warnings[0]).toBe(
      'r.io/app:1: patch image r.io/patch:22.11.1 has no linux/amd64 image (it has: linux/arm64), so linux/amd64 would stay unpatched; layer example/node/node left as it is because force is set',
    );
  });

  test('a layer the metadata lists but the image does not contain (launch: false) is skipped, not refused', () => {
    const parts = structuredClone(appParts);
    parts.metadata.buildpacks![0]!.layers!.node = {
      sha: d('77'),
      data: { artifact: { version: '22.11.0' }, 'io.buildpacks.rebasable': true },
      launch: false,
    };
    const p = plan({ ...app, ...parts }, patchImage, false, [nodePatch]);
    expect(p.refused).toEqual([]);
    expect(p.skipped.map((s) => s.reason)).toEqual(['not a launch layer: the app image does not contain it']);
  });

  test('a patch image that lacks the layer refuses the image', () => {
    const broken = structuredClone(patchImage);
    broken.metadata.buildpacks![0]!.layers = {};
    const p = plan(app, broken, false, [nodePatch]);
    expect(p.refused[0]!.reason).toBe(
      'patch image r.io/patch:22.11.1 has no layer "node" of buildpack example/node in its lifecycle metadata',
    );
  });

  test('layer media types follow the app manifest family; zstd cannot go into a Docker manifest', () => {
    const dockerApp: AppImage = {
      ...app,
      ...image({ family: 'docker', node: { diff: '11', digest: 'b11', version: '22.11.0' }, launcher: 'f0' }),
    };
    expect(plan(dockerApp, patchImage).swaps[0]!.to.descriptor.mediaType).toBe(MediaType.dockerLayerGzip);
    const zstdPatch: ResolvedPatchImage = {
      ...patchImage,
      ...image({
        node: { diff: '12', digest: 'b12', version: '22.11.1' },
        launcher: 'f1',
        layerType: MediaType.ociLayerZstd,
      }),
    };
    const p = plan(dockerApp, zstdPatch, false, [nodePatch]);
    expect(p.refused[0]!.reason).toMatch(/cannot be expressed in a Docker schema 2 manifest/);
  });
});

describe('rewriteImage', () => {
  test('replaces in place, keeps unknown fields and key order, and is deterministic', () => {
    const p = plan(app, patchImage);
    const a = rewriteImage(p, app.manifest, app.config);
    const b = rewriteImage(p, structuredClone(app.manifest), structuredClone(app.config));
    expect(a.manifest.digest).toBe(b.manifest.digest);
    expect(a.config.bytes.equals(b.config.bytes)).toBe(true);
    const manifest = JSON.parse(a.manifest.bytes.toString()) as ImageManifest;
    const config = JSON.parse(a.config.bytes.toString()) as ImageConfig;
    expect(manifest.layers.map((l) => l.digest)).toEqual([d('b1'), d('b12'), d('bd'), d('bf1')]);
    expect(config.rootfs.diff_ids).toEqual([d('a1'), d('12'), d('de'), d('f1')]);
    expect(config.history![3]!.created_by).toBe("Layer: 'node', Created by buildpack: example/node@1.0.1");
    expect(config.history![0]).toEqual({ created_by: 'ARG X', empty_layer: true });
    expect(manifest.config).toEqual({
      mediaType: MediaType.ociConfig,
      digest: a.config.digest,
      size: a.config.bytes.length,
    });
    const meta = JSON.parse(config.config!.Labels!['io.buildpacks.lifecycle.metadata']!) as LifecycleMetadata;
    expect(Object.keys(meta)).toEqual(['buildpacks', 'launcher', 'unknown']);
    expect(meta.unknown).toEqual({ kept: true });
    expect(meta.buildpacks![0]!.version).toBe('1.0.1');
    expect(meta.launcher!.sha).toBe(d('f1'));
    // The input objects were not touched.
    expect(app.config.rootfs.diff_ids[1]).toBe(d('11'));
  });
});

describe('lifecycle-exact selection in the plan', () => {
  const labelsOf = (config: Buffer) =>
    (JSON.parse(config.toString()) as ImageConfig).config!.Labels! as Record<string, string>;

  test('two buildpacks entries with the same id are each matched and swapped on their own', () => {
    const parts = structuredClone(appParts);
    // The second entry's node layer is the image's third layer (index 2).
    parts.metadata.buildpacks!.push({
      key: 'example/node',
      version: '1.0.0',
      layers: {
        node: {
          sha: d('de'),
          data: { artifact: { version: '22.11.0' }, 'io.buildpacks.rebasable': true },
          launch: true,
        },
      },
    });
    delete parts.metadata.buildpacks![0]!.layers!.deps;
    parts.config.config!.Labels!['io.buildpacks.lifecycle.metadata'] = JSON.stringify(parts.metadata);
    const twice: AppImage = { ...app, ...parts };
    const p = plan(twice, patchImage, false, [nodePatch]);
    expect(p.refused).toEqual([]);
    expect(p.skipped).toEqual([]);
    expect(p.swaps.map((s) => [s.target, s.layerIndex])).toEqual([
      [{ kind: 'layer', buildpack: 'example/node', layer: 'node', index: 0 }, 1],
      [{ kind: 'layer', buildpack: 'example/node', layer: 'node', index: 1 }, 2],
    ]);
    const out = rewriteImage(p, twice.manifest, twice.config);
    const config = JSON.parse(out.config.bytes.toString()) as ImageConfig;
    expect(config.rootfs.diff_ids.slice(1, 3)).toEqual([d('12'), d('12')]);
    const lifecycle = JSON.parse(
      labelsOf(out.config.bytes)['io.buildpacks.lifecycle.metadata']!,
    ) as LifecycleMetadata;
    expect(lifecycle.buildpacks!.map((b) => b.layers!.node!.sha)).toEqual([d('12'), d('12')]);
    // The label says which entry each swap changed, and which release wrote it.
    const records = JSON.parse(labelsOf(out.config.bytes)['io.github.layer-rebase.applied']!) as {
      target: string;
      position?: number;
      tool?: string;
    }[];
    expect(records.map((r) => [r.target, r.position, r.tool])).toEqual([
      ['example/node/node', 0, `layer-rebase ${VERSION}`],
      ['example/node/node', 1, `layer-rebase ${VERSION}`],
    ]);
    // A re-derivation of a label written before either was recorded writes neither.
    const earlier = rewriteImage(p, twice.manifest, twice.config, [], undefined, { positions: false });
    const old = JSON.parse(labelsOf(earlier.config.bytes)['io.github.layer-rebase.applied']!) as object[];
    expect(old.map((r) => ['position', 'tool'].filter((k) => k in r))).toEqual([[], []]);
  });

  test('verify cannot tell a difference from a guess when records without positions name a shared id', () => {
    const swap = (index: number) =>
      ({ target: { kind: 'layer', buildpack: 'example/node', layer: 'node', index } }) as LayerSwap;
    const record = (position?: number) => ({
      target: 'example/node/node',
      source: 'p.json',
      selector: 'example/node / node',
      patchImage: 'r.io/node@' + d('99'),
      from: d('1'),
      to: d('2'),
      ...(position === undefined ? {} : { position }),
    });
    expect(unrecordedPosition({ records: [record(), record()] }, [swap(0), swap(1)])).toMatch(
      /does not record which of the buildpacks\[\] entries with id example\/node/,
    );
    expect(unrecordedPosition({ records: [record(0), record(1)] }, [swap(0), swap(1)])).toBeUndefined();
    expect(unrecordedPosition({ records: [record()] }, [swap(1)])).toBeUndefined();
  });

  test('the later of two patches for one layer wins; the earlier is reported as overridden', () => {
    const earlier: LayerPatch = {
      ...nodePatch,
      patchImage: 'r.io/other:1',
      source: { kind: 'file', location: 'a.json' },
    };
    const p = plan(app, patchImage, false, [earlier, nodePatch]);
    expect(p.swaps.map((s) => s.patch)).toEqual([nodePatch]);
    expect(p.overrides).toEqual([{ patch: earlier, by: nodePatch }]);
  });

  const bomEntry = (id: string, version: string, name: string) => ({
    name,
    metadata: { version },
    buildpack: { id, version: '1.0.0' },
  });

  test('the legacy BOM: a patched buildpack’s entries are replaced by the patch image’s', () => {
    const old: AppImage = {
      ...app,
      buildMetadata: {
        launcher: { version: '0.20.0' },
        bom: [
          bomEntry('x/other', '1', 'other'),
          bomEntry('example/node', '22.11.0', 'node'),
          bomEntry('x/z', '2', 'z'),
        ],
      },
    };
    const withBom: ResolvedPatchImage = {
      ...patchImage,
      buildMetadata: { launcher: { version: '0.20.5' }, bom: [bomEntry('example/node', '22.11.1', 'node')] },
    };
    old.config = structuredClone(old.config);
    old.config.config!.Labels!['io.buildpacks.build.metadata'] = JSON.stringify(old.buildMetadata);
    const p = plan(old, withBom, false, [nodePatch]);
    expect(p.warnings).toEqual([]);
    const build = JSON.parse(
      labelsOf(rewriteImage(p, old.manifest, old.config).config.bytes)['io.buildpacks.build.metadata']!,
    ) as {
      bom: unknown[];
    };
    expect(build.bom).toEqual([
      bomEntry('x/other', '1', 'other'),
      bomEntry('example/node', '22.11.1', 'node'),
      bomEntry('x/z', '2', 'z'),
    ]);

    const stale = plan(old, patchImage, false, [nodePatch]);
    expect(stale.warnings).toEqual([
      'r.io/app:1: the legacy BOM (io.buildpacks.build.metadata "bom") still lists example/node as it was before the patch, and the patch image has no entries to replace them: it is stale',
    ]);
  });
});
