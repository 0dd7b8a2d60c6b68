import { shortDigest } from '../oci/digest.js';
import { describeSelector, describeSource } from '../patches/types.js';
import { targetName, type LayerSwap } from '../rebase/types.js';
import type { RunImagePlan } from '../rebase/run-image.js';
import type { SbomLayerReport } from '../rebase/sbom-step.js';
import type { ImageResult, RunResult } from '../result.js';
import { code, escapeCell, truncateUtf8 } from './escape.js';

/** GitHub refuses job summaries over 1 MiB; stay under it with room to spare. */
export const SUMMARY_LIMIT = 1024 * 1024 - 4096;

const STATUS_TEXT: Record<ImageResult['status'], string> = {
  patched: '✅ patched',
  partial: '⚠️ partial: a platform left unpatched',
  unchanged: '➖ nothing to patch',
  planned: '📝 dry run: would patch',
  refused: '⛔ refused',
  failed: '❌ failed',
};

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function versionChange(swap: LayerSwap): string {
  const from = swap.from.version ?? '?';
  const to = swap.to.version ?? '?';
  if (from === '?' && to === '?') return '';
  return `${escapeCell(from)} → ${escapeCell(to)}`;
}

function swapRow(swap: LayerSwap): string {
  const buildpack = swap.target.kind === 'launcher' ? 'lifecycle' : swap.target.buildpack;
  const layer = swap.target.kind === 'launcher' ? 'launcher' : swap.target.layer;
  return row([
    escapeCell(buildpack),
    escapeCell(layer) + (swap.forced ? ' ⚠️ forced' : ''),
    versionChange(swap),
    `${code(shortDigest(swap.from.diffId))} → ${code(shortDigest(swap.to.diffId))}`,
    `${code(swap.patchImage.reference)}`,
    escapeCell(describeSource(swap.patch.source)),
  ]);
}

function sbomCounts(layer: SbomLayerReport): string {
  if (!layer.diff)
    return layer.missingInPatch
      ? 'SBOM files removed (the patch image has none)'
      : 'no SBOM document to compare';
  const { changed, added, removed } = layer.diff;
  return `${changed.length} changed, ${added.length} added, ${removed.length} removed (${layer.diff.format})`;
}

/** A collapsible component diff per swapped layer. */
export function renderSbom(layers: SbomLayerReport[]): string[] {
  const lines: string[] = [];
  for (const layer of layers) {
    lines.push(
      `<details><summary>SBOM ${escapeCell(layer.target)}: ${escapeCell(sbomCounts(layer))}</summary>`,
      '',
    );
    const diff = layer.diff;
    if (diff && diff.changed.length + diff.added.length + diff.removed.length > 0) {
      lines.push(row(['Component', 'Change', 'purl']), row(['---', '---', '---']));
      for (const c of diff.changed)
        lines.push(
          row([
            escapeCell(c.name),
            `${escapeCell(c.from)} → ${escapeCell(c.to)}`,
            c.purl ? code(c.purl) : '',
          ]),
        );
      for (const c of diff.added)
        lines.push(row([escapeCell(c.name), `added ${escapeCell(c.version)}`, c.purl ? code(c.purl) : '']));
      for (const c of diff.removed)
        lines.push(row([escapeCell(c.name), `removed ${escapeCell(c.version)}`, c.purl ? code(c.purl) : '']));
    } else {
      lines.push(
        `files: ${layer.added.length} added, ${layer.removed.length} removed under ${code(layer.dir)}`,
      );
    }
    lines.push('', '</details>', '');
  }
  return lines;
}

export function renderRunImage(r: RunImagePlan): string {
  const from = r.from.reference ? code(r.from.reference) : 'the recorded run image';
  if (r.status === 'refused') return `**Run image** ⛔ refused: ${escapeCell(r.reason ?? '')}`;
  if (r.status === 'current') return `**Run image** ${from} is current: ${escapeCell(r.reason ?? '')}`;
  const to = r.to ? code(r.to.reference) : '?';
  return `**Run image** ${from} → ${to}: ${r.from.layers} base layer(s) replaced by ${r.to?.layers ?? 0}${r.forced ? ' ⚠️ forced' : ''}`;
}

export function renderImage(image: ImageResult): string {
  const lines: string[] = [];
  lines.push(`### ${escapeCell(image.input)}`, '');
  lines.push(`**${STATUS_TEXT[image.status]}**`);
  if (image.digestBefore && image.digest && image.digest !== image.digestBefore) {
    lines.push(`${code(shortDigest(image.digestBefore))} → ${code(image.digest)}`);
  } else if (image.digest) lines.push(code(image.digest));
  if (image.tags.length > 0) lines.push(`tags: ${image.tags.map(code).join(', ')}`);
  const t = image.transfers;
  if (t.mounted + t.copied + t.exists > 0) {
    lines.push(
      `blobs: ${t.mounted} mounted, ${t.copied} written, ${t.exists} already there; ${(image.durationMs / 1000).toFixed(1)} s`,
    );
  }
  lines.push('');
  if (image.error) lines.push(`> ${escapeCell(image.error.message)}`, '');

  const multi = image.platforms.length > 1;
  for (const platform of image.platforms) {
    const { plan } = platform;
    if (multi) lines.push(`#### ${escapeCell(platform.platform)}`, '');
    if (plan.swaps.length > 0) {
      lines.push(row(['Buildpack', 'Layer', 'Version', 'diffID', 'Patch image', 'Source']));
      lines.push(row(['---', '---', '---', '---', '---', '---']));
      for (const swap of plan.swaps) lines.push(swapRow(swap));
      lines.push('');
    }
    if (plan.runImage) lines.push(renderRunImage(plan.runImage), '');
    if (platform.sbom) lines.push(...renderSbom(platform.sbom.layers));
    const decisions = [
      ...plan.refused.map((d) => ({ ...d, outcome: '⛔ refused' })),
      ...plan.unpatched.map((d) => ({ ...d, outcome: '⚠️ left unpatched (force)' })),
      ...plan.skipped.map((d) => ({ ...d, outcome: 'skipped' })),
    ];
    if (decisions.length > 0) {
      lines.push(row(['Target', 'Outcome', 'Reason', 'Patch']));
      lines.push(row(['---', '---', '---', '---']));
      for (const d of decisions) {
        lines.push(
          row([
            escapeCell(targetName(d.target)),
            d.outcome,
            escapeCell(d.reason),
            escapeCell(`${describeSelector(d.patch)} from ${describeSource(d.patch.source)}`),
          ]),
        );
      }
      lines.push('');
    }
    for (const o of plan.overrides) {
      lines.push(
        `- overridden: ${escapeCell(describeSelector(o.patch))} (${escapeCell(describeSource(o.patch.source))}, ${code(o.patch.patchImage)}) lost to ${escapeCell(describeSource(o.by.source))} (${code(o.by.patchImage)})`,
      );
    }
    if (plan.overrides.length > 0) lines.push('');
  }
  if (image.warnings.length > 0) {
    for (const w of image.warnings) lines.push(`- ⚠️ ${escapeCell(w)}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** The job summary: totals, then each image. The same RunResult feeds the JSON report and outputs. */
export function renderSummary(result: RunResult): string {
  const count = (s: ImageResult['status']) => result.images.filter((i) => i.status === s).length;
  const swaps = result.images.reduce(
    (n, i) => n + i.platforms.reduce((m, p) => m + p.plan.swaps.length, 0),
    0,
  );
  const components = result.images
    .flatMap((i) => i.platforms.flatMap((p) => p.sbom?.layers ?? []))
    .reduce(
      (n, l) => n + (l.diff ? l.diff.changed.length + l.diff.added.length + l.diff.removed.length : 0),
      0,
    );
  const head = [
    `## layer-rebase${result.dryRun ? ' (dry run)' : ''}`,
    '',
    `${result.images.length} image(s): ${count('patched')} patched, ${count('partial')} partial, ${count('planned')} planned, ${count('unchanged')} unchanged, ${count('refused')} refused, ${count('failed')} failed; ${swaps} layer(s) ${result.dryRun ? 'to swap' : 'swapped'}; ${components} SBOM component change(s); ${result.patchCount} patch(es) from ${result.sources.length} source(s).`,
    '',
  ];
  const unmatched = new Map<string, { text: string; reasons: Set<string> }>();
  for (const image of result.images) {
    for (const p of image.platforms) {
      for (const u of p.plan.unmatched) {
        const key = `${u.patch.source.location}#${u.patch.where}`;
        const entry = unmatched.get(key) ?? {
          text: `${describeSelector(u.patch)} (${describeSource(u.patch.source)} ${u.patch.where})`,
          reasons: new Set<string>(),
        };
        entry.reasons.add(`${image.input}: ${u.reason}`);
        unmatched.set(key, entry);
      }
    }
  }
  // A patch is "unmatched" only when no image at all used it.
  for (const image of result.images) {
    for (const p of image.platforms) {
      for (const s of [...p.plan.swaps, ...p.plan.skipped, ...p.plan.refused, ...p.plan.unpatched])
        unmatched.delete(`${s.patch.source.location}#${s.patch.where}`);
    }
  }
  const tail: string[] = [];
  if (unmatched.size > 0) {
    tail.push('#### Patches that matched nothing', '');
    for (const u of unmatched.values()) {
      tail.push(`- ${escapeCell(u.text)}`);
      for (const r of [...u.reasons].slice(0, 5)) tail.push(`  - ${escapeCell(r)}`);
      if (u.reasons.size > 5) tail.push(`  - … and ${u.reasons.size - 5} more image(s)`);
    }
    tail.push('');
  }
  for (const w of result.warnings) tail.push(`- ⚠️ ${escapeCell(w)}`);
  const body = [...head, ...result.images.map(renderImage), ...tail].join('\n');
  return truncateUtf8(
    body,
    SUMMARY_LIMIT,
    '_Summary truncated to fit the 1 MiB job summary limit; the JSON report (output `report`) has every detail._',
  );
}
