import { APPLIED_PATCHES_LABEL, sbomRef, type LifecycleMetadata } from '../cnb/metadata.js';
import { isDigest, shortDigest, type Digest } from '../oci/digest.js';
import { formatReference, parseReference } from '../oci/reference.js';
import type { ImageConfig, ImageManifest } from '../oci/types.js';
import { globMatch } from '../patches/glob.js';
import type { Unmatched } from '../patches/match.js';
import type { Patch } from '../patches/types.js';
import type { AppliedRecord, Replaced } from '../rebase/rewrite.js';

/**
 * What this tool changed in one platform image, read back from its provenance label. Pure: label text
 * in, steps out; and the check that a recorded previous image is what undoing the last step gives.
 */
export interface PatchStep {
  records: AppliedRecord[];
  /** The image the step replaced; undefined for records written before the tool recorded it. */
  replaced?: Replaced;
}

function isRecord(v: unknown): v is AppliedRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r.target === 'string' &&
    typeof r.patchImage === 'string' &&
    isDigest(r.from) &&
    isDigest(r.to) &&
    (r.position === undefined || (Number.isSafeInteger(r.position) && (r.position as number) >= 0)) &&
    (r.tool === undefined || typeof r.tool === 'string') &&
    (r.replaced === undefined ||
      (typeof r.replaced === 'object' &&
        r.replaced !== null &&
        isDigest((r.replaced as Record<string, unknown>).manifest) &&
        ((r.replaced as Record<string, unknown>).index === undefined ||
          isDigest((r.replaced as Record<string, unknown>).index))))
  );
}

/** The label's records, oldest first; undefined when the label is absent or not what this tool writes. */
export function appliedRecords(config: ImageConfig): AppliedRecord[] | undefined {
  const text = config.config?.Labels?.[APPLIED_PATCHES_LABEL];
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return Array.isArray(value) && value.every(isRecord) ? value : undefined;
}

const sameReplaced = (a?: Replaced, b?: Replaced) =>
  a !== undefined && b !== undefined && a.manifest === b.manifest && a.index === b.index;

/** Records grouped into the runs that wrote them (one patch each), oldest first. */
export function stepsOf(records: AppliedRecord[]): PatchStep[] {
  const steps: PatchStep[] = [];
  for (const r of records) {
    const last = steps[steps.length - 1];
    if (last && sameReplaced(last.replaced, r.replaced)) last.records.push(r);
    else steps.push({ records: [r], ...(r.replaced ? { replaced: r.replaced } : {}) });
  }
  return steps;
}

export interface ImageView {
  manifest: ImageManifest;
  config: ImageConfig;
  metadata: LifecycleMetadata | undefined;
}

/**
 * Why `previous` is not what undoing `step` on `current` gives, or undefined when it is: the previous
 * image's label is the current one without the step, and every layer is the same except those the step
 * swapped (the recorded diffIDs back in place), the SBOM layer, and a run image the step rebased. A forged
 * or stale label never moves a tag to an unrelated image.
 */
export function undoMismatch(current: ImageView, previous: ImageView, step: PatchStep): string | undefined {
  const now = appliedRecords(current.config) ?? [];
  const before = appliedRecords(previous.config) ?? [];
  const expected = now.slice(0, now.length - step.records.length);
  if (JSON.stringify(before) !== JSON.stringify(expected))
    return 'its provenance label is not the current one without the last patch';
  const cur = current.config.rootfs.diff_ids;
  const prev = previous.config.rootfs.diff_ids;
  const runImage = step.records.find((r) => r.target === 'run-image');
  // With a run-image rebase, the base layers differ (and may differ in number); the app's layers above
  // them must still line up.
  const curBase = runImage ? cur.indexOf(runImage.to) : -1;
  const prevBase = runImage ? prev.indexOf(runImage.from) : -1;
  if (runImage && (curBase < 0 || prevBase < 0))
    return `the recorded run image top layer ${runImage.from} is not where the label says`;
  const curApp = cur.slice(curBase + 1);
  const prevApp = prev.slice(prevBase + 1);
  if (curApp.length !== prevApp.length)
    return `it has ${prevApp.length} app layers where the patched image has ${curApp.length}`;
  // Pairs, not a map by the new diffID: two entries sharing an id may be swapped to the same layer.
  const swaps = step.records.filter((r) => r !== runImage).map((r) => [r.to as string, r.from] as const);
  const recorded = (c: string, p: string) => swaps.some(([to, from]) => to === c && from === p);
  const sbomNow = current.metadata ? sbomRef(current.metadata)?.sha : undefined;
  const sbomBefore = previous.metadata ? sbomRef(previous.metadata)?.sha : undefined;
  const curLayers = current.manifest.layers.slice(curBase + 1);
  const prevLayers = previous.manifest.layers.slice(prevBase + 1);
  for (let i = 0; i < curApp.length; i++) {
    const c = curApp[i]!;
    const p = prevApp[i]!;
    if (c === p) {
      if (curLayers[i]?.digest !== prevLayers[i]?.digest) return `layer ${i + curBase + 1} has another blob`;
      continue;
    }
    if (recorded(c, p)) continue;
    if (c === sbomNow && p === sbomBefore) continue;
    return `layer ${i + curBase + 1} differs (${p} there, ${c} here) and the label records no such swap`;
  }
  const unplaced = swaps.filter(([to, from]) => !curApp.some((c, i) => c === to && prevApp[i] === from));
  if (unplaced.length > 0) return `the recorded swap to ${unplaced[0]![0]} is not in the image`;
  return undefined;
}

/** A reference as the provenance label writes it (`formatReference`), or the text when it is none. */
function normalized(reference: string): string {
  try {
    return formatReference(parseReference(reference));
  } catch {
    return reference;
  }
}

/** Whether a label record's patch image (`reference@digest`) is this patch's image or one of its mirrors. */
function fromPatchImage(record: AppliedRecord, patch: Patch): boolean {
  const reference = recordedReference(record);
  return [patch.patchImage, ...patch.mirrors].some((r) => normalized(r) === reference);
}

/** The reference of a record's patch image, without the digest the label adds. */
function recordedReference(record: AppliedRecord): string {
  const at = record.patchImage.lastIndexOf('@');
  return at > 0 ? record.patchImage.slice(0, at) : record.patchImage;
}

/**
 * A re-run: patches that selected nothing because their target is already what their own patch image put
 * there in an earlier run (a launcher no longer in must-match-sha, a layer whose data selector named the
 * old version). The label says so; these are marked `already-patched` so that nothing reads as a mistake.
 */
export function markAlreadyPatched(
  unmatched: Unmatched[],
  metadata: LifecycleMetadata,
  records: AppliedRecord[],
): Unmatched[] {
  // The last record of each target: what the image holds now, if the tool put it there.
  const last = new Map(records.map((r) => [r.target, r]));
  return unmatched.map((u) => {
    const { patch } = u;
    if (patch.kind === 'launcher') {
      const sha = metadata.launcher?.sha;
      const r = last.get('launcher');
      if (!sha || !r || r.to !== sha || !fromPatchImage(r, patch)) return u;
      return {
        ...u,
        kind: 'already-patched',
        reason: `already patched: the launcher ${shortDigest(r.to)}${r.toVersion ? ` (${r.toVersion})` : ''} is what ${recordedReference(r)} put there in an earlier run; must-match-sha lists only the launchers it replaces`,
      };
    }
    const done = (metadata.buildpacks ?? []).flatMap((bp) =>
      Object.entries(bp.layers ?? {})
        .filter(([name]) => globMatch(patch.buildpack, bp.key) && globMatch(patch.layer, name))
        .map(([name, layer]) => ({ target: `${bp.key}/${name}`, sha: layer.sha }))
        .filter(({ target, sha }) => {
          const r = last.get(target);
          return r !== undefined && r.to === sha && fromPatchImage(r, patch);
        }),
    );
    if (done.length === 0) return u;
    const r = last.get(done[0]!.target)!;
    return {
      ...u,
      kind: 'already-patched',
      reason: `already patched: ${done.map((d) => d.target).join(', ')}${r.toVersion ? ` (${r.toVersion})` : ''} is what ${recordedReference(r)} put there in an earlier run; the data selector matches only the versions it replaces`,
    };
  });
}

export type { Digest };
