import { shortDigest } from '../oci/digest.js';
import { formatReference, parseReference } from '../oci/reference.js';
import { describeSelector, describeSource } from '../patches/types.js';
import { targetName, versionWords, type LayerSwap } from '../rebase/types.js';
import type { RunImagePlan } from '../rebase/run-image.js';
import type { SbomLayerReport } from '../rebase/sbom-step.js';
import { isApplied, type ImageResult, type RunResult } from '../result.js';
import { code, escapeCell, truncateUtf8 } from './escape.js';
import { signedManifests } from './signing-words.js';
import {
  distinctFixed,
  fixedOf,
  fixWords,
  renderImageShortfall,
  renderVulnerabilities,
} from './vulns-markdown.js';
import { countWords } from '../rebase/vuln-step.js';
import { fixHeading, statusWord } from './words.js';

/** The README's recipe for signing the new digest (what signed the old one does not cover it). */
const SIGNING_DOCS = 'https://github.com/layer-rebase/layer-rebase#signing-patched-images';

/** GitHub refuses job summaries over 1 MiB; stay under it with room to spare. */
export const SUMMARY_LIMIT = 1024 * 1024 - 4096;

const STATUS_TEXT: Record<ImageResult['status'], string> = {
  restored: '↩️ restored',
  patched: '✅ patched',
  partial: '⚠️ partial',
  unchanged: '➖ unchanged',
  skipped: '⏭️ skipped',
  planned: '📝 would patch',
  refused: '⛔ refused',
  failed: '❌ failed',
};

/** The status in a row or a heading: an undo's dry run would restore, not patch. */
function statusText(status: ImageResult['status'], undo = false): string {
  return status === 'planned' && undo ? `📝 ${statusWord(status, undo)}` : STATUS_TEXT[status];
}

/** Failures and refusals first: they are what the reader has to act on. */
const STATUS_ORDER: ImageResult['status'][] = [
  'failed',
  'refused',
  'partial',
  'restored',
  'patched',
  'planned',
  'skipped',
  'unchanged',
];

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function versionChange(swap: LayerSwap): string {
  const from = swap.from.version ?? '?';
  const to = swap.to.version ?? '?';
  if (from === '?' && to === '?') return '';
  return `${escapeCell(from)}&nbsp;→&nbsp;${escapeCell(to)}`;
}

const layerLabel = (swap: LayerSwap) => (swap.target.kind === 'launcher' ? 'launcher' : swap.target.layer);

/** What changed in a few words: `jre 17.0.8 → 17.0.9, launcher 0.20.1 → 0.20.2`, once per distinct swap. */
export function changeWords(image: ImageResult): string {
  const words = new Set<string>();
  for (const p of image.platforms) {
    for (const s of p.plan.swaps) {
      words.add(`${layerLabel(s)}${versionWords(s)}`);
    }
    if (p.plan.runImage?.status === 'rebase') words.add('run image');
  }
  return [...words].join(', ');
}

/** What to do next, for the errors people meet; the message itself says what is wrong. */
export function nextStep(code: string | undefined, message = ''): string | undefined {
  if (code === 'tag-moved') return 're-run to patch the image the tag holds now';
  if (code === 'refused' && /rebasable/.test(message))
    return 'ask the buildpack to opt the layer in ("io.buildpacks.rebasable": true), or set force';
  if (code === 'refused' && /would stay unpatched/.test(message))
    return 'publish the patch image for every platform of the app, or set force to patch the others';
  if (code === 'refused' && /nothing was moved/.test(message))
    return 'look at what changed with layer-rebase history; undo only restores an image this tool replaced';
  if (code === 'previous-image-missing')
    return 'push the previous image again from a copy, or patch forward instead';
  if (code === 'refused' && /writes outside/.test(message))
    return 'fix the patch image: its layer must only contain its own directory';
  // One app's layers under another's: force does not override it (nor any refusal that does not say "set force").
  if (code === 'refused' && /is an app image, not a run image/.test(message))
    return "give the app's run image (the one it was built on, or auto), not an app image: force does not override this";
  if (code === 'refused')
    return /\bset force\b/.test(message)
      ? 'read the reason above; set force only if you accept it'
      : 'read the reason above: force does not override it';
  if (code === 'registry-auth')
    return 'log in to the registry (docker/login-action) with credentials that can push';
  if (code === 'registry-denied')
    return 'the credentials lack permission: grant push (packages: write) to this repository';
  // `image-not-found` says "check the name and tag" itself.
  if (code === 'registry-not-found') return 'check the image name and tag';
  if (code === 'registry-timeout' || code === 'timeout')
    return 'the registry did not answer in time: re-run, or raise the timeout input';
  if (code === 'patch-scope-violation')
    return 'remove the offending patch file, or report it to the buildpack authors';
  return undefined;
}

function swapTable(swaps: LayerSwap[], caption: string): string[] {
  const lines = [
    caption,
    '',
    row(['Layer', 'Version', 'diffID', 'Patch image and source']),
    row(['---', '---', '---', '---']),
  ];
  for (const swap of swaps) {
    const buildpack = swap.target.kind === 'launcher' ? 'lifecycle' : swap.target.buildpack;
    lines.push(
      row([
        `${escapeCell(buildpack)}<br><b>${escapeCell(layerLabel(swap))}</b>${swap.forced ? ' ⚠️ forced' : ''}`,
        versionChange(swap),
        `${code(shortDigest(swap.from.diffId))}<br>→&nbsp;${code(shortDigest(swap.to.diffId))}`,
        `${code(swap.patchImage.reference)}<br>${escapeCell(describeSource(swap.patch.source))}`,
      ]),
    );
  }
  lines.push('');
  return lines;
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

/**
 * One image in full, collapsed: digests, tags, transfers, then each group of identical platforms. The run
 * says whether it was a dry run (else: whether the image is `planned`) and an undo.
 */
export function renderImage(image: ImageResult, run?: Pick<RunResult, 'dryRun' | 'undo'>): string {
  const dryRun = run?.dryRun ?? image.status === 'planned';
  const lines: string[] = [];
  const summary = `${escapeCell(image.input)} — ${statusText(image.status, run?.undo)}`;
  lines.push(`<details><summary>${summary}</summary>`, '');
  // Full digests here, where someone copies them: what the tag held, and what it holds now (or would).
  const moved = newDigest(image);
  if (moved && image.status === 'restored') {
    lines.push(`- moved back to: ${code(moved)}`, `- from: ${code(image.digestBefore!)}`);
  } else if (moved) {
    lines.push(`- new digest${dryRun ? ' (would be)' : ''}: ${code(moved)}`);
    if (image.digestBefore) lines.push(`- replaces: ${code(image.digestBefore)}`);
  } else if (image.digestBefore) {
    lines.push(`- digest: ${code(image.digestBefore)}${image.error ? ' (as before the run)' : ''}`);
  } else if (image.error) lines.push('- digest: unknown (the image was not read)');
  if (image.error && image.status === 'failed') lines.push(`- error code: ${code(image.error.code)}`);
  if (image.tags.length > 0 && moved) {
    const verb = dryRun ? 'would push' : image.status === 'restored' ? 'moved back' : 'pushed';
    lines.push(`- ${verb}: ${image.tags.map(code).join(', ')}`);
  }
  const t = image.transfers;
  if (t.mounted + t.copied + t.exists > 0)
    lines.push(`- blobs: ${t.mounted} mounted, ${t.copied} written, ${t.exists} already there`);
  lines.push(`- time: ${(image.durationMs / 1000).toFixed(1)} s`);
  if (image.note) lines.push(`- ${escapeCell(image.note)}`);
  const signing = image.signing;
  if (image.signatures && image.signatures.length > 0 && !signing)
    lines.push(
      `- 🔏 the replaced digest is signed or attested (${escapeCell(image.signatures.join('; '))}); the new digest is not covered by them: [sign it again](${SIGNING_DOCS})`,
    );
  if (signing && signing.stored.length > 0) {
    lines.push(
      image.changed
        ? `- 🔏 signed by ${code(signing.by)} before the tag moved:`
        : `- 🔏 written before the run failed, by ${code(signing.by)} (no tag holds what they sign):`,
    );
    for (const m of signedManifests(image))
      lines.push(
        `  - ${escapeCell(m.name)} ${code(m.digest)} in ${code(m.repository)}: ${escapeCell(m.signatures.join(', '))}${m.attestations.length > 0 ? `; attested: ${escapeCell(m.attestations.join(', '))}` : ''}`,
      );
  } else if (signing && isApplied(image))
    lines.push(
      `- 🔏 ${dryRun ? 'would be signed' : 'signing was skipped'} by ${code(signing.by)}: ${signing.manifests.length} manifest(s), as ${signing.formats.map((f) => (f === 'legacy' ? 'a cosign .sig tag' : 'a Sigstore bundle (OCI referrer)')).join(' and ')}${signing.attestations.length > 0 ? `, attested (${signing.attestations.map(code).join(', ')})` : ''}`,
    );
  lines.push('');

  // Platforms with the same swaps are shown once.
  const groups = new Map<string, { names: string[]; platform: ImageResult['platforms'][number] }>();
  for (const p of image.platforms) {
    const key = JSON.stringify([
      p.plan.swaps.map((s) => [targetName(s.target), s.from.version, s.to.version, s.patchImage.reference]),
      p.plan.runImage?.status,
      p.vulnerabilities && [p.vulnerabilities.fixed, p.vulnerabilities.open, p.vulnerabilities.undecided],
      [...p.plan.refused, ...p.plan.unpatched, ...p.plan.skipped].map((d) => [
        targetName(d.target),
        d.reason.replace(p.platform, '*'),
      ]),
    ]);
    const group = groups.get(key);
    if (group) group.names.push(p.platform);
    else groups.set(key, { names: [p.platform], platform: p });
  }
  const caption = isApplied(image) ? '' : ' (not applied)';
  lines.push(...renderImageShortfall(image));
  for (const { names, platform } of groups.values()) {
    const { plan } = platform;
    const hasContent =
      plan.swaps.length + plan.refused.length + plan.unpatched.length + plan.skipped.length > 0 ||
      plan.runImage !== undefined ||
      plan.overrides.length > 0;
    if (!hasContent) continue;
    const title =
      names.length > 1
        ? `**${names.map(escapeCell).join(', ')}**: same plan`
        : `**${escapeCell(names[0]!)}**`;
    lines.push(title, '');
    if (plan.swaps.length > 0) lines.push(...swapTable(plan.swaps, `Swaps${caption}:`));
    if (plan.runImage) lines.push(renderRunImage(plan.runImage), '');
    lines.push(...renderVulnerabilities(platform, fixHeading(image, dryRun)));
    if (platform.sbom && isApplied(image)) lines.push(...renderSbom(platform.sbom.layers));
    const decisions = [
      ...plan.refused.map((d) => ({ ...d, outcome: '⛔ refused' })),
      ...plan.unpatched.map((d) => ({ ...d, outcome: '⚠️ left unpatched' })),
      ...plan.skipped.map((d) => ({ ...d, outcome: 'skipped' })),
    ];
    if (decisions.length > 0) {
      lines.push(row(['Target', 'Outcome', 'Reason']), row(['---', '---', '---']));
      for (const d of decisions)
        lines.push(
          row([
            escapeCell(targetName(d.target)),
            d.outcome,
            // A refused image's advice is under "Needs attention", with its error.
            escapeCell(image.error ? withoutForceAdvice(d.reason) : d.reason),
          ]),
        );
      lines.push('');
    }
    for (const o of plan.overrides) {
      lines.push(
        `- overridden: ${escapeCell(describeSelector(o.patch))} (${escapeCell(describeSource(o.patch.source))}, ${code(o.patch.patchImage)}) lost to the later ${escapeCell(describeSource(o.by.source))} (${code(o.by.patchImage)})`,
      );
    }
    if (plan.overrides.length > 0) lines.push('');
  }
  for (const w of image.warnings) lines.push(`- ⚠️ ${escapeCell(w)}`);
  lines.push('', '</details>', '');
  return lines.join('\n');
}

/** An image's error without the image's own name in front (the row or bullet already names it). */
export function problemText(image: ImageResult): string {
  const message = image.error?.message ?? image.note ?? '';
  const names = [image.input];
  try {
    names.push(formatReference(parseReference(image.input)));
  } catch {
    // Not a reference: only the input as written can lead the message.
  }
  for (const name of names) {
    if (message.startsWith(`${name}: `)) return message.slice(name.length + 2);
    // `image app:1 not found: …` under the image's own name: `not found: …`.
    if (message.startsWith(`image ${name} `)) return message.slice(`image ${name} `.length);
    // An index platform's refusal: `app:1 (linux/amd64): …`.
    const platform = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\([^)]*\\): `).exec(
      message,
    );
    if (platform) return message.slice(platform[0].length);
  }
  return message;
}

/** One line per failed or refused image, for the step's error: `app:1: refused, nothing was pushed: …`. */
export function problemLine(image: ImageResult): string {
  const text = problemText(image);
  return /^refused\b/.test(text) ? `${image.input}: ${text}` : `${image.input}: ${image.status}: ${text}`;
}

/** The reason in a table cell (a skipped image's note): at most ~140 characters, cut between words. */
function shortReason(image: ImageResult): string {
  const text = problemText(image).replace(/sha256:([0-9a-f]{12})[0-9a-f]{52}/g, '$1');
  if (text.length <= 140) return text;
  const cut = text.slice(0, 138);
  const space = cut.lastIndexOf(' ');
  return `${(space > 80 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')} …`;
}

/** The digest this run pushed (or would push, or moved the tag back to); undefined when the tag stays. */
function newDigest(image: ImageResult): string | undefined {
  const moved = isApplied(image) || image.status === 'restored';
  return moved && image.digest && image.digest !== image.digestBefore ? image.digest : undefined;
}

/** The overview: one row per image, failures and refusals first, each with its reason or what it changes. */
export function renderOverview(result: RunResult): string[] {
  const ordered = [...result.images].sort(
    (a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status),
  );
  const lines = [row(['Image', 'Status', 'Change', 'New digest']), row(['---', '---', '---', '---'])];
  for (const image of ordered) {
    const change = changeWords(image);
    const fixes = fixWords(image, result.dryRun);
    // A failure's or refusal's reason and what to do are under "Needs attention", once.
    const words = [
      change ? `${isApplied(image) ? '' : 'not applied: '}${escapeCell(change)}` : '',
      image.error ? '↑ see Needs attention' : image.note ? escapeCell(shortReason(image)) : escapeCell(fixes),
    ]
      .filter(Boolean)
      .join(' · ');
    // One meaning: the digest this run pushed (or would push); empty where the tag stays where it was.
    const digest = newDigest(image);
    lines.push(
      row([
        escapeCell(image.input),
        statusText(image.status, result.undo),
        words,
        digest ? code(shortDigest(digest)) : '',
      ]),
    );
  }
  lines.push('');
  return lines;
}

/** A reason without its `(set force to override)`: where the advice is given once, under "Needs attention". */
function withoutForceAdvice(text: string): string {
  return text.replace(/ \([^()]*\bset force\b[^()]*\)/g, '');
}

/** Each failure, then each refusal, in input order, with what to do next: what the reader acts on first. */
export function renderProblems(result: RunResult): string[] {
  const lines: string[] = [];
  for (const status of ['failed', 'refused'] as const) {
    for (const image of result.images) {
      if (!image.error || image.status !== status) continue;
      const step = nextStep(image.error.code, image.error.message);
      // The step below is the advice; the message's own parenthetical one (`(set force to override)`) goes.
      let message = problemText(image).replace(/^refused, /, '');
      if (step) message = withoutForceAdvice(message);
      lines.push(`- **${escapeCell(image.input)}** ${STATUS_TEXT[image.status]}: ${escapeCell(message)}`);
      if (step) lines.push(`  <br>→ ${escapeCell(step)}`);
    }
  }
  // Warnings about the whole run (a patch that selects nothing, sources, reports): here, not after every image.
  for (const w of result.warnings) lines.push(`- ⚠️ ${escapeCell(w)}`);
  if (lines.length > 0) lines.unshift('### Needs attention', '');
  if (lines.length > 0) lines.push('');
  return lines;
}

/**
 * `2 (1 critical), in 2 image(s)`: the distinct vulnerabilities the applied plans fix, then in how many
 * images; the summary, the PR comment and the CLI count them in these words.
 */
export function fixedCount(result: RunResult): string {
  const applied = result.images.filter(isApplied);
  const fixed = distinctFixed(applied);
  if (fixed.length === 0) return '0';
  return `${countWords(fixed)}, in ${applied.filter((i) => fixedOf(i).length > 0).length} image(s)`;
}

/** Totals that count only what was pushed (or would be, in a dry run); zeros left out. */
export function renderTotals(result: RunResult, options: { vulnerabilities?: boolean } = {}): string {
  const counts = STATUS_ORDER.map((s) => [s, result.images.filter((i) => i.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `**${n}** ${statusWord(s, result.undo)}`);
  const pushed = result.images.filter(isApplied);
  const swaps = pushed.reduce((n, i) => n + i.platforms.reduce((m, p) => m + p.plan.swaps.length, 0), 0);
  const components = pushed
    .flatMap((i) => i.platforms.flatMap((p) => p.sbom?.layers ?? []))
    .reduce(
      (n, l) => n + (l.diff ? l.diff.changed.length + l.diff.added.length + l.diff.removed.length : 0),
      0,
    );
  const parts = [`${result.images.length} image(s): ${counts.join(' · ')}`];
  if (swaps > 0) parts.push(result.dryRun ? `would swap ${swaps} layer(s)` : `${swaps} layer(s) swapped`);
  if (components > 0) parts.push(`${components} SBOM component change(s)`);
  if (result.vulnerabilityReports && options.vulnerabilities !== false)
    parts.push(`reported vulnerabilities ${result.dryRun ? 'to fix' : 'fixed'}: ${fixedCount(result)}`);
  if (!result.undo) parts.push(`${result.patchCount} patch(es) from ${result.sources.length} source(s)`);
  return parts.join(' · ');
}

/** The summary of a run that stopped before it had a result: what stopped it, and that nothing was pushed. */
export function renderStopped(message: string): string {
  return [
    '## layer-rebase',
    '',
    'The run stopped: nothing was pushed.',
    '',
    '### Needs attention',
    '',
    `- ❌ ${escapeCell(message)}`,
    '',
  ].join('\n');
}

/** The job summary: totals, the overview, what needs attention, then each image collapsed. */
export function renderSummary(result: RunResult, context: { runUrl?: string } = {}): string {
  const head = [
    `## layer-rebase${result.undo ? ' undo' : ''}${result.dryRun ? ' (dry run: nothing pushed)' : ''}`,
    '',
    renderTotals(result),
    '',
    ...renderProblems(result),
    ...renderOverview(result),
  ];
  const tail: string[] = [];
  if (context.runUrl) tail.push('', `[Workflow run](${context.runUrl})`);
  const body = [
    ...head,
    '### Details',
    '',
    ...result.images.map((i) => renderImage(i, result)),
    ...tail,
  ].join('\n');
  return truncateUtf8(
    body,
    SUMMARY_LIMIT,
    '_Summary truncated to fit the 1 MiB job summary limit; the JSON report (output `report`) has every detail._',
  );
}
