import { UsageError } from './errors.js';
import type { Log } from './log.js';
import type { CredentialResolver } from './oci/registry/credentials.js';
import { Stores } from './oci/stores.js';
import { flattenPatches, loadPatchFiles } from './patches/sources.js';
import { rebaseImage } from './rebase/engine.js';
import { PatchImageResolver } from './rebase/resolve.js';
import { cachedTarReader } from './rebase/sbom-step.js';
import type { ImageResult, RunResult } from './result.js';

/** Everything a run needs, from the action inputs or the CLI flags; no globals below this point. */
export interface RunOptions {
  images: string[];
  patches: string[];
  tags: string[];
  force: boolean;
  dryRun: boolean;
  insecureRegistries: string[];
  concurrency: number;
  cwd: string;
  log: Log;
  credentials: CredentialResolver;
}

export async function run(options: RunOptions): Promise<RunResult> {
  const { log } = options;
  if (options.images.length === 0)
    throw new UsageError('no image given: set the "image" input (one reference per line)');
  if (options.tags.length > 0 && options.images.length > 1) {
    throw new UsageError(
      '"tags" can only be used with a single image; with several images each goes back to its own tag',
    );
  }
  const files = await loadPatchFiles(options.patches, { cwd: options.cwd, log });
  const patches = flattenPatches(files);
  const stores = new Stores({
    credentials: options.credentials,
    log,
    insecureRegistries: options.insecureRegistries,
  });
  const resolver = new PatchImageResolver(stores, log);
  const readTar = cachedTarReader();
  const warnings = files.flatMap((f) => f.warnings);
  if (patches.length === 0) warnings.push('no patches given: every image is left as it is');

  const results = await mapBounded(options.images, Math.max(1, options.concurrency), (image) =>
    log.group(`layer-rebase ${image}`, async () => {
      const result: ImageResult = await rebaseImage(image, {
        stores,
        resolver,
        patches,
        log,
        force: options.force,
        dryRun: options.dryRun,
        tags: options.tags,
        readTar,
      });
      for (const w of result.warnings) log.warning(w);
      if (result.error) log.info(`${image}: ${result.status}: ${result.error.message}`);
      else log.info(`${image}: ${result.status} ${result.digest ?? ''}`);
      return result;
    }),
  );
  return {
    dryRun: options.dryRun,
    images: results,
    warnings,
    patchCount: patches.length,
    sources: files.map((f) => f.source.location),
  };
}

/** Runs `fn` over `items` with at most `limit` at once, keeping the input order in the output. */
export async function mapBounded<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
