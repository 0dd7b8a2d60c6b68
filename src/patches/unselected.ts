import type { ImageResult } from '../result.js';
import type { Unmatched } from './match.js';
import { describeSelector, type Patch } from './types.js';

/**
 * The run warnings for patches that selected no layer in any image of the run: a typo'd buildpack id
 * (`node` for `example/node`) must not leave a nightly job green and idle. A patch that selects nothing
 * in some images but something in others is normal for a fleet-wide file and stays quiet, as does one
 * whose targets are already what its patch image put there (a re-run). Only images that were read count:
 * when none was, nothing is known about the patches.
 */
export function selectsNothing(images: ImageResult[], patches: Patch[]): string[] {
  const read = images.filter((i) => i.platforms.length > 0);
  if (read.length === 0) return [];
  const used = new Set<Patch>();
  const misses = new Map<Patch, { image: string; unmatched: Unmatched }[]>();
  for (const image of read) {
    for (const { plan } of image.platforms) {
      for (const d of [...plan.swaps, ...plan.skipped, ...plan.refused, ...plan.unpatched]) used.add(d.patch);
      for (const o of plan.overrides) used.add(o.patch).add(o.by);
      for (const u of plan.unmatched) {
        if (u.kind === 'already-patched') used.add(u.patch);
        else misses.set(u.patch, [...(misses.get(u.patch) ?? []), { image: image.input, unmatched: u }]);
      }
    }
  }
  const n = read.length;
  return patches.flatMap((patch) => {
    const missed = misses.get(patch);
    if (used.has(patch) || !missed) return [];
    const first = missed[0]!;
    const images = n === 1 ? 'the image' : `any of the ${n} images`;
    const where = n === 1 ? '' : `; in ${first.image}`;
    return [
      `patch ${patch.where} of ${patch.source.location} (${describeSelector(patch)}) selects no layer in ${images}${where}: ${first.unmatched.reason}`,
    ];
  });
}
