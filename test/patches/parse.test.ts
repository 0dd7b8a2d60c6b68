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
        'data = { "artifact.version" = "21.*", dependency = { version = "21.0.*" } }',
        '"patch-image" = "r.example.com/jre:21"',
        '[patches.launcher]',
        `"must-match-sha" = ["${SHA}"]`,
        '"patch-image" = "r.example.com/launcher:1"',
      ].join('\n'),
      src('p.toml'),
    );
    expect(file.patches).toMatchObject([
      { kind: 'layer', data: { 'artifact.version': '21.*', 'dependency.version': '21.0.*' } },
      { kind: 'launcher', mustMatchSha: [SHA] },
    ]);
  });

  test('unknown top-level keys are warnings; the patches stay', () => {
    const file = parsePatchFile(
      JSON.stringify({ version: 2, patches: [{ buildpack: 'a', layer: 'b', 'patch-image': 'r.io/x:1' }] }),
      src('p.json'),
    );
    expect(file.patches).toHaveLength(1);
    expect(file.warnings).toEqual(['p.json: unknown key "version" ignored']);
  });

  test('selector keys such as __proto__ are ordinary keys, never dropped', () => {
    const file = parsePatchFile(
      '{"patches": [{"buildpack": "a", "layer": "b", "patch-image": "r.io/x:1", "data": {"__proto__": "x", "constructor": "y"}}]}',
      src('p.json'),
    );
    const patch = file.patches[0]!;
    expect(patch.kind === 'layer' && Object.entries(patch.data)).toEqual([
      ['__proto__', 'x'],
      ['constructor', 'y'],
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
      /a data selector must be a string glob \(lifecycle matches only string values\)/,
    ],
    [
      { patches: { launcher: { 'must-match-sha': ['sha256:xyz'], 'patch-image': 'r.io/x' } } },
      'patches.launcher.must-match-sha[0]',
      /sha256/,
    ],
    [
      { patches: [{ buildpack: 'a', layer: 'b', 'patch-image': 'r.io/x', data: { n: 1 } }] },
      'patches[0].data.n',
      /must be a string glob .*write "1" only if the layer data holds the string/,
    ],
    [
      { patches: [{ buildpack: '', layer: 'b', 'patch-image': 'r.io/x' }] },
      'patches[0].buildpack',
      /non-empty/,
    ],
    [{ patches: [{ buildpack: 'a', 'patch-image': 'r.io/x' }] }, 'patches[0].layer', /missing/],
    [{ patches: 'nope' }, 'patches', /expected an array/],
    [{ patches: { buildpacks: {} } }, 'patches.buildpacks', /array/],
  ])('%j', (doc, key, message) => {
    const e = error(JSON.stringify(doc));
    expect(e.file).toBe('patches.json');
    expect(e.key).toBe(key);
    expect(e.message).toMatch(message);
    expect(e.message).toContain(`patch file patches.json at ${key}`);
  });

  test.each([
    [
      { patches: [{ buildpack: 'a', layer: 'b', 'patch-image': 'r.io/x', date: { v: '1' } }] },
      'patches[0].date',
      'unknown key "date" (did you mean "data"?)',
    ],
    [
      { patches: [{ buildpack: 'a', layer: 'b', patch_image: 'r.io/x' }] },
      'patches[0].patch_image',
      'unknown key "patch_image" (did you mean "patch-image"?)',
    ],
    [
      { patches: [{ buildpack: 'a', Layer: 'b', 'patch-image': 'r.io/x' }] },
      'patches[0].Layer',
      'unknown key "Layer" (did you mean "layer"? keys are case-sensitive)',
    ],
    [
      { Patches: [{ buildpack: 'a', layer: 'b', 'patch-image': 'r.io/x' }] },
      'Patches',
      'unknown key "Patches" (did you mean "patches"? keys are case-sensitive)',
    ],
    [
      { patches: { Launcher: { 'patch-image': 'r.io/x' } } },
      'patches.Launcher',
      'unknown key "Launcher" (did you mean "launcher"? keys are case-sensitive)',
    ],
    [
      { patches: { launcher: { 'patch-image': 'r.io/x', 'must-match-shas': [] } } },
      'patches.launcher.must-match-shas',
      'unknown key "must-match-shas" (did you mean "must-match-sha"?)',
    ],
    [
      { patches: [{ buildpack: 'a', layer: 'b', 'patch-image': 'r.io/x', 'patch-image-mirrors': [] }] },
      'patches[0].patch-image-mirrors',
      'unknown key "patch-image-mirrors" (did you mean "patch-image.mirrors"?)',
    ],
    [
      { patches: [{ buildpack: 'a', layer: 'b', 'patch-image': 'r.io/x', colour: 'x' }] },
      'patches[0].colour',
      'unknown key "colour" (allowed keys: buildpack, layer, data, patch-image, patch-image.mirrors)',
    ],
  ])('a misspelled key is refused with a hint, never ignored: %j', (doc, key, message) => {
    const e = error(JSON.stringify(doc));
    expect(e.key).toBe(key);
    expect(e.message).toBe(
      `patch file patches.json at ${key}: ${message}; a misspelled key could widen a patch, so the file is refused`,
    );
  });

  test("a parse error never quotes the text: a fetched file may be another service's answer", () => {
    const ssh = error('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n', 'http://127.0.0.1:22/p');
    expect(ssh.message).toMatch(
      /^patch file http:\/\/127.0.0.1:22\/p: not valid TOML: .* at line 1, column \d+$/,
    );
    expect(ssh.message).not.toContain('OpenSSH');
    const json = error('{"patches": INTERNAL-TOKEN-VALUE}', 'http://127.0.0.1:8080/p.json');
    expect(json.message).toBe(
      'patch file http://127.0.0.1:8080/p.json: not valid JSON: expected a value at line 1, column 13',
    );
    expect(json.message).not.toContain('INTERNAL');
  });

  test('invalid JSON and TOML', () => {
    expect(error('{"patches": [', 'p.json').message).toMatch(/^patch file p.json: not valid JSON/);
    expect(error('[[patches]\n', 'p.toml').message).toMatch(/^patch file p.toml: not valid TOML/);
  });

  test.each([
    [
      '{\n  "patches": [\n    { "buildpack": "a" "layer": "b" }\n  ]\n}',
      "expected ',' or '}' at line 3, column 24",
    ],
    [
      '{\n  "patches": [\n    { "buildpack": "a", },\n  ]\n}',
      "a trailing comma before '}' at line 3, column 25",
    ],
    ['{"patches": [1, 2,]}', "a trailing comma before ']' at line 1, column 19"],
    ["{\n  'patches': []\n}", 'expected a property name in double quotes at line 2, column 3'],
    ['{"patches": [\n', 'unexpected end of input at line 2, column 1'],
    ['{"patches": []} x', 'unexpected text after the end of the document at line 1, column 17'],
    ['{"patches": "a\tb"}', 'a control character in a string (escape it, e.g. \\n) at line 1, column 15'],
    ['{"p": 1e}', "expected ',' or '}' at line 1, column 8"],
  ])('a JSON syntax error gives its line and column, as TOML errors do: %j', (text, where) => {
    expect(error(text, 'p.json').message).toBe(`patch file p.json: not valid JSON: ${where}`);
  });

  test.each([
    ['patches.yaml', '{"patches": []}'],
    ['patches.YML', 'patches: []\n'],
    ['https://patches.example.com/p', 'patches:\n  - buildpack: example/node\n    layer: node\n'],
    ['p.toml', '# security patches\n---\npatches: []\n'],
    ['p', '- buildpack: example/node\n'],
  ])('a YAML patch file (%s) is refused as YAML, not as broken TOML', (name, text) => {
    expect(error(text, name).message).toBe(
      `patch file ${name}: YAML is not supported: write the patch file as JSON or TOML, with the same keys (README: "Patch files")`,
    );
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
