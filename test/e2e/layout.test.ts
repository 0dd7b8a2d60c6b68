import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';
import { parseReference } from '../../src/oci/reference.js';
import { buildCnbImage, nodeLayer } from '../fixtures/cnb.js';
import { runNode } from '../helpers/action.js';
import { storesFor } from '../helpers/registry.js';

const CLI = resolve(import.meta.dirname, '../../bin/layer-rebase.js');
const stores = storesFor(undefined);
const layout = (dir: string) => stores.storeFor(parseReference(`oci:${dir}`));

test('six CLI runs on six tags of one OCI layout, in parallel: every tag ends up patched', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'layout-parallel-'));
  const tags = ['a', 'b', 'c', 'd', 'e', 'f'];
  const before: Record<string, string> = {};
  for (const tag of tags)
    before[tag] = (
      await buildCnbImage(layout(dir), { layers: [nodeLayer('22.11.0')], app: { 'index.js': tag } }, tag)
    ).manifest.digest;
  const patchDir = await mkdtemp(join(tmpdir(), 'layout-parallel-patch-'));
  await buildCnbImage(layout(patchDir), { layers: [nodeLayer('22.11.1')] }, 'p');
  const file = join(patchDir, 'p.json');
  await writeFile(
    file,
    JSON.stringify({
      patches: [{ buildpack: 'example/node', layer: 'node', 'patch-image': `oci:${patchDir}:p` }],
    }),
  );
  const home = await mkdtemp(join(tmpdir(), 'layout-parallel-home-'));
  const runs = await Promise.all(
    tags.map((tag) =>
      runNode(process.execPath, [CLI, '--image', `oci:${dir}:${tag}`, '--patches', file], {
        env: { PATH: process.env.PATH, HOME: home, DOCKER_CONFIG: join(home, 'none') },
        cwd: home,
      }),
    ),
  );
  for (const [i, r] of runs.entries()) {
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`oci:${dir}:${tags[i]}: patched`);
  }
  const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as {
    manifests: { digest: string; annotations?: Record<string, string> }[];
  };
  for (const tag of tags) {
    const entries = index.manifests.filter(
      (d) => d.annotations?.['org.opencontainers.image.ref.name'] === tag,
    );
    expect(entries, tag).toHaveLength(1);
    expect(entries[0]!.digest, tag).not.toBe(before[tag]);
    expect((await layout(dir).getManifest(tag)).digest).toBe(entries[0]!.digest);
  }
  // The lock is gone once every run ended.
  await expect(readFile(join(dir, 'index.json.lock'))).rejects.toThrow(/ENOENT/);
});

test('a tag moved under the lock since the plan is not overwritten', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'layout-cas-'));
  const store = layout(dir);
  const one = await buildCnbImage(store, { layers: [nodeLayer('22.11.0')], app: { 'index.js': '1' } }, 'v1');
  const two = await buildCnbImage(
    store,
    { layers: [nodeLayer('22.11.0')], app: { 'index.js': '2' } },
    'other',
  );
  // The tag holds `one`; a writer that planned from something else must not move it.
  await expect(store.putManifest(two.manifest, 'v1', { holds: two.manifest.digest })).rejects.toThrow(
    /tag moved: oci:.*:v1 now holds sha256:\w+, not sha256:\w+ that was planned from/,
  );
  expect((await store.getManifest('v1')).digest).toBe(one.manifest.digest);
  await store.putManifest(two.manifest, 'v1', { holds: one.manifest.digest });
  expect((await store.getManifest('v1')).digest).toBe(two.manifest.digest);
});
