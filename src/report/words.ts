import { isApplied, type ImageResult, type ImageStatus } from '../result.js';

/*
 * One vocabulary for everything people read — the CLI's text, the action log, the job summary and the PR
 * comment: a dry run "would swap", "would patch", "would fix"; a real run "swapped", "patched", "fixes";
 * `→` between the before and the after. The JSON report keeps its status values (`planned` …): they are
 * a documented machine format, not words.
 */

/** Between what was and what is (or would be): versions, digests, run images. */
export const ARROW = '→';

/** A status as people read it: a dry run's `planned` is "would patch" (an undo's: "would restore"). */
export function statusWord(status: ImageStatus, undo = false): string {
  if (status === 'planned') return undo ? 'would restore' : 'would patch';
  return status;
}

/** Before a layer swap: `would swap` in a dry run, `swapped` after a real one, else `not applied: swap`. */
export function swapVerb(image: Pick<ImageResult, 'status'>, dryRun: boolean): string {
  if (!isApplied(image)) return 'not applied: swap';
  return dryRun ? 'would swap' : 'swapped';
}

/**
 * Before a vulnerability or a count of them: `would fix`, `fixes`, or `would have fixed` (a plan not
 * applied). An unchanged image had nothing to apply: `fixes none reported`, as its plan does.
 */
export function fixVerb(image: Pick<ImageResult, 'status'>, dryRun: boolean): string {
  if (!isApplied(image) && image.status !== 'unchanged') return 'would have fixed';
  return dryRun ? 'would fix' : 'fixes';
}

/** The heading of what the plan fixes: `Would fix`, `Fixed`, or `Would have fixed` (not applied). */
export function fixHeading(image: Pick<ImageResult, 'status'>, dryRun: boolean): string {
  if (!isApplied(image)) return 'Would have fixed';
  return dryRun ? 'Would fix' : 'Fixed';
}
