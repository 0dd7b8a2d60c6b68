import { code, displayText, escapeCell } from './escape.js';
import type { VerifiedManifest, VerifyResult } from '../verify/verify.js';

/** The terminal rendering of `verify`: per step and manifest, reproduced or the first difference. */
export function renderVerifyText(result: VerifyResult): string {
  const lines = [`verify ${displayText(result.image)}`];
  for (const [i, step] of result.steps.entries()) {
    if (result.steps.length > 1) lines.push(`step ${i + 1} (newest first): ${step.digest}`);
    for (const m of step.manifests) lines.push(`  ${manifestLine(m)}`);
  }
  if (result.origin) lines.push(`from ${result.origin}, the first image layer-rebase did not make`);
  lines.push(result.reproduced ? 'reproduced' : 'not reproduced');
  return `${lines.join('\n')}\n`;
}

function manifestLine(m: VerifiedManifest): string {
  const what = m.platform ? `${m.digest} (${displayText(m.platform)})` : m.digest;
  return `${what}: ${manifestOutcome(m)}`;
}

/** What was found for one manifest, without naming it: `reproduced: …`, `differs: …`. */
function manifestOutcome(m: VerifiedManifest): string {
  if (m.outcome === 'reproduced')
    return `reproduced: the replaced image ${m.replaced ?? '(not recorded)'} + ${m.swaps.length > 0 ? m.swaps.map(displayText).join('; ') : 'its re-derived platform manifests'}${m.madeBy ? ` (recorded by ${displayText(m.madeBy)})` : ''}`;
  if (m.outcome === 'differs')
    return `differs: ${displayText(m.detail ?? '')}${m.derived ? ` (re-deriving from the recorded patches gives ${m.derived}, not this digest)` : ''}`;
  return `cannot verify: ${displayText(m.detail ?? '')}`;
}

/** The first manifest that is not reproduced, in one line. */
export function firstProblem(result: VerifyResult): string {
  for (const step of result.steps)
    for (const m of step.manifests) if (m.outcome !== 'reproduced') return displayText(manifestLine(m));
  return 'reproduced';
}

/** The job summary of `verify: true`: per image, reproduced or the first difference. */
export function renderVerifySummary(results: VerifyResult[]): string {
  const lines = ['## layer-rebase verify', ''];
  for (const r of results) {
    lines.push(
      `- ${r.reproduced ? '✅' : '❌'} ${escapeCell(r.image)}: ${r.reproduced ? 'reproduced from its recorded patches' : 'not reproduced'}`,
    );
    for (const step of r.steps)
      for (const m of step.manifests)
        lines.push(
          `  - ${code(m.digest)}${m.platform ? ` (${escapeCell(m.platform)})` : ''}: ${escapeCell(manifestOutcome(m))}`,
        );
  }
  return `${lines.join('\n')}\n`;
}
