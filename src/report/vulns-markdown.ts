import type { ImageResult, PlatformResult } from '../result.js';
import { countWords } from '../rebase/vuln-step.js';
import type { Finding } from '../vulns/assess.js';
import type { ImageFinding } from '../vulns/image.js';
import { severityRank } from '../vulns/reports.js';
import { escapeCell } from './escape.js';
import { fixVerb } from './words.js';

/** A vulnerability id as shown: only the characters ids are made of (CVE-, GHSA-, GO-, ALAS2-…, `:`). */
export function safeId(id: string): string {
  return id.replace(/[^\w.:-]/g, '');
}

/**
 * Where a vulnerability id is explained: a GHSA at github.com/advisories, a CVE at the NVD, else the page
 * the report links (Trivy's PrimaryURL, Grype's dataSource; https only), else nowhere.
 */
export function advisoryUrl(id: string, url?: string): string | undefined {
  if (/^GHSA(-[0-9a-z]{4}){3}$/i.test(id)) return `https://github.com/advisories/${id}`;
  if (/^CVE-\d{4}-\d{4,}$/i.test(id)) return `https://nvd.nist.gov/vuln/detail/${id.toUpperCase()}`;
  return url && url.startsWith('https://') ? url : undefined;
}

/** The id as code, linked to its advisory when there is one; nothing of a hostile id or URL gets through. */
export function idLink(id: string, url?: string): string {
  const shown = `<code>${safeId(id)}</code>`;
  const href = advisoryUrl(id, url);
  if (!href) return shown;
  const attr = href
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '%7C')
    .replace(/\s/g, '');
  return `<a href="${attr}">${shown}</a>`;
}

/** What the image as a whole fixes (every platform of an index): each vulnerability once. */
export function fixedOf(image: ImageResult): ImageFinding[] {
  return image.vulnerabilities?.fixed ?? [];
}

/** Each vulnerability fixed in any of the images once, at the worst severity any image reported it with. */
export function distinctFixed(images: ImageResult[]): ImageFinding[] {
  const distinct = new Map<string, ImageFinding>();
  for (const f of images.flatMap(fixedOf)) {
    const seen = distinct.get(f.id);
    if (!seen || severityRank(f.severity) > severityRank(seen.severity)) distinct.set(f.id, f);
  }
  return [...distinct.values()];
}

/** `fixes 2 (1 critical)` (`would fix …` in a dry run), with what stays short of fixed; '' when no report describes it. */
export function fixWords(image: ImageResult, dryRun: boolean): string {
  if (!image.platforms.some((p) => p.vulnerabilities && p.vulnerabilities.reports.length > 0)) return '';
  const fixed = fixedOf(image);
  const undecided = image.vulnerabilities?.undecided.length ?? 0;
  const verb = fixVerb(image, dryRun);
  const words = fixed.length === 0 ? `${verb} none reported` : `${verb} ${countWords(fixed)}`;
  return undecided > 0 ? `${words}, ${undecided} undecided` : words;
}

/** An image's vulnerabilities that some platform fixes but the image as a whole does not (an index). */
export function renderImageShortfall(image: ImageResult): string[] {
  const v = image.vulnerabilities;
  if (!v || image.platforms.length < 2) return [];
  const short = [...v.open, ...v.undecided].filter((f) => f.fixedOn.length > 0);
  if (short.length === 0) return [];
  return [
    `**Fixed on some platforms only, so not for the image** (${short.length}):`,
    '',
    ...short
      .slice(0, MAX_ROWS)
      .map(
        (f) => `- ${idLink(f.id)} fixed on ${f.fixedOn.map(escapeCell).join(', ')}; ${escapeCell(f.reason)}`,
      ),
    ...(short.length > MAX_ROWS ? [`- … and ${short.length - MAX_ROWS} more in the JSON report`] : []),
    '',
  ];
}

const SEVERITY_TEXT: Record<Finding['severity'], string> = {
  critical: '🟥 critical',
  high: '🟧 high',
  medium: '🟨 medium',
  low: '🟦 low',
  negligible: 'negligible',
  unknown: 'unknown',
};

const row = (cells: string[]) => `| ${cells.join(' | ')} |`;

/** At most this many rows per table: a fleet's summary must stay readable (the report has them all). */
const MAX_ROWS = 50;

function table(findings: Finding[], caption: string, last: 'Fixed in' | 'Why'): string[] {
  if (findings.length === 0) return [];
  const lines = [
    caption,
    '',
    row(['Vulnerability', 'Severity', 'Package', 'Version', last]),
    row(['---', '---', '---', '---', '---']),
  ];
  for (const f of findings.slice(0, MAX_ROWS)) {
    lines.push(
      row([
        idLink(f.id, f.url),
        SEVERITY_TEXT[f.severity],
        `${escapeCell(f.package)}<br><sub>${escapeCell(f.target)}</sub>`,
        `${escapeCell(f.from || '?')}&nbsp;→&nbsp;${escapeCell(f.to ?? '?')}`,
        last === 'Fixed in'
          ? escapeCell(f.fixedIn.join(', '))
          : escapeCell(`${f.state === 'undecided' ? 'undecided: ' : ''}${f.reason}`),
      ]),
    );
  }
  if (findings.length > MAX_ROWS)
    lines.push('', `… and ${findings.length - MAX_ROWS} more in the JSON report`);
  lines.push('');
  return lines;
}

/**
 * The platform's findings: what the patch fixes (under `heading`: Fixed, Would fix, Would have fixed), and
 * apart, what stays open (or undecided) in the swapped layers.
 */
export function renderVulnerabilities(platform: PlatformResult, heading: string): string[] {
  const v = platform.vulnerabilities;
  if (!v || v.reports.length === 0) return [];
  const verb = heading;
  const lines = [
    ...table(
      v.fixed,
      `**${verb}** (${v.fixed.length}, from ${v.reports.map(escapeCell).join(', ')}):`,
      'Fixed in',
    ),
    ...table(
      [...v.open, ...v.undecided],
      `**Not fixed** (${v.open.length} open, ${v.undecided.length} undecided):`,
      'Why',
    ),
  ];
  if (lines.length === 0)
    lines.push(
      `No reported vulnerability is in the swapped layers (${escapeCell(v.reports.join(', '))}).`,
      '',
    );
  return lines;
}
