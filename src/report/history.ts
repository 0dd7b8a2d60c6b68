import type { ImageHistory } from '../undo/run.js';
import { displayText } from './escape.js';
import { ARROW } from './words.js';

/** `layer-rebase history` in a terminal: per platform, each patch newest first, then what undo would do. */
export function renderHistory(h: ImageHistory): string {
  const lines = [`${displayText(h.image)} ${h.digest}${h.kind === 'index' ? ' (index)' : ''}`];
  for (const p of h.platforms) {
    lines.push(`  ${displayText(p.platform)} ${p.digest}`);
    if (p.patches.length === 0) lines.push('    never patched by layer-rebase');
    p.patches.forEach((step, i) => {
      const replaced = step.replaced
        ? `replaced ${step.replaced.manifest}${step.replaced.index ? ` (index ${step.replaced.index})` : ''}`
        : 'replaced: not recorded (an older layer-rebase)';
      lines.push(`    patch ${p.patches.length - i}${step.newest ? ' (newest)' : ''}: ${replaced}`);
      for (const r of step.records) {
        const versions =
          r.fromVersion || r.toVersion ? ` ${r.fromVersion ?? '?'} ${ARROW} ${r.toVersion ?? '?'}` : '';
        // Every field comes from a label anyone who can push may write: shown, never interpreted.
        lines.push(`      ${displayText(`${r.target}${versions} from ${r.patchImage} (${r.source})`)}`);
        lines.push(`        diffID ${r.from} ${ARROW} ${r.to}`);
      }
    });
  }
  lines.push(`  undo: ${h.undo.possible ? 'possible' : 'not possible'}: ${displayText(h.undo.reason)}`);
  return lines.join('\n');
}
