import type { ImageResult, PlatformResult } from '../result.js';
import { countWords } from '../rebase/vuln-step.js';
import type { Finding } from '../vulns/assess.js';
import { code, escapeCell } from './escape.js';

/** The fixed findings of an image, each vulnerability once per package (platforms of an index share them). */
export function fixedOf(image: ImageResult): Finding[] {
  const seen = new Map<string, Finding>();
  for (const p of image.platforms)
    for (const f of p.vulnerabilities?.fixed ?? []) seen.set(`${f.id}\n${f.package}`, f);
  return [...seen.values()];
}

/** `fixes 2 (1 critical)`, or '' when no report describes the image. */
export function fixWords(image: ImageResult): string {
  if (!image.platforms.some((p) => p.vulnerabilities && p.vulnerabilities.reports.length > 0)) return '';
  const fixed = fixedOf(image);
  return fixed.length === 0 ? 'fixes none reported' : `fixes ${countWords(fixed)}`;
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
        code(f.id),
        SEVERITY_TEXT[f.severity],
        `${escapeCell(f.package)}<br><sub>${escapeCell(f.target)}</sub>`,
        `${escapeCell(f.from || '?')}&nbsp;→&nbsp;${escapeCell(f.to ?? '?')}`,
        last === 'Fixed in'
          ? escapeCell(f.fixedIn.join(', '))
          : escapeCell(`${f.state === 'unknown' ? 'undecided: ' : ''}${f.reason}`),
      ]),
    );
  }
  if (findings.length > MAX_ROWS)
    lines.push('', `… and ${findings.length - MAX_ROWS} more in the JSON report`);
  lines.push('');
  return lines;
}

/** The platform's findings: what the patch fixes, and apart, what stays open (or undecided) in the swapped layers. */
export function renderVulnerabilities(platform: PlatformResult, applied: boolean): string[] {
  const v = platform.vulnerabilities;
  if (!v || v.reports.length === 0) return [];
  const verb = applied ? 'Fixed' : 'Would have fixed';
  const lines = [
    ...table(
      v.fixed,
      `**${verb}** (${v.fixed.length}, from ${v.reports.map(escapeCell).join(', ')}):`,
      'Fixed in',
    ),
    ...table(
      [...v.open, ...v.unknown],
      `**Still open in the swapped layers** (${v.open.length} open, ${v.unknown.length} undecided):`,
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
