import { AliasGroups, displayId, statedAliases } from './aliases.js';
import type { PlatformVulnerabilities } from './assess.js';
import { worstState, type FindingState } from './judge.js';
import { severityRank, type Severity } from './reports.js';

/**
 * What an image (an index and its platforms, or one manifest) fixes as a whole. Pure.
 *
 * The tag names the index, so a claim about "the image" is a claim about every platform in it: a
 * vulnerability is fixed only when every platform's reports show it fixed there. A platform that still
 * has it (open, undecided, or in a layer its plan keeps), whose reports do not list it (nothing shows
 * what it has), or that no report describes leaves the image's claim short of `fixed`. `images[].fixed`, the summary,
 * the PR comment and `require-fix` read this; the report keeps the per-platform answers.
 */
export interface ImageFinding {
  id: string;
  aliases: string[];
  severity: Severity;
  state: FindingState;
  /** `log4j-core 2.14.1 → 2.17.1`, each package once. */
  packages: string[];
  /** The platforms whose plan fixes it. */
  fixedOn: string[];
  /** One line: where it is fixed, or which platform keeps it and why. */
  reason: string;
}

export interface ImageVulnerabilities {
  fixed: ImageFinding[];
  open: ImageFinding[];
  undecided: ImageFinding[];
}

interface PlatformInput {
  platform: string;
  vulnerabilities?: PlatformVulnerabilities | undefined;
}

export function assessImage(platforms: PlatformInput[]): ImageVulnerabilities | undefined {
  if (!platforms.some((p) => p.vulnerabilities)) return undefined;
  const groups = new AliasGroups();
  for (const p of platforms) for (const f of findingsOf(p.vulnerabilities)) groups.add(f.id, f.group);
  const out: ImageVulnerabilities = { fixed: [], open: [], undecided: [] };
  const several = platforms.length > 1;
  for (const members of groups.all()) {
    const ids = new Set(members);
    let state: FindingState = 'fixed';
    let why = '';
    let severity: Severity = 'unknown';
    const packages = new Set<string>();
    const fixedOn: string[] = [];
    for (const p of platforms) {
      const v = p.vulnerabilities;
      const mine = findingsOf(v).filter((f) => ids.has(f.id));
      // An id of the group that this platform's reports did not link still counts where it is kept.
      const keptHere = v !== undefined && v.reports.length > 0 && v.elsewhere.some((id) => ids.has(id));
      const here = (text: string) => (several ? `${text} on ${p.platform}` : text);
      let platformState: FindingState;
      let platformWhy: string;
      if (mine.length > 0) {
        platformState = mine.reduce<FindingState>((s, f) => worstState(s, f.state), 'fixed');
        platformWhy = here(`${platformState}: ${mine.find((f) => f.state === platformState)!.reason}`);
        for (const f of mine) {
          packages.add(`${f.package} ${f.from} → ${f.to ?? '?'}`);
          if (severityRank(f.severity) > severityRank(severity)) severity = f.severity;
        }
        if (keptHere && platformState !== 'open') {
          platformState = 'open';
          platformWhy = here(
            `open: ${v.elsewhere.filter((id) => ids.has(id)).join(', ')} still reported in layers the plan does not change`,
          );
        }
        if (platformState === 'fixed') fixedOn.push(p.platform);
      } else if (keptHere) {
        platformState = 'open';
        platformWhy = here('still reported in layers the plan does not change');
      } else if (!v || v.reports.length === 0) {
        platformState = 'undecided';
        platformWhy = `no vulnerability report describes ${p.platform}`;
      } else {
        platformState = 'undecided';
        platformWhy = `${p.platform}'s reports do not list it: nothing shows it fixed there`;
      }
      if (worstState(state, platformState) !== state) {
        state = platformState;
        why = platformWhy;
      }
    }
    const id = displayId(members);
    out[state].push({
      id,
      aliases: statedAliases(id, members),
      severity,
      state,
      packages: [...packages].sort(),
      fixedOn,
      reason: state === 'fixed' ? fixedWhy(fixedOn, platforms.length) : why,
    });
  }
  for (const list of [out.fixed, out.open, out.undecided])
    list.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || (a.id < b.id ? -1 : 1));
  return out;
}

function fixedWhy(fixedOn: string[], platforms: number): string {
  return platforms === 1 ? 'fixed' : `fixed on every platform (${fixedOn.join(', ')})`;
}

function findingsOf(v: PlatformVulnerabilities | undefined) {
  return v ? [...v.fixed, ...v.open, ...v.undecided] : [];
}
