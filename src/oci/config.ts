import type { ImageStore } from './store.js';
import { readBlob } from './store.js';
import { MAX_CONFIG_BYTES, parseImageConfig, type ImageConfig, type ImageManifest } from './types.js';

/** Reads and validates an image's config blob (size-capped, digest-verified). */
export async function loadConfig(
  store: ImageStore,
  manifest: ImageManifest,
  where: string,
): Promise<ImageConfig> {
  const bytes = await readBlob(store, manifest.config, MAX_CONFIG_BYTES);
  return parseImageConfig(bytes, `${where} config ${manifest.config.digest}`);
}
