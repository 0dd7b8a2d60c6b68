import { createHash } from 'node:crypto';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { diskContentCache, MAX_CONTENT_ENTRY_BYTES, throughCache } from '../../src/oci/content-cache.js';
import type { Digest } from '../../src/oci/digest.js';

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
