import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomically } from '../files.js';
import type { Digest } from '../oci/digest.js';
import type { LayerInspection } from './inspect-layer.js';

/**
 * What one read of a patch layer established — "blob D of S bytes uncompresses to diffID X, and its entries
 * lie under directory P (or these do not)" — is a fact about content-addressed bytes, true forever.
 * Kept on disk, a warm run reads no patch layer at all. An entry is written atomically (temp file,
 * then rename) and checked field by field when read: a corrupt or foreign entry is ignored, never
 * trusted.
 */
export interface VerifiedCache {
  get(blob: VerifiedBlob, diffId: Digest, dir: string): Promise<LayerInspection | undefined>;
  put(blob: VerifiedBlob, diffId: Digest, dir: string, inspection: LayerInspection): Promise<void>;
  readonly location: string | undefined;
  /** Entries written by this run (worth saving to the Actions cache only when there are any). */
  readonly writes: number;
}

/** A blob as its descriptor names it: the size is part of the fact (a descriptor may lie about it). */
export interface VerifiedBlob {
  digest: Digest;
  size: number;
}

const VERSION = 2;

interface Entry {
  version: number;
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

/** Where the cache lives: `$XDG_CACHE_HOME/layer-rebase` for the CLI, the runner's tool cache for the action. */
export function defaultCacheDir(env: NodeJS.ProcessEnv, kind: 'cli' | 'action'): string {
  if (kind === 'action' && env.RUNNER_TOOL_CACHE) return join(env.RUNNER_TOOL_CACHE, 'layer-rebase');
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'layer-rebase');
}

export function diskCache(root: string): VerifiedCache {
  const dir = join(root, `verified-v${VERSION}`);
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
