import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from '../files.js';
import type { Digest } from './digest.js';

/**
 * Small content-addressed bytes of patch images — configs, uncompressed SBOM layers — kept on disk
 * between runs: a patch image is the same bytes every night, and a warm nightly run of one image
 * otherwise fetches them again (two of its requests). An entry is only ever returned when its bytes
 * hash to the digest the caller expects (the config's digest, the SBOM layer's diffID), so a
 * corrupt, truncated or planted file is a miss, never an answer.
 */
export interface ContentCache {
  /** The bytes stored under `key`, if they hash to `expected.digest` (and have its size, when given). */
  get(key: string, expected: Expected): Promise<Buffer | undefined>;
  put(key: string, bytes: Buffer): Promise<void>;
}

export interface Expected {
  digest: Digest;
  size?: number;
}

/** Larger blobs are read from the registry every time: the cache stays small on a runner's disk. */
export const MAX_CONTENT_ENTRY_BYTES = 8 * 1024 * 1024;

const VERSION = 1;

export const noContentCache: ContentCache = {
  get: async () => undefined,
  put: async () => {},
};

export function diskContentCache(root: string): ContentCache {
  const dir = join(root, `content-v${VERSION}`);
  const pathOf = (key: string) => join(dir, createHash('sha256').update(key).digest('hex'));
  return {
    async get(key, expected) {
      const cap = Math.min(MAX_CONTENT_ENTRY_BYTES, expected.size ?? MAX_CONTENT_ENTRY_BYTES);
      const bytes = await readUpTo(pathOf(key), cap).catch(() => undefined);
      if (!bytes) return undefined;
      if (expected.size !== undefined && bytes.length !== expected.size) return undefined;
      const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
      return actual === expected.digest ? bytes : undefined;
    },
    async put(key, bytes) {
      if (bytes.length > MAX_CONTENT_ENTRY_BYTES) return;
      try {
        await writeFileAtomically(pathOf(key), bytes);
      } catch {
        // A cache that cannot be written only costs a fetch next time.
      }
    },
  };
}

/**
 * A regular file's bytes when there are at most `cap` of them; undefined for anything larger or
 * that is not a regular file (a FIFO, a device, a directory planted under the entry's name). The
 * size is checked before reading, and no more than `cap + 1` bytes are ever read (a file that grows
 * meanwhile is a miss): a planted multi-gigabyte file costs nothing.
 */
async function readUpTo(path: string, cap: number): Promise<Buffer | undefined> {
  // O_NONBLOCK: opening a planted FIFO must not wait for a writer (no effect on a regular file).
  const file = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = await file.stat();
    if (!stat.isFile() || stat.size > cap) return undefined;
    const buffer = Buffer.alloc(stat.size + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await file.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return length > stat.size ? undefined : buffer.subarray(0, length);
  } finally {
    await file.close();
  }
}

/**
 * `fetch()`'s answer through the cache: bytes that hash to `expected` come from disk; otherwise they
 * are fetched (the fetch verifies them as it always does) and kept for the next run.
 */
export async function throughCache(
  cache: ContentCache,
  key: string,
  expected: Expected,
  fetch: () => Promise<Buffer>,
): Promise<{ bytes: Buffer; cached: boolean }> {
  const known = await cache.get(key, expected);
  if (known) return { bytes: known, cached: true };
  const bytes = await fetch();
  await cache.put(key, bytes);
  return { bytes, cached: false };
}
