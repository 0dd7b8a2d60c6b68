import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { rewriteSbomTar, sbomDir, layersRoot } from '../../src/cnb/sbom.js';
import { diffComponents, diffSbomFiles, parseComponents } from '../../src/cnb/sbom-diff.js';
import { rawBytes, scanTar, UnsafeTarError } from '../../src/cnb/tar.js';
import { gzipDeterministic, readLayerTar } from '../../src/oci/compression.js';
import { sha256 } from '../../src/oci/digest.js';
import { MediaType } from '../../src/oci/media-types.js';
import { LayoutStore } from '../../src/oci/layout.js';
import { cdx } from '../fixtures/cnb.js';
import { pushBlob } from '../fixtures/images.js';
import { buildTar, withParents, type FileSpec } from '../fixtures/layers.js';

const NODE_DIR = 'layers/sbom/launch/example_node/node';
const LAUNCHER_DIR = 'layers/sbom/launch/buildpacksio_lifecycle/launcher';

function sbomFiles(
  nodeVersion: string,
  opts: { launcher?: string; prefix?: string; withNode?: boolean } = {},
): FileSpec[] {
  const p = opts.prefix ?? '/';
  const files: FileSpec[] = [
    { path: `${p}layers/sbom/launch/sbom.legacy.json`, content: '{"legacy":true}' },
    {
      path: `${p}layers/sbom/launch/example_node/sbom.cdx.json`,
      content: cdx([{ name: 'example/node', version: '1.0.0' }]),
    },
    {
      path: `${p}layers/sbom/launch/example_node/deps/sbom.cdx.json`,
      content: cdx([{ name: 'left-pad', version: '1.3.0' }]),
    },
  ];
  if (opts.withNode !== false) {
    files.push(
      {
        path: `${p}${NODE_DIR}/sbom.cdx.json`,
        content: cdx([{ name: 'node', version: nodeVersion, purl: `pkg:generic/node@${nodeVersion}` }]),
      },
      {
        path: `${p}${NODE_DIR}/sbom.syft.json`,
        content: JSON.stringify({ artifacts: [{ name: 'node', version: nodeVersion }] }),
      },
    );
  }
  if (opts.launcher)
    files.push({
      path: `${p}${LAUNCHER_DIR}/sbom.cdx.json`,
      content: cdx([{ name: 'lifecycle', version: opts.launcher }]),
    });
  return withParents(files);
}

describe('SBOM layer rewrite', () => {
  test('replaces the patched layer and launcher files; everything else is byte-identical and in lexical order', async () => {
    const app = await buildTar(sbomFiles('22.11.0', { launcher: '0.20.0' }));
    const patch = await buildTar(sbomFiles('22.11.1', { launcher: '0.20.5' }));
    const replacements = [
      {
        target: { kind: 'layer' as const, buildpack: 'example/node', layer: 'node' },
        dir: NODE_DIR,
        patch: { tar: patch, dir: NODE_DIR },
      },
      { target: { kind: 'launcher' as const }, dir: LAUNCHER_DIR, patch: { tar: patch, dir: LAUNCHER_DIR } },
    ];
    const out = rewriteSbomTar(app, replacements, 'app');
    expect(out.changed).toBe(true);
    const entries = scanTar(out.tar, 'out');
    const paths = entries.map((e) => e.path);
    expect(paths).toEqual([...paths].sort());
    const appEntries = scanTar(app, 'app');
    const patchEntries = scanTar(patch, 'patch');
    for (const e of entries) {
      const fromPatch = e.path.startsWith(`${NODE_DIR}/`) || e.path.startsWith(`${LAUNCHER_DIR}/`);
      const source = fromPatch
        ? patchEntries.find((x) => x.path === e.path)!
        : appEntries.find((x) => x.path === e.path)!;
      expect(rawBytes(out.tar, e).equals(rawBytes(fromPatch ? patch : app, source)), e.path).toBe(true);
    }
    expect(out.changes[0]!.removed).toEqual([`${NODE_DIR}/sbom.cdx.json`, `${NODE_DIR}/sbom.syft.json`]);
    // Deterministic: the same inputs give the same bytes, and the same gzip blob.
    const again = rewriteSbomTar(app, replacements, 'app');
    expect(again.tar.equals(out.tar)).toBe(true);
    expect(sha256(gzipDeterministic(again.tar))).toBe(sha256(gzipDeterministic(out.tar)));
  });

  test('a patch image without an SBOM for the layer removes the old files', async () => {
    const app = await buildTar(sbomFiles('22.11.0'));
    const patch = await buildTar(sbomFiles('22.11.1', { withNode: false }));
    const out = rewriteSbomTar(
      app,
      [
        {
          target: { kind: 'layer', buildpack: 'example/node', layer: 'node' },
          dir: NODE_DIR,
          patch: { tar: patch, dir: NODE_DIR },
        },
      ],
      'app',
    );
    expect(out.changes[0]!.missingInPatch).toBe(true);
    expect(
      scanTar(out.tar, 'out')
        .map((e) => e.path)
        .filter((p) => p.startsWith(`${NODE_DIR}/`)),
    ).toEqual([]);
  });

  test('relative entry names in the patch layer are accepted and land in order', async () => {
    const app = await buildTar(sbomFiles('22.11.0', { withNode: false }));
    const patch = await buildTar(sbomFiles('22.11.1', { prefix: '' }));
    const out = rewriteSbomTar(
      app,
      [
        {
          target: { kind: 'layer', buildpack: 'example/node', layer: 'node' },
          dir: NODE_DIR,
          patch: { tar: patch, dir: NODE_DIR },
        },
      ],
      'app',
    );
    const paths = scanTar(out.tar, 'out').map((e) => e.path);
    expect(paths).toContain(NODE_DIR);
    expect(paths).toContain(`${NODE_DIR}/sbom.cdx.json`);
    expect(paths).toEqual([...paths].sort());
  });

  test('long names (PAX headers) are read and carried over intact', async () => {
    const longLayer = `layers/sbom/launch/example_node/${'very-long-layer-name-'.repeat(6)}`;
    const files = (v: string) =>
      withParents([{ path: `/${longLayer}/sbom.cdx.json`, content: cdx([{ name: 'x', version: v }]) }]);
    const app = await buildTar(files('1'));
    const patch = await buildTar(files('2'));
    expect(scanTar(app, 'app').map((e) => e.path)).toContain(`${longLayer}/sbom.cdx.json`);
    const out = rewriteSbomTar(
      app,
      [
        {
          target: { kind: 'layer', buildpack: 'example/node', layer: longLayer.split('/').pop()! },
          dir: longLayer,
          patch: { tar: patch, dir: longLayer },
        },
      ],
      'app',
    );
    const entry = scanTar(out.tar, 'out').find((e) => e.path === `${longLayer}/sbom.cdx.json`)!;
    expect(
      JSON.parse(out.tar.subarray(entry.dataStart, entry.dataStart + entry.size).toString()).components[0]
        .version,
    ).toBe('2');
  });

  test('the layers root comes from CNB_LAYERS_DIR', () => {
    expect(layersRoot(['PATH=/bin', 'CNB_LAYERS_DIR=/workspace/layers'])).toBe('/workspace/layers');
    expect(layersRoot(undefined)).toBe('/layers');
    expect(sbomDir('/workspace/layers', { kind: 'launcher' })).toBe(
      'workspace/layers/sbom/launch/buildpacksio_lifecycle/launcher',
    );
  });
});

describe('hostile tars are refused', () => {
  test.each([
    ['a ".." entry', [{ path: 'layers/sbom/../../etc/passwd', content: 'x' }], /escapes the archive root/],
    [
      'a symlink out',
      [{ path: 'layers/sbom/evil', type: 'symlink' as const, linkname: '../../../etc/shadow' }],
      /points outside the archive/,
    ],
    [
      'an absolute symlink up',
      [{ path: 'layers/x', type: 'symlink' as const, linkname: '/../../etc' }],
      /points outside/,
    ],
  ])('%s', async (_name, files, message) => {
    const tar = await buildTar(files as FileSpec[]);
    expect(() => scanTar(tar, 'sbom')).toThrow(UnsafeTarError);
    expect(() => scanTar(tar, 'sbom')).toThrow(message);
  });

  test('a device file', async () => {
    const { pack } = await import('tar-stream');
    const p = pack();
    p.entry({ name: 'layers/dev', type: 'character-device', devmajor: 1, devminor: 3 });
    p.finalize();
    const chunks: Buffer[] = [];
    for await (const c of p) chunks.push(c as Buffer);
    expect(() => scanTar(Buffer.concat(chunks), 'sbom')).toThrow(/is a char-device/);
  });

  test('an entry over the size cap', async () => {
    const tar = await buildTar([{ path: 'big', content: Buffer.alloc(4096) }]);
    expect(() => scanTar(tar, 'sbom', { maxEntryBytes: 1024, maxEntries: 10 })).toThrow(
      /over the 1024 byte limit/,
    );
  });

  test('a gzip bomb is stopped at the decompressed cap', async () => {
    const tar = await buildTar([{ path: 'zeros', content: Buffer.alloc(8 * 1024 * 1024) }]);
    const gz = gzipSync(tar);
    expect(gz.length).toBeLessThan(64 * 1024);
    const store = new LayoutStore(await mkdtemp(join(tmpdir(), 'bomb-')));
    await pushBlob(store, gz);
    const layer = { mediaType: MediaType.ociLayerGzip, digest: sha256(gz), size: gz.length };
    await expect(readLayerTar(store, layer, sha256(tar), 1024 * 1024)).rejects.toThrow(
      /uncompresses to more than 1048576 bytes/,
    );
    expect((await readLayerTar(store, layer, sha256(tar), 16 * 1024 * 1024)).length).toBe(tar.length);
    await expect(readLayerTar(store, layer, sha256('wrong'), 16 * 1024 * 1024)).rejects.toThrow(
      /does not match/,
    );
  });
});

test('zstd layers are read where Node has a decoder (Node 24, the action runtime), refused with the reason elsewhere', async () => {
  const tar = await buildTar([{ path: 'layers/sbom/launch/x/sbom.cdx.json', content: '{}' }]);
  const zlib = (await import('node:zlib')) as unknown as { zstdCompressSync?: (b: Buffer) => Buffer };
  const store = new LayoutStore(await mkdtemp(join(tmpdir(), 'zstd-')));
  // Node 20 cannot compress zstd either: store the tar under the zstd type there, the read fails before decoding.
  const blob = zlib.zstdCompressSync ? zlib.zstdCompressSync(tar) : tar;
  await pushBlob(store, blob);
  const layer = { mediaType: MediaType.ociLayerZstd, digest: sha256(blob), size: blob.length };
  if (zlib.zstdCompressSync) {
    expect((await readLayerTar(store, layer, sha256(tar), 1 << 20)).equals(tar)).toBe(true);
  } else {
    await expect(readLayerTar(store, layer, sha256(tar), 1 << 20)).rejects.toThrow(
      `cannot read layer ${layer.digest} (${MediaType.ociLayerZstd}) with Node ${process.versions.node}`,
    );
  }
});

describe('SBOM component diff', () => {
  const before = [
    { name: 'node', version: '22.11.0', purl: 'pkg:generic/node@22.11.0' },
    { name: 'openssl', version: '3.0.13', purl: 'pkg:generic/openssl@3.0.13?arch=x64' },
    { name: 'corepack', version: '0.29.0' },
  ];
  const after = [
    { name: 'node', version: '22.11.1', purl: 'pkg:generic/node@22.11.1' },
    { name: 'openssl', version: '3.0.15', purl: 'pkg:generic/openssl@3.0.15?arch=x64' },
    { name: 'undici', version: '6.0.0' },
  ];
  test('changed, added, removed by purl identity, else by name', () => {
    expect(diffComponents('cyclonedx', before, after)).toEqual({
      format: 'cyclonedx',
      changed: [
        { name: 'node', from: '22.11.0', to: '22.11.1', purl: 'pkg:generic/node@22.11.1' },
        { name: 'openssl', from: '3.0.13', to: '3.0.15', purl: 'pkg:generic/openssl@3.0.15?arch=x64' },
      ],
      added: [{ name: 'undici', version: '6.0.0' }],
      removed: [{ name: 'corepack', version: '0.29.0' }],
    });
  });

  test('reads CycloneDX (nested), SPDX and Syft documents', () => {
    const nested = Buffer.from(
      JSON.stringify({
        components: [{ name: 'a', version: '1', components: [{ group: 'g', name: 'b', version: '2' }] }],
      }),
    );
    expect(parseComponents('cyclonedx', nested)).toEqual([
      { name: 'a', version: '1' },
      { name: 'g/b', version: '2' },
    ]);
    const spdx = Buffer.from(
      JSON.stringify({
        packages: [
          {
            name: 'n',
            versionInfo: '3',
            externalRefs: [{ referenceType: 'purl', referenceLocator: 'pkg:npm/n@3' }],
          },
        ],
      }),
    );
    expect(parseComponents('spdx', spdx)).toEqual([{ name: 'n', version: '3', purl: 'pkg:npm/n@3' }]);
    expect(
      parseComponents(
        'syft',
        Buffer.from(JSON.stringify({ artifacts: [{ name: 's', version: '4', purl: 'pkg:deb/s@4' }] })),
      ),
    ).toEqual([{ name: 's', version: '4', purl: 'pkg:deb/s@4' }]);
    expect(parseComponents('syft', Buffer.from('not json'))).toBeUndefined();
  });

  test("libpak's older Syft spelling (Artifacts, Name, Version, PURL) diffs like the current one", () => {
    // The shape libpak (Paketo's Go library) writes for sbom.syft.json: Syft's Go struct field names.
    const libpak = (version: string) =>
      Buffer.from(
        JSON.stringify({
          Artifacts: [
            {
              ID: 'a1',
              Name: 'BellSoft Liberica JRE',
              Version: version,
              Type: 'UnknownPackage',
              FoundBy: 'libpak',
              Locations: [{ Path: 'buildpack.toml' }],
              Licenses: ['GPL-2.0 WITH Classpath-exception-2.0'],
              Language: '',
              CPEs: [`cpe:2.3:a:oracle:jre:${version}:*:*:*:*:*:*:*`],
              PURL: `pkg:generic/bellsoft-jre@${version}?arch=amd64`,
            },
          ],
          Source: { Type: 'directory', Target: '/layers/paketo-buildpacks_bellsoft-liberica/jre' },
          Descriptor: { Name: 'syft', Version: '0.32.0' },
          Schema: {
            Version: '1.1.0',
            URL: 'https://raw.githubusercontent.com/anchore/syft/main/schema/json/schema-1.1.0.json',
          },
        }),
      );
    expect(parseComponents('syft', libpak('21.0.4'))).toEqual([
      {
        name: 'BellSoft Liberica JRE',
        version: '21.0.4',
        purl: 'pkg:generic/bellsoft-jre@21.0.4?arch=amd64',
      },
    ]);
    expect(
      diffSbomFiles({ 'sbom.syft.json': libpak('21.0.4') }, { 'sbom.syft.json': libpak('21.0.5') }),
    ).toEqual({
      format: 'syft',
      added: [],
      removed: [],
      changed: [
        {
          name: 'BellSoft Liberica JRE',
          from: '21.0.4',
          to: '21.0.5',
          purl: 'pkg:generic/bellsoft-jre@21.0.5?arch=amd64',
        },
      ],
    });
  });

  test('prefers CycloneDX when both sides have it', () => {
    const diff = diffSbomFiles(
      {
        'sbom.cdx.json': Buffer.from(cdx([{ name: 'x', version: '1' }])),
        'sbom.syft.json': Buffer.from('{"artifacts":[]}'),
      },
      { 'sbom.cdx.json': Buffer.from(cdx([{ name: 'x', version: '2' }])) },
    );
    expect(diff).toEqual({
      format: 'cyclonedx',
      added: [],
      removed: [],
      changed: [{ name: 'x', from: '1', to: '2' }],
    });
  });
});

describe('SBOM entries copied from a patch image extract to what is read', () => {
  const node = { kind: 'layer' as const, buildpack: 'example/node', layer: 'node' };
  const rewrite = async (appFiles: FileSpec[], patchFiles: FileSpec[]) =>
    rewriteSbomTar(
      await buildTar(appFiles),
      [{ target: node, dir: NODE_DIR, patch: { tar: await buildTar(patchFiles), dir: NODE_DIR } }],
      'app',
    );

  test.each([
    [
      'a hard link to a file outside the copied directory',
      [
        {
          path: `/${NODE_DIR}/sbom.cdx.json`,
          type: 'link' as const,
          linkname: 'layers/sbom/launch/sbom.legacy.json',
        },
      ],
      /entry "\/layers\/sbom\/launch\/example_node\/node\/sbom.cdx.json" is a hard link to "layers\/sbom\/launch\/sbom.legacy.json", which is not copied with it/,
    ],
    [
      'a symlinked directory into another buildpack, and a file written through it',
      [
        { path: `/${NODE_DIR}/d`, type: 'symlink' as const, linkname: '../../example_tini/tini' },
        { path: `/${NODE_DIR}/d/sbom.syft.json`, content: '{}' },
      ],
      /entry "\/layers\/sbom\/launch\/example_node\/node\/d" is a symlink to "..\/..\/example_tini\/tini"/,
    ],
    [
      'a symlinked SBOM document',
      [{ path: `/${NODE_DIR}/sbom.cdx.json`, type: 'symlink' as const, linkname: '/etc/passwd' }],
      /is a symlink to "\/etc\/passwd"; an SBOM directory holds files only/,
    ],
  ])('%s is refused', async (_name, extra, message) => {
    const patch = withParents([
      ...sbomFiles('22.11.1', { withNode: false }).filter((f) => f.type !== 'directory'),
      ...extra,
    ]);
    await expect(rewrite(sbomFiles('22.11.0'), patch)).rejects.toThrow(message);
  });

  test('a hard link to a file copied with it is kept, and the component diff reads through it', async () => {
    const cdxDoc = cdx([{ name: 'node', version: '22.11.1', purl: 'pkg:generic/node@22.11.1' }]);
    const patch = withParents([
      ...sbomFiles('22.11.1', { withNode: false }).filter((f) => f.type !== 'directory'),
      { path: `/${NODE_DIR}/sbom.cdx.json`, content: cdxDoc },
      { path: `/${NODE_DIR}/sbom.spdx.json`, type: 'link', linkname: `/${NODE_DIR}/sbom.cdx.json` },
    ]);
    const out = await rewrite(sbomFiles('22.11.0'), patch);
    expect(out.changes[0]!.after['sbom.spdx.json']?.toString()).toBe(cdxDoc);
    const entries = scanTar(out.tar, 'out');
    expect(entries.find((e) => e.path === `${NODE_DIR}/sbom.spdx.json`)?.type).toBe('link');
  });

  test("the app's own hard link into the replaced directory, or a symlink above it, is refused", async () => {
    const withLink = withParents([
      ...sbomFiles('22.11.0').filter((f) => f.type !== 'directory'),
      { path: `/${NODE_DIR}/old-only.json`, content: '{}' },
      { path: '/layers/sbom/launch/zz/copy.json', type: 'link', linkname: `/${NODE_DIR}/old-only.json` },
    ]);
    await expect(rewrite(withLink, sbomFiles('22.11.1'))).rejects.toThrow(
      /app SBOM layer: entry "\/layers\/sbom\/launch\/zz\/copy.json" is a hard link to ".*node\/old-only.json", which the patch removes/,
    );
    const withSymlink = withParents([
      ...sbomFiles('22.11.0', { withNode: false }).filter((f) => f.type !== 'directory'),
      { path: `/${NODE_DIR}`, type: 'symlink', linkname: '../example_tini/tini' },
    ]);
    await expect(rewrite(withSymlink, sbomFiles('22.11.1'))).rejects.toThrow(
      /entry "\/layers\/sbom\/launch\/example_node\/node" is a symlink at or above \/layers\/sbom\/launch\/example_node\/node\//,
    );
  });
});
