import type { Readable } from 'node:stream';
import { TarReader, tarSink } from '../cnb/tar-reader.js';
import { BlobSizeError, DigestMismatchError, LayerRebaseError } from '../errors.js';
import { decodeHashed, layerDecoder } from '../oci/compression.js';
import type { Digest } from '../oci/digest.js';
import type { ImageStore } from '../oci/store.js';
import type { Descriptor } from '../oci/types.js';
import { containmentViolation, type Containment } from './containment.js';

/** What one read of a patch layer established. */
export interface LayerInspection {
  /** Entries that write outside the layer's own directory (at most MAX_REPORTED, then a count). */
  violations: string[];
}

const MAX_REPORTED = 10;

/**
 * Reads a patch layer once: its uncompressed bytes must hash to the diffID its config claims (a
 * wrong diffID would make every runtime reject the patched image), and every tar entry must lie
 * under the directory the patch is allowed to write.
 */
export async function inspectPatchLayer(
  store: ImageStore,
  layer: Descriptor,
  diffId: Digest,
  rule: Containment,
): Promise<LayerInspection> {
  if (layerDecoder(layer.mediaType) === undefined) throw cannotDecode(store.name, layer);
  return inspectLayerStream(await store.getBlob(layer), store, layer, diffId, rule);
}

function cannotDecode(name: string, layer: Descriptor): LayerRebaseError {
  return new LayerRebaseError(
    'unsupported-media-type',
    `${name}: cannot read patch layer ${layer.digest} (${layer.mediaType}) with Node ${process.versions.node} to verify its diffID and where it writes`,
  );
}

/**
 * The same checks over a stream of the layer's compressed bytes that is already flowing somewhere
 * else (a copy to another registry): the layer is then read once for both.
 */
export async function inspectLayerStream(
  blob: Readable,
  store: Pick<ImageStore, 'name'>,
  layer: Descriptor,
  diffId: Digest,
  rule: Containment,
): Promise<LayerInspection> {
  const decoder = layerDecoder(layer.mediaType);
  if (decoder === undefined) throw cannotDecode(store.name, layer);
  const violations: string[] = [];
  let more = 0;
  const symlinks = new Set<string>();
  // Read as the runtime's Go archive/tar reads it; what readers disagree on is refused outright.
  const reader = new TarReader({
    where: `${store.name}: patch layer ${layer.digest}`,
    onEntry: (entry) => {
      const problem = containmentViolation(entry, rule, symlinks);
      if (!problem) return;
      if (violations.length < MAX_REPORTED) violations.push(problem);
      else more++;
    },
  });
  const tar = tarSink(reader);
  const actual = await decodeHashed(blob, store, layer, decoder, tar);
  if (actual !== diffId) {
    throw new LayerRebaseError(
      'diffid-mismatch',
      `${store.name}: layer ${layer.digest} uncompresses to ${actual}, but its config claims diffID ${diffId}`,
    );
  }
  if (more > 0) violations.push(`and ${more} more`);
  return { violations };
}

/**
 * A patch layer whose bytes are not what its patch image's manifest says (size or digest) is the
 * patch image's fault: say which one, so that the fix (rebuild or re-push it) is clear.
 */
export function patchImageFault(reference: string, error: unknown): unknown {
  if (error instanceof BlobSizeError || error instanceof DigestMismatchError)
    return new LayerRebaseError('invalid-patch-image', `patch image ${reference}: ${error.message}`, {
      cause: error,
    });
  return error;
}
