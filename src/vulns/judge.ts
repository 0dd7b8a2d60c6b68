import { inRange, parseRange, rangeUsableWith } from './constraint.js';
import type { Compare } from './versions.js';

/**
 * Whether one new version of a package is out of one reported vulnerability. Pure.
 *
 * `fixed` must be proven by the report's own data: a vulnerable range it gives (the new version is
 * outside it), else its fixed versions read on the installed version's release line. A scanner's fixed
 * versions list the fixes of every vulnerable range of the advisory (`1.2.3` fixes 1.x; the 2.x line may
 * have none), so reaching "a" fixed version proves nothing unless it is the one of the installed line.
 */
export type FindingState = 'fixed' | 'open' | 'undecided';

export interface Judgement {
  state: FindingState;
  /** One line: `2.17.1 ≥ 2.15.0 on the 2.x line`, `2.0.3 leaves the 1.x line …`. */
  reason: string;
}

export interface VersionFacts {
  /** The version the report found (the vulnerable one). */
  installed: string;
  /** Versions the report says fix it; empty when none. */
  fixedIn: string[];
  /** Vulnerable ranges the report gives (Grype's versionConstraint), raw. */
  ranges: string[];
  scheme: string;
  compare: Compare;
  /** The package name, for ecosystems whose release line depends on it (Go's `stdlib`). */
  package: string;
}

/**
 * The release line of a version: its major number, or `0.minor` below 1.0, with the epoch (deb, rpm:
 * `1:`, PEP 440: `1!`) in front; Go's toolchain (`stdlib`, `go1.21.3`) is always 1.x, so its line is
 * the minor release. Undefined when the version does not start with a number.
 */
export function releaseLine(version: string, scheme: string, pkg = ''): string | undefined {
  const epoch = /^(\d+)[:!]/.exec(version);
  const rest = (epoch ? version.slice(epoch[0].length) : version).replace(/^(go|v)(?=\d)/, '');
  const m = /^(\d+)(?:\.(\d+))?/.exec(rest);
  if (!m) return undefined;
  const major = BigInt(m[1]!);
  const minor = m[2] === undefined ? undefined : BigInt(m[2]);
  const prefix = epoch && BigInt(epoch[1]!) !== 0n ? `${epoch[1]}${epoch[0].slice(-1)}` : '';
  const byMinor = major === 0n || (scheme === 'golang' && pkg === 'stdlib');
  if (byMinor) return minor === undefined ? undefined : `${prefix}${major}.${minor}.x`;
  return `${prefix}${major}.x`;
}

/** The finer line a fix belongs to: the version without its last numeric segment (`1.3.15` → `1.3.`). */
function patchLineOf(version: string): string | undefined {
  return /^(.*[.\-_+~:])\d+[^.\-_+~:]*$/.exec(version)?.[1];
}

/** How many numeric segments a line names (`1.3.` 2, `1.x` 1, `0.9.x` 2). */
function segments(line: string): number {
  return line
    .replace(/^\d+[:!]/, '')
    .split(/[.\-_+~]/)
    .filter((p) => /^\d+$/.test(p)).length;
}

function byRange(version: string, f: VersionFacts): Judgement | undefined {
  const usable = f.ranges.map((text) => parseRange(text)).filter((r) => r !== undefined);
  if (usable.length === 0 || usable.length !== f.ranges.length) return undefined;
  if (!usable.every((r) => rangeUsableWith(r, f.scheme))) return undefined;
  const text = usable.map((r) => r.text).join('; ');
  if (f.installed !== '') {
    const installedIn = usable.map((r) => inRange(r, f.installed, f.compare));
    if (installedIn.some((x) => x === undefined)) return undefined;
    // A range that does not hold the version the report found vulnerable is not this finding's range.
    if (!installedIn.some(Boolean))
      return {
        state: 'undecided',
        reason: `the report's vulnerable range (${text}) does not include the installed ${f.installed}`,
      };
  }
  const hits = usable.map((r) => inRange(r, version, f.compare));
  if (hits.some((x) => x === undefined)) return undefined;
  if (hits.some(Boolean)) return { state: 'open', reason: `${version} is in the vulnerable range ${text}` };
  return { state: 'fixed', reason: `${version} is outside the vulnerable range ${text}` };
}

export function judgeVersion(version: string, f: VersionFacts): Judgement {
  if (version === '') return { state: 'undecided', reason: 'listed without a version' };
  const ranged = byRange(version, f);
  if (ranged) return ranged;
  if (f.fixedIn.length === 0) return { state: 'open', reason: 'no fix released' };
  if (version === f.installed) return { state: 'open', reason: `still ${version}` };
  if (f.installed === '') return { state: 'undecided', reason: 'the report names no installed version' };
  const { compare } = f;
  const step = compare(version, f.installed);
  const toInstalled = f.fixedIn.map((fix) => compare(fix, f.installed));
  if (step === undefined || toInstalled.some((d) => d === undefined))
    return {
      state: 'undecided',
      reason: `${f.installed}, ${version} and ${f.fixedIn.join(', ')} cannot be ordered (${f.scheme})`,
    };
  if (step === 0) return { state: 'open', reason: `still ${version} (${f.scheme} order)` };
  const above = f.fixedIn.filter((_, i) => toInstalled[i]! > 0).sort((a, b) => compare(a, b) ?? 0);
  if (above.length === 0)
    return {
      state: 'undecided',
      reason: `no fixed version above the installed ${f.installed} (fixed in ${f.fixedIn.join(', ')}: other release lines)`,
    };
  if (step < 0)
    return { state: 'undecided', reason: `${version} is older than the installed ${f.installed}` };
  const toNew = above.map((fix) => compare(version, fix));
  if (toNew.some((d) => d === undefined))
    return {
      state: 'undecided',
      reason: `${version} and ${above.join(', ')} cannot be ordered (${f.scheme})`,
    };
  const lowest = above[0]!;
  if (toNew[0]! < 0)
    return { state: 'open', reason: `${version} < ${lowest}, the lowest fix above ${f.installed}` };
  const line = releaseLine(f.installed, f.scheme, f.package);
  const newLine = releaseLine(version, f.scheme, f.package);
  if (line === undefined || newLine === undefined)
    return { state: 'undecided', reason: `no release line can be read from ${f.installed} or ${version}` };
  if (line !== newLine)
    return {
      state: 'undecided',
      reason: `${version} leaves the installed ${f.installed}'s ${line} line; the report proves no fix there`,
    };
  // A fix whose line cannot be read may be on the new version's line: nothing can be said past it.
  const unread = above.find((fix) => releaseLine(fix, f.scheme, f.package) === undefined);
  if (unread !== undefined)
    return { state: 'undecided', reason: `no release line can be read from the fixed version ${unread}` };
  // Fixes not reached on the new version's own line: it sits between two fixes of that line (1.3.15 and
  // 1.5.13 with 1.4.0; 1.3.15 and 1.3.20 with 1.3.18, a regression fixed again), which is fixed only on
  // the finer line of the highest fix it reached, when that line is not also the next fix's.
  const pending = above.filter(
    (fix, i) => toNew[i]! < 0 && releaseLine(fix, f.scheme, f.package) === newLine,
  );
  if (pending.length > 0) {
    const reached = above.filter((_, i) => toNew[i]! >= 0);
    const own = reached.at(-1)!;
    const ownLine = patchLineOf(own);
    const finer = ownLine !== undefined && segments(ownLine) > segments(newLine);
    if (!finer || !version.startsWith(ownLine) || ownLine === patchLineOf(pending[0]!))
      return {
        state: 'undecided',
        reason: `${version} is past ${reached.join(', ')} but below ${pending.join(', ')} of its own line: the report does not say which range it is in`,
      };
    return { state: 'fixed', reason: `${version} ≥ ${own} (its own fix line ${ownLine}x)` };
  }
  return { state: 'fixed', reason: `${version} ≥ ${lowest} on the ${line} line` };
}

/** Worst first: one copy still vulnerable makes the image vulnerable; one unproven makes it unproven. */
const ORDER: FindingState[] = ['open', 'undecided', 'fixed'];

export function worstState(a: FindingState, b: FindingState): FindingState {
  return ORDER.indexOf(a) <= ORDER.indexOf(b) ? a : b;
}
