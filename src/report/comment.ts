import type { RunResult } from '../result.js';
import { truncateUtf8 } from './escape.js';
import { renderImage, renderOverview, renderProblems, renderTotals } from './markdown.js';

/** GitHub refuses comment bodies over 65 536 characters. */
export const COMMENT_LIMIT = 65_000;

/**
 * The hidden marker that makes a plan comment sticky. Each key (a matrix job, an image list) has its
 * own comment, found and updated in place by the next run with the same key.
 */
export function commentMarker(key: string): string {
  return `<!-- layer-rebase:plan:${key.replace(/--/g, '-')} -->`;
}

export function renderComment(result: RunResult, context: { key: string; runUrl?: string }): string {
  const heading = result.dryRun ? '### layer-rebase plan (dry run: nothing pushed)' : '### layer-rebase';
  const link = context.runUrl ? ` — [workflow run and full summary](${context.runUrl})` : '';
  const body = [
    commentMarker(context.key),
    heading,
    '',
    `${renderTotals(result)}${link}`,
    '',
    ...renderOverview(result),
    ...renderProblems(result),
    ...result.images.map(renderImage),
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
