import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomically } from '../files.js';
import type { Digest } from '../oci/digest.js';
import type { LayerInspection } from './inspect-layer.js';

/**
 * What one read of a patch layer established — "blob D of S bytes uncompresses to diffID X, and its entries
 * lie under directory P (or these do not)" — is a verdict: true of content-addressed bytes only as long as
 * the rules that judged them (how the tar is read, what counts as outside P) stay what they were. Kept on
 * the local disk only, keyed to those rules, a warm run reads no patch layer at all. An entry is written
 * atomically (temp file, then rename) and checked field by field when read: a corrupt or foreign entry,
 * or one judged by other rules, is ignored, never trusted. Verdicts never travel through the Actions
 * cache (src/action/actions-cache.ts): whoever can write a directory of verdicts decides which layers
 * are pushed unread.
 */
export interface VerifiedCache {
  get(blob: VerifiedBlob, diffId: Digest, dir: string): Promise<LayerInspection | undefined>;
  put(blob: VerifiedBlob, diffId: Digest, dir: string, inspection: LayerInspection): Promise<void>;
  readonly location: string | undefined;
  /** Entries written by this run. */
  readonly writes: number;
}

/** A blob as its descriptor names it: the size is part of the fact (a descriptor may lie about it). */
export interface VerifiedBlob {
  digest: Digest;
  size: number;
}

/** The entry format (2 added the size, 3 the rules). */
const VERSION = 3;

/**
 * The sources whose code decides a verdict: the Go-faithful tar reader, the containment check, the
 * inspection that drives them and the decompression that yields the diffID. Changed, the verdicts they
 * made are void.
 */
export const RULE_SOURCES = [
  'src/cnb/tar-reader.ts',
  'src/cnb/tar.ts',
  'src/oci/compression.ts',
  'src/oci/media-types.ts',
  'src/oci/stream-stages.ts',
  'src/rebase/containment.ts',
  'src/rebase/inspect-layer.ts',
];

/**
 * Fingerprint of RULE_SOURCES (the first 16 hex digits of sha256 over each path and its text's sha256):
 * verdicts are kept under `verified-v3-<RULES>/`, so that a change of the rules starts an empty
 * directory. test/rebase/verified-cache.test.ts recomputes it and fails, giving the new value, when a rule
 * source changed and this did not. A constant, not a hash computed at start-up: the bundle holds no
 * sources, and a compiled function's text depends on the compiler.
 */
export const RULES = '1216203e241552a0';

interface Entry {
  version: number;
  rules: string;
  digest: string;
  size: number;
  diffId: string;
  dir: string;
  violations: string[];
}

export const noCache: VerifiedCache = {
  get: async () => undefined,
  put: async () => {},
  location: undefined,
  writes: 0,
};

/**
 * Where the caches live: `$XDG_CACHE_HOME/layer-rebase` for the CLI, the runner's tool cache for the action
 * (verdicts there only on self-hosted runners: src/action/actions-cache.ts).
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv, kind: 'cli' | 'action'): string {
  if (kind === 'action' && env.RUNNER_TOOL_CACHE) return join(env.RUNNER_TOOL_CACHE, 'layer-rebase');
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'layer-rebase');
}

/** Where the verdicts of the current rules live under a cache directory. */
export function verifiedDir(root: string): string {
  return join(root, `verified-v${VERSION}-${RULES}`);
}

export function diskCache(root: string): VerifiedCache {
  const dir = verifiedDir(root);
  const pathOf = (blob: VerifiedBlob, diffId: Digest, layerDir: string) =>
    join(
      dir,
      createHash('sha256').update(`${blob.digest}\n${blob.size}\n${diffId}\n${layerDir}`).digest('hex'),
    );
  let writes = 0;
  return {
    location: dir,
    get writes() {
      return writes;
    },
    async get(blob, diffId, layerDir) {
      let entry: Partial<Entry>;
      try {
        entry = JSON.parse(await readFile(pathOf(blob, diffId, layerDir), 'utf8')) as Partial<Entry>;
      } catch {
        return undefined;
      }
      const valid =
        entry.version === VERSION &&
        entry.rules === RULES &&
        entry.digest === blob.digest &&
        entry.size === blob.size &&
        entry.diffId === diffId &&
        entry.dir === layerDir &&
        Array.isArray(entry.violations) &&
        entry.violations.every((v) => typeof v === 'string');
      return valid ? { violations: entry.violations! } : undefined;
    },
    async put(blob, diffId, layerDir, inspection) {
      const entry: Entry = {
        version: VERSION,
        rules: RULES,
        digest: blob.digest,
        size: blob.size,
        diffId,
        dir: layerDir,
        violations: inspection.violations,
      };
      try {
        await writeFileAtomically(pathOf(blob, diffId, layerDir), JSON.stringify(entry));
        writes++;
      } catch {
        // A cache that cannot be written only costs a re-read next time.
      }
    },
  };
}
