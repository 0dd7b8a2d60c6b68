import { describe, expect, test } from 'vitest';
import { PatchFileError } from '../../src/errors.js';
import { detectFormat, parsePatchFile } from '../../src/patches/parse.js';
import type { PatchSource } from '../../src/patches/types.js';

const src = (location: string): PatchSource => ({ kind: 'file', location });
const SHA = `sha256:${'a'.repeat(64)}`;

function error(text: string, file = 'patches.json'): PatchFileError {
  try {
    parsePatchFile(text, src(file));
  } catch (e) {
    if (e instanceof PatchFileError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('accepted forms', () => {
  const expected = {
    kind: 'layer',
    buildpack: 'example/node',
    layer: 'node',
    data: { 'artifact.version': '22.11.*' },
    patchImage: 'registry.example.com/patches/node:22.11.1',
    mirrors: ['mirror.example.com/patches/node:22.11.1'],
  };

  test('the RFC JSON form', () => {
    const file = parsePatchFile(
      JSON.stringify({
        patches: [
          {
            buildpack: 'example/node',
            layer: 'node',
            data: { 'artifact.version': '22.11.*' },
            'patch-image': 'registry.example.com/patches/node:22.11.1',
            'patch-image.mirrors': ['mirror.example.com/patches/node:22.11.1'],
          },
        ],
      }),
      src('p.json'),
    );
    expect(file.patches).toEqual([{ ...expected, source: src('p.json'), where: 'patches[0]' }]);
    expect(file.warnings).toEqual([]);
  });

  test('the object form with a launcher', () => {
    const file = parsePatchFile(
      JSON.stringify({
        patches: {
          buildpacks: [{ buildpack: 'heroku/nodejs', layer: 'dist', 'patch-image': 'r.example.com/p:1' }],
          launcher: {
            'must-match-sha': [SHA],
            'patch-image': 'r.example.com/p:1',
            'patch-image.mirrors': [],
          },
        },
      }),
      src('p.json'),
    );
    expect(file.patches.map((p) => [p.kind, p.where])).toEqual([
      ['layer', 'patches.buildpacks[0]'],
      ['launcher', 'patches.launcher'],
    ]);
    expect(file.patches[1]).toMatchObject({
      mustMatchSha: [SHA],
      patchImage: 'r.example.com/p:1',
      mirrors: [],
    });
  });

  test('TOML [[patches]] with quoted dotted keys', () => {
    const file = parsePatchFile(
      [
        '[[patches]]',
        'buildpack = "example/node"',
        'layer = "node"',
        'data = { "artifact.version" = "22.11.*" }',
        '"patch-image" = "registry.example.com/patches/node:22.11.1"',
        '"patch-image.mirrors" = ["mirror.example.com/patches/node:22.11.1"]',
      ].join('\n'),
      src('p.toml'),
    );
    expect(file.patches).toEqual([{ ...expected, source: src('p.toml'), where: 'patches[0]' }]);
  });

  test('TOML nested data spelling reads the same selectors', () => {
    const file = parsePatchFile(
      [
        '[[patches]]',
        'buildpack = "example/node"',
        'layer = "node"',
        'patch-image = "r.example.com/p:1"',
        '[patches.data]',
        'artifact.version = "22.11.*"',
      ].join('\n'),
      src('p.toml'),
    );
    expect(file.patches[0]).toMatchObject({ data: { 'artifact.version': '22.11.*' } });
  });

  test('TOML object form', () => {
    const file = parsePatchFile(
      [
        '[[patches.buildpacks]]',
        'buildpack = "example/*"',
        'layer = "jre"',
        'data = { "io.buildpacks.rebasable" = true, "major" = 21 }',
        '"patch-image" = "r.example.com/jre:21"',
        '[patches.launcher]',
        `"must-match-sha" = ["${SHA}"]`,
        '"patch-image" = "r.example.com/launcher:1"',
      ].join('\n'),
      src('p.toml'),
    );
    expect(file.patches).toMatchObject([
      { kind: 'layer', data: { 'io.buildpacks.rebasable': true, major: 21 } },
      { kind: 'launcher', mustMatchSha: [SHA] },
    ]);
  });

  test('unknown keys are warned about, not dropped silently', () => {
    const file = parsePatchFile(
      JSON.stringify({
        version: 2,
        patches: [{ buildpack: 'a', layer: 'b', 'patch-image': 'r.io/x:1', 'patch-images': [] }],
      }),
      src('p.json'),
    );
    expect(file.warnings).toEqual([
      'p.json: unknown key "version" ignored',
      'p.json: unknown key "patches[0].patch-images" ignored',
    ]);
  });

  test.each([
    ['x.json', '', 'json'],
    ['x.toml', '', 'toml'],
    ['https://e.com/p?x=1', '{"patches": []}', 'json'],
    ['patches', '[[patches]]\nbuildpack="a"', 'toml'],
  ] as const)('format of %s', (name, text, format) => {
    expect(detectFormat(name, text)).toBe(format);
  });
});

describe('errors name the file, the patch and the key', () => {
  test.each([
    [{ patches: [{ buildpack: 'a', layer: 'b' }] }, 'patches[0].patch-image', /missing/],
    [
      { patches: [{ buildpack: 'a', layer: 'b', 'patch-image': 7 }] },
      'patches[0].patch-image',
      /expected a non-empty string \(got 7\)/,
    ],
    [{ patches: [{ layer: 'b', 'patch-image': 'r.io/x' }] }, 'patches[0].buildpack', /missing/],
    [
      { patches: [{ buildpack: 'a[', layer: 'b', 'patch-image': 'r.io/x' }] },
      'patches[0].buildpack',
      /invalid glob "a\["/,
    ],
    [
      { patches: [{ buildpack: 'a', layer: 'b', 'patch-image': 'r.io/UPPER' }] },
      'patches[0].patch-image',
      /lowercase/,
    ],
    [
      { patches: [{ buildpack: 'a', layer: 'b', 'patch-image': 'r.io/x', 'patch-image.mirrors': 'r.io/y' }] },
      'patches[0].patch-image.mirrors',
      /array/,
    ],
    [
      { patches: [{ buildpack: 'a', layer: 'b', 'patch-image': 'r.io/x', data: { v: [1] } }] },
      'patches[0].data.v',
      /string, number or boolean/,
    ],
    [
      { patches: { launcher: { 'must-match-sha': ['sha256:xyz'], 'patch-image': 'r.io/x' } } },
      'patches.launcher.must-match-sha[0]',
      /sha256/,
    ],
    [{ patches: 'nope' }, 'patches', /expected an array/],
    [{ patches: { buildpacks: {} } }, 'patches.buildpacks', /array/],
  ])('%j', (doc, key, message) => {
    const e = error(JSON.stringify(doc));
    expect(e.file).toBe('patches.json');
    expect(e.key).toBe(key);
    expect(e.message).toMatch(message);
    expect(e.message).toContain(`patch file patches.json at ${key}`);
  });

  test('invalid JSON and TOML', () => {
    expect(error('{"patches": [', 'p.json').message).toMatch(/^patch file p.json: not valid JSON/);
    expect(error('[[patches]\n', 'p.toml').message).toMatch(/^patch file p.toml: not valid TOML/);
  });

  test('an unquoted patch-image.mirrors in TOML says how to spell it', () => {
    const e = error(
      [
        '[[patches]]',
        'buildpack = "a"',
        'layer = "b"',
        'patch-image = "r.io/x"',
        'patch-image.mirrors = ["r.io/y"]',
      ].join('\n'),
      'p.toml',
    );
    expect(e.message).toContain('"patch-image.mirrors" = [...]');
  });
});
