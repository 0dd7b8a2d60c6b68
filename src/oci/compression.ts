import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { createGunzip, gzipSync } from 'node:zlib';
import { DigestMismatchError, LayerRebaseError } from '../errors.js';
import type { Digest } from './digest.js';
import { layerEncoding } from './media-types.js';
import type { ImageStore } from './store.js';
import type { Descriptor } from './types.js';

/** Reads a layer's uncompressed tar into memory, refusing more than `limit` bytes (gzip bombs) and a wrong diffID. */
export async function readLayerTar(
  store: ImageStore,
  layer: Descriptor,
  diffId: Digest,
  limit: number,
): Promise<Buffer> {
  const encoding = layerEncoding(layer.mediaType);
  if (encoding !== 'gzip' && encoding !== 'tar') {
    throw new LayerRebaseError(
      'unsupported-media-type',
      `${store.name}: cannot read layer ${layer.digest} (${layer.mediaType})`,
    );
  }
  const chunks: Buffer[] = [];
  let total = 0;
  const hash = createHash('sha256');
  const sink = async function* (source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      total += chunk.length;
      if (total > limit) {
        throw new LayerRebaseError(
          'layer-too-large',
          `${store.name}: layer ${layer.digest} uncompresses to more than ${limit} bytes; refusing to read it`,
        );
      }
      hash.update(chunk);
      chunks.push(chunk);
    }
    yield* [];
  };
  const blob = await store.getBlob(layer);
  if (encoding === 'gzip') await pipeline(blob, createGunzip(), sink);
  else await pipeline(blob, sink);
  const actual = `sha256:${hash.digest('hex')}`;
  if (actual !== diffId)
    throw new DigestMismatchError(diffId, actual, `diffID of layer ${layer.digest} in ${store.name}`);
  return Buffer.concat(chunks, total);
}

/**
 * gzip with a fixed header (no name, mtime 0, OS "unknown"), so the same tar gives the same blob on
 * every machine: Node writes the host OS into byte 9, which would differ between runners.
 */
export function gzipDeterministic(tar: Buffer): Buffer {
  const gz = gzipSync(tar, { level: 9 });
  gz[4] = gz[5] = gz[6] = gz[7] = 0;
  gz[9] = 0xff;
  return gz;
}
