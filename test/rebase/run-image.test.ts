import { describe, expect, test } from 'vitest';
import type { Digest } from '../../src/oci/digest.js';
import { MediaType } from '../../src/oci/media-types.js';
import type { ImageConfig, ImageManifest } from '../../src/oci/types.js';
import { planRunImage, type RunImageCandidate } from '../../src/rebase/run-image.js';
import { rewriteImage } from '../../src/rebase/rewrite.js';
import type { AppImage, Plan } from '../../src/rebase/types.js';
import { emptyPlan } from '../fixtures/results.js';

const d = (c: string) => `sha256:${c.padEnd(64, '0')}` as Digest;
const layer = (c: string) => ({ mediaType: MediaType.ociLayerGzip, digest: d(`b${c}`), size: 1 });

function app(labels: Record<string, string> = {}): AppImage {
  const metadata = {
    runImage: { topLayer: d('a2'), reference: 'r.io/run@sha256:x', image: 'r.io/run:1' },
    buildpacks: [],
  };
  const config: ImageConfig = {
    os: 'linux',
    architecture: 'amd64',
    config: {
      Env: ['A=1'],
      Labels: {
        'io.buildpacks.base.id': 'io.example',
        'io.buildpacks.base.old': 'x',
        ...labels,
        'io.buildpacks.lifecycle.metadata': JSON.stringify(metadata),
      },
    },
    rootfs: { type: 'layers', diff_ids: [d('a1'), d('a2'), d('c1'), d('c2')] },
    history: [
      { created_by: 'ADD base' },
      { created_by: 'ADD base 2' },
      { created_by: 'USER 1000', empty_layer: true },
      { created_by: "Layer: 'x', Created by buildpack: b@1" },
      { created_by: 'Application Layer' },
    ],
  };
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MediaType.dockerManifest,
    config: { mediaType: MediaType.dockerConfig, digest: d('cf'), size: 1 },
    layers: [layer('a1'), layer('a2'), layer('c1'), layer('c2')].map((l) => ({
      ...l,
      mediaType: MediaType.dockerLayerGzip,
    })),
  };
  return {
    reference: 'r.io/app:1',
    manifestDigest: d('ff'),
    manifest,
    config,
    metadata: metadata as AppImage['metadata'],
    buildMetadata: undefined,
  };
}

function runImage(
  diffIds: Digest[],
  platform = { os: 'linux', architecture: 'amd64' },
  baseId = 'io.example',
): RunImageCandidate {
  return {
    reference: 'r.io/run:1',
    digest: d('99'),
    manifest: {
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: { mediaType: MediaType.ociConfig, digest: d('9c'), size: 1 },
      layers: diffIds.map((x) => layer(x.slice(7, 9))),
    },
    config: {
      ...platform,
      config: { Labels: { 'io.buildpacks.base.id': baseId, 'io.buildpacks.base.new': 'y' } },
      rootfs: { type: 'layers', diff_ids: diffIds },
      history: diffIds.map((_, i) => ({ created_by: `new base ${i}` })),
    },
  };
}

const planWith = (runImage: Plan['runImage']): Plan => ({
  ...emptyPlan('r.io/app:1'),
  ...(runImage ? { runImage } : {}),
});

describe('planRunImage', () => {
  test('replaces the base layers and history, keeps the app, swaps base labels, converts media types', () => {
    const a = app();
    const plan = planRunImage(a, runImage([d('n1')]), { force: false });
    expect(plan.status).toBe('rebase');
    expect(plan.change!.historyEnd).toBe(2);
    const out = rewriteImage(planWith(plan), a.manifest, a.config);
    const config = JSON.parse(out.config.bytes.toString()) as ImageConfig;
    const manifest = JSON.parse(out.manifest.bytes.toString()) as ImageManifest;
    expect(config.rootfs.diff_ids).toEqual([d('n1'), d('c1'), d('c2')]);
    expect(config.history!.map((h) => h.created_by)).toEqual([
      'new base 0',
      "Layer: 'x', Created by buildpack: b@1",
      'Application Layer',
    ]);
    expect(manifest.layers.map((l) => l.mediaType)).toEqual([
      MediaType.dockerLayerGzip,
      MediaType.dockerLayerGzip,
      MediaType.dockerLayerGzip,
    ]);
    expect(config.config!.Env).toEqual(['A=1']);
    expect(config.config!.Labels!['io.buildpacks.base.old']).toBeUndefined();
    expect(config.config!.Labels!['io.buildpacks.base.new']).toBe('y');
    expect(JSON.parse(config.config!.Labels!['io.buildpacks.lifecycle.metadata']!).runImage).toEqual({
      topLayer: d('n1'),
      reference: `r.io/run@${d('99')}`,
      image: 'r.io/run:1',
    });
  });

  test('nothing to do when the base is already the run image', () => {
    expect(planRunImage(app(), runImage([d('a1'), d('a2')]), { force: false }).status).toBe('current');
  });

  test.each([
    [
      app(),
      runImage([d('n1')], { os: 'linux', architecture: 'arm64' }),
      /linux\/arm64 but the app image is linux\/amd64/,
    ],
    [app(), runImage([d('n1')], undefined, 'io.other'), /base id io.other but the app image has io.example/],
    [app({ 'io.buildpacks.rebasable': 'false' }), runImage([d('n1')]), /rebasable=false/],
  ])('refuses unless forced: %#', (a, r, message) => {
    const refused = planRunImage(a, r, { force: false });
    expect(refused.status).toBe('refused');
    expect(refused.reason).toMatch(message);
    const forced = planRunImage(a, r, { force: true });
    expect(forced.status).toBe('rebase');
    expect(forced.forced).toBe(true);
  });

  test('an app without runImage.topLayer cannot be rebased', () => {
    const a = app();
    a.metadata = { buildpacks: [] };
    expect(planRunImage(a, runImage([d('n1')]), { force: true }).reason).toMatch(/no runImage.topLayer/);
  });

  test('an app image given as the run image is refused, force or not, naming its buildpack layers', () => {
    const other = runImage([d('n1'), d('n2')]);
    other.reference = 'r.io/other-app:2';
    other.config.config!.Labels!['io.buildpacks.lifecycle.metadata'] = JSON.stringify({
      buildpacks: [{ key: 'example/node', version: '1.0.0', layers: { node: {}, deps: {} } }],
    });
    for (const force of [false, true]) {
      const plan = planRunImage(app(), other, { force });
      expect(plan.status).toBe('refused');
      expect(plan.reason).toBe(
        'r.io/other-app:2 is an app image, not a run image: its io.buildpacks.lifecycle.metadata label lists buildpack layers (example/node: node, deps); give the run image the app was built on (it records r.io/run:1), or auto',
      );
    }
    // A run image with an (empty) lifecycle label of its own is still a run image.
    const run = runImage([d('n1')]);
    run.config.config!.Labels!['io.buildpacks.lifecycle.metadata'] = JSON.stringify({ buildpacks: [] });
    expect(planRunImage(app(), run, { force: false }).status).toBe('rebase');
  });
});
