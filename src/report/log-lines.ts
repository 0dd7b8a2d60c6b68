import { targetName, versionWords } from '../rebase/types.js';
import type { ImageResult } from '../result.js';
import { problemLine } from './markdown.js';
import { ARROW, fixVerb, statusWord, swapVerb } from './words.js';

/**
 * The action log's account of one image (the CLI's with --verbose): each swap, each vulnerability it fixes,
 * then the image's outcome in one line.
 */
export function logLines(result: ImageResult, dryRun: boolean): string[] {
  return [
    ...swapLines(result, dryRun),
    ...fixLines(result, dryRun),
    // The reference and the status once: `app:1: refused, nothing was pushed: …`, not `app:1: refused: app:1: refused, …`.
    result.error || result.note
      ? problemLine(result)
      : `${result.input}: ${statusWord(result.status)} ${result.digest ?? ''}`,
  ];
}

/** What changed: `would swap acme/jre/jre 17.0.8 → 17.0.9 (linux/amd64) from …`, per swap. */
function swapLines(result: ImageResult, dryRun: boolean): string[] {
  const verb = swapVerb(result, dryRun);
  return result.platforms.flatMap((p) =>
    p.plan.swaps.map((s) => {
      const platform = result.platforms.length > 1 ? ` (${p.platform})` : '';
      return `${verb} ${targetName(s.target)}${versionWords(s)}${platform} from ${s.patchImage.reference}`;
    }),
  );
}

/** What the swaps fix: `fixes CVE-2023-22081 (high) in bellsoft-jre 17.0.8 → 17.0.9`. */
function fixLines(result: ImageResult, dryRun: boolean): string[] {
  const verb = fixVerb(result, dryRun);
  return result.platforms.flatMap((p) =>
    (p.vulnerabilities?.fixed ?? []).map((f) => {
      const platform = result.platforms.length > 1 ? ` (${p.platform})` : '';
      return `${verb} ${f.id} (${f.severity}) in ${f.package} ${f.from} ${ARROW} ${f.to ?? '?'}${platform}`;
    }),
  );
}
