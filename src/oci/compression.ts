import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import { Transform, Writable, type Readable } from 'node:stream';
import { DigestMismatchError, LayerRebaseError } from '../errors.js';
import type { Digest } from './digest.js';
import { blockFed, deferredTap } from './stream-stages.js';
import { layerEncoding } from './media-types.js';
import type { ImageStore } from './store.js';
import type { Descriptor } from './types.js';

/** Compressed bytes go to the decompressor in blocks of this size, and come out in chunks of this size. */
const DECODE_BLOCK = 256 << 10;
const DECODED_CHUNK = 1 << 20;

/**
 * 1 MiB out per call, not zlib's 16 KiB: each call is a hop to the thread pool and back (a 512 MiB
 * layer made 32 768 of them; inflate is what paces a cold copy across registries). A block queued
 * behind the one being inflated is issued the moment that one is done (zlib passes stream options
 * on to its Transform; @types/node does not list them).
 */
const DECODER_OPTIONS = { chunkSize: DECODED_CHUNK, writableHighWaterMark: DECODE_BLOCK } as zlib.ZlibOptions;

/**
 * Every 1 MiB block the decoder produced is dead once hashed and read, but its memory comes back only
 * when V8 collects the ArrayBuffer, and the little JavaScript a copy runs starts a young collection
 * only every ~10 MiB of blocks: a 512 MiB layer held tens of MiB of dead blocks at its peak. A young
 * collection every 4 MiB decoded (well under a millisecond with the 1 MiB young generation of
 * runtime-flags.ts) frees them while they are young. `gc` is taken from a context of its own at the
 * first decode, with the flag that exposes it turned off again at once: no other context or worker
 * gets it. Only a hint: where it cannot be had, no collection is forced, and nothing fails.
 */
const COLLECT_EVERY = 4 << 20;
type Collect = (options: { type: 'minor' }) => void;
let collectYoung: Collect | null | undefined;
let decodedSinceCollect = 0;

function exposedGc(): Collect | null {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('typeof gc === "function" ? gc : null') as unknown;
    return typeof gc === 'function' ? (gc as Collect) : null;
  } catch {
    return null;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}

function collectNow(decoded: number): void {
  decodedSinceCollect += decoded;
  if (decodedSinceCollect < COLLECT_EVERY) return;
  decodedSinceCollect = 0;
  if (collectYoung === undefined) collectYoung = exposedGc();
  try {
    collectYoung?.({ type: 'minor' });
  } catch {
    collectYoung = null;
  }
}

/** Node 22.15+ and 24 (the action's runtime) decode zstd; Node 20 does not. */
const zstdDecompress = (
  zlib as unknown as { createZstdDecompress?: (options?: zlib.ZlibOptions) => Transform }
).createZstdDecompress;

/** How to get a layer's tar back: a decompressor, 'none' for plain tar, undefined when this Node cannot. */
export function layerDecoder(mediaType: string): (() => Transform) | 'none' | undefined {
  switch (layerEncoding(mediaType)) {
    case 'gzip':
    case 'foreign-gzip':
      return () => zlib.createGunzip(DECODER_OPTIONS);
    case 'tar':
    case 'nondistributable-tar':
      return 'none';
    case 'zstd':
      return zstdDecompress ? () => zstdDecompress(DECODER_OPTIONS) : undefined;
    default:
      return undefined;
  }
}

/** Whether this runtime can read a layer's tar: gzip, uncompressed, and zstd where Node has a decoder. */
export function canReadLayer(mediaType: string): boolean {
  return layerDecoder(mediaType) !== undefined;
}

/** Streams a layer's uncompressed bytes into `onChunk` and returns their sha256: the layer's diffID. */
export async function streamUncompressed(
  store: ImageStore,
  layer: Descriptor,
  onChunk: (chunk: Buffer) => void,
): Promise<Digest> {
  const decoder = layerDecoder(layer.mediaType);
  if (decoder === undefined) {
    throw new LayerRebaseError(
      'unsupported-media-type',
      `${store.name}: cannot read layer ${layer.digest} (${layer.mediaType}) with Node ${process.versions.node}`,
    );
  }
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      try {
        onChunk(chunk);
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
  return decodeHashed(await store.getBlob(layer), store, layer, decoder, sink);
}

/**
 * Decodes a layer's compressed bytes into `sink`, hashing the uncompressed bytes on the way, and
 * returns that hash: the diffID. A decoder's complaint names the blob and its media type.
 */
export async function decodeHashed(
  blob: Readable,
  store: Pick<ImageStore, 'name'>,
  layer: Descriptor,
  decoder: (() => Transform) | 'none',
  sink: NodeJS.WritableStream,
): Promise<Digest> {
  const hash = createHash('sha256');
  try {
    if (decoder === 'none') {
      const tap = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          done(null, chunk);
        },
      });
      await pipeline(blob, tap, sink);
    } else {
      // The decompressor works on the thread pool while the main thread hashes and reads the tar.
      const hashed = deferredTap((chunk) => {
        hash.update(chunk);
        collectNow(chunk.length);
      }, DECODED_CHUNK);
      await pipeline(blob, blockFed(DECODE_BLOCK, decoder()), hashed, sink);
    }
  } catch (error) {
    throw decodeError(store, layer, error);
  }
  return `sha256:${hash.digest('hex')}` as Digest;
}

/** Reads a layer's uncompressed tar into memory, refusing more than `limit` bytes (gzip bombs) and a wrong diffID. */
export async function readLayerTar(
  store: ImageStore,
  layer: Descriptor,
  diffId: Digest,
  limit: number,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  const actual = await streamUncompressed(store, layer, (chunk) => {
    total += chunk.length;
    if (total > limit) {
      throw new LayerRebaseError(
        'layer-too-large',
        `${store.name}: layer ${layer.digest} uncompresses to more than ${limit} bytes; refusing to read it`,
      );
    }
    chunks.push(chunk);
  });
  if (actual !== diffId)
    throw new DigestMismatchError(diffId, actual, `diffID of layer ${layer.digest} in ${store.name}`);
  return Buffer.concat(chunks, total);
}

/**
 * gzip with a fixed header (no name, mtime 0, OS "unknown"), so the same tar gives the same blob on
 * every machine: Node writes the host OS into byte 9, which would differ between runners.
 */
export function gzipDeterministic(tar: Buffer): Buffer {
  const gz = zlib.gzipSync(tar, { level: 9 });
  gz[4] = gz[5] = gz[6] = gz[7] = 0;
  gz[9] = 0xff;
  return gz;
}

/** A decompressor's complaint ("incorrect header check") names the blob and its media type. */
export function decodeError(store: Pick<ImageStore, 'name'>, layer: Descriptor, error: unknown): Error {
  if (error instanceof LayerRebaseError) return error;
  const code = (error as { code?: string }).code ?? '';
  if (
    code.startsWith('Z_') ||
    /header check|invalid (block|distance|stored)|unexpected end/i.test((error as Error).message)
  ) {
    return new LayerRebaseError(
      'invalid-layer',
      `${store.name}: layer ${layer.digest} cannot be decompressed as its media type ${layer.mediaType} says: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return new LayerRebaseError(
    'invalid-layer',
    `${store.name}: layer ${layer.digest} (${layer.mediaType}) cannot be read: ${(error as Error).message}`,
    { cause: error },
  );
}
