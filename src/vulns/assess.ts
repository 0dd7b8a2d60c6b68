import type { Component } from '../cnb/sbom-diff.js';
import type { Digest } from '../oci/digest.js';
import { parsePurl, purlIdentity } from './purl.js';
import {
  severityRank,
  type ReportedVulnerability,
  type Severity,
  type VulnerabilityReport,
} from './reports.js';
import { comparatorFor, type Compare } from './versions.js';

/**
 * Which reported vulnerabilities a plan fixes. Pure: the reports, the swapped layers and their new
 * SBOM components in, findings out.
 *
 * A vulnerability in a swapped layer is fixed when the patch layer's SBOM lists its package (same purl
 * without version, else same name) only at versions at or above a fixed version, open when it lists
 * it below or there is no fix, unknown when the versions cannot be ordered or the SBOM does not list
 * the package. One that is also found in a layer the plan keeps stays open: the image still has it.
 */
export type FindingState = 'fixed' | 'open' | 'unknown';

export interface Finding {
  id: string;
  aliases: string[];
  severity: Severity;
  package: string;
  purl?: string;
  /** The swapped layer (`buildpack/layer`, `launcher`) the package was found in. */
  target: string;
  from: string;
  /** The version(s) the patch layer's SBOM lists, or null when it does not list the package. */
  to: string | null;
  fixedIn: string[];
  state: FindingState;
  /** Why, in a few words: `17.0.9 ≥ 17.0.9`, `no fix`, `the patch layer's SBOM does not list it`. */
  reason: string;
  /** The version order used (`maven`, `deb`, `npm`, `generic`). */
  scheme: string;
  reports: string[];
}

export interface PlatformVulnerabilities {
  /** The reports that describe this platform. */
  reports: string[];
  fixed: Finding[];
  open: Finding[];
  unknown: Finding[];
  /** Vulnerabilities in layers the plan does not touch. */
  untouched: number;
}

/** A swapped layer as the assessment sees it. */
export interface SwappedLayer {
  target: string;
  from: Digest;
  /** Components the app's SBOM lists for this layer before, and the patch image's after; undefined: no SBOM. */
  before?: Component[];
  after?: Component[];
}

export interface PlatformFacts {
  configDigest: Digest;
  manifestDigest: Digest;
  /** The index this platform is a child of. */
  indexDigest?: Digest;
  diffIds: Digest[];
  swapped: SwappedLayer[];
  /** diffID of the app's SBOM layer, when the plan rewrites it: scanners that read SBOM files place packages there. */
  sbomLayer?: Digest;
}

/** Whether a report describes this platform: by config digest, manifest digest, or the index digest plus its layers. */
export function describes(report: VulnerabilityReport, facts: PlatformFacts): boolean {
  if (report.imageId) return report.imageId === facts.configDigest;
  if (report.manifestDigests.includes(facts.manifestDigest)) return true;
  if (!facts.indexDigest || !report.manifestDigests.includes(facts.indexDigest)) return false;
  // An index digest alone names every platform: the layers say which one was scanned.
  return report.diffIds.length > 0 && report.diffIds.join() === facts.diffIds.join();
}

function identityOf(v: { purl?: string | undefined; package?: string; name?: string }): string {
  return purlIdentity(v.purl) ?? `name:${v.package ?? v.name}`;
}

function sameComponent(v: ReportedVulnerability, c: Component): boolean {
  const mine = purlIdentity(v.purl);
  if (mine) return purlIdentity(c.purl) === mine;
  return c.name === v.package;
}

/** Scanner package types to purl types, for a vulnerability reported without a purl. */
const TYPE_OF_SCANNER: Record<string, string> = {
  jar: 'maven',
  pom: 'maven',
  gradle: 'maven',
  'java-archive': 'maven',
  'node-pkg': 'npm',
  npm: 'npm',
  yarn: 'npm',
  pnpm: 'npm',
  gobinary: 'golang',
  gomod: 'golang',
  'go-module': 'golang',
  'python-pkg': 'pypi',
  pip: 'pypi',
  pipenv: 'pypi',
  poetry: 'pypi',
  python: 'pypi',
  debian: 'deb',
  ubuntu: 'deb',
  deb: 'deb',
  alpine: 'apk',
  apk: 'apk',
  redhat: 'rpm',
  centos: 'rpm',
  rocky: 'rpm',
  alma: 'rpm',
  amazon: 'rpm',
  'cbl-mariner': 'rpm',
  rpm: 'rpm',
  cargo: 'cargo',
  'rust-crate': 'cargo',
};

function schemeFor(v: ReportedVulnerability, matches: Component[]): { scheme: string; compare: Compare } {
  const type =
    parsePurl(v.purl ?? '')?.type ??
    (v.packageType ? TYPE_OF_SCANNER[v.packageType.toLowerCase()] : undefined) ??
    matches.map((c) => parsePurl(c.purl ?? '')?.type).find(Boolean);
  return comparatorFor(type);
}

/** The release line a fix belongs to: its version without the last numeric segment (`1.3.15` → `1.3.`). */
function lineOf(version: string): string | undefined {
  const m = /^(.*[.\-_+~:])\d+[^.\-_+~:]*$/.exec(version);
  return m?.[1];
}

/** One version of the patched package against the fixed versions. */
function judge(
  version: string,
  v: ReportedVulnerability,
  compare: Compare,
): { state: FindingState; reason: string } {
  if (v.fixedIn.length === 0) return { state: 'open', reason: 'no fix released' };
  if (v.installed !== '' && version === v.installed) return { state: 'open', reason: `still ${version}` };
  const fixes = v.fixedIn;
  const against = fixes.map((f) => ({ f, d: compare(version, f) }));
  if (against.some((x) => x.d === undefined))
    return { state: 'unknown', reason: `${version} and ${fixes.join(', ')} cannot be ordered` };
  const reached = against.filter((x) => x.d! >= 0).map((x) => x.f);
  if (reached.length === 0) return { state: 'open', reason: `${version} < ${fixes.join(', ')}` };
  if (reached.length === fixes.length) return { state: 'fixed', reason: `${version} ≥ ${fixes.join(', ')}` };
  // Between fixes of several release lines (`1.5.13, 1.3.15`): fixed only on the line of a fix it reached.
  const onLine = reached.find((f) => {
    const line = lineOf(f);
    return line !== undefined && version.startsWith(line);
  });
  if (onLine) return { state: 'fixed', reason: `${version} ≥ ${onLine} (its release line)` };
  return {
    state: 'unknown',
    reason: `${version} is past ${reached.join(', ')} but below ${fixes.filter((f) => !reached.includes(f)).join(', ')}, on neither release line`,
  };
}

const WORST: FindingState[] = ['open', 'unknown', 'fixed'];
const worst = (a: FindingState, b: FindingState) => (WORST.indexOf(a) <= WORST.indexOf(b) ? a : b);

function assessOne(
  v: ReportedVulnerability,
  layer: SwappedLayer,
  report: string,
): Omit<Finding, 'aliases'> & { aliases: string[] } {
  const base = {
    id: v.id,
    aliases: v.aliases,
    severity: v.severity,
    package: v.package,
    ...(v.purl ? { purl: v.purl } : {}),
    target: layer.target,
    from: v.installed,
    fixedIn: v.fixedIn,
    reports: [report],
  };
  const matches = (layer.after ?? []).filter((c) => sameComponent(v, c));
  const { scheme, compare } = schemeFor(v, matches);
  if (matches.length === 0) {
    const why = layer.after ? "the patch layer's SBOM does not list it" : 'the patch layer has no SBOM';
    return { ...base, to: null, state: 'unknown', reason: why, scheme };
  }
  const versions = [...new Set(matches.map((c) => c.version))].sort();
  let state: FindingState = 'fixed';
  const reasons: string[] = [];
  for (const version of versions) {
    const j =
      version === ''
        ? { state: 'unknown' as const, reason: 'listed without a version' }
        : judge(version, v, compare);
    state = worst(state, j.state);
    reasons.push(j.reason);
  }
  return { ...base, to: versions.join(', '), state, reason: reasons.join('; '), scheme };
}

/** Findings of one platform from the reports that describe it. */
export function assessPlatform(
  reports: VulnerabilityReport[],
  facts: PlatformFacts,
): PlatformVulnerabilities {
  const mine = reports.filter((r) => describes(r, facts));
  const out: PlatformVulnerabilities = {
    reports: mine.map((r) => r.file),
    fixed: [],
    open: [],
    unknown: [],
    untouched: 0,
  };
  const byFrom = new Map(facts.swapped.map((s) => [s.from as string, s]));
  const findings = new Map<string, Finding>();
  // Vulnerabilities that remain somewhere the plan does not touch, by id and package.
  const kept = new Set<string>();
  for (const report of mine) {
    for (const v of report.vulnerabilities) {
      if (v.layers.length === 0) continue;
      const key = `${v.id}\n${identityOf(v)}`;
      const decided: SwappedLayer[] = [];
      for (const diffId of v.layers) {
        const swap = byFrom.get(diffId);
        if (swap) decided.push(swap);
        else if (diffId === facts.sbomLayer) {
          // Found in an SBOM file: it is the file of whichever swapped layer listed the package.
          const owner = facts.swapped.find((s) => (s.before ?? []).some((c) => sameComponent(v, c)));
          if (owner) decided.push(owner);
          else kept.add(key);
        } else kept.add(key);
      }
      if (decided.length === 0) out.untouched++;
      for (const layer of decided) {
        const f = assessOne(v, layer, report.file);
        const fkey = `${key}\n${layer.target}`;
        const seen = findings.get(fkey);
        if (!seen) {
          findings.set(fkey, f);
          continue;
        }
        // The same vulnerability from two reports (Trivy and Grype): the less certain answer wins.
        if (worst(seen.state, f.state) !== seen.state) {
          seen.state = f.state;
          seen.reason = f.reason;
        }
        if (severityRank(f.severity) > severityRank(seen.severity)) seen.severity = f.severity;
        seen.fixedIn = [...new Set([...seen.fixedIn, ...f.fixedIn])];
        seen.aliases = [...new Set([...seen.aliases, ...f.aliases])];
        if (!seen.reports.includes(report.file)) seen.reports.push(report.file);
      }
    }
  }
  for (const [fkey, f] of findings) {
    if (f.state !== 'open' && kept.has(fkey.split('\n').slice(0, 2).join('\n'))) {
      f.state = 'open';
      f.reason = 'also found in a layer the plan keeps';
    }
    out[f.state].push(f);
  }
  for (const list of [out.fixed, out.open, out.unknown]) list.sort(byImportance);
  return out;
}

export function byImportance(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) ||
    (a.package < b.package ? -1 : a.package > b.package ? 1 : 0) ||
    (a.target < b.target ? -1 : a.target > b.target ? 1 : 0)
  );
}
