import type { Digest } from '../oci/digest.js';
import type { ImageResult } from '../result.js';
import {
  assessPlatform,
  describes,
  type PlatformFacts,
  type PlatformVulnerabilities,
} from '../vulns/assess.js';
import { severityRank, type Severity, type VulnerabilityReport } from '../vulns/reports.js';
import { targetName } from './types.js';
import type { PlatformWork } from './work.js';

function factsOf(w: PlatformWork, indexDigest: Digest | undefined): PlatformFacts {
  return {
    configDigest: w.app.manifest.config.digest,
    manifestDigest: w.before.digest,
    ...(indexDigest ? { indexDigest } : {}),
    diffIds: w.app.config.rootfs.diff_ids,
    swapped: w.plan.swaps.map((s) => {
      const target = targetName(s.target);
      return { target, from: s.from.diffId, ...w.sbom?.components.get(target) };
    }),
    ...(w.sbom?.from ? { sbomLayer: w.sbom.from } : {}),
    ...(w.sbom?.kept ? { keptSbom: w.sbom.kept } : {}),
  };
}

/** The report files that describe any platform of an image (known before any plan is judged). */
export function reportsDescribing(
  work: PlatformWork[],
  reports: VulnerabilityReport[],
  indexDigest: Digest | undefined,
): string[] {
  return reports.filter((r) => work.some((w) => describes(r, factsOf(w, indexDigest)))).map((r) => r.file);
}

/** One platform's findings: its swaps and their new SBOM components against the reports that describe it. */
export function assessWork(
  w: PlatformWork,
  reports: VulnerabilityReport[],
  indexDigest: Digest | undefined,
): PlatformVulnerabilities {
  return assessPlatform(reports, factsOf(w, indexDigest));
}

/** `2 (1 critical)`: how many, and how many of the worst severity among them. */
export function countWords(findings: { severity: Severity }[]): string {
  if (findings.length === 0) return '0';
  const top = [...findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity))[0]!.severity;
  const n = findings.filter((f) => f.severity === top).length;
  return top === 'unknown' ? String(findings.length) : `${findings.length} (${n} ${top})`;
}

/**
 * `require-fix`: the reason to leave an image as it is, or undefined to go on. An image is patched only
 * when the image as a whole fixes a vulnerability of the given severity or above: a fix on one platform
 * of an index while another keeps the vulnerability does not count.
 */
export function requireFixHold(
  image: Pick<ImageResult, 'platforms' | 'vulnerabilities'>,
  minimum: Severity,
): { reason: string; warn: boolean } | undefined {
  const assessed = image.platforms.filter((p) => p.vulnerabilities && p.vulnerabilities.reports.length > 0);
  if (assessed.length === 0 || !image.vulnerabilities)
    return {
      reason: `require-fix ${minimum}: no vulnerability report describes this image, so nothing shows the patch is needed; left as it is`,
      warn: true,
    };
  const { fixed, open, undecided } = image.vulnerabilities;
  if (fixed.some((f) => severityRank(f.severity) >= severityRank(minimum))) return undefined;
  const fixes = fixed.length > 0 ? `it fixes ${countWords(fixed)}` : 'it fixes none';
  return {
    reason: `require-fix ${minimum}: the plan fixes no vulnerability of ${minimum} severity or above (${fixes}; ${open.length} still open, ${undecided.length} undecided); left as it is`,
    warn: false,
  };
}
