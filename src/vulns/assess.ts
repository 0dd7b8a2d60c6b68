import type { Component } from '../cnb/sbom-diff.js';
import type { Digest } from '../oci/digest.js';
import { AliasGroups, displayId, statedAliases, trueAliases } from './aliases.js';
import { judgeVersion, worstState, type FindingState, type Judgement } from './judge.js';
import { parsePurl, purlIdentity } from './purl.js';
import {
  severityRank,
  type ReportedVulnerability,
  type Severity,
  type VulnerabilityReport,
} from './reports.js';
import { comparatorFor, type Compare } from './versions.js';

export type { FindingState } from './judge.js';

/**
 * Which reported vulnerabilities one platform's plan fixes. Pure: the reports, the swapped layers and
 * their SBOM components in, findings out.
 *
 * A finding is one vulnerability (its aliases are one) in one package of one swapped layer. Its state
 * is the vulnerability's on this platform, judged over every copy the reports name: a copy in a swapped
 * layer is judged by the versions the patch layer's SBOM lists (judge.ts); a copy in a kept layer is
 * open; a copy placed in no layer, or in the SBOM layer without a provable owner, is undecided. The
 * worst copy decides (open, then undecided, then fixed): `fixed` is only ever said of a vulnerability
 * the image, by the reports' own data, no longer has.
 */
export interface Finding {
  /** The vulnerability's name: its CVE when an alias is one, else the reported id. */
  id: string;
  /** Other ids of the same vulnerability (GHSA ↔ CVE), never a distro advisory that merely relates. */
  aliases: string[];
  /** Every id judged together with it (aliases, and CVEs a GHSA relates to): open anywhere, open for all. */
  group: string[];
  severity: Severity;
  package: string;
  purl?: string;
  /** The swapped layer (`buildpack/layer`, `launcher`) the package was found in. */
  target: string;
  from: string;
  /** The version(s) the patch layer's SBOM lists, or null when it does not list the package. */
  to: string | null;
  fixedIn: string[];
  /** Vulnerable ranges the reports gave (Grype's versionConstraint); absent when none. */
  ranges?: string[];
  state: FindingState;
  /** Why, in one line: `17.0.9 ≥ 17.0.9 on the 17.x line`, `no fix released`, `also in a layer the plan keeps`. */
  reason: string;
  /** The version order used (`maven`, `deb`, `npm`, `generic`). */
  scheme: string;
  reports: string[];
  /** The advisory page a report links for this id (https only), when it gives one. */
  url?: string;
}

export interface PlatformVulnerabilities {
  /** The reports that describe this platform. */
  reports: string[];
  fixed: Finding[];
  open: Finding[];
  undecided: Finding[];
  /** Vulnerabilities only in layers the plan does not touch (or placed in no layer). */
  untouched: number;
  /** Their ids and aliases: the platform still has them, whatever another platform's plan fixes. */
  elsewhere: string[];
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
  /** Components the SBOM files of the layers the plan keeps list. */
  keptSbom?: Component[];
}

/** Whether a report describes this platform: by config digest, manifest digest, or the index digest plus its layers. */
export function describes(report: VulnerabilityReport, facts: PlatformFacts): boolean {
  if (report.imageId) return report.imageId === facts.configDigest;
  if (report.manifestDigests.includes(facts.manifestDigest)) return true;
  if (!facts.indexDigest || !report.manifestDigests.includes(facts.indexDigest)) return false;
  // An index digest alone names every platform: the layers say which one was scanned.
  return report.diffIds.length > 0 && report.diffIds.join() === facts.diffIds.join();
}

function identityOf(v: { purl?: string | undefined; package: string }): string {
  return purlIdentity(v.purl) ?? `name:${v.package}`;
}

function sameComponent(v: ReportedVulnerability, c: Component): boolean {
  const mine = purlIdentity(v.purl);
  if (mine) return purlIdentity(c.purl) === mine;
  return c.name === v.package;
}

/** A package's own name, without group or namespace (`org.apache.logging.log4j:log4j-core` → `log4j-core`). */
function baseName(name: string): string {
  return name.slice(Math.max(name.lastIndexOf(':'), name.lastIndexOf('/')) + 1).toLowerCase();
}

/**
 * Whether a component may be the reported package: the same purl, or the same base name however the
 * group is written (listed without a purl, a group Syft guessed). Used where a wrong "yes" is the
 * conservative answer — a kept layer that may hold the package — never to find a fixed version.
 */
function maybeSameComponent(v: ReportedVulnerability, c: Component): boolean {
  if (sameComponent(v, c)) return true;
  const name = baseName(parsePurl(v.purl ?? '')?.path ?? v.package);
  return baseName(c.name) === name || baseName(parsePurl(c.purl ?? '')?.path ?? '') === name;
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
    (v.packageType && Object.hasOwn(TYPE_OF_SCANNER, v.packageType.toLowerCase())
      ? TYPE_OF_SCANNER[v.packageType.toLowerCase()]
      : undefined) ??
    matches.map((c) => parsePurl(c.purl ?? '')?.type).find(Boolean);
  return comparatorFor(type);
}

const short = (d: string) => d.replace(/^sha256:/, '').slice(0, 12);

interface Entry {
  v: ReportedVulnerability;
  report: string;
}

type Copy = Judgement & { to: string | null; scheme: string };

/** A swapped layer's copy of one reported vulnerability, judged by the patch layer's SBOM. */
function judgeCopy(v: ReportedVulnerability, layer: SwappedLayer): Copy {
  const matches = (layer.after ?? []).filter((c) => sameComponent(v, c));
  const { scheme, compare } = schemeFor(v, matches);
  if (matches.length === 0) {
    const reason = layer.after ? "the patch layer's SBOM does not list it" : 'the patch layer has no SBOM';
    return { state: 'undecided', reason, to: null, scheme };
  }
  const versions = [...new Set(matches.map((c) => c.version))].sort();
  let state: FindingState = 'fixed';
  const reasons: string[] = [];
  for (const version of versions) {
    const j = judgeVersion(version, {
      installed: v.installed,
      fixedIn: v.fixedIn,
      ranges: v.ranges,
      scheme,
      compare,
      package: v.package,
    });
    state = worstState(state, j.state);
    reasons.push(j.reason);
  }
  return { state, reason: reasons.join('; '), to: versions.join(', '), scheme };
}

/**
 * A copy a scanner found in the SBOM layer (it read the SBOM files) is the swapped layers' only when
 * their old SBOM lists the package at the installed version and no kept layer's SBOM lists the package.
 */
function placeInSbomLayer(
  v: ReportedVulnerability,
  facts: PlatformFacts,
): { owners: SwappedLayer[]; outside?: Judgement } {
  const owners = facts.swapped.filter((s) =>
    (s.before ?? []).some((c) => sameComponent(v, c) && c.version === v.installed),
  );
  const kept = (facts.keptSbom ?? []).filter((c) => maybeSameComponent(v, c));
  if (kept.some((c) => c.version === v.installed))
    return {
      owners,
      outside: {
        state: 'open',
        reason: `the SBOM of a layer the plan keeps lists ${v.package} ${v.installed}`,
      },
    };
  if (kept.length > 0) {
    const versions = [...new Set(kept.map((c) => c.version))].join(', ');
    return {
      owners,
      outside: {
        state: 'undecided',
        reason: `found in the SBOM layer, where a layer the plan keeps lists ${v.package} too (${versions}): not tied to one layer`,
      },
    };
  }
  if (owners.length === 0)
    return {
      owners,
      outside: {
        state: 'undecided',
        reason: `found in the SBOM layer, but no swapped layer's SBOM lists ${v.package} ${v.installed}`,
      },
    };
  return { owners };
}

function newFinding(v: ReportedVulnerability, report: string, target: string, copy: Copy): Finding {
  return {
    id: v.id,
    aliases: [],
    group: [v.id],
    severity: v.severity,
    package: v.package,
    ...(v.purl ? { purl: v.purl } : {}),
    target,
    from: v.installed,
    to: copy.to,
    fixedIn: [...v.fixedIn],
    ...(v.ranges.length > 0 ? { ranges: [...v.ranges] } : {}),
    state: copy.state,
    reason: copy.reason,
    scheme: copy.scheme,
    reports: [report],
  };
}

/** The same copy from two reports (Trivy and Grype) or two entries: the less certain answer wins. */
function mergeInto(seen: Finding, v: ReportedVulnerability, report: string, copy: Copy): void {
  if (worstState(seen.state, copy.state) !== seen.state) {
    seen.state = copy.state;
    seen.reason = copy.reason;
  }
  if (severityRank(v.severity) > severityRank(seen.severity)) seen.severity = v.severity;
  if (v.installed !== '' && !seen.from.split(', ').includes(v.installed))
    seen.from = seen.from === '' ? v.installed : `${seen.from}, ${v.installed}`;
  seen.fixedIn = [...new Set([...seen.fixedIn, ...v.fixedIn])];
  if (v.ranges.length > 0) seen.ranges = [...new Set([...(seen.ranges ?? []), ...v.ranges])];
  if (!seen.reports.includes(report)) seen.reports.push(report);
}

/** Findings of one platform from the reports that describe it. */
export function assessPlatform(
  reports: VulnerabilityReport[],
  facts: PlatformFacts,
): PlatformVulnerabilities {
  const mine = reports.filter((r) => describes(r, facts));
  const entries: Entry[] = mine.flatMap((r) => r.vulnerabilities.map((v) => ({ v, report: r.file })));
  const groups = new AliasGroups();
  for (const { v } of entries) groups.add(v.id, trueAliases(v.id, v.aliases));

  const byFrom = new Map(facts.swapped.map((s) => [s.from as string, s]));
  // Per vulnerability: its findings in swapped layers, and the worst that is said of its other copies.
  const rows = new Map<string, Map<string, Finding>>();
  const outside = new Map<string, Judgement>();
  const noteOutside = (group: string, j: Judgement) => {
    const seen = outside.get(group);
    if (!seen || worstState(seen.state, j.state) !== seen.state) outside.set(group, j);
  };
  const addRow = (group: string, { v, report }: Entry, layer: SwappedLayer) => {
    const copy = judgeCopy(v, layer);
    const key = `${identityOf(v)}\n${layer.target}`;
    const found = rows.get(group) ?? new Map<string, Finding>();
    rows.set(group, found);
    const seen = found.get(key);
    if (seen) mergeInto(seen, v, report, copy);
    else found.set(key, newFinding(v, report, layer.target, copy));
  };

  for (const entry of entries) {
    const { v } = entry;
    const group = groups.key(v.id);
    for (const diffId of v.layers) {
      const swap = byFrom.get(diffId);
      if (swap) addRow(group, entry, swap);
      else if (diffId === facts.sbomLayer) {
        const placed = placeInSbomLayer(v, facts);
        for (const owner of placed.owners) addRow(group, entry, owner);
        if (placed.outside) noteOutside(group, placed.outside);
      } else
        noteOutside(group, {
          state: 'open',
          reason: `${v.package} ${v.installed} is also in layer ${short(diffId)}, which the plan keeps`,
        });
    }
    if (v.unlocated)
      noteOutside(group, {
        state: 'undecided',
        reason: `${v.package} ${v.installed} is also reported where no layer is named`,
      });
  }

  const out: PlatformVulnerabilities = {
    reports: mine.map((r) => r.file),
    fixed: [],
    open: [],
    undecided: [],
    untouched: 0,
    elsewhere: [],
  };
  // The advisory page a report links for an id (Trivy's PrimaryURL, Grype's dataSource), the first given.
  const urls = new Map<string, string>();
  for (const { v } of entries) if (v.url && !urls.has(v.id)) urls.set(v.id, v.url);
  for (const members of groups.all()) {
    const group = groups.key(members[0]!);
    const found = [...(rows.get(group)?.values() ?? [])];
    if (found.length === 0) {
      out.untouched++;
      out.elsewhere.push(...members);
      continue;
    }
    // The vulnerability's state here is that of its worst copy, wherever it is.
    let worst: { state: FindingState; why: string } = { state: 'fixed', why: '' };
    for (const f of found)
      if (worstState(worst.state, f.state) !== worst.state)
        worst = {
          state: f.state,
          why: `${f.state} in ${f.target} (${f.package} ${f.from} → ${f.to ?? '?'}: ${f.reason})`,
        };
    const other = outside.get(group);
    if (other && worstState(worst.state, other.state) !== worst.state)
      worst = { state: other.state, why: other.reason };
    const id = displayId(members);
    const severity = found.reduce<Severity>(
      (s, f) => (severityRank(f.severity) > severityRank(s) ? f.severity : s),
      'unknown',
    );
    const url = urls.get(id);
    for (const f of found) {
      f.id = id;
      if (url) f.url = url;
      f.aliases = statedAliases(id, members);
      f.group = members;
      f.severity = severity;
      if (f.state !== worst.state) {
        f.reason = `${f.reason} here, but ${worst.why}`;
        f.state = worst.state;
      }
      out[f.state].push(f);
    }
  }
  out.elsewhere.sort();
  for (const list of [out.fixed, out.open, out.undecided]) list.sort(byImportance);
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
