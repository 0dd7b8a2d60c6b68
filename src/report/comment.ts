import type { RunResult } from '../result.js';
import { truncateUtf8 } from './escape.js';
import { isApplied } from '../result.js';
import { countWords } from '../rebase/vuln-step.js';
import { renderImage, renderOverview, renderProblems, renderTotals } from './markdown.js';
import { distinctFixed, fixedOf, idLink } from './vulns-markdown.js';

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
    // The count of vulnerabilities is the next line's: said once.
    `${renderTotals(result, { vulnerabilities: false })}${link}`,
    '',
    ...mergeWouldFix(result),
    ...renderProblems(result),
    ...renderOverview(result),
    ...result.images.map((i) => renderImage(i, result)),
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

/** What the reports say the plan closes, in the words a reviewer asks for. */
function mergeWouldFix(result: RunResult): string[] {
  if (!result.vulnerabilityReports) return [];
  const images = result.images.filter((i) => isApplied(i) && fixedOf(i).length > 0);
  const distinct = distinctFixed(images);
  const verb = result.dryRun ? 'Merging would fix' : 'This run fixed';
  if (distinct.length === 0) return [`**${verb} no reported vulnerability.**`, ''];
  // The advisory page a report linked for an id that is neither a CVE nor a GHSA.
  const urls = new Map<string, string>();
  for (const i of images)
    for (const p of i.platforms)
      for (const f of p.vulnerabilities?.fixed ?? []) if (f.url) urls.set(f.id, f.url);
  // Ids are CVE-, GHSA-, GO-… names: anything else in one is dropped rather than rendered.
  const shown = distinct
    .slice(0, 10)
    .map((f) => idLink(f.id, urls.get(f.id)))
    .join(', ');
  const more = distinct.length > 10 ? ` and ${distinct.length - 10} more` : '';
  // Counted as the summary and the CLI count: distinct vulnerabilities, then in how many images.
  return [
    `**${verb} ${countWords(distinct)} reported vulnerabilit${distinct.length === 1 ? 'y' : 'ies'}, in ${images.length} image(s):** ${shown}${more}.`,
    '',
  ];
}
