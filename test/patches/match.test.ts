import { describe, expect, test } from 'vitest';
import type { LifecycleMetadata } from '../../src/cnb/metadata.js';
import type { Digest } from '../../src/oci/digest.js';
import { dataMatches, lookupDataPath, matchPatches } from '../../src/patches/match.js';
import type { LauncherPatch, LayerPatch } from '../../src/patches/types.js';

const sha = (c: string) => `sha256:${c.repeat(64)}` as Digest;

function layerPatch(
  fields: Partial<LayerPatch> & Pick<LayerPatch, 'buildpack' | 'layer'>,
  location = 'a.json',
): LayerPatch {
  return {
    kind: 'layer',
    data: {},
    patchImage: 'r.io/p:1',
    mirrors: [],
    source: { kind: 'file', location },
    where: 'patches[0]',
    ...fields,
  };
}

const metadata: LifecycleMetadata = {
  buildpacks: [
    {
      key: 'heroku/nodejs',
      version: '3.1.0',
      layers: {
        dist: {
          sha: sha('1'),
          data: { artifact: { version: '24.7.1' }, 'io.buildpacks.rebasable': true },
          launch: true,
        },
        deps: { sha: sha('2'), data: null, launch: true },
      },
    },
    {
      key: 'paketo-buildpacks/bellsoft-liberica',
      version: '10.0.0',
      layers: {
        jre: { sha: sha('3'), data: { 'artifact.version': '21.0.4', major: 21, lts: true }, launch: true },
      },
    },
  ],
  launcher: { sha: sha('9') },
};

describe('data selectors', () => {
  test.each([
    [{ artifact: { version: '1' } }, 'artifact.version', ['1']],
    [{ 'artifact.version': '2' }, 'artifact.version', ['2']],
    [{ 'io.buildpacks.rebasable': true }, 'io.buildpacks.rebasable', [true]],
    [{ io: { 'buildpacks.rebasable': false } }, 'io.buildpacks.rebasable', [false]],
    [{ 'a.b': { c: 1 }, a: { 'b.c': 2 } }, 'a.b.c', [2, 1]],
    [null, 'a', []],
    [{ a: 'x' }, 'a.b', []],
  ])('%j at %s', (data, path, expected) => {
    expect(lookupDataPath(data, path).sort()).toEqual([...expected].sort());
  });

  test.each([
    [{ 'artifact.version': '21.0.*' }, true],
    [{ 'artifact.version': '21.1.*' }, false],
    [{ major: 21 }, true],
    [{ major: '2?' }, true],
    [{ major: 22 }, false],
    [{ lts: true }, true],
    [{ lts: 'true' }, true],
    [{ lts: false }, false],
    [{ 'artifact.version': '21.*', major: 22 }, false],
    [{ missing: '*' }, false],
  ])('%j -> %s', (selectors, expected) => {
    expect(dataMatches(selectors, metadata.buildpacks![1]!.layers!.jre!.data)).toBe(expected);
  });
});

describe('matchPatches', () => {
  test('globs on buildpack and layer, data on the layer, launcher by sha', () => {
    const dist = layerPatch({ buildpack: 'heroku/*', layer: 'd*', data: { 'artifact.version': '24.7.*' } });
    const noData = layerPatch({ buildpack: 'heroku/nodejs', layer: 'deps', data: { version: '*' } });
    const launcher: LauncherPatch = {
      kind: 'launcher',
      mustMatchSha: [sha('9')],
      patchImage: 'r.io/l:1',
      mirrors: [],
      source: { kind: 'file', location: 'a.json' },
      where: 'patches.launcher',
    };
    const otherLauncher: LauncherPatch = { ...launcher, mustMatchSha: [sha('8')] };
    const { matches, unmatched } = matchPatches(metadata, [dist, noData, launcher, otherLauncher]);
    expect(matches.map((m) => [m.target, m.patch])).toEqual([
      [{ kind: 'layer', buildpack: 'heroku/nodejs', layer: 'dist' }, dist],
      [{ kind: 'launcher' }, launcher],
    ]);
    expect(unmatched).toEqual([noData, otherLauncher]);
  });

  test('the earlier source wins; a different patch image is reported overridden, an identical one merged', () => {
    const first = layerPatch(
      { buildpack: 'paketo-buildpacks/*', layer: 'jre', patchImage: 'r.io/jre:21.0.5' },
      'explicit.json',
    );
    const same = layerPatch(
      { buildpack: 'paketo-buildpacks/bellsoft-liberica', layer: 'jre', patchImage: 'r.io/jre:21.0.5' },
      'bp.json',
    );
    const other = layerPatch(
      { buildpack: 'paketo-buildpacks/bellsoft-liberica', layer: 'jre', patchImage: 'r.io/jre:21.0.6' },
      'bp2.json',
    );
    const { matches, unmatched } = matchPatches(metadata, [first, same, other]);
    expect(matches).toHaveLength(1);
    expect(matches[0]!.patch).toBe(first);
    expect(matches[0]!.overridden).toEqual([{ patch: other, by: first }]);
    expect(unmatched).toEqual([]);
  });

  test('a launcher patch without must-match-sha applies to any launcher', () => {
    const launcher: LauncherPatch = {
      kind: 'launcher',
      patchImage: 'r.io/l:1',
      mirrors: [],
      source: { kind: 'file', location: 'a' },
      where: 'x',
    };
    expect(matchPatches(metadata, [launcher]).matches).toHaveLength(1);
    expect(
      matchPatches({ ...metadata, launcher: undefined } as LifecycleMetadata, [launcher]).matches,
    ).toHaveLength(0);
  });
});
