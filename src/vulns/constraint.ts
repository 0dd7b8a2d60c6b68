import type { Compare } from './versions.js';

/**
 * A vulnerable range as a report states it: Grype's `matchDetails[].found.versionConstraint`, written
 * `>= 2.0-beta9, < 2.15.0 || >= 2.16.0, < 2.16.1 (maven)` — `,` joins comparisons that must all hold,
 * `||` joins alternatives, and the scheme in parentheses names the version order, not part of the range.
 *
 * A range is the strongest proof a report can give: a version outside it is not vulnerable by the
 * report's own data, whatever its release line. So it is read strictly: anything not understood makes
 * the range unusable (the caller falls back to the fixed versions), never "outside".
 */
export interface VulnerableRange {
  text: string;
  /** Grype's version format (`maven`, `semantic`, `deb`, …), lower-cased; undefined when not given. */
  format?: string;
  alternatives: { op: Operator; version: string }[][];
}

type Operator = '<' | '<=' | '>' | '>=' | '=' | '!=';

const COMPARISON = /^(<=|>=|==|!=|<|>|=)?\s*([^\s,|<>=!]+)$/;

/** Longer than any range a database writes: refused unread rather than parsed at length. */
const MAX_RANGE_LENGTH = 4096;

export function parseRange(text: string): VulnerableRange | undefined {
  if (text.length > MAX_RANGE_LENGTH) return undefined;
  let body = text.trim();
  let format: string | undefined;
  // Anchored at the end without a leading \s*: a run of blanks must not make the match quadratic.
  const scheme = /\(([A-Za-z0-9_-]+)\)$/.exec(body);
  if (scheme) {
    format = scheme[1]!.toLowerCase();
    body = body.slice(0, scheme.index).trim();
  }
  if (body === '' || body.toLowerCase() === 'none') return undefined;
  const alternatives: VulnerableRange['alternatives'] = [];
  for (const alt of body.split('||')) {
    const parts = alt.split(',').map((p) => p.trim());
    if (parts.some((p) => p === '')) return undefined;
    const comparisons = [];
    for (const part of parts) {
      const m = COMPARISON.exec(part);
      if (!m) return undefined;
      const op = (m[1] === '==' ? '=' : (m[1] ?? '=')) as Operator;
      comparisons.push({ op, version: m[2]! });
    }
    alternatives.push(comparisons);
  }
  return { text: text.trim(), ...(format ? { format } : {}), alternatives };
}

/**
 * Grype's version formats and the purl-type orders that read versions the same way. A range in a
 * format we do not order like Grype (`unknown`, `kb`, `gem`, `portage`, `bitnami`) is not used.
 */
const FORMAT_SCHEMES: Record<string, string[]> = {
  semantic: ['npm', 'cargo', 'golang', 'generic'],
  semver: ['npm', 'cargo', 'golang', 'generic'],
  golang: ['golang'],
  go: ['golang'],
  maven: ['maven'],
  deb: ['deb'],
  dpkg: ['deb'],
  rpm: ['rpm'],
  apk: ['apk', 'alpine'],
  python: ['pypi'],
  pep440: ['pypi'],
  jvm: ['generic', 'maven'],
};

export function rangeUsableWith(range: VulnerableRange, scheme: string): boolean {
  if (!range.format) return scheme !== 'generic';
  return Object.hasOwn(FORMAT_SCHEMES, range.format) && FORMAT_SCHEMES[range.format]!.includes(scheme);
}

/** Whether a version is in the range; undefined when any comparison cannot be ordered. */
export function inRange(range: VulnerableRange, version: string, compare: Compare): boolean | undefined {
  let any = false;
  for (const alt of range.alternatives) {
    let all = true;
    for (const { op, version: bound } of alt) {
      const d = compare(version, bound);
      if (d === undefined) return undefined;
      const holds =
        op === '<'
          ? d < 0
          : op === '<='
            ? d <= 0
            : op === '>'
              ? d > 0
              : op === '>='
                ? d >= 0
                : op === '='
                  ? d === 0
                  : d !== 0;
      if (!holds) all = false;
    }
    if (all) any = true;
  }
  return any;
}
