import { layersRoot } from '../cnb/sbom.js';
import { UnsafeTarError } from '../cnb/tar-reader.js';
import { LayerRebaseError, PolicyError } from '../errors.js';
import { RegistryStore } from '../oci/registry/store.js';
import type { ImageStore } from '../oci/store.js';
import { SCOPE_VIOLATION } from '../patches/scope.js';
import { describeSource } from '../patches/types.js';
import type { ImageResult } from '../result.js';
import { PassThrough } from 'node:stream';
import { markVerified, verifiedDigest } from '../oci/digest.js';
import { containmentFor, type Containment } from './containment.js';
import type { EngineOptions } from './engine-options.js';
import { patchImageFault, type LayerInspection } from './inspect-layer.js';
import { patchImageKey } from './plan.js';
import { targetName, type LayerSwap } from './types.js';
import type { InTransit, PlatformWork } from './work.js';

/**
 * Reads every patch layer once before anything is pushed: its diffID must be what its config claims,
 * and it may write only under its own layer directory (the launcher under /cnb/lifecycle/). A
 * published patch that breaks this is a scope violation that fails the run; an explicit patch file's
 * is refused unless `force`.
 */
export async function inspectPatchLayers(
  w: PlatformWork,
  options: EngineOptions,
  result: ImageResult,
  targets: ImageStore[],
): Promise<void> {
  const root = layersRoot(w.app.config.config?.Env);
  for (const swap of w.plan.swaps) {
    const { store } = w.patchImages.get(patchImageKey(swap.patch))!;
    const rule = containmentFor(swap.target, root);
    const layer = swap.to.descriptor;
    // A layer that must travel to another registry anyway is verified in the same pass as the copy,
    // and judged before the commit. A published patch is verified first, whatever it costs: its
    // scope violation must stop the whole run before any image is pushed.
    const travels = swap.patch.source.kind !== 'buildpack' && targets.some((t) => !sameRegistry(t, store));
    if (travels) {
      const known = await options.resolver.knownInspection(store, layer, swap.to.diffId, rule);
      if (known) judgeInspection(w.app.reference, swap, rule, known, options, result);
      else
        (w.inTransit ??= new Map()).set(
          layer.digest,
          inTransit(w.app.reference, swap, rule, store, options, result),
        );
      continue;
    }
    const inspection = await options.resolver
      .inspectLayer(store, layer, swap.to.diffId, rule)
      .catch((e: unknown) => Promise.reject(inspectionFailed(w.app.reference, swap, e)));
    judgeInspection(w.app.reference, swap, rule, inspection, options, result);
  }
}

function sameRegistry(a: ImageStore, b: ImageStore): boolean {
  return a instanceof RegistryStore && b instanceof RegistryStore && a.registry === b.registry;
}

/** Compressed bytes the check of a layer in transit may fall behind its upload. */
const CHECK_BUFFER = 512 << 10;

/** A patch layer verified on its way to the target: the copy's bytes are teed into the check. */
function inTransit(
  reference: string,
  swap: LayerSwap,
  rule: Containment,
  store: ImageStore,
  options: EngineOptions,
  result: ImageResult,
): InTransit {
  let running: Promise<LayerInspection> | undefined;
  return {
    tap(stream) {
      // The copy of a verified download is as verified as the download: it ends only after it.
      const digest = verifiedDigest(stream);
      const upload = digest ? markVerified(new PassThrough(), digest) : new PassThrough();
      // Room for the block being inflated and the next: the download then does not wait on inflate.
      const check = new PassThrough({ highWaterMark: CHECK_BUFFER });
      stream.on('error', (e) => {
        upload.destroy(e);
        check.destroy(e);
      });
      // An upload given up on ends this read too (a retry streams again), rather than stalling the check.
      upload.once('close', () => {
        if (!stream.readableEnded) stream.destroy();
      });
      stream.pipe(upload);
      stream.pipe(check);
      running = options.resolver.inspectInTransit(check, store, swap.to.descriptor, swap.to.diffId, rule);
      // Judged in settle(); until then a failure must not surface as unhandled.
      running.catch(() => {});
      return upload;
    },
    async settle() {
      // Not streamed (already there, or mounted): read it now, before the commit.
      const inspection = await (
        running ?? options.resolver.inspectLayer(store, swap.to.descriptor, swap.to.diffId, rule)
      ).catch((e: unknown) => Promise.reject(inspectionFailed(reference, swap, e)));
      judgeInspection(reference, swap, rule, inspection, options, result);
    },
  };
}

/**
 * A patch layer that cannot be read the way runtimes read it cannot be shown to stay in its directory:
 * published, a scope violation; explicit, refused (not even force reads it differently).
 */
function inspectionFailed(reference: string, swap: LayerSwap, error: unknown): unknown {
  if (!(error instanceof UnsafeTarError)) return patchImageFault(swap.patchImage.reference, error);
  const what = `patch layer ${swap.to.descriptor.digest} for ${targetName(swap.target)} from ${swap.patchImage.reference} is not a tar every runtime reads alike: ${error.reason}`;
  if (swap.patch.source.kind === 'buildpack')
    return new LayerRebaseError(
      SCOPE_VIOLATION,
      `${reference}: ${what} (patch published by ${swap.patch.source.buildpack} in ${describeSource(swap.patch.source)}); the run stops and nothing is pushed`,
    );
  return new PolicyError(reference, `refused, nothing was pushed: ${what}`);
}

/** Containment: a published patch that breaks it is a scope violation, an explicit one refused unless force. */
function judgeInspection(
  reference: string,
  swap: LayerSwap,
  rule: Containment,
  { violations }: LayerInspection,
  options: EngineOptions,
  result: ImageResult,
): void {
  if (violations.length === 0) return;
  const what = `patch layer ${swap.to.descriptor.digest} for ${targetName(swap.target)} from ${swap.patchImage.reference} writes outside /${rule.dir}/: ${violations.join('; ')}`;
  if (swap.patch.source.kind === 'buildpack') {
    throw new LayerRebaseError(
      SCOPE_VIOLATION,
      `${reference}: ${what} (patch published by ${swap.patch.source.buildpack} in ${describeSource(swap.patch.source)}); the run stops and nothing is pushed`,
    );
  }
  if (!options.force) {
    throw new PolicyError(reference, `refused, nothing was pushed: ${what} (set force to override)`);
  }
  result.warnings.push(`${reference}: ${what}; pushed anyway because force is set`);
}
