import { createHash, randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { sha256 } from '../../src/oci/digest.js';
import { decodeHashed, layerDecoder } from '../../src/oci/compression.js';

test('a long decode forces young collections without leaving gc to any other context', async () => {
  const bytes = randomBytes(12 << 20);
  const gz = gzipSync(bytes, { level: 1 });
  const layer = {
    mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
    digest: sha256(gz),
    size: gz.length,
  };
  const sink = new Writable({ write: (_c, _e, done) => done() });
  const diffId = await decodeHashed(
    Readable.from([gz]),
    { name: 'test' },
    layer,
    layerDecoder(layer.mediaType) as Exclude<ReturnType<typeof layerDecoder>, 'none' | undefined>,
    sink,
  );
  expect(diffId).toBe(`sha256:${createHash('sha256').update(bytes).digest('hex')}`);
  expect(runInNewContext('typeof gc')).toBe('undefined');
  expect(typeof (globalThis as { gc?: unknown }).gc).toBe('undefined');
});
