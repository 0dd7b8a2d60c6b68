import { reproduceNewestStep } from '../verify/verify.js';
import { parseLifecycleMetadata } from '../cnb/metadata.js';
import { describeError, isNotFound, LayerRebaseError, PolicyError, UsageError } from '../errors.js';
import type { Log } from '../log.js';
import { loadConfig } from '../oci/config.js';
import { shortDigest, type Digest } from '../oci/digest.js';
import { formatReference, parseReference, repositoryOf, type Reference } from '../oci/reference.js';
import type { ImageStore, ManifestBytes } from '../oci/store.js';
import type { Stores } from '../oci/stores.js';
import { formatPlatform, parseManifest, platformOf, type ImageIndex } from '../oci/types.js';
import { emptyResult, type ImageResult } from '../result.js';
import { appliedRecords, stepsOf, undoMismatch, type ImageView, type PatchStep } from './history.js';
import { pushImage } from '../rebase/push.js';
import { mayBePlatformImage, notFound } from '../rebase/read-image.js';

/** One platform image and what this tool did to it, newest step last. */
export interface PlatformHistory {
  platform: string;
  manifest: Digest;
  steps: PatchStep[];
  view: ImageView;
}

/** What undo would do to the tag: nothing (never patched), or restore `previous`. */
export type UndoPlan =
  | { kind: 'nothing'; reason: string }
  | { kind: 'restore'; previous: ManifestBytes; undone: { platform: string; step: PatchStep }[] };

export interface ReadHistory {
  ref: Reference;
  shown: string;
  store: ImageStore;
  top: ManifestBytes;
  index?: ImageIndex;
  platforms: PlatformHistory[];
}

async function platformHistory(
  store: ImageStore,
  bytes: ManifestBytes,
  where: string,
  label?: string,
): Promise<PlatformHistory | undefined> {
  const parsed = parseManifest(bytes.bytes, where, bytes.mediaType);
  if (parsed.kind !== 'image') return undefined;
  const config = await loadConfig(store, parsed.value, where);
  return {
    platform: label ?? formatPlatform(platformOf(config)),
    manifest: bytes.digest,
    steps: stepsOf(appliedRecords(config) ?? []),
    view: { manifest: parsed.value, config, metadata: parseLifecycleMetadata(config, where) },
  };
}

/** Reads a tag (an image or each platform image of an index) and the patch steps its labels record. */
export async function readHistory(input: string, stores: Stores): Promise<ReadHistory> {
  const ref = parseReference(input);
  const shown = formatReference(ref);
  const store = stores.storeFor(ref);
  const top = await store.getManifest(ref.digest ?? ref.tag!).catch((e: unknown) => {
    throw notFound(e, ref, shown);
  });
  const parsed = parseManifest(top.bytes, shown, top.mediaType);
  const platforms: PlatformHistory[] = [];
  if (parsed.kind === 'image') {
    platforms.push((await platformHistory(store, top, shown))!);
    return { ref, shown, store, top, platforms };
  }
  for (const d of parsed.value.manifests) {
    if (!mayBePlatformImage(d)) continue;
    const child = await store.getManifest(d.digest);
    const h = await platformHistory(
      store,
      child,
      `${shown}@${d.digest}`,
      d.platform && formatPlatform(d.platform),
    );
    if (h && h.view.metadata) platforms.push(h);
  }
  return { ref, shown, store, top, index: parsed.value, platforms };
}

async function previousImage(h: ReadHistory, digest: Digest, what: string): Promise<ManifestBytes> {
  try {
    return await h.store.getManifest(digest);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    throw new LayerRebaseError(
      'previous-image-missing',
      `${h.shown}: ${what} this patch replaced, ${digest}, is no longer in ${repositoryOf(h.ref)}: registries garbage-collect untagged manifests; push it again from a copy (skopeo copy … ${repositoryOf(h.ref)}@${digest}) or keep it tagged (README: "When a patch breaks an app")`,
    );
  }
}

/** The undo of the newest step: checks the recorded previous image exists and is the current one without that step. */
export async function planUndo(h: ReadHistory): Promise<UndoPlan> {
  if (!h.index) {
    const p = h.platforms[0]!;
    const step = p.steps[p.steps.length - 1];
    if (!step) return { kind: 'nothing', reason: 'layer-rebase never patched this image' };
    if (!step.replaced)
      return { kind: 'nothing', reason: 'the last patch predates the record of what it replaced' };
    const previous = await previousImage(h, step.replaced.manifest, 'the image');
    const view = await platformHistory(h.store, previous, `${h.shown}@${previous.digest}`);
    const why = view ? undoMismatch(p.view, view.view, step) : 'it is not an image';
    if (why) throw refusal(h, previous.digest, why);
    return { kind: 'restore', previous, undone: [{ platform: p.platform, step }] };
  }
  // An index: the children the newest step patched all record the index it replaced.
  const candidates = [
    ...new Set(h.platforms.flatMap((p) => p.steps[p.steps.length - 1]?.replaced?.index ?? [])),
  ].filter((d) => d !== h.top.digest);
  if (candidates.length === 0) {
    const patched = h.platforms.some((p) => p.steps.length > 0);
    return {
      kind: 'nothing',
      reason: patched
        ? 'the last patch predates the record of what it replaced'
        : 'layer-rebase never patched this image',
    };
  }
  let lastWhy = '';
  for (const digest of candidates) {
    const previous = await previousImage(h, digest as Digest, 'the index');
    const why = await indexMismatch(h, previous);
    if (typeof why !== 'string') return { kind: 'restore', previous, undone: why };
    lastWhy = why;
  }
  throw refusal(h, candidates[candidates.length - 1] as Digest, lastWhy);
}

/**
 * The undo of the newest step, proven: besides the checks of `planUndo`, the image the tag holds must be,
 * byte for byte, what this tool makes from the recorded previous image with the recorded swaps (the
 * re-derivation `verify` does: manifest, config, every index entry and the index's annotations). An
 * image that is not — a release pushed since (the tool's own result is still in the repository, the tag
 * has moved on) — is left alone; a label whose claim does not reproduce is refused.
 */
export async function planProvenUndo(h: ReadHistory, stores: Stores, log: Log): Promise<UndoPlan> {
  let plan: UndoPlan;
  try {
    plan = await planUndo(h);
  } catch (error) {
    // A release pushed since may differ in its layers too (FROM app + COPY): when the tool's own result
    // is still in the repository and the tag moved on from it, it is left alone rather than refused.
    if (!(error instanceof PolicyError)) throw error;
    const proof = await reproduceNewestStep(stores, h.ref, h.top, log).catch(() => undefined);
    const made = proof && (await toolResultMovedFrom(h, proof));
    if (made)
      return {
        kind: 'nothing',
        reason: `the tag holds ${shortDigest(h.top.digest)}, not the image the last patch made (${shortDigest(made)}): an image pushed since is left alone`,
      };
    throw error;
  }
  if (plan.kind !== 'restore') return plan;
  const proof = await reproduceNewestStep(stores, h.ref, h.top, log);
  if (proof.outcome === 'reproduced') return plan;
  const made = await toolResultMovedFrom(h, proof);
  if (made)
    return {
      kind: 'nothing',
      reason: `the tag holds ${shortDigest(h.top.digest)}, which is not ${shortDigest(plan.previous.digest)} + the recorded patch (that is ${shortDigest(made)}): an image pushed since is left alone`,
    };
  throw refusal(
    h,
    plan.previous.digest,
    `the tag's image is not what the recorded patch makes from it (${proof.detail ?? 'not reproduced'})`,
  );
}

/**
 * The image the recorded patch makes, when the tool pushed it (it is in the repository) and the tag has
 * moved on from it: the tag holds an image pushed since, which undo leaves alone.
 */
async function toolResultMovedFrom(h: ReadHistory, proof: { derived?: Digest }): Promise<Digest | undefined> {
  if (!proof.derived || proof.derived === h.top.digest) return undefined;
  return (await h.store.headManifest(proof.derived)) ? proof.derived : undefined;
}

function refusal(h: ReadHistory, digest: Digest, why: string): PolicyError {
  return new PolicyError(
    h.shown,
    `refused, nothing was moved: the label says the last patch replaced ${digest}, but ${why}; undo only restores the image this tool replaced`,
  );
}

/** The children of `previous` against the current index: the same, or each the previous image of a patched child. */
async function indexMismatch(
  h: ReadHistory,
  previous: ManifestBytes,
): Promise<string | { platform: string; step: PatchStep }[]> {
  const parsed = parseManifest(previous.bytes, `${h.shown}@${previous.digest}`, previous.mediaType);
  if (parsed.kind !== 'index') return 'it is not an index';
  const now = h.index!.manifests;
  const before = parsed.value.manifests;
  if (now.length !== before.length)
    return `it lists ${before.length} manifests where the current index lists ${now.length}`;
  const undone: { platform: string; step: PatchStep }[] = [];
  for (let i = 0; i < now.length; i++) {
    const c = now[i]!;
    const p = before[i]!;
    if (c.digest === p.digest) continue;
    if (JSON.stringify({ ...c, digest: '', size: 0 }) !== JSON.stringify({ ...p, digest: '', size: 0 }))
      return `its entry ${i} is described differently`;
    const child = h.platforms.find((x) => x.manifest === c.digest);
    const step = child?.steps[child.steps.length - 1];
    if (
      !child ||
      !step?.replaced ||
      step.replaced.manifest !== p.digest ||
      step.replaced.index !== previous.digest
    )
      return `its ${c.platform ? formatPlatform(c.platform) : `entry ${i}`} image ${shortDigest(p.digest)} is not one this tool replaced`;
    const view = await platformHistory(
      h.store,
      await h.store.getManifest(p.digest),
      `${h.shown}@${p.digest}`,
    );
    const why = view ? undoMismatch(child.view, view.view, step) : 'it is not an image';
    if (why) return `for ${child.platform}: ${why}`;
    undone.push({ platform: child.platform, step });
  }
  return undone.length > 0 ? undone : 'it lists the same images';
}

/**
 * What undoing a step does, in a few words, saying what each layer goes back to:
 * `jre 17.0.9 back to 17.0.8, launcher back to its previous layer`.
 */
export function stepWords(step: PatchStep): string {
  return step.records
    .map((r) => {
      const name = r.target.split('/').pop();
      return r.fromVersion || r.toVersion
        ? `${name} ${r.toVersion ?? '?'} back to ${r.fromVersion ?? '?'}`
        : `${name} back to its previous layer`;
    })
    .join(', ');
}

/** Moves a tag back to the image the newest patch replaced (one step), under the same tag check as every push. */
export async function undoImage(
  input: string,
  options: { stores: Stores; log: Log; dryRun: boolean },
): Promise<ImageResult> {
  const started = Date.now();
  const result = emptyResult(input);
  try {
    const ref = parseReference(input);
    if (ref.tag === undefined || ref.digest !== undefined)
      throw new UsageError(`${input}: undo moves a tag back; give the tag (repository:tag), not a digest`);
    const h = await readHistory(input, options.stores);
    result.digestBefore = h.top.digest;
    const plan = await planProvenUndo(h, options.stores, options.log);
    if (plan.kind === 'nothing') {
      result.status = 'unchanged';
      result.digest = h.top.digest;
      result.note = `nothing to undo: ${plan.reason}`;
      return result;
    }
    const words = plan.undone
      .map((u) => `${stepWords(u.step)}${plan.undone.length > 1 ? ` (${u.platform})` : ''}`)
      .join('; ');
    result.digest = plan.previous.digest;
    result.result = `${repositoryOf(ref)}@${plan.previous.digest}`;
    result.tags = [h.shown];
    if (options.dryRun) {
      result.status = 'planned';
      result.note = `would restore ${plan.previous.digest}: ${words}`;
      return result;
    }
    await pushImage(
      {
        appStore: h.store,
        work: [],
        final: plan.previous,
        targets: [{ ref, store: h.store, expected: h.top.digest }],
      },
      options.log,
      result.transfers,
    );
    result.status = 'restored';
    result.changed = true;
    result.note = `restored ${plan.previous.digest}: ${words}`;
  } catch (error) {
    result.status =
      error instanceof PolicyError || (error as LayerRebaseError).code === 'tag-moved' ? 'refused' : 'failed';
    result.error = {
      code: error instanceof LayerRebaseError ? error.code : 'internal',
      message: describeError(error),
    };
  } finally {
    result.durationMs = Date.now() - started;
  }
  return result;
}
