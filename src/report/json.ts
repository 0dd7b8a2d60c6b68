import { pinned } from '../rebase/rewrite.js';
import type { Patch } from '../patches/types.js';
import { describeSelector } from '../patches/types.js';
import type { Decision, LayerSide, LayerSwap } from '../rebase/types.js';
import { targetName } from '../rebase/types.js';
import { isApplied, type ImageResult, type RunResult } from '../result.js';
import { problemImages } from '../fail-on.js';

/** The JSON report's shape (documented in the README). Bump `version` on any breaking change. */
export const REPORT_VERSION = 2;

function patchRef(patch: Patch) {
  return {
    selector: describeSelector(patch),
    where: patch.where,
    source: patch.source,
    patchImage: patch.patchImage,
    mirrors: patch.mirrors,
  };
}

function sideJson(side: LayerSide) {
  return {
    diffId: side.diffId,
    digest: side.descriptor.digest,
    mediaType: side.descriptor.mediaType,
    size: side.descriptor.size,
    version: side.version ?? null,
    buildpackVersion: side.buildpackVersion ?? null,
    createdBy: side.createdBy ?? null,
  };
}

function swapJson(swap: LayerSwap) {
  return {
    target: targetName(swap.target),
    kind: swap.target.kind,
    buildpack: swap.target.kind === 'layer' ? swap.target.buildpack : null,
    layer: swap.target.kind === 'layer' ? swap.target.layer : 'launcher',
    layerIndex: swap.layerIndex,
    forced: swap.forced,
    from: sideJson(swap.from),
    to: sideJson(swap.to),
    patchImage: swap.patchImage,
    patch: patchRef(swap.patch),
  };
}

function decisionJson(d: Decision) {
  return { target: targetName(d.target), reason: d.reason, patch: patchRef(d.patch) };
}

export function imageJson(image: ImageResult) {
  return {
    input: image.input,
    status: image.status,
    changed: image.changed,
    digestBefore: image.digestBefore ?? null,
    digest: image.digest ?? null,
    result: image.result ?? null,
    tags: image.tags,
    error: image.error ?? null,
    note: image.note ?? null,
    signatures: image.signatures ?? [],
    signing: image.signing ?? null,
    vulnerabilityReports: image.reports ?? null,
    vulnerabilities: image.vulnerabilities ?? null,
    warnings: image.warnings,
    transfers: image.transfers,
    durationMs: image.durationMs,
    platforms: image.platforms.map((p) => ({
      platform: p.platform,
      digestBefore: p.digestBefore,
      digestAfter: p.digestAfter,
      swaps: p.plan.swaps.map(swapJson),
      skipped: p.plan.skipped.map(decisionJson),
      refused: p.plan.refused.map(decisionJson),
      unpatched: p.plan.unpatched.map(decisionJson),
      overrides: p.plan.overrides.map((o) => ({ patch: patchRef(o.patch), by: patchRef(o.by) })),
      unmatched: p.plan.unmatched.map((u) => ({
        patch: patchRef(u.patch),
        kind: u.kind,
        reason: u.reason,
        didYouMean: u.didYouMean ?? null,
      })),
      sbom: p.sbom ?? null,
      vulnerabilities: p.vulnerabilities ?? null,
      runImage: p.plan.runImage
        ? {
            status: p.plan.runImage.status,
            reason: p.plan.runImage.reason ?? null,
            forced: p.plan.runImage.forced,
            from: p.plan.runImage.from,
            to: p.plan.runImage.to,
          }
        : null,
    })),
  };
}

export function renderReport(result: RunResult): string {
  return `${JSON.stringify(
    {
      version: REPORT_VERSION,
      dryRun: result.dryRun,
      durationMs: result.durationMs,
      patchCount: result.patchCount,
      sources: result.sources,
      vulnerabilityReports: result.vulnerabilityReports ?? null,
      warnings: result.warnings,
      images: result.images.map(imageJson),
    },
    null,
    2,
  )}\n`;
}

/** One compact entry per input image: the `images` output, and (for applied images) the predicate. */
function imageEntry(image: ImageResult) {
  return {
    input: image.input,
    status: image.status,
    changed: image.changed,
    result: image.result ?? null,
    digest: image.digest ?? null,
    tags: image.tags,
    // Only what is in the pushed image (or would be, in a dry run): a refused plan was not applied.
    applied: (isApplied(image) ? image.platforms : []).flatMap((p) =>
      p.plan.swaps.map((s) => ({
        platform: p.platform,
        target: targetName(s.target),
        from: s.from.diffId,
        to: s.to.diffId,
        patchImage: pinned(s.patchImage.reference, s.patchImage.digest),
        source: s.patch.source.location,
      })),
    ),
    // The vulnerabilities the reports say the image, every platform of it, no longer has (or would not).
    fixed: isApplied(image) ? (image.vulnerabilities?.fixed ?? []).map((f) => f.id).sort() : [],
    // Who signed what the run pushed, and where each signature is (empty in a dry run).
    signed: image.signing?.stored.map((s) => ({ ...s, by: image.signing!.by })) ?? [],
    error: image.error?.message ?? null,
  };
}

/** The `images` output: one compact entry per input image. */
export function imagesOutput(result: RunResult): string {
  return JSON.stringify(result.images.map(imageEntry));
}

/**
 * The `matrix` output: the images that need patching (what a dry run planned, or a real run
 * patched), in shards of `shardSize`, ready for `strategy.matrix: ${{ fromJSON(...) }}`; then the images
 * that failed or were refused, in shards of their own: their patch job tries them again (a registry that
 * timed out may answer) and fails the workflow if they fail again, while every other shard is patched.
 */
export function matrixOutput(result: RunResult, shardSize: number): string {
  const include: { shard: number; images: string }[] = [];
  const shard = (images: string[]) => {
    for (let i = 0; i < images.length; i += shardSize)
      include.push({ shard: include.length + 1, images: images.slice(i, i + shardSize).join('\n') });
  };
  shard(result.images.filter(isApplied).map((i) => i.input));
  if (!result.undo) shard(problemImages(result.images).map((i) => i.input));
  return JSON.stringify({ include });
}

/** The predicate type of the `predicate` output, for `actions/attest` (`predicate-type`). */
export const PREDICATE_TYPE = 'https://github.com/layer-rebase/layer-rebase/applied-patches/v1';

/**
 * The `predicate` output's file: per pushed image, the patches that are in it (what, from which patch
 * image and source, old -> new diffID), for `actions/attest` to sign as a custom predicate.
 */
export function renderPredicate(result: RunResult, version: string): string {
  return `${JSON.stringify(
    {
      predicateType: PREDICATE_TYPE,
      tool: { name: 'layer-rebase', version },
      dryRun: result.dryRun,
      images: result.images.filter(isApplied).map((image) => {
        const { input, status, result: ref, digest, tags, applied, fixed } = imageEntry(image);
        return { input, status, result: ref, digest, tags, applied, fixed };
      }),
    },
    null,
    2,
  )}\n`;
}
