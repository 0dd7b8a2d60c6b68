import { describeError, isNotFound, UsageError } from '../errors.js';
import { silentLog, type Log } from '../log.js';
import { sbomRef, parseLifecycleMetadata } from '../cnb/metadata.js';
import { gunzipSync } from 'node:zlib';
import { loadConfig } from '../oci/config.js';
import { MAX_SBOM_LAYER_BYTES } from '../rebase/sbom-step.js';
import type { Digest } from '../oci/digest.js';
import type { CredentialResolver } from '../oci/registry/credentials.js';
import type { TransportOptions } from '../oci/registry/transport.js';
import { formatReference, parseReference, repositoryOf, type Reference } from '../oci/reference.js';
import type { ImageStore, ManifestBytes } from '../oci/store.js';
import { Stores } from '../oci/stores.js';
import {
  formatPlatform,
  parseManifest,
  type ImageConfig,
  type ImageIndex,
  type ImageManifest,
} from '../oci/types.js';
import { indexWithChildren, prepareImage, type EngineOptions } from '../rebase/engine.js';
import { appliedRecords, stepsOf, type PatchStep } from '../undo/history.js';
import { mayBePlatformImage } from '../rebase/read-image.js';
import { patchImageReaders } from '../rebase/readers.js';
import { targetName, type LayerSwap } from '../rebase/types.js';
import { describeSelector, type Patch } from '../patches/types.js';
import {
  CURRENT_RECORD_FORMAT,
  type AppliedRecord,
  type RecordFormat,
  type Replaced,
} from '../rebase/rewrite.js';
import { platformOf } from '../oci/types.js';
import {
  CannotVerifyError,
  recordedInputs,
  unrecordedPosition,
  type RecordedInputs,
} from './recorded-patches.js';
import { firstDifference, sbomFileDifference } from './difference.js';

/**
 * `layer-rebase verify`: re-derives an image from what it records — the image its newest patch replaced,
 * each swap's selector and patch image by digest, the run image by digest — and compares the digest a
 * run would push with the one there. Reads only: nothing is pushed, no patch file is needed. It proves
 * the tool (or whoever pushed the image) changed nothing beyond the recorded patches; it does not judge
 * what the patch images contain.
 */
export interface VerifyOptions {
  image: string;
  /** Each recorded step back to the first image this tool did not make. */
  all: boolean;
  insecureRegistries: string[];
  cacheDir?: string;
  /** Keep and use verdicts on patch layers in `cacheDir` (the content cache is used either way). */
  verifiedCache?: boolean;
  transport?: Partial<TransportOptions>;
  log: Log;
  credentials: CredentialResolver;
}

export type VerifyOutcome = 'reproduced' | 'differs' | 'cannot-verify';

export interface VerifiedManifest {
  /** `linux/amd64`, or `index`. */
  platform: string;
  digest: Digest;
  outcome: VerifyOutcome;
  /** The image the step replaced. */
  replaced?: Digest;
  /** What the step swapped: `example/jvm/jre 17.0.8 → 17.0.9 from ghcr.io/…@sha256:…`. */
  swaps: string[];
  /** The digest the recorded patches give (when they could be applied). */
  derived?: Digest;
  /** Why it differs or cannot be verified. */
  detail?: string;
  /** The release its records name (`layer-rebase 1.1.0`), when they name one. */
  madeBy?: string;
}

export interface VerifyStep {
  /** The image verified at this step (newest first). */
  digest: Digest;
  manifests: VerifiedManifest[];
}

export interface VerifyResult {
  image: string;
  reproduced: boolean;
  steps: VerifyStep[];
  /** With `--all`: the image the walk ended at, the first one this tool did not make. */
  origin?: Digest;
}

const NEVER_PATCHED = 'layer-rebase never patched this image';

interface Context {
  store: ImageStore;
  repository: string;
  engine: EngineOptions;
}

function swapWords(step: PatchStep): string[] {
  return step.records.map((r) => {
    const versions = r.fromVersion && r.toVersion ? ` ${r.fromVersion} → ${r.toVersion}` : '';
    return `${r.target}${versions} from ${r.patchImage}`;
  });
}

/** One platform manifest's newest step, re-derived from the image it replaced. */
async function verifyManifest(
  ctx: Context,
  bytes: ManifestBytes,
  platform: string,
): Promise<{ result: VerifiedManifest; step?: PatchStep; derived?: ManifestBytes }> {
  const where = `${ctx.repository}@${bytes.digest}`;
  const parsed = parseManifest(bytes.bytes, where, bytes.mediaType);
  if (parsed.kind !== 'image') throw new CannotVerifyError(`${where} is not an image manifest`);
  const config = await loadConfig(ctx.store, parsed.value, where);
  const records = appliedRecords(config);
  const base: Pick<VerifiedManifest, 'platform' | 'digest' | 'swaps' | 'madeBy'> = {
    platform: platform || formatPlatform(platformOf(config)),
    digest: bytes.digest,
    swaps: [],
  };
  if (!records || records.length === 0)
    return { result: { ...base, outcome: 'cannot-verify', detail: NEVER_PATCHED } };
  const step = stepsOf(records).at(-1)!;
  const swaps = swapWords(step);
  if (!step.replaced)
    return {
      result: {
        ...base,
        swaps,
        outcome: 'cannot-verify',
        detail: 'made by a layer-rebase that did not yet record the image it replaced',
      },
      step,
    };
  let inputs;
  try {
    inputs = recordedInputs(step.records);
  } catch (error) {
    if (!(error instanceof CannotVerifyError)) throw error;
    return {
      result: {
        ...base,
        swaps,
        replaced: step.replaced.manifest,
        outcome: 'cannot-verify',
        detail: error.message,
      },
      step,
    };
  }
  const format = recordFormatOf(step);
  if (format.tool) base.madeBy = format.tool;
  const prepared = await deriveStep(ctx, step.replaced, inputs.patches, inputs.runImage, format);
  const replaced = step.replaced.manifest;
  // Every answer from here on names the replaced image and what the step swapped.
  const answer = (
    outcome: VerifyOutcome,
    detail?: string,
    derived?: ManifestBytes,
  ): { result: VerifiedManifest; step: PatchStep; derived?: ManifestBytes } => ({
    result: {
      ...base,
      swaps,
      replaced,
      ...(derived ? { derived: derived.digest } : {}),
      outcome,
      ...(detail !== undefined ? { detail } : {}),
    },
    step,
    ...(derived ? { derived } : {}),
  });
  if (prepared.result.error)
    return answer(
      'cannot-verify',
      `the recorded patches cannot be applied again: ${prepared.result.error.message}`,
    );
  const work = prepared.push?.work[0];
  if (!work?.rewritten)
    return answer(
      'differs',
      `the recorded patches change nothing in ${replaced}: ${prepared.result.platforms[0]?.plan.skipped.map((d) => `${targetName(d.target)}: ${d.reason}`).join('; ') || `they select no layer there (${step.records.map(recordTarget).join(', ')})`}${otherRelease(format)}`,
    );
  const derived = work.rewritten.manifest;
  if (derived.digest === bytes.digest) {
    const uncovered = await unrecordedSelection(ctx, step, inputs, format, work.plan.swaps);
    return uncovered
      ? answer(uncovered.outcome, uncovered.detail, derived)
      : answer('reproduced', undefined, derived);
  }
  const unsaid = unrecordedPosition(step, work.plan.swaps);
  if (unsaid) return answer('cannot-verify', unsaid, derived);
  const expectedManifest = JSON.parse(derived.bytes.toString('utf8')) as ImageManifest;
  const expectedConfig = JSON.parse(work.rewritten.config.bytes.toString('utf8')) as typeof config;
  // Where the SBOM layer is in what the recorded patches give: a forged sbom.sha in the pushed image
  // would otherwise name another layer "the SBOM layer".
  const metadata = parseLifecycleMetadata(expectedConfig, `the re-derivation of ${where}`);
  const sbom = metadata ? sbomRef(metadata)?.sha : undefined;
  const sbomIndex = sbom ? expectedConfig.rootfs.diff_ids.indexOf(sbom) : -1;
  const sbomFile =
    sbomIndex >= 0 && firstLayerDifference(expectedManifest, parsed.value) === sbomIndex
      ? await sbomDifference(
          ctx,
          work.sbom?.blob,
          expectedManifest,
          expectedConfig,
          parsed.value,
          config,
          sbomIndex,
        )
      : undefined;
  const difference = firstDifference(
    { manifest: expectedManifest, config: expectedConfig },
    { manifest: parsed.value, config },
    sbomIndex >= 0 ? sbomIndex : undefined,
    new Map(work.plan.swaps.map((s) => [s.layerIndex, targetName(s.target)])),
  );
  return answer('differs', `${difference}${sbomFile ? `: ${sbomFile}` : ''}${otherRelease(format)}`, derived);
}

/** What a run with these patches makes of the image a step replaced, written in the step's record format. */
function deriveStep(
  ctx: Context,
  replaced: Replaced,
  patches: Patch[],
  runImage: string,
  format: RecordFormat,
  /** Only what it would swap: no patch layer is read again, no log line written. */
  planOnly = false,
) {
  return prepareImage(`${ctx.repository}@${replaced.manifest}`, {
    ...ctx.engine,
    ...(planOnly ? { log: silentLog, dryRun: true } : {}),
    patches,
    runImage,
    ...(replaced.index ? { recordReplacedIndex: replaced.index } : {}),
    recordFormat: format,
  });
}

const targetKey = (t: LayerSwap['target']) =>
  t.kind === 'launcher' ? 'launcher' : `${t.buildpack}\u0000${t.layer}\u0000${t.index}`;

/**
 * Each record is re-applied at the target it names; but its selector is a claim too. Applied as a run
 * applies patches (every selector against every entry), the recorded patches must swap no target that
 * no record names: else the label says a patch was applied (`example/* / jre`) that would have swapped a
 * layer the image still has as it was, and verify would vouch for a coverage the image does not have.
 */
async function unrecordedSelection(
  ctx: Context,
  step: PatchStep,
  inputs: RecordedInputs,
  format: RecordFormat,
  pinnedSwaps: LayerSwap[],
): Promise<{ outcome: VerifyOutcome; detail: string } | undefined> {
  const patches = inputs.patches.map((p) => {
    if (p.kind !== 'layer') return p;
    const { only: _only, ...unpinned } = p;
    return unpinned;
  });
  const unpinned = await deriveStep(ctx, step.replaced!, patches, inputs.runImage, format, true);
  if (unpinned.result.error)
    return {
      outcome: 'cannot-verify',
      detail: `the recorded patches, applied as a run applies them, cannot be applied: ${unpinned.result.error.message}`,
    };
  const recorded = new Set(pinnedSwaps.map((s) => targetKey(s.target)));
  for (const platform of unpinned.result.platforms)
    for (const s of platform.plan.swaps)
      if (!recorded.has(targetKey(s.target)))
        return {
          outcome: 'differs',
          detail: `the recorded patch ${describeSelector(s.patch)} also selects ${targetName(s.target)}${s.target.kind === 'layer' ? ` (buildpacks[${s.target.index}])` : ''}, which no record swaps: the image keeps it as it was, so the label claims more than was applied`,
        };
  return undefined;
}

function firstLayerDifference(expected: ImageManifest, actual: ImageManifest): number | undefined {
  if (expected.layers.length !== actual.layers.length) return undefined;
  const i = expected.layers.findIndex((l, n) => l.digest !== actual.layers[n]!.digest);
  return i < 0 ? undefined : i;
}

/**
 * The first file in which the pushed SBOM layer differs from the one the recorded patches give (the
 * rewritten layer's bytes, or the replaced image's own when the patches leave it), or undefined when it
 * cannot be told: a layer that cannot be read, or is not the tar its diffID says, keeps the layer's words.
 */
async function sbomDifference(
  ctx: Context,
  rewritten: Buffer | undefined,
  expectedManifest: ImageManifest,
  expectedConfig: ImageConfig,
  actualManifest: ImageManifest,
  actualConfig: ImageConfig,
  index: number,
): Promise<string | undefined> {
  try {
    const expected = rewritten
      ? gunzipSync(rewritten, { maxOutputLength: MAX_SBOM_LAYER_BYTES })
      : await ctx.engine.readTar(
          ctx.store,
          expectedManifest.layers[index]!,
          expectedConfig.rootfs.diff_ids[index]!,
        );
    const actual = await ctx.engine.readTar(
      ctx.store,
      actualManifest.layers[index]!,
      actualConfig.rootfs.diff_ids[index]!,
    );
    return sbomFileDifference(expected, actual, `the SBOM layer of ${ctx.repository}`);
  } catch {
    return undefined;
  }
}

/**
 * The format the step's records were written in: the release they name, and positions when they carry
 * a release (every release that names itself records positions). Earlier records are re-derived as
 * they were written, without either.
 */
function recordFormatOf(step: PatchStep): RecordFormat {
  const tool = step.records.find((r) => typeof r.tool === 'string')?.tool;
  return tool ? { tool, positions: true } : { positions: false };
}

/** `example/jvm/jre (buildpacks[1])`: a record's target as the label names it. */
function recordTarget(r: AppliedRecord): string {
  return r.position === undefined ? r.target : `${r.target} (buildpacks[${r.position}])`;
}

/** A re-derivation by another release may differ for that reason alone: say which release to use. */
function otherRelease(format: RecordFormat): string {
  if (format.tool === CURRENT_RECORD_FORMAT.tool) return '';
  if (!format.tool)
    return ` (made by a layer-rebase that did not record its release; re-derived by ${CURRENT_RECORD_FORMAT.tool})`;
  return ` (made by ${format.tool}; re-derived by ${CURRENT_RECORD_FORMAT.tool}: verify with that release too)`;
}

async function getManifest(ctx: Context, digest: string, what: string): Promise<ManifestBytes> {
  try {
    return await ctx.store.getManifest(digest);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    throw new CannotVerifyError(
      `${what} ${digest} is no longer in ${ctx.repository} (registries garbage-collect untagged manifests)`,
    );
  }
}

/** Verifies one image (a manifest or an index and each of its platforms) at `reference`. */
async function verifyOnce(
  ctx: Context,
  top: ManifestBytes,
): Promise<{ step: VerifyStep; previous?: Digest }> {
  const parsed = parseManifest(top.bytes, `${ctx.repository}@${top.digest}`, top.mediaType);
  if (parsed.kind === 'image') {
    const { result } = await verifyManifest(ctx, top, '');
    return {
      step: { digest: top.digest, manifests: [result] },
      ...(result.outcome === 'reproduced' && result.replaced ? { previous: result.replaced } : {}),
    };
  }
  const index: ImageIndex = parsed.value;
  const manifests: VerifiedManifest[] = [];
  const derivedByIndex = new Map<string, Map<string, ManifestBytes>>();
  for (const d of index.manifests) {
    if (!mayBePlatformImage(d)) continue;
    const child = await getManifest(ctx, d.digest, 'the platform manifest');
    const { result, step, derived } = await verifyManifest(
      ctx,
      child,
      d.platform ? formatPlatform(d.platform) : '',
    );
    if (result.outcome === 'cannot-verify' && result.detail === NEVER_PATCHED) continue;
    manifests.push(result);
    const replacedIndex = step?.replaced?.index;
    if (replacedIndex && derived && step?.replaced) {
      const map = derivedByIndex.get(replacedIndex) ?? new Map<string, ManifestBytes>();
      map.set(step.replaced.manifest, derived);
      derivedByIndex.set(replacedIndex, map);
    }
  }
  if (manifests.length === 0)
    return {
      step: {
        digest: top.digest,
        manifests: [
          {
            platform: 'index',
            digest: top.digest,
            swaps: [],
            outcome: 'cannot-verify',
            detail: NEVER_PATCHED,
          },
        ],
      },
    };
  // The index the newest step replaced, with each re-derived child in place, must be this index.
  const candidates = [...derivedByIndex.keys()];
  let entry: VerifiedManifest = {
    platform: 'index',
    digest: top.digest,
    swaps: [],
    outcome: 'cannot-verify',
    detail: 'no platform records the index it replaced',
  };
  for (const candidate of candidates) {
    const old = await getManifest(ctx, candidate, 'the index the patch replaced');
    const oldIndex = parseManifest(old.bytes, `${ctx.repository}@${candidate}`, old.mediaType);
    if (oldIndex.kind !== 'index') continue;
    const derived = indexWithChildren(oldIndex.value, derivedByIndex.get(candidate)!);
    entry = {
      platform: 'index',
      digest: top.digest,
      swaps: [],
      replaced: candidate as Digest,
      derived: derived.digest,
      outcome: derived.digest === top.digest ? 'reproduced' : 'differs',
      ...(derived.digest === top.digest ? {} : { detail: indexDifference(oldIndex.value, derived, index) }),
    };
    if (entry.outcome === 'reproduced') break;
  }
  manifests.push(entry);
  const all = manifests.every((m) => m.outcome === 'reproduced');
  return {
    step: { digest: top.digest, manifests },
    ...(all && entry.replaced ? { previous: entry.replaced } : {}),
  };
}

function indexDifference(_old: ImageIndex, derived: ManifestBytes, actual: ImageIndex): string {
  const expected = JSON.parse(derived.bytes.toString('utf8')) as ImageIndex;
  if (expected.manifests.length !== actual.manifests.length)
    return `it lists ${actual.manifests.length} manifests where the recorded patches give ${expected.manifests.length}`;
  for (let i = 0; i < expected.manifests.length; i++) {
    const e = expected.manifests[i]!;
    const a = actual.manifests[i]!;
    if (JSON.stringify(e) !== JSON.stringify(a))
      return `entry ${i} (${a.platform ? formatPlatform(a.platform) : a.digest}) differs: ${a.digest} where the recorded patches give ${e.digest}`;
  }
  return 'the index differs in a field other than its entries (annotations, media type) or in its encoding';
}

function contextFor(
  stores: Stores,
  store: ImageStore,
  repository: string,
  log: Log,
  cacheDir: string | undefined,
  verdicts = true,
): Context {
  return {
    store,
    repository,
    engine: {
      stores,
      ...patchImageReaders(stores, log, cacheDir, verdicts),
      patches: [],
      log,
      // The recorded swaps are what is reproduced; whether a layer opted in was judged when they were made.
      force: true,
      dryRun: false,
      tags: [],
    },
  };
}

/**
 * Whether `top` (in `ref`'s repository) is exactly what its newest recorded patch makes from the image
 * it replaced: what `undo` proves before it moves a tag back. `derived` is the digest the recorded
 * patch gives (the whole index for an index), when it could be applied.
 */
export async function reproduceNewestStep(
  stores: Stores,
  ref: Reference,
  top: ManifestBytes,
  log: Log,
  cacheDir?: string,
): Promise<{ outcome: VerifyOutcome; derived?: Digest; detail?: string }> {
  const ctx = contextFor(stores, stores.storeFor(ref), repositoryOf(ref), log, cacheDir);
  let step: VerifyStep;
  try {
    step = (await verifyOnce(ctx, top)).step;
  } catch (error) {
    if (!(error instanceof CannotVerifyError)) throw error;
    return { outcome: 'cannot-verify', detail: error.message };
  }
  const whole = step.manifests.at(-1)!;
  const first = step.manifests.find((m) => m.outcome !== 'reproduced');
  if (!first) return { outcome: 'reproduced', ...(whole.derived ? { derived: whole.derived } : {}) };
  return {
    outcome: first.outcome,
    ...(whole.derived ? { derived: whole.derived } : {}),
    detail: `${first.platform ? `${first.platform}: ` : ''}${first.detail ?? ''}`,
  };
}

export async function verifyImage(options: VerifyOptions): Promise<VerifyResult> {
  let ref;
  try {
    ref = parseReference(options.image);
  } catch (error) {
    throw new UsageError(describeError(error));
  }
  const stores = new Stores({
    credentials: options.credentials,
    log: options.log,
    insecureRegistries: options.insecureRegistries,
    ...(options.transport ? { transport: options.transport } : {}),
  });
  const ctx = contextFor(
    stores,
    stores.storeFor(ref),
    repositoryOf(ref),
    options.log,
    options.cacheDir,
    options.verifiedCache !== false,
  );
  const shown = formatReference(ref);
  const steps: VerifyStep[] = [];
  let origin: Digest | undefined;
  let next: string = ref.digest ?? ref.tag!;
  for (;;) {
    let top: ManifestBytes;
    try {
      top = await getManifest(ctx, next, steps.length === 0 ? 'the image' : 'the image a patch replaced');
    } catch (error) {
      if (!(error instanceof CannotVerifyError)) throw error;
      steps.push({
        digest: next as Digest,
        manifests: [
          {
            platform: '',
            digest: next as Digest,
            swaps: [],
            outcome: 'cannot-verify',
            detail: error.message,
          },
        ],
      });
      break;
    }
    let once: Awaited<ReturnType<typeof verifyOnce>>;
    try {
      once = await verifyOnce(ctx, top);
    } catch (error) {
      // A replaced index or a child that is gone (garbage-collected): named, in the result, not a crash.
      if (!(error instanceof CannotVerifyError)) throw error;
      steps.push({
        digest: top.digest,
        manifests: [
          { platform: '', digest: top.digest, swaps: [], outcome: 'cannot-verify', detail: error.message },
        ],
      });
      break;
    }
    const { step, previous } = once;
    // Walking back ends at the first image this tool did not make: that one is the start, not a failure.
    if (steps.length > 0 && step.manifests.every((m) => m.detail === NEVER_PATCHED)) {
      origin = top.digest;
      break;
    }
    steps.push(step);
    if (!options.all || !previous) break;
    next = previous;
  }
  const reproduced = steps.every((s) => s.manifests.every((m) => m.outcome === 'reproduced'));
  return { image: shown, reproduced, steps, ...(origin ? { origin } : {}) };
}
