import { Readable } from 'node:stream';
import { LayerRebaseError } from '../errors.js';
import type { Digest } from './digest.js';

export interface ManifestBytes {
  bytes: Buffer;
  mediaType: string;
  digest: Digest;
}

export interface BlobRef {
  digest: Digest;
  size?: number;
}

/**
 * One repository of images: a repository in a registry, or an OCI image layout directory.
 * Everything above the stores speaks only this interface. Every read is verified against its digest.
 */
export interface ImageStore {
  readonly kind: 'registry' | 'layout';
  /** `registry/repository` or `oci:<dir>`, for messages. */
  readonly name: string;
  /** A tag or a digest. Throws a not-found error when there is none. */
  getManifest(reference: string): Promise<ManifestBytes>;
  /** undefined when the tag or digest does not exist. */
  headManifest(reference: string): Promise<{ digest: Digest; mediaType: string; size: number } | undefined>;
  /**
   * Stores the manifest under its digest and, when `tag` is given, points the tag at it. With
   * `onlyIf`, the tag is moved only while it holds `onlyIf.holds` (or already this manifest), else a
   * TagMovedError: a layout checks this under its lock; a registry cannot (the distribution API has
   * no conditional PUT), and the caller's check right before stays the guard.
   */
  putManifest(manifest: ManifestBytes, tag?: string, onlyIf?: { holds: Digest | undefined }): Promise<void>;
  hasBlob(digest: Digest): Promise<boolean>;
  /** A stream that errors at its end when the bytes do not hash to `blob.digest`. */
  getBlob(blob: BlobRef): Promise<Readable>;
  /** Uploads a blob; `open` may be called more than once when an upload must be restarted. */
  putBlob(blob: Required<BlobRef>, open: () => Promise<Readable>): Promise<void>;
}

/** Reads a whole stream into memory, or undefined (and the stream destroyed) past `limit` bytes. */
export async function readStreamCapped(stream: Readable, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += (chunk as Buffer).length;
    if (total > limit) {
      stream.destroy();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, total);
}

/** A small blob (config, SBOM document) in memory, digest-verified and size-capped. */
export async function readBlob(store: ImageStore, blob: BlobRef, limit: number): Promise<Buffer> {
  const tooLarge = () =>
    new LayerRebaseError(
      'too-large',
      `${store.name}: blob ${blob.digest} is more than the ${limit} bytes allowed here`,
    );
  if (blob.size !== undefined && blob.size > limit) throw tooLarge();
  const bytes = await readStreamCapped(await store.getBlob(blob), limit);
  if (bytes === undefined) throw tooLarge();
  return bytes;
}

/** Uploads bytes already in memory (a config, a rewritten SBOM layer) unless the store has them. */
export async function putBlobBytes(
  store: ImageStore,
  digest: Digest,
  bytes: Buffer,
): Promise<'exists' | 'copied'> {
  if (await store.hasBlob(digest)) return 'exists';
  await store.putBlob({ digest, size: bytes.length }, async () => Readable.from([bytes]));
  return 'copied';
}
