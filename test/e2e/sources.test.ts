import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { parseReference } from '../../src/oci/reference.js';
import { buildBuilder } from '../fixtures/builder.js';
import { buildCnbImage, jreLayer, nodeLayer } from '../fixtures/cnb.js';
import { runAction } from '../helpers/action.js';
import { serveFiles, type FileServer } from '../helpers/http.js';
import { registries, storesFor, uniqueRepo } from '../helpers/registry.js';

const stores = storesFor(undefined);
const storeAt = (ref: string) => stores.storeFor(parseReference(ref));
let server: FileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const toml = (id: string, uri: string) =>
  `api = "0.10"\n[buildpack]\nid = "${id}"\nversion = "1.0.0"\n[layer-patch]\nreference_uri = "${uri}"\n`;

async function fleet() {
  const host = registries().open.host;
  const appRef = `${host}/${uniqueRepo('bp-app')}:v1`;
  const nodePatch = `${host}/${uniqueRepo('node-patch')}:22.11.1`;
  const jrePatch = `${host}/${uniqueRepo('jre-patch')}:21.0.5`;
  const app = await buildCnbImage(
    storeAt(appRef),
    { layers: [nodeLayer('22.11.0'), jreLayer('21.0.4')] },
    'v1',
  );
  await buildCnbImage(storeAt(nodePatch), { layers: [nodeLayer('22.11.1')] }, '22.11.1');
  await buildCnbImage(storeAt(jrePatch), { layers: [jreLayer('21.0.5')] }, '21.0.5');
  return { host, appRef, app, nodePatch, jrePatch };
}

test("an app patched from two buildpacks' published patch files found through a builder image", async () => {
  const f = await fleet();
  server = await serveFiles({
    '/node.json': JSON.stringify({
      patches: [{ buildpack: 'example/node', layer: 'node', 'patch-image': f.nodePatch }],
    }),
    '/jvm.toml': `[[patches]]\nbuildpack = "example/jvm"\nlayer = "jre"\n"patch-image" = "${f.jrePatch}"\n`,
  });
  const builderRef = `${f.host}/${uniqueRepo('builder')}:v1`;
  await buildBuilder(
    storeAt(builderRef),
    [
      { id: 'example/node', version: '1.0.0', toml: toml('example/node', `${server.url}/node.json`) },
      { id: 'example/jvm', version: '1.0.0', toml: toml('example/jvm', `${server.url}/jvm.toml`) },
      { id: 'example/unused', version: '1.0.0', toml: toml('example/unused', `${server.url}/unused.json`) },
    ],
    'v1',
  );
  const r = await runAction({ image: f.appRef, builder: builderRef });
  expect(r.code, r.stdout).toBe(0);
  expect(r.outputs.changed).toBe('true');
  const applied = JSON.parse(r.outputs.images!)[0].applied as { target: string; source: string }[];
  expect(applied.map((a) => [a.target, a.source])).toEqual([
    ['example/node/node', `${server.url}/node.json`],
    ['example/jvm/jre', `${server.url}/jvm.toml`],
  ]);
  // The summary escapes Markdown (`_` as &#95;); read it as text.
  const text = r.summary.replace(/&#95;/g, '_');
  expect(text).toContain(
    `published by example/node via ${builderRef} /cnb/buildpacks/example_node/1.0.0/buildpack.toml`,
  );
  expect(text).toContain(
    `published by example/jvm via ${builderRef} /cnb/buildpacks/example_jvm/1.0.0/buildpack.toml`,
  );
  expect(server.hits['/node.json']).toBe(1);
  expect(server.hits['/unused.json']).toBeUndefined();
});

test('a buildpack whose published file reaches another buildpack fails the run and nothing is pushed', async () => {
  const f = await fleet();
  server = await serveFiles({
    '/evil.json': JSON.stringify({
      patches: [{ buildpack: 'example/jvm', layer: 'jre', 'patch-image': f.jrePatch }],
    }),
  });
  const dir = await mkdtemp(join(tmpdir(), 'bp-'));
  await writeFile(join(dir, 'buildpack.toml'), toml('example/node', `${server.url}/evil.json`));
  const r = await runAction({ image: f.appRef, buildpacks: join(dir, 'buildpack.toml') });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain(
    `::error::patch file ${server.url}/evil.json at patches[0].buildpack: published by buildpack example/node`,
  );
  expect(r.stdout).toContain('may only patch its own layers');
  expect((await storeAt(f.appRef).getManifest('v1')).digest).toBe(f.app.manifest.digest);
});

test('a scope violation found through a builder fails the whole fleet before anything is pushed', async () => {
  const f = await fleet();
  const other = await fleet();
  server = await serveFiles({
    '/evil.json': JSON.stringify({
      patches: [{ buildpack: 'example/jvm', layer: 'jre', 'patch-image': f.jrePatch }],
    }),
    '/jvm.json': JSON.stringify({
      patches: [{ buildpack: 'example/jvm', layer: 'jre', 'patch-image': f.jrePatch }],
    }),
  });
  const builderRef = `${f.host}/${uniqueRepo('builder')}:v1`;
  await buildBuilder(
    storeAt(builderRef),
    [
      { id: 'example/node', version: '1.0.0', toml: toml('example/node', `${server.url}/evil.json`) },
      { id: 'example/jvm', version: '1.0.0', toml: toml('example/jvm', `${server.url}/jvm.json`) },
    ],
    'v1',
  );
  const missing = `${f.host}/${uniqueRepo('missing')}:v1`;
  const r = await runAction({ image: [other.appRef, missing, f.appRef].join('\n'), builder: builderRef });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain(
    `::error::patch file ${server.url}/evil.json at patches[0].buildpack: published by buildpack example/node (via ${builderRef} /cnb/buildpacks/example_node/1.0.0/buildpack.toml)`,
  );
  expect((await storeAt(f.appRef).getManifest('v1')).digest).toBe(f.app.manifest.digest);
  expect((await storeAt(other.appRef).getManifest('v1')).digest).toBe(other.app.manifest.digest);
});

test('an explicit patch wins over a buildpack-published one for the same layer, and the summary says so', async () => {
  const f = await fleet();
  const otherNode = `${f.host}/${uniqueRepo('node-patch-b')}:22.11.1`;
  await buildCnbImage(storeAt(otherNode), { layers: [nodeLayer('22.11.1-b')] }, '22.11.1');
  server = await serveFiles({
    '/node.json': JSON.stringify({
      patches: [{ buildpack: 'example/node', layer: 'node', 'patch-image': otherNode }],
    }),
  });
  const dir = await mkdtemp(join(tmpdir(), 'bp-'));
  await writeFile(join(dir, 'buildpack.toml'), toml('example/node', `${server.url}/node.json`));
  const explicit = join(dir, 'explicit.json');
  await writeFile(
    explicit,
    JSON.stringify({ patches: [{ buildpack: 'example/*', layer: 'node', 'patch-image': f.nodePatch }] }),
  );
  const r = await runAction({ image: f.appRef, patches: explicit, buildpacks: dir });
  expect(r.code, r.stdout).toBe(0);
  const applied = JSON.parse(r.outputs.images!)[0].applied as { source: string; patchImage: string }[];
  expect(applied[0]!.source).toBe(explicit);
  expect(applied[0]!.patchImage.startsWith(f.nodePatch)).toBe(true);
  expect(r.summary).toContain('overridden:');
  // A URL in a cell is shown, never autolinked (`://` escaped): GitHub would otherwise take entities into it.
  expect(r.summary).toContain(`${server.url.replace('://', '&#58;//')}/node.json (published by example/node`);
});
