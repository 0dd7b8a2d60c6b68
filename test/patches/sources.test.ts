import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, test } from 'vitest';
import { parseBuildpackToml, resolveReferenceUri } from '../../src/cnb/buildpack-toml.js';
import { BuilderReader } from '../../src/cnb/builder.js';
import { PatchFileError, UsageError } from '../../src/errors.js';
import { silentLog } from '../../src/log.js';
import { parseReference } from '../../src/oci/reference.js';
import type { RequestEvent } from '../../src/oci/registry/transport.js';
import { PatchFileFetcher } from '../../src/patches/fetch.js';
import { parsePatchFile } from '../../src/patches/parse.js';
import { checkScope } from '../../src/patches/scope.js';
import { loadBuildpackTomlFiles, loadPatchFiles, type SourceContext } from '../../src/patches/sources.js';
import { buildBuilder } from '../fixtures/builder.js';
import { serveFiles, type FileServer } from '../helpers/http.js';
import { registries, storesFor, uniqueRepo } from '../helpers/registry.js';

const PATCH = (bp: string) =>
  JSON.stringify({ patches: [{ buildpack: bp, layer: 'node', 'patch-image': 'registry.example.com/p:1' }] });
const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

let server: FileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ctx = (cwd = '/'): SourceContext => ({
  cwd,
  log: silentLog,
  fetcher: new PatchFileFetcher({ log: silentLog, backoffMs: 5 }),
});

describe('buildpack.toml [layer-patch]', () => {
  test('top-level, metadata, per target, and lists of URIs', () => {
    const refs = parseBuildpackToml(
      [
        'api = "0.10"',
        '[buildpack]',
        'id = "example/node"',
        'version = "1.2.3"',
        '[layer-patch]',
        'reference_uri = "patches.example.com/node.json"',
        '[metadata.layer-patch]',
        'reference_uri = ["https://a.example.com/1.toml", "./local.json"]',
        '[[targets]]',
        'os = "linux"',
        'arch = "arm64"',
        '[targets.layer-patch]',
        'reference_uri = "https://a.example.com/arm.json"',
        '[[targets]]',
        'os = "linux"',
        'arch = "amd64"',
      ].join('\n'),
      'bp/buildpack.toml',
    );
    expect(refs).toEqual({
      id: 'example/node',
      version: '1.2.3',
      refs: ['patches.example.com/node.json', 'https://a.example.com/1.toml', './local.json'],
      targeted: [{ os: 'linux', arch: 'arm64', refs: ['https://a.example.com/arm.json'] }],
    });
  });

  test.each([
    ['patches.example.com/node.json', { kind: 'url', url: 'https://patches.example.com/node.json' }],
    ['https://x.io/p.toml', { kind: 'url', url: 'https://x.io/p.toml' }],
    ['http://127.0.0.1:8080/p.json', { kind: 'url', url: 'http://127.0.0.1:8080/p.json' }],
    ['./patches/p.json', { kind: 'path', path: '/bp/dir/patches/p.json' }],
    ['../shared/p.json', { kind: 'path', path: '/bp/shared/p.json' }],
    ['/etc/p.json', { kind: 'path', path: '/etc/p.json' }],
  ])('reference_uri %s', (value, expected) => {
    expect(resolveReferenceUri(value, '/bp/dir')).toEqual(expected);
  });

  test('a buildpack.toml without an id, or a bad reference_uri, is an error naming the file', () => {
    expect(() => parseBuildpackToml('[layer-patch]\nreference_uri = "x"', 'a/buildpack.toml')).toThrow(
      /a\/buildpack.toml at buildpack.id/,
    );
    expect(() =>
      parseBuildpackToml('[buildpack]\nid = "x"\n[layer-patch]\nreference_uri = 3', 'b.toml'),
    ).toThrow(/b.toml at layer-patch.reference_uri: expected a string or a list/);
  });

  test('relative paths resolve against the buildpack.toml folder; a targets entry limits the platform', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bp-'));
    await mkdir(join(dir, 'node', 'patches'), { recursive: true });
    await writeFile(join(dir, 'node', 'patches', 'p.json'), PATCH('example/node'));
    await writeFile(join(dir, 'node', 'arm.json'), PATCH('example/node'));
    await writeFile(
      join(dir, 'node', 'buildpack.toml'),
      '[buildpack]\nid = "example/node"\n[layer-patch]\nreference_uri = "./patches/p.json"\n[[targets]]\nos = "linux"\narch = "arm64"\n[targets.layer-patch]\nreference_uri = "./arm.json"\n',
    );
    const files = await loadBuildpackTomlFiles(['**/buildpack.toml'], ctx(dir));
    expect(
      files.map((f) => [f.source.location, f.source.buildpack, f.source.via, f.source.platform]),
    ).toEqual([
      [join(dir, 'node/patches/p.json'), 'example/node', 'node/buildpack.toml', undefined],
      [join(dir, 'node/arm.json'), 'example/node', 'node/buildpack.toml', { os: 'linux', arch: 'arm64' }],
    ]);
    // A directory is searched for buildpack.toml files too.
    expect(await loadBuildpackTomlFiles([dir], ctx('/'))).toHaveLength(2);
  });
});

describe('scope of buildpack-published files', () => {
  const src = {
    kind: 'buildpack' as const,
    location: 'https://x/p.json',
    buildpack: 'example/node',
    via: 'builder:1',
  };
  test('may patch its own layers', () => {
    expect(() => checkScope(parsePatchFile(PATCH('example/node'), src))).not.toThrow();
  });
  test.each([
    [
      PATCH('example/jvm'),
      /patches\[0\].buildpack: published by buildpack example\/node \(via builder:1\), which may only patch its own layers/,
    ],
    [PATCH('example/*'), /names its buildpack exactly, without glob characters \(got "example\/\*"\)/],
    [JSON.stringify({ patches: { launcher: { 'patch-image': 'r.io/l:1' } } }), /not the launcher/],
  ])('refuses %s', (text, message) => {
    const error = (() => {
      try {
        checkScope(parsePatchFile(text, src));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(PatchFileError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain('https://x/p.json');
  });
});

describe('patch files from URLs', () => {
  test('served once per run; a matching pin is accepted, a wrong one refused', async () => {
    const body = PATCH('example/node');
    server = await serveFiles({ '/p.json': body });
    const c = ctx();
    const url = `${server.url}/p.json#sha256=${sha(body)}`;
    const files = await loadPatchFiles([url, url], c);
    expect(files).toHaveLength(2);
    expect(files[0]!.source).toEqual({ kind: 'url', location: url, fetchedSha256: sha(body) });
    expect(server.hits['/p.json']).toBe(1);
    await expect(loadPatchFiles([`${server.url}/p.json#sha256=${'0'.repeat(64)}`], ctx())).rejects.toThrow(
      `content sha256 ${sha(body)} does not match the pinned sha256 ${'0'.repeat(64)}`,
    );
  });

  test('404, oversize and a retried 503', async () => {
    server = await serveFiles({
      '/big.json': randomBytes(2 * 1024 * 1024),
      '/flaky.json': (_req, res, hit) =>
        hit < 2 ? res.writeHead(503).end() : res.writeHead(200).end(PATCH('a')),
    });
    await expect(loadPatchFiles([`${server.url}/missing.json`], ctx())).rejects.toThrow(
      /missing.json: the server answered 404/,
    );
    await expect(loadPatchFiles([`${server.url}/big.json`], ctx())).rejects.toThrow(/more than the 1048576/);
    expect(await loadPatchFiles([`${server.url}/flaky.json`], ctx())).toHaveLength(1);
    expect(server.hits['/flaky.json']).toBe(2);
  });

  test('plain http is refused for anything but loopback', async () => {
    await expect(loadPatchFiles(['http://patches.example.com/p.json'], ctx())).rejects.toThrow(
      /only https:\/\/ URLs are allowed/,
    );
    await expect(loadPatchFiles(['https://x.io/p.json#md5=abc'], ctx())).rejects.toThrow(
      /unsupported URL fragment/,
    );
    // Usage mistakes (the CLI exits 2), found before anything is downloaded.
    for (const url of [
      'http://patches.example.com/p.json',
      'https://x.io/p.json#sha256=abcd',
      'https://x.io/p.json#md5=abc',
    ])
      await expect(loadPatchFiles([url], ctx())).rejects.toBeInstanceOf(UsageError);
  });
});

describe('builder images', () => {
  test('reads only the layers of the buildpacks asked for; a flattened layer is downloaded once', async () => {
    const host = registries().open.host;
    const ref = `${host}/${uniqueRepo('builder')}:v1`;
    const events: RequestEvent[] = [];
    const stores = storesFor(undefined, events);
    const toml = (id: string) =>
      `[buildpack]\nid = "${id}"\nversion = "1.0.0"\n[layer-patch]\nreference_uri = "https://p.example.com/${id}.json"\n`;
    const builder = await buildBuilder(
      stores.storeFor(parseReference(ref)),
      [
        { id: 'example/node', version: '1.0.0', toml: toml('example/node'), group: 'flat' },
        { id: 'example/npm', version: '1.0.0', toml: toml('example/npm'), group: 'flat' },
        { id: 'example/jvm', version: '1.0.0', toml: toml('example/jvm'), payload: 'x'.repeat(100_000) },
        { id: 'example/python', version: '2.0.0', toml: toml('example/python') },
      ],
      'v1',
    );
    events.length = 0;
    const reader = new BuilderReader(stores, silentLog);
    const platform = { os: 'linux', architecture: 'amd64' };
    const node = await reader.find([ref], 'example/node', '1.0.0', platform);
    const npm = await reader.find([ref], 'example/npm', '1.0.0', platform);
    expect(node?.text).toContain('example/node');
    expect(npm?.text).toContain('example/npm');
    expect(node?.via).toContain('/cnb/buildpacks/example_node/1.0.0/buildpack.toml');
    expect(await reader.find([ref], 'example/node', '9.9.9', platform)).toBeUndefined();
    expect(reader.downloads).toBe(1);
    const blobGets = events.filter((e) => e.method === 'GET' && e.path.includes('/blobs/'));
    const flat = builder.layerOf['example/node@1.0.0']!;
    // The config, and the one flattened layer; never the jvm or python layers.
    expect(blobGets.map((e) => e.path.split('/').pop())).toEqual([builder.configDigest, flat.digest]);
  });
});
