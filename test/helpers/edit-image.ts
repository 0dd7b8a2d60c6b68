import { sha256, type Digest } from '../../src/oci/digest.js';
import { putBlobBytes, readBlob, type ImageStore } from '../../src/oci/store.js';
import type { ImageConfig, ImageManifest } from '../../src/oci/types.js';

/**
 * Pushes, under `tag`, the image `from` (a tag or digest) with its config edited and optionally one layer
 * replaced by other bytes: a release built `FROM` it, a tampered image, a forged label. Returns its digest.
 */
export async function pushEditedImage(
  store: ImageStore,
  from: string,
  tag: string,
  edit: (config: ImageConfig & { config: NonNullable<ImageConfig['config']> }) => void,
  layer?: { index: number; bytes: Buffer },
): Promise<Digest> {
  const manifest = JSON.parse((await store.getManifest(from)).bytes.toString()) as ImageManifest;
  const config = JSON.parse((await readBlob(store, manifest.config, 1 << 22)).toString()) as ImageConfig;
  config.config ??= {};
  edit(config as ImageConfig & { config: NonNullable<ImageConfig['config']> });
  if (layer) {
    const digest = sha256(layer.bytes);
    await putBlobBytes(store, digest, layer.bytes);
    manifest.layers[layer.index] = { ...manifest.layers[layer.index]!, digest, size: layer.bytes.length };
  }
  const configBytes = Buffer.from(JSON.stringify(config));
  await putBlobBytes(store, sha256(configBytes), configBytes);
  manifest.config = { ...manifest.config, digest: sha256(configBytes), size: configBytes.length };
  const bytes = Buffer.from(JSON.stringify(manifest));
  const digest = sha256(bytes);
  await store.putManifest({ bytes, mediaType: manifest.mediaType, digest }, tag);
  return digest;
}
