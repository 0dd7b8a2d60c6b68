import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as FsPromises from 'node:fs/promises';
import { expect, test, vi } from 'vitest';
import { diskContentCache, MAX_CONTENT_ENTRY_BYTES, throughCache } from '../../src/oci/content-cache.js';
import type { Digest } from '../../src/oci/digest.js';

/** Every byte the cache reads from disk, through `readFile` or an open file's `read`. */
const disk = vi.hoisted(() => ({ bytesRead: 0 }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof FsPromises>();
  return {
    ...fs,
    readFile: async (...args: Parameters<typeof fs.readFile>) => {
      const bytes = await fs.readFile(...args);
      disk.bytesRead += bytes.length;
      return bytes;
    },
    open: async (...args: Parameters<typeof fs.open>) => {
      const handle = await fs.open(...args);
      const read = handle.read.bind(handle) as (...a: unknown[]) => Promise<{ bytesRead: number }>;
      Object.assign(handle, {
        read: async (...a: unknown[]) => {
          const result = await read(...a);
          disk.bytesRead += result.bytesRead;
          return result;
        },
      });
      return handle;
    },
  };
});

const digestOf = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}` as Digest;

test('an entry is returned only while its bytes hash to the digest asked for, with the size asked for', async () => {
  const root = await mkdtemp(join(tmpdir(), 'content-'));
  const cache = diskContentCache(root);
  const bytes = Buffer.from('{"architecture":"amd64"}');
  const digest = digestOf(bytes);
  expect(await cache.get(digest, { digest })).toBeUndefined();
  await cache.put(digest, bytes);
  expect(await cache.get(digest, { digest, size: bytes.length })).toEqual(bytes);
  // Another digest or size under the same key, and another key: misses.
  expect(await cache.get(digest, { digest: digestOf(Buffer.from('x')) })).toBeUndefined();
  expect(await cache.get(digest, { digest, size: bytes.length + 1 })).toBeUndefined();
  expect(await cache.get(`${digest}>other`, { digest })).toBeUndefined();
  // A file changed on disk (truncated, planted) is a miss.
  const [file] = await readdir(join(root, 'content-v1'));
  await writeFile(join(root, 'content-v1', file!), bytes.subarray(0, 5));
  expect(await cache.get(digest, { digest })).toBeUndefined();
});

test('throughCache fetches on a miss, keeps what it fetched, and does not keep large entries', async () => {
  const cache = diskContentCache(await mkdtemp(join(tmpdir(), 'content-')));
  const bytes = Buffer.from('sbom tar');
  const digest = digestOf(bytes);
  let fetches = 0;
  const fetch = async () => {
    fetches++;
    return bytes;
  };
  expect(await throughCache(cache, 'k', { digest }, fetch)).toEqual({ bytes, cached: false });
  expect(await throughCache(cache, 'k', { digest }, fetch)).toEqual({ bytes, cached: true });
  expect(fetches).toBe(1);
  const big = Buffer.alloc(MAX_CONTENT_ENTRY_BYTES + 1);
  await throughCache(cache, 'big', { digest: digestOf(big) }, async () => big);
  expect((await throughCache(cache, 'big', { digest: digestOf(big) }, async () => big)).cached).toBe(false);
  // A failed fetch is the caller's error, and nothing is kept.
  await expect(
    throughCache(cache, 'bad', { digest }, () => Promise.reject(new Error('digest mismatch'))),
  ).rejects.toThrow('digest mismatch');
  expect(await cache.get('bad', { digest })).toBeUndefined();
});

test('a file larger than the cap, or than the size asked for, is a miss without being read; a FIFO is a miss at once', async () => {
  const root = await mkdtemp(join(tmpdir(), 'content-'));
  const cache = diskContentCache(root);
  const bytes = Buffer.from('{"architecture":"arm64"}');
  const digest = digestOf(bytes);
  await cache.put('k', bytes);
  disk.bytesRead = 0;
  expect(await cache.get('k', { digest, size: bytes.length })).toEqual(bytes);
  expect(disk.bytesRead).toBe(bytes.length);

  // Planted under the entry's name: 64 MiB (sparse), far above the 8 MiB cap.
  const path = join(root, 'content-v1', createHash('sha256').update('k').digest('hex'));
  await truncate(path, 64 * 1024 * 1024);
  disk.bytesRead = 0;
  expect(await cache.get('k', { digest })).toBeUndefined();
  // Under the cap but larger than the size the caller expects: not read either.
  await truncate(path, MAX_CONTENT_ENTRY_BYTES);
  expect(await cache.get('k', { digest, size: bytes.length })).toBeUndefined();
  expect(disk.bytesRead).toBe(0);
  // Exactly at the cap, no size given: read once, no more than the cap (+1 to see it end).
  expect(await cache.get('k', { digest })).toBeUndefined();
  expect(disk.bytesRead).toBeLessThanOrEqual(MAX_CONTENT_ENTRY_BYTES + 1);

  // A FIFO (no writer would ever come) and a directory: misses, at once.
  const fifoKey = 'fifo';
  const fifo = join(root, 'content-v1', createHash('sha256').update(fifoKey).digest('hex'));
  execFileSync('mkfifo', [fifo]);
  expect(await cache.get(fifoKey, { digest })).toBeUndefined();
  await mkdir(join(root, 'content-v1', createHash('sha256').update('dir').digest('hex')));
  expect(await cache.get('dir', { digest })).toBeUndefined();
});
