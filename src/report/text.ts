import { shortDigest } from '../oci/digest.js';
import { describeSelector, describeSource } from '../patches/types.js';
import { targetName, versionWords } from '../rebase/types.js';
import { IMAGE_STATUSES, isApplied, type ImageResult, type RunResult } from '../result.js';
import { fixedCount, problemText } from './markdown.js';
import { signedManifests } from './signing-words.js';
import { ARROW, fixVerb, statusWord, swapVerb } from './words.js';

/** The terminal rendering of a run, for the CLI. Same RunResult as the summary and the report. */
export function renderText(result: RunResult): string {
  const lines: string[] = [];
  for (const image of result.images) lines.push(...renderImageText(image, result.dryRun, result.undo), '');
  const counts = IMAGE_STATUSES.map((s) => [s, result.images.filter((i) => i.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${statusWord(s, result.undo)}`);
  // Counted as the summary and the PR comment count: distinct vulnerabilities, then in how many images.
  const fixes = result.vulnerabilityReports
    ? `; reported vulnerabilities ${result.dryRun ? 'to fix' : 'fixed'}: ${fixedCount(result)}`
    : '';
  lines.push(
    `${result.images.length} image(s): ${counts.join(', ')}${fixes}${result.dryRun ? ' (dry run: nothing pushed)' : ''}`,
  );
  return lines.join('\n');
}

function renderImageText(image: ImageResult, dryRun: boolean, undo = false): string[] {
  const lines = [`${image.input}: ${statusWord(image.status, undo)}`];
  // The tag moved (or would): old → new and where; else what it still holds.
  const moved = isApplied(image) || image.status === 'restored';
  if (moved && image.digestBefore && image.digest && image.digest !== image.digestBefore) {
    lines.push(`  ${image.digestBefore} ${ARROW} ${image.digest}${dryRun ? ' (would be)' : ''}`);
  } else if (!moved && image.digestBefore)
    lines.push(`  ${image.digestBefore}${image.error ? ' (the tag stays)' : ''}`);
  else if (image.digest) lines.push(`  ${image.digest}`);
  if (moved) for (const tag of image.tags) lines.push(`  ${dryRun ? 'would push' : 'pushed'} ${tag}`);
  // The line above names the image and its status: the error without them (as the summary says it).
  const error = image.error?.message;
  if (error) lines.push(`  error: ${problemText(image).replace(/^refused, /, '')}`);
  if (image.note) lines.push(`  ${image.note}`);
  const signing = image.signing;
  for (const s of image.signatures ?? [])
    lines.push(
      signing
        ? `  the old digest was signed: ${s}`
        : `  signed: ${s} (covers the old digest only: sign the new one)`,
    );
  if (signing && signing.stored.length > 0) {
    lines.push(
      image.changed
        ? `  signed by ${signing.by}, before the tag moved:`
        : `  written before the run failed (no tag holds what they sign), by ${signing.by}:`,
    );
    for (const m of signedManifests(image))
      lines.push(
        `    ${m.name} ${m.digest} in ${m.repository}: ${m.signatures.join(', ')}${m.attestations.length > 0 ? `; attested: ${m.attestations.join(', ')}` : ''}`,
      );
  } else if (signing && isApplied(image))
    lines.push(
      `  ${dryRun ? 'would sign' : 'signing was skipped:'} ${signing.manifests.length} manifest(s) by ${signing.by} (${signing.formats.map((f) => (f === 'legacy' ? 'cosign .sig' : 'Sigstore bundle')).join(' + ')})${signing.attestations.length > 0 ? `, with attestations ${signing.attestations.join(', ')}` : ''}`,
    );
  for (const p of image.platforms) {
    const prefix = image.platforms.length > 1 ? `  [${p.platform}] ` : '  ';
    for (const s of p.plan.swaps) {
      lines.push(
        `${prefix}${swapVerb(image, dryRun)} ${targetName(s.target)}${versionWords(s)} (${shortDigest(s.from.diffId)} ${ARROW} ${shortDigest(s.to.diffId)}) from ${s.patchImage.reference}${s.forced ? ' [forced]' : ''}`,
        `${prefix}  patch ${describeSelector(s.patch)} in ${describeSource(s.patch.source)}`,
      );
    }
    for (const layer of p.sbom?.layers ?? []) {
      for (const c of layer.diff?.changed ?? [])
        lines.push(`${prefix}  sbom ${layer.target}: ${c.name} ${c.from} ${ARROW} ${c.to}`);
      for (const c of layer.diff?.added ?? [])
        lines.push(`${prefix}  sbom ${layer.target}: + ${c.name} ${c.version}`);
      for (const c of layer.diff?.removed ?? [])
        lines.push(`${prefix}  sbom ${layer.target}: - ${c.name} ${c.version}`);
    }
    const v = p.vulnerabilities;
    if (v && v.reports.length > 0) {
      const verb = fixVerb(image, dryRun);
      for (const f of v.fixed)
        lines.push(
          `${prefix}${verb} ${f.id} ${f.severity} ${f.package} ${f.from} ${ARROW} ${f.to ?? '?'} (fixed in ${f.fixedIn.join(', ')}; ${f.target})`,
        );
      const open = [...v.open, ...v.undecided];
      if (open.length > 0)
        lines.push(
          `${prefix}not fixed: ${v.open.length} open, ${v.undecided.length} undecided (${open
            .slice(0, 5)
            .map((f) => `${f.id} ${f.package}: ${f.reason}`)
            .join('; ')}${open.length > 5 ? '; …' : ''})`,
        );
      if (v.fixed.length === 0 && open.length === 0)
        lines.push(`${prefix}no reported vulnerability is in the swapped layers`);
    }
    const r = p.plan.runImage;
    if (r?.status === 'rebase') {
      lines.push(
        `${prefix}run image ${r.from.reference ?? '?'} ${ARROW} ${r.to?.reference ?? '?'} (${r.from.layers} base layer(s) ${ARROW} ${r.to?.layers ?? 0})${r.forced ? ' [forced]' : ''}`,
      );
    } else if (r && !(r.status === 'refused' && r.reason && error?.includes(r.reason)))
      // A refused run image is the image's error, said above: not again.
      lines.push(`${prefix}run image ${r.status}: ${r.reason ?? ''}`);
    for (const d of p.plan.skipped) lines.push(`${prefix}skip ${targetName(d.target)}: ${d.reason}`);
    // A refusal the image's error already gives (`nothing was pushed: layer …`) is not said again.
    for (const d of p.plan.refused)
      if (!error?.includes(d.reason)) lines.push(`${prefix}refuse ${targetName(d.target)}: ${d.reason}`);
    for (const d of p.plan.unpatched)
      lines.push(`${prefix}left unpatched (force) ${targetName(d.target)}: ${d.reason}`);
    // A patch that misses one image is no news (a fleet-wide patch file misses most); one that selects
    // nothing in any image is the run's warning. A re-run's patches whose targets are already patched
    // say so, so that a quiet re-run reads as done, not as a miss.
    for (const u of p.plan.unmatched)
      if (u.kind === 'already-patched')
        lines.push(
          `${prefix}${describeSelector(u.patch)} (${u.patch.source.location} ${u.patch.where}): ${u.reason}`,
        );
    for (const o of p.plan.overrides) {
      lines.push(
        `${prefix}overridden: ${describeSelector(o.patch)} from ${describeSource(o.patch.source)} (${o.by.source.location} wins)`,
      );
    }
  }
  return lines;
}
