import { UsageError } from './errors.js';
import type { ImageResult } from './result.js';

/** The image outcomes that can fail a run: an image that failed, one that was refused. */
export type FailOn = 'failed' | 'refused';

export const FAIL_ON_DEFAULT: FailOn[] = ['failed', 'refused'];

/**
 * `fail-on` (`--fail-on`): which image outcomes fail the step (exit non-zero): `failed, refused` (the
 * default), one of them, or `none`. A fan-out plan job uses `none`, so that one bad image among hundreds
 * does not skip every patch shard: the images it could not plan go to a shard of their own (the `matrix`
 * output), which fails the workflow if they fail again. Usage mistakes and unreadable patch files fail
 * the run whatever this says.
 */
export function parseFailOn(name: string, value: string): FailOn[] {
  const words = value
    .split(/[\s,]+/)
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);
  if (words.length === 0) return [...FAIL_ON_DEFAULT];
  if (words.length === 1 && words[0] === 'none') return [];
  const bad = words.find((w) => w !== 'failed' && w !== 'refused');
  if (bad !== undefined)
    throw new UsageError(
      `${name} must be "failed", "refused", both ("failed, refused", the default) or "none", got "${value}"`,
    );
  return FAIL_ON_DEFAULT.filter((o) => words.includes(o));
}

/** The images that did not get what the run was for: failed or refused (or, for undo, not restored). */
export function problemImages(images: ImageResult[]): ImageResult[] {
  return images.filter((i) => i.status === 'failed' || i.status === 'refused');
}

/** The problem images that fail the run under `failOn`. */
export function failingImages(images: ImageResult[], failOn: FailOn[]): ImageResult[] {
  return problemImages(images).filter((i) => (failOn as string[]).includes(i.status));
}
