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
        jre: {
          sha: sha('3'),
          data: {
            'artifact.version': '21.0.4',
            dependency: { version: '21.0.4' },
            major: 21,
            lts: true,
            name: 'jre-21',
            empty: '',
          },
          launch: true,
        },
      },
    },
  ],
  launcher: { sha: sha('9') },
};

describe('data selectors (lifecycle: split on every ".", nested objects only, strings only)', () => {
  test.each([
    [{ artifact: { version: '1' } }, 'artifact.version', { found: true, value: '1' }],
    // A literal dotted key is never found: lifecycle always splits the selector key.
    [{ 'artifact.version': '2' }, 'artifact.version', { found: false }],
    [{ io: { 'buildpacks.rebasable': false } }, 'io.buildpacks.rebasable', { found: false }],
    [{ 'a.b': { c: 1 }, a: { 'b.c': 2 } }, 'a.b.c', { found: false }],
    [{ a: { b: { c: 3 } } }, 'a.b.c', { found: true, value: 3 }],
    [null, 'a', { found: false }],
    [{ a: 'x' }, 'a.b', { found: false }],
    [{ a: [{ b: '1' }] }, 'a.0.b', { found: false }],
    [{ __proto__: 'x' }, '__proto__', { found: false }],
    [JSON.parse('{"__proto__": "x"}'), '__proto__', { found: true, value: 'x' }],
  ])('%j at %s', (data, path, expected) => {
    expect(lookupDataPath(data, path)).toEqual(expected);
  });

  test.each([
    [{ 'artifact.version': '21.0.*' }, false, 'literal dotted key is not a path'],
    [{ 'dependency.version': '21.0.*' }, true, 'nested path'],
    [{ 'dependency.version': '21.1.*' }, false, 'glob does not match'],
    [{ major: '21' }, false, 'a number never matches'],
    [{ major: '2?' }, false, 'a number never matches'],
    [{ lts: 'true' }, false, 'a boolean never matches'],
    [{ name: 'jre-*' }, true, 'string glob'],
    [{ name: '' }, false, 'empty glob matches only the empty string'],
    [{ empty: '' }, true, 'empty glob matches the empty string'],
    [{ 'dependency.version': '21.*', major: '21' }, false, 'all selectors must match'],
    [{ missing: '*' }, false, 'missing path'],
    [{}, true, 'no selectors'],
  ] as [Record<string, string>, boolean, string][])('%j -> %s (%s)', (selectors, expected) => {
    expect(dataMatches(selectors, metadata.buildpacks![1]!.layers!.jre!.data)).toBe(expected);
  });
});

/**
 * Lifecycle 1598's matcher (internal/patch/matcher_test.go and patcher_test.go on the
 * jab/buildpack-layer-patching branch of buildpacks/lifecycle), restated as facts: each row is the
 * metadata, the patch, and lifecycle's answer as (buildpack index, layer) pairs.
 */
describe("lifecycle's matcher, case by case", () => {
  type Bp = { key: string; layers: Record<string, unknown> };
  const md = (...bps: Bp[]): LifecycleMetadata =>
    ({
      buildpacks: bps.map((bp) => ({
        key: bp.key,
        version: '1.0.0',
        layers: Object.fromEntries(
          Object.entries(bp.layers).map(([name, data], i) => [name, { sha: sha(String(i + 1)), data }]),
        ),
      })),
    }) as LifecycleMetadata;
  const jre = (version: unknown) => ({ artifact: { version } });
  const rows: [string, LifecycleMetadata, Partial<LayerPatch>, [number, string][]][] = [
    [
      'exact buildpack and layer',
      md({ key: 'buildpack-a', layers: { layer1: null, layer2: null } }),
      { buildpack: 'buildpack-a', layer: 'layer1' },
      [[0, 'layer1']],
    ],
    [
      'glob on the buildpack',
      md(
        { key: 'org/buildpack-java', layers: { jre: null } },
        { key: 'org/buildpack-python', layers: { python: null } },
      ),
      { buildpack: 'org/buildpack-*', layer: '*' },
      [
        [0, 'jre'],
        [1, 'python'],
      ],
    ],
    [
      'glob on the layer name',
      md({ key: 'buildpack-a', layers: { 'jre-11': null, 'jre-17': null, other: null } }),
      { buildpack: 'buildpack-a', layer: 'jre-*' },
      [
        [0, 'jre-11'],
        [0, 'jre-17'],
      ],
    ],
    [
      'data matches',
      md({ key: 'buildpack-a', layers: { jre: jre('17.0.1') } }),
      { buildpack: 'buildpack-a', layer: 'jre', data: { 'artifact.version': '17.*' } },
      [[0, 'jre']],
    ],
    [
      'data does not match',
      md({ key: 'buildpack-a', layers: { jre: jre('11.0.1') } }),
      { buildpack: 'buildpack-a', layer: 'jre', data: { 'artifact.version': '17.*' } },
      [],
    ],
    [
      'data path does not exist',
      md({ key: 'buildpack-a', layers: { jre: { other: 'value' } } }),
      { buildpack: 'buildpack-a', layer: 'jre', data: { 'artifact.version': '17.*' } },
      [],
    ],
    [
      'no buildpack matches',
      md({ key: 'buildpack-a', layers: { layer1: null } }),
      { buildpack: 'buildpack-b', layer: 'layer1' },
      [],
    ],
    [
      'patch for a non-existent buildpack is skipped',
      md({ key: 'buildpack-a', layers: { layer1: null } }),
      { buildpack: 'buildpack-nonexistent', layer: 'layer1' },
      [],
    ],
    [
      'multiple buildpacks have the same ID: both entries',
      md({ key: 'buildpack-a', layers: { layer1: null } }, { key: 'buildpack-a', layers: { layer1: null } }),
      { buildpack: 'buildpack-a', layer: 'layer1' },
      [
        [0, 'layer1'],
        [1, 'layer1'],
      ],
    ],
    [
      'data selector on null data',
      md({ key: 'buildpack-a', layers: { layer1: null } }),
      { buildpack: 'buildpack-a', layer: 'layer1', data: { x: '*' } },
      [],
    ],
    [
      '"!" is an ordinary character in a class',
      md({ key: 'buildpack-a', layers: { jre: null, '!re': null } }),
      { buildpack: 'buildpack-a', layer: '[!x]re' },
      [[0, '!re']],
    ],
    [
      'a number in data never matches (Heroku build-count: 1)',
      md({ key: 'heroku/nodejs', layers: { dist: { 'build-count': 1 } } }),
      { buildpack: 'heroku/nodejs', layer: 'dist', data: { 'build-count': '1' } },
      [],
    ],
    [
      'a boolean in data never matches (Paketo executable-jar launch: true)',
      md({ key: 'paketo-buildpacks/executable-jar', layers: { classpath: { launch: true } } }),
      { buildpack: 'paketo-buildpacks/executable-jar', layer: 'classpath', data: { launch: 'true' } },
      [],
    ],
    [
      'a literal dotted key in data is not found by a dotted selector',
      md({ key: 'paketo-buildpacks/bellsoft-liberica', layers: { jre: { 'artifact.version': '21.0.4' } } }),
      {
        buildpack: 'paketo-buildpacks/bellsoft-liberica',
        layer: 'jre',
        data: { 'artifact.version': '21.*' },
      },
      [],
    ],
    [
      'Paketo keeps versions at dependency.version',
      md({ key: 'paketo-buildpacks/node-engine', layers: { node: { dependency: { version: '22.11.0' } } } }),
      {
        buildpack: 'paketo-buildpacks/node-engine',
        layer: 'node',
        data: { 'dependency.version': '22.11.*' },
      },
      [[0, 'node']],
    ],
    [
      '"*" never matches an id with "/"',
      md({ key: 'heroku/nodejs', layers: { dist: null } }),
      { buildpack: '*', layer: 'dist' },
      [],
    ],
    [
      '"*/*" does',
      md({ key: 'heroku/nodejs', layers: { dist: null } }),
      { buildpack: '*/*', layer: 'dist' },
      [[0, 'dist']],
    ],
  ];
  test.each(rows)('%s', (_name, metadata, fields, expected) => {
    const patch = layerPatch({ buildpack: '', layer: '', ...fields });
    const { matches } = matchPatches(metadata, [patch]);
    const got = matches.map((m) =>
      m.target.kind === 'layer' ? [m.target.index, m.target.layer] : [-1, 'launcher'],
    );
    expect(got.sort()).toEqual([...expected].sort());
  });
});

describe('matchPatches', () => {
  test('globs on buildpack and layer, data on the layer, launcher by sha; the rest say why not', () => {
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
      [{ kind: 'layer', buildpack: 'heroku/nodejs', layer: 'dist', index: 0 }, dist],
      [{ kind: 'launcher' }, launcher],
    ]);
    expect(unmatched).toEqual([
      { patch: noData, kind: 'data', reason: 'heroku/nodejs/deps: data.version is missing' },
      {
        patch: otherLauncher,
        kind: 'launcher',
        reason: `the launcher ${sha('9')} is not in must-match-sha`,
      },
    ]);
  });

  test.each([
    [
      { buildpack: '*', layer: 'dist' },
      'no buildpack matches "*" (did you mean "buildpack": "*/*"?); the image has "heroku/nodejs", "paketo-buildpacks/bellsoft-liberica"',
    ],
    [
      // A plain name is no glob: no hint about "*", but the id it is the last part of.
      { buildpack: 'nodejs', layer: 'dist' },
      'no buildpack matches "nodejs" (did you mean "buildpack": "heroku/nodejs"?); the image has "heroku/nodejs", "paketo-buildpacks/bellsoft-liberica"',
    ],
    [
      { buildpack: 'heroku/nodjs', layer: 'dist' },
      'no buildpack matches "heroku/nodjs" (did you mean "buildpack": "heroku/nodejs"?); the image has "heroku/nodejs", "paketo-buildpacks/bellsoft-liberica"',
    ],
    [
      { buildpack: 'Heroku/*', layer: 'dist' },
      'no buildpack matches "Heroku/*" (did you mean "buildpack": "heroku/nodejs"?); the image has "heroku/nodejs", "paketo-buildpacks/bellsoft-liberica"',
    ],
    [
      { buildpack: 'heroku/nodejs', layer: 'Dist' },
      'no layer matches "Dist" in "heroku/nodejs" (did you mean "layer": "dist"?); it has "heroku/nodejs/dist", "heroku/nodejs/deps"',
    ],
    [
      { buildpack: 'go', layer: 'dist' },
      'no buildpack matches "go"; the image has "heroku/nodejs", "paketo-buildpacks/bellsoft-liberica"',
    ],
    [
      { buildpack: 'heroku/nodejs', layer: 'node' },
      'no layer matches "node" in "heroku/nodejs"; it has "heroku/nodejs/dist", "heroku/nodejs/deps"',
    ],
    [
      { buildpack: 'paketo-buildpacks/*', layer: 'jre', data: { major: '21' } },
      'paketo-buildpacks/bellsoft-liberica/jre: data.major is a number (21); lifecycle matches strings only',
    ],
    [
      { buildpack: 'paketo-buildpacks/*', layer: 'jre', data: { 'dependency.version': '17.*' } },
      'paketo-buildpacks/bellsoft-liberica/jre: data.dependency.version is "21.0.4", not "17.*"',
    ],
  ] as const)('an unmatched patch %j says why', (fields, reason) => {
    const { unmatched } = matchPatches(metadata, [layerPatch({ ...fields })]);
    expect(unmatched.map((u) => u.reason)).toEqual([reason]);
  });

  test('the later patch wins, as lifecycle applies them in order; a different patch image is reported overridden, an identical one merged', () => {
    const first = layerPatch(
      { buildpack: 'paketo-buildpacks/*', layer: 'jre', patchImage: 'r.io/jre:21.0.5' },
      'published.json',
    );
    const same = layerPatch(
      { buildpack: 'paketo-buildpacks/bellsoft-liberica', layer: 'jre', patchImage: 'r.io/jre:21.0.5' },
      'bp.json',
    );
    const last = layerPatch(
      { buildpack: 'paketo-buildpacks/bellsoft-liberica', layer: 'jre', patchImage: 'r.io/jre:21.0.6' },
      'explicit.json',
    );
    const { matches, unmatched } = matchPatches(metadata, [first, same, last]);
    expect(matches).toHaveLength(1);
    expect(matches[0]!.patch).toBe(last);
    expect(matches[0]!.overridden).toEqual([
      { patch: first, by: last },
      { patch: same, by: last },
    ]);
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
