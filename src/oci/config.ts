import { noContentCache, throughCache, type ContentCache } from './content-cache.js';
import type { ImageStore } from './store.js';
import { readBlob } from './store.js';
import { MAX_CONFIG_BYTES, parseImageConfig, type ImageConfig, type ImageManifest } from './types.js';

/** The text each loaded config was parsed from: a rewrite keeps what it does not change byte for byte. */
const texts = new WeakMap<ImageConfig, string>();

export function configText(config: ImageConfig): string | undefined {
  return texts.get(config);
}

/** Reads and validates an image's config blob (size-capped, digest-verified). */
export async function loadConfig(
  store: ImageStore,
  manifest: ImageManifest,
  where: string,
  /** Kept between runs (patch images: the same bytes every night). */
  cache: ContentCache = noContentCache,
): Promise<ImageConfig> {
  const { digest, size } = manifest.config;
  const { bytes } = await throughCache(cache, digest, { digest, size }, () =>
    readBlob(store, manifest.config, MAX_CONFIG_BYTES),
  );
  const config = parseImageConfig(bytes, `${where} config ${manifest.config.digest}`);
  texts.set(config, bytes.toString('utf8'));
  return config;
}
