import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { UnsafeTarError } from '../../src/cnb/tar-reader.js';
import { silentLog } from '../../src/log.js';
import type { Digest } from '../../src/oci/digest.js';
import { LayoutStore } from '../../src/oci/layout.js';
import { MediaType } from '../../src/oci/media-types.js';
import type { ImageStore } from '../../src/oci/store.js';
import type { Descriptor } from '../../src/oci/types.js';
import { containmentFor } from '../../src/rebase/containment.js';
import { PatchImageResolver } from '../../src/rebase/resolve.js';
import {
  diskCache,
  RULE_SOURCES,
  RULES,
  verifiedDir,
  type VerifiedCache,
} from '../../src/rebase/verified-cache.js';
import { pushBlob } from '../fixtures/images.js';
import { layerFromTar } from '../fixtures/layers.js';
import { archive, file, gnuLong, header, pax } from '../fixtures/raw-tar.js';
import { storesFor } from '../helpers/registry.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** What RULES must be: sha256 over each rule source's path and the sha256 of its text, 16 hex digits. */
function fingerprint(): string {
  const all = createHash('sha256');
  for (const path of [...RULE_SOURCES].sort()) {
    const text = readFileSync(join(ROOT, path), 'utf8').replace(/\r\n/g, '\n');
    all.update(`${path}\n${createHash('sha256').update(text).digest('hex')}\n`);
  }
  return all.digest('hex').slice(0, 16);
}

/** Modules a source imports for their values (`import type` and all-type imports are not code that runs). */
function valueImports(path: string): string[] {
  const text = readFileSync(join(ROOT, path), 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(
    /^(?:import|export)\s+(type\s+)?(?:\{([^}]*)\}|[^;]*?)\s*from\s+'(\.[^']+)'/gm,
  )) {
    const [, typeOnly, names, spec] = m;
    if (typeOnly) continue;
    if (names !== undefined && names.split(',').every((n) => n.trim() === '' || /^type\s/.test(n.trim())))
      continue;
    out.push(relative(ROOT, resolve(dirname(join(ROOT, path)), spec!.replace(/\.js$/, '.ts'))));
  }
  return out;
}

/** Modules the inspection reaches that do not decide a verdict, and why. */
const NOT_RULES: Record<string, string> = {
  'src/errors.ts': 'error classes: what a refusal is called, not whether there is one',
};

describe('verdicts are keyed to the rules that judged them', () => {
  test('RULES is the fingerprint of the rule sources: a changed rule without a new key fails here', () => {
    const now = fingerprint();
    expect(
      RULES,
      `a rule source changed (${RULE_SOURCES.join(', ')}): verdicts judged by the old rules must not be trusted; set RULES in src/rebase/verified-cache.ts to '${now}'`,
    ).toBe(now);
  });

  test('every module the layer inspection runs is a rule source (or says why it decides nothing)', () => {
    const reached = new Set<string>();
    const queue = ['src/rebase/inspect-layer.ts'];
    while (queue.length > 0) {
      const path = queue.pop()!;
      if (reached.has(path)) continue;
      reached.add(path);
      if (!NOT_RULES[path]) queue.push(...valueImports(path));
    }
    const undeclared = [...reached].filter((p) => !RULE_SOURCES.includes(p) && !NOT_RULES[p]);
    expect(undeclared, 'add them to RULE_SOURCES in src/rebase/verified-cache.ts').toEqual([]);
    expect(RULE_SOURCES.filter((p) => !reached.has(p))).toEqual([]);
  });

  test('verdicts live in a directory named by the entry format and the rules', async () => {
    const root = await mkdtemp(join(tmpdir(), 'verdicts-'));
    expect(RULES).toMatch(/^[0-9a-f]{16}$/);
    expect(verifiedDir(root)).toBe(join(root, `verified-v3-${RULES}`));
    expect(diskCache(root).location).toBe(verifiedDir(root));
  });
});

/** A store that counts the blob reads it serves. */
function counting(store: ImageStore): ImageStore & { reads: string[] } {
  const reads: string[] = [];
  return Object.assign(Object.create(store) as ImageStore, {
    reads,
    getBlob: (blob: { digest: Digest; size?: number }) => {
      reads.push(blob.digest);
      return store.getBlob(blob);
    },
  });
}

const rule = containmentFor({ kind: 'layer', buildpack: 'example/node', layer: 'node' }, '/layers');
const stores = storesFor(undefined);

/**
 * The layer of the review (#6): a PAX path inside the layer directory and a GNU long name outside it on
 * one entry. A reader that takes the PAX path found it inside; Go (what runtimes extract with) writes the
 * GNU name. Today's reader refuses it outright.
 */
async function disputedLayer() {
  const tar = archive(
    header({ name: 'layers/example_node/node/', type: '5' }),
    gnuLong('L', 'cnb/lifecycle/launcher'),
    pax([['path', 'layers/example_node/node/bin/node']]),
    file('node', 'not the launcher', { magic: 'gnu' }),
  );
  const built = layerFromTar(tar);
  const store = new LayoutStore(await mkdtemp(join(tmpdir(), 'verdict-layout-')));
  await pushBlob(store, built.gz);
  const layer: Descriptor = { mediaType: MediaType.ociLayerGzip, digest: built.digest, size: built.size };
  return { store, layer, diffId: built.diffId };
}

/** The file name an entry for this layer has in a verdict directory (the same in v2 and v3). */
const entryName = (layer: Descriptor, diffId: Digest) =>
  createHash('sha256').update(`${layer.digest}\n${layer.size}\n${diffId}\n${rule.dir}`).digest('hex');

const inspect = (store: ImageStore, layer: Descriptor, diffId: Digest, cache: VerifiedCache) =>
  new PatchImageResolver(stores, silentLog, cache).inspectLayer(store, layer, diffId, rule);

describe('an entry written under older rules is ignored, and the layer is read again', () => {
  test('the same "stays inside" verdict: trusted under today’s key, read again and refused under any other', async () => {
    const { store, layer, diffId } = await disputedLayer();
    const root = await mkdtemp(join(tmpdir(), 'verdicts-older-'));
    const name = entryName(layer, diffId);
    const entry = {
      digest: layer.digest,
      size: layer.size,
      diffId,
      dir: rule.dir,
      violations: [] as string[],
    };
    const plant = async (dir: string, fields: object) => {
      await mkdir(join(root, dir), { recursive: true });
      await writeFile(join(root, dir, name), JSON.stringify({ ...fields, ...entry }));
    };
    const current = `verified-v3-${RULES}`;

    // Planted under today's rules (what only this machine's own runs can do), the verdict is used unread:
    // this is the entry a run would find, so the ones below differ from it only in their rules.
    await plant(current, { version: 3, rules: RULES });
    const trusted = counting(store);
    expect(await inspect(trusted, layer, diffId, diskCache(root))).toEqual({ violations: [] });
    expect(trusted.reads).toEqual([]);

    const older: [string, string, object][] = [
      // What the tool before the Go-faithful tar reader wrote (row 6 of the review).
      ['the verified-v2 directory', 'verified-v2', { version: 2 }],
      ['another rules key in today’s directory', current, { version: 3, rules: '0123456789abcdef' }],
      ['no rules key in today’s directory', current, { version: 3 }],
      [
        'the directory of other rules',
        'verified-v3-0123456789abcdef',
        { version: 3, rules: '0123456789abcdef' },
      ],
    ];
    for (const [what, dir, fields] of older) {
      await rm(join(root, current), { recursive: true, force: true });
      await plant(dir, fields);
      const again = counting(store);
      const refused = await inspect(again, layer, diffId, diskCache(root)).catch((e: unknown) => e);
      expect(refused, what).toBeInstanceOf(UnsafeTarError);
      expect((refused as UnsafeTarError).reason, what).toMatch(
        /both a GNU long name "cnb\/lifecycle\/launcher" and a PAX path "layers\/example_node\/node\/bin\/node"/,
      );
      expect(again.reads, what).toEqual([layer.digest]);
      // A refusal is no verdict: nothing is written for it.
      expect(await readdir(join(root, current)).catch(() => []), what).toEqual(dir === current ? [name] : []);
    }
  });

  test('a verdict written today is read back only under today’s rules', async () => {
    const root = await mkdtemp(join(tmpdir(), 'verdicts-roundtrip-'));
    const blob = { digest: `sha256:${'a'.repeat(64)}` as Digest, size: 3 };
    const diffId = `sha256:${'b'.repeat(64)}` as Digest;
    const cache = diskCache(root);
    await cache.put(blob, diffId, rule.dir, {
      violations: ['"/etc/x" is outside /layers/example_node/node/'],
    });
    expect(cache.writes).toBe(1);
    expect(await diskCache(root).get(blob, diffId, rule.dir)).toEqual({
      violations: ['"/etc/x" is outside /layers/example_node/node/'],
    });
    const [name] = await readdir(verifiedDir(root));
    const written = JSON.parse(await readFile(join(verifiedDir(root), name!), 'utf8')) as object;
    expect(written).toMatchObject({ version: 3, rules: RULES });
    await writeFile(
      join(verifiedDir(root), name!),
      JSON.stringify({ ...written, rules: 'ffffffffffffffff' }),
    );
    expect(await diskCache(root).get(blob, diffId, rule.dir)).toBeUndefined();
  });
});
