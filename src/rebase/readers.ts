import type { Log } from '../log.js';
import { diskContentCache, noContentCache } from '../oci/content-cache.js';
import type { Stores } from '../oci/stores.js';
import { PatchImageResolver } from './resolve.js';
import { cachedTarReader, MAX_SBOM_LAYER_BYTES, type TarReader } from './sbom-step.js';
import { diskCache, noCache } from './verified-cache.js';

/**
 * What reads patch images for a run, a `verify` or an undo's proof: the resolver (with verdicts on patch
 * layers kept in the cache directory unless `verdicts` is false) and the SBOM tar reader, both over the
 * content cache of that directory (re-hashed on use, so kept whatever `verdicts` says).
 */
export function patchImageReaders(
  stores: Stores,
  log: Log,
  cacheDir: string | undefined,
  verdicts = true,
): { resolver: PatchImageResolver; readTar: TarReader } {
  const verified = cacheDir && verdicts ? diskCache(cacheDir) : noCache;
  const content = cacheDir ? diskContentCache(cacheDir) : noContentCache;
  return {
    resolver: new PatchImageResolver(stores, log, verified, content),
    readTar: cachedTarReader(MAX_SBOM_LAYER_BYTES, content),
  };
}
