import { IMAGE_STATUSES, type RunResult } from '../result.js';
import { truncateUtf8 } from './escape.js';
import { renderImage } from './markdown.js';

/** The hidden marker that makes the plan comment sticky: found, then updated in place. */
export const COMMENT_MARKER = '<!-- layer-rebase:plan -->';
/** GitHub refuses comment bodies over 65 536 characters. */
export const COMMENT_LIMIT = 65_000;

export function renderComment(result: RunResult): string {
  const heading = result.dryRun ? '### layer-rebase plan (dry run)' : '### layer-rebase';
  const counts = IMAGE_STATUSES.map((s) => [s, result.images.filter((i) => i.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  const body = [
    COMMENT_MARKER,
    heading,
    '',
    `${result.images.length} image(s): ${counts}`,
    '',
    ...result.images.map((i) => renderImage(i).replace(/^### /, '#### ')),
  ].join('\n');
  // Characters, not bytes, are GitHub's limit here; stay well under it either way.
  return body.length <= COMMENT_LIMIT
    ? body
    : truncateUtf8(
        body.slice(0, COMMENT_LIMIT),
        COMMENT_LIMIT,
        '_Comment truncated; the job summary and the JSON report have every detail._',
      );
}
