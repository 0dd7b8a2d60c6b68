import { layersRoot } from '../cnb/sbom.js';
import { UnsafeTarError } from '../cnb/tar-reader.js';
import { parseBuildMetadata, parseLifecycleMetadata } from '../cnb/metadata.js';
import { describeError, LayerRebaseError, PolicyError, RegistryError } from '../errors.js';
import type { Log } from '../log.js';
import { sha256 } from '../oci/digest.js';
import { isImageManifestMediaType } from '../oci/media-types.js';
import { formatReference, parseReference, repositoryOf, type Reference } from '../oci/reference.js';
import type { ImageStore, ManifestBytes } from '../oci/store.js';
import type { Stores } from '../oci/stores.js';
import {
  formatPlatform,
  parseManifest,
  platformOf,
  type Descriptor,
  type ImageIndex,
  type ImageManifest,
  type Platform,
} from '../oci/types.js';
import { matchPatches } from '../patches/match.js';
import { SCOPE_VIOLATION } from '../patches/scope.js';
import type { Patch } from '../patches/types.js';
import type { PatchFile } from '../patches/types.js';
import { describeSource } from '../patches/types.js';
import { emptyTransfers, type ImageResult } from '../result.js';
import { containmentFor } from './containment.js';
import { patchImageKey, planRebase } from './plan.js';
import { loadConfig } from '../oci/config.js';
import { pushImage, TagMovedError, type PushPlan, type PushTarget, type UploadCache } from './push.js';
import { resolveForPlatform, type PatchImageResolver } from './resolve.js';
import { planRunImage, type RunImagePlan } from './run-image.js';
import { rewriteImage } from './rewrite.js';
import { planSbom, type TarReader } from './sbom-step.js';
import {
  targetName,
  type AppImage,
  type LayerSwap,
  type PatchImageResolution,
  type ResolvedPatchImage,
} from './types.js';
import type { InTransit, PlatformWork } from './work.js';
import { PassThrough } from 'node:stream';
import { RegistryStore } from '../oci/registry/store.js';
import type { Containment } from './containment.js';
import { patchImageFault, type LayerInspection } from './inspect-layer.js';

export interface EngineOptions {
  stores: Stores;
  resolver: PatchImageResolver;
  patches: Patch[];
  log: Log;
  force: boolean;
  dryRun: boolean;
  /** Where to push; empty: back to the input's tag, or by digest into its repository. */
  tags: string[];
  readTar: TarReader;
  /** Patch files that the app's own buildpacks publish (through builder images), read per image. */
  published?: PublishedFiles;
  /** Run-image rebase in the same operation: '' none, 'auto' (the app's recorded run image), or a reference. */
  runImage?: string;
  /** Blob transfers shared by the images of one run. */
  uploads?: UploadCache;
}

export type PublishedFiles = (
  buildpacks: { key: string; version: string }[],
  platform: Platform,
) => Promise<{ files: PatchFile[]; warnings: string[] }>;

/** An image read, planned, verified and rewritten in memory: ready to push, or already decided. */
export interface PreparedImage {
  result: ImageResult;
  /** Present only when there is something to push (never for dry runs, refusals or failures). */
  push?: PushPlan;
  startedAt: number;
}

/** Patches one app image (or every platform of an index) all or nothing: prepare, then push. */
export async function rebaseImage(input: string, options: EngineOptions): Promise<ImageResult> {
  return commitImage(await prepareImage(input, options), options);
}

function fail(result: ImageResult, error: unknown): void {
  result.status = error instanceof PolicyError || error instanceof TagMovedError ? 'refused' : 'failed';
  result.changed = false;
  result.error = {
    code: error instanceof LayerRebaseError ? error.code : 'internal',
    message: describeError(error),
  };
}

/**
 * Everything up to the first write: resolve, plan, verify every patch layer (its diffID and where it
 * writes), rewrite SBOM, config and manifests in memory, and note what each target tag holds.
 * Never throws: a failure is recorded in the result.
 */
export async function prepareImage(input: string, options: EngineOptions): Promise<PreparedImage> {
  const startedAt = Date.now();
  const result: ImageResult = {
    input,
    status: 'failed',
    changed: false,
    tags: [],
    platforms: [],
    warnings: [],
    transfers: emptyTransfers(),
    durationMs: 0,
  };
  const prepared: PreparedImage = { result, startedAt };
  try {
    const push = await prepareInto(input, options, result);
    if (push) prepared.push = push;
  } catch (error) {
    fail(result, error);
  }
  result.durationMs = Date.now() - startedAt;
  return prepared;
}

/** Pushes a prepared image (when it has anything to push) and completes its result. */
export async function commitImage(prepared: PreparedImage, options: EngineOptions): Promise<ImageResult> {
  const { result, push } = prepared;
  if (push) {
    try {
      const outcome = await pushImage(push, options.log, result.transfers, options.uploads);
      if (outcome === 'already-there') result.status = 'unchanged';
      else {
        if (result.status !== 'partial') result.status = 'patched';
        result.changed = true;
      }
    } catch (error) {
      fail(result, error);
    }
  }
  result.durationMs = Date.now() - prepared.startedAt;
  return result;
}

async function prepareInto(
  input: string,
  options: EngineOptions,
  result: ImageResult,
): Promise<PushPlan | undefined> {
  const { log } = options;
  const ref = parseReference(input);
  const shown = formatReference(ref);
  const store = options.stores.storeFor(ref);
  const top = await store.getManifest(ref.digest ?? ref.tag!).catch((error: unknown) => {
    throw notFound(error, ref, shown);
  });
  result.digestBefore = top.digest;
  const parsed = parseManifest(top.bytes, shown, top.mediaType);

  const work: PlatformWork[] = [];
  if (parsed.kind === 'index') {
    for (const descriptor of parsed.value.manifests) {
      // Attestations and other artifacts ride along untouched.
      if (!isImageManifestMediaType(descriptor.mediaType) || descriptor.platform?.os === 'unknown') continue;
      const before = await store.getManifest(descriptor.digest);
      const child = parseManifest(before.bytes, `${shown}@${descriptor.digest}`, descriptor.mediaType);
      if (child.kind !== 'image') continue;
      let label = descriptor.platform && formatPlatform(descriptor.platform);
      if (!label) {
        // `platform` is optional in an OCI index: the child's config says what it is, and only a
        // child that is no platform image at all (an attestation) is left as it is.
        const config = await loadConfig(store, child.value, `${shown}@${descriptor.digest}`);
        const { os, architecture } = platformOf(config);
        if (!os || os === 'unknown' || !architecture || architecture === 'unknown') continue;
        label = `${formatPlatform(platformOf(config))}, from its config: the index names no platform`;
      }
      work.push(await planPlatform(`${shown} (${label})`, store, before, child.value, options, descriptor));
    }
    if (work.length === 0)
      throw new LayerRebaseError('not-an-app-image', `${shown}: the index lists no platform images`);
  } else {
    work.push(await planPlatform(shown, store, top, parsed.value, options));
  }

  for (const w of work) {
    result.warnings.push(...w.plan.warnings);
    result.platforms.push({
      platform: formatPlatform(w.plan.platform),
      digestBefore: w.before.digest,
      digestAfter: w.before.digest,
      plan: w.plan,
    });
  }
  refuseIfAnyRefusal(shown, work);
  const partial = work.some((w) => w.plan.unpatched.length > 0);

  const changedWork = work.filter((w) => w.plan.swaps.length > 0 || w.plan.runImage?.status === 'rebase');
  if (changedWork.length === 0) {
    result.status = partial ? 'partial' : 'unchanged';
    result.digest = top.digest;
    result.result = `${repositoryOf(ref)}@${top.digest}`;
    log.info(`${shown}: nothing to patch (${top.digest})`);
    return undefined;
  }

  const targetRefs = targetReferences(ref, options.tags);
  if (!options.dryRun) {
    const targetStores = targetRefs.map((t) => options.stores.storeFor(t));
    for (const w of changedWork) await inspectPatchLayers(w, options, result, targetStores);
  }
  for (const w of changedWork) {
    w.sbom = await planSbom(w.app, store, w.plan, w.patchImages, options.readTar);
    w.rewritten = rewriteImage(w.plan, w.app.manifest, w.app.config, w.sbom.change ? [w.sbom.change] : []);
    const platform = result.platforms.find((p) => p.plan === w.plan)!;
    platform.digestAfter = w.rewritten.manifest.digest;
    platform.sbom = {
      layerIndex: w.sbom.change?.layerIndex ?? null,
      from: w.sbom.from ?? null,
      to: w.sbom.change?.diffId ?? null,
      layers: w.sbom.layers,
    };
    result.warnings.push(...w.sbom.warnings);
  }
  if (parsed.kind === 'index') {
    // Build attestations (provenance, SBOM) describe the image as it was built; they are kept as they
    // are, and the summary says so rather than letting them silently describe another image.
    const patched = new Set(changedWork.map((w) => w.descriptor?.digest));
    for (const d of parsed.value.manifests) {
      const subject = d.annotations?.['vnd.docker.reference.digest'];
      if (subject && patched.has(subject as never)) {
        result.warnings.push(
          `${shown}: attestation manifest ${d.digest} describes ${subject} before the patch; kept unchanged`,
        );
      }
    }
  }
  const final: ManifestBytes =
    parsed.kind === 'index'
      ? rewriteIndex(parsed.value, work)
      : (changedWork[0]!.rewritten!.manifest as ManifestBytes);

  result.digest = final.digest;
  result.result = `${repositoryOf(targetRefs[0] ?? ref)}@${final.digest}`;
  result.tags = targetRefs.filter((t) => t.tag !== undefined).map(formatReference);
  result.status = partial ? 'partial' : 'planned';
  if (options.dryRun) return undefined;

  const targets: PushTarget[] = [];
  for (const target of targetRefs) {
    const targetStore = options.stores.storeFor(target);
    const entry: PushTarget = { ref: target, store: targetStore };
    // The plan was made from what the input tag held; any other tag is compared with what it holds now.
    const expected = sameTag(target, ref)
      ? top.digest
      : target.tag !== undefined
        ? (await targetStore.headManifest(target.tag))?.digest
        : undefined;
    if (expected) entry.expected = expected;
    targets.push(entry);
  }
  const plan: PushPlan = {
    appStore: store,
    work,
    final,
    targets,
    // Layers verified in transit are judged after the uploads, before the tags move.
    verify: async () => {
      for (const w of work) for (const entry of w.inTransit?.values() ?? []) await entry.settle();
    },
  };
  if (parsed.kind === 'index') plan.index = parsed.value;
  return plan;
}

/** "Not found" said for people: which image, what to check; the registry's code in the detail. */
function notFound(error: unknown, ref: Reference, shown: string): unknown {
  const missing =
    (error instanceof RegistryError && error.kind === 'not-found') ||
    (error instanceof LayerRebaseError && error.code === 'not-found');
  if (!missing) return error;
  const assumed = ref.defaultTag ? '; no tag was given, so "latest" was assumed' : '';
  const detail =
    error instanceof RegistryError && error.registryCodes.length > 0
      ? ` [${error.registryCodes.join(', ')}]`
      : ref.kind === 'layout'
        ? ` [${(error as Error).message}]`
        : '';
  return new LayerRebaseError(
    'image-not-found',
    `image ${shown} not found: check the name and ${ref.digest ? 'digest' : 'tag'}${assumed}${detail}`,
  );
}

function sameTag(a: Reference, b: Reference): boolean {
  return formatReference(a) === formatReference(b) && b.digest === undefined;
}

/** Safety rules and broken inputs stop the whole image before anything is written. */
function refuseIfAnyRefusal(shown: string, work: PlatformWork[]): void {
  const refusals = work.flatMap((w) => [
    ...w.plan.refused.map((d) => `${targetName(d.target)}: ${d.reason}`),
    ...(w.plan.runImage?.status === 'refused' ? [`run image: ${w.plan.runImage.reason}`] : []),
  ]);
  if (refusals.length === 0) return;
  const first = work.flatMap((w) => w.plan.refused)[0];
  throw new PolicyError(
    shown,
    `refused, nothing was pushed: ${refusals.join('; ')}`,
    first?.target.kind === 'layer' ? { buildpack: first.target.buildpack, layer: first.target.layer } : {},
  );
}

/**
 * Reads every patch layer once before anything is pushed: its diffID must be what its config claims,
 * and it may write only under its own layer directory (the launcher under /cnb/lifecycle/). A
 * published patch that breaks this is a scope violation that fails the run; an explicit patch file's
 * is refused unless `force`.
 */
async function inspectPatchLayers(
  w: PlatformWork,
  options: EngineOptions,
  result: ImageResult,
  targets: ImageStore[],
): Promise<void> {
  const root = layersRoot(w.app.config.config?.Env);
  for (const swap of w.plan.swaps) {
    const { store } = w.patchImages.get(patchImageKey(swap.patch))!;
    const rule = containmentFor(swap.target, root);
    const layer = swap.to.descriptor;
    // A layer that must travel to another registry anyway is verified in the same pass as the copy,
    // and judged before the commit. A published patch is verified first, whatever it costs: its
    // scope violation must stop the whole run before any image is pushed.
    const travels = swap.patch.source.kind !== 'buildpack' && targets.some((t) => !sameRegistry(t, store));
    if (travels) {
      const known = await options.resolver.knownInspection(store, layer, swap.to.diffId, rule);
      if (known) judgeInspection(w, swap, rule, known, options, result);
      else (w.inTransit ??= new Map()).set(layer.digest, inTransit(w, swap, rule, store, options, result));
      continue;
    }
    const inspection = await options.resolver
      .inspectLayer(store, layer, swap.to.diffId, rule)
      .catch((e: unknown) => Promise.reject(inspectionFailed(w, swap, e)));
    judgeInspection(w, swap, rule, inspection, options, result);
  }
}

function sameRegistry(a: ImageStore, b: ImageStore): boolean {
  return a instanceof RegistryStore && b instanceof RegistryStore && a.registry === b.registry;
}

/** A patch layer verified on its way to the target: the copy's bytes are teed into the check. */
function inTransit(
  w: PlatformWork,
  swap: LayerSwap,
  rule: Containment,
  store: ImageStore,
  options: EngineOptions,
  result: ImageResult,
): InTransit {
  let running: Promise<LayerInspection> | undefined;
  return {
    tap(stream) {
      const upload = new PassThrough();
      const check = new PassThrough();
      stream.on('error', (e) => {
        upload.destroy(e);
        check.destroy(e);
      });
      // An upload given up on ends this read too (a retry streams again), rather than stalling the check.
      upload.once('close', () => {
        if (!stream.readableEnded) stream.destroy();
      });
      stream.pipe(upload);
      stream.pipe(check);
      running = options.resolver.inspectInTransit(check, store, swap.to.descriptor, swap.to.diffId, rule);
      // Judged in settle(); until then a failure must not surface as unhandled.
      running.catch(() => {});
      return upload;
    },
    async settle() {
      // Not streamed (already there, or mounted): read it now, before the commit.
      const inspection = await (
        running ?? options.resolver.inspectLayer(store, swap.to.descriptor, swap.to.diffId, rule)
      ).catch((e: unknown) => Promise.reject(inspectionFailed(w, swap, e)));
      judgeInspection(w, swap, rule, inspection, options, result);
    },
  };
}

/**
 * A patch layer that cannot be read the way runtimes read it cannot be shown to stay in its directory:
 * published, a scope violation; explicit, refused (not even force reads it differently).
 */
function inspectionFailed(w: PlatformWork, swap: LayerSwap, error: unknown): unknown {
  if (!(error instanceof UnsafeTarError)) return patchImageFault(swap.patchImage.reference, error);
  const what = `patch layer ${swap.to.descriptor.digest} for ${targetName(swap.target)} from ${swap.patchImage.reference} is not a tar every runtime reads alike: ${error.reason}`;
  if (swap.patch.source.kind === 'buildpack')
    return new LayerRebaseError(
      SCOPE_VIOLATION,
      `${w.app.reference}: ${what} (patch published by ${swap.patch.source.buildpack} in ${describeSource(swap.patch.source)}); the run stops and nothing is pushed`,
    );
  return new PolicyError(w.app.reference, `refused, nothing was pushed: ${what}`);
}

/** Containment: a published patch that breaks it is a scope violation, an explicit one refused unless force. */
function judgeInspection(
  w: PlatformWork,
  swap: LayerSwap,
  rule: Containment,
  { violations }: LayerInspection,
  options: EngineOptions,
  result: ImageResult,
): void {
  if (violations.length === 0) return;
  const what = `patch layer ${swap.to.descriptor.digest} for ${targetName(swap.target)} from ${swap.patchImage.reference} writes outside /${rule.dir}/: ${violations.join('; ')}`;
  if (swap.patch.source.kind === 'buildpack') {
    throw new LayerRebaseError(
      SCOPE_VIOLATION,
      `${w.app.reference}: ${what} (patch published by ${swap.patch.source.buildpack} in ${describeSource(swap.patch.source)}); the run stops and nothing is pushed`,
    );
  }
  if (!options.force) {
    throw new PolicyError(w.app.reference, `refused, nothing was pushed: ${what} (set force to override)`);
  }
  result.warnings.push(`${w.app.reference}: ${what}; pushed anyway because force is set`);
}

async function planPlatform(
  reference: string,
  store: ImageStore,
  before: ManifestBytes,
  manifest: ImageManifest,
  options: EngineOptions,
  descriptor?: Descriptor,
): Promise<PlatformWork> {
  const config = await loadConfig(store, manifest, reference);
  const metadata = parseLifecycleMetadata(config, reference);
  if (!metadata) {
    throw new LayerRebaseError(
      'not-an-app-image',
      `${reference} is not a Cloud Native Buildpacks app image: its config has no io.buildpacks.lifecycle.metadata label`,
    );
  }
  const app: AppImage = {
    reference,
    manifestDigest: before.digest,
    manifest,
    config,
    metadata,
    buildMetadata: parseBuildMetadata(config, reference),
  };
  const platform = platformOf(config);
  const extraWarnings: string[] = [];
  const published: Patch[] = [];
  if (options.published) {
    const found = await options.published(
      (metadata.buildpacks ?? []).map((b) => ({ key: b.key, version: b.version })),
      platform,
    );
    published.push(...found.files.flatMap((f) => f.patches));
    extraWarnings.push(...found.warnings.map((w) => `${reference}: ${w}`));
  }
  // Published patches first: the run's list ends with the explicit ones, and the later patch wins.
  const patches: Patch[] = [...published, ...options.patches];
  const matched = matchPatches(metadata, patches, platform);
  const resolutions = new Map<string, PatchImageResolution>();
  const patchImages = new Map<string, { image: ResolvedPatchImage; store: ImageStore }>();
  for (const match of matched.matches) {
    const key = patchImageKey(match.patch);
    if (resolutions.has(key)) continue;
    const { resolution, store: patchStore } = await options.resolver.resolve(match.patch, platform);
    resolutions.set(key, resolution);
    if (patchStore && resolution.status === 'resolved')
      patchImages.set(key, { image: resolution, store: patchStore });
  }
  const plan = planRebase(app, matched, resolutions, { force: options.force });
  plan.warnings.push(...extraWarnings);
  const work: PlatformWork = { before, app, plan, patchImages };
  if (options.runImage) {
    const candidates =
      options.runImage === 'auto'
        ? [metadata.runImage?.image, ...(metadata.runImage?.mirrors ?? [])].filter((c): c is string =>
            Boolean(c),
          )
        : [options.runImage];
    const refused = (reason: string): RunImagePlan => ({
      status: 'refused',
      reason,
      forced: false,
      warnings: [],
      from: {
        reference: metadata.runImage?.reference ?? null,
        topLayer: metadata.runImage?.topLayer ?? null,
        layers: 0,
      },
      to: null,
    });
    if (candidates.length === 0) {
      plan.runImage = refused('run-image: auto, but the app image records no runImage.image');
    } else {
      const found = await resolveForPlatform(
        options.stores,
        candidates,
        platform,
        'run image',
        options.log,
        true,
      );
      if (found.status === 'missing-platform') {
        plan.runImage = refused(
          `run image ${found.reference} has no ${formatPlatform(platform)} image (it has: ${found.available.join(', ') || 'none'})`,
        );
      } else {
        plan.runImage = planRunImage(app, found, { force: options.force });
        plan.warnings.push(...plan.runImage.warnings);
        work.runStore = found.store;
      }
    }
  }
  if (descriptor) work.descriptor = descriptor;
  return work;
}

/** The index with each patched child's descriptor pointing at its new manifest; annotations kept. */
function rewriteIndex(index: ImageIndex, work: PlatformWork[]): ManifestBytes {
  const next = structuredClone(index);
  for (const w of work) {
    if (!w.rewritten || !w.descriptor) continue;
    const entry = next.manifests.find((d) => d.digest === w.descriptor!.digest);
    if (!entry) continue;
    entry.digest = w.rewritten.manifest.digest;
    entry.size = w.rewritten.manifest.bytes.length;
  }
  const bytes = Buffer.from(JSON.stringify(next));
  return { bytes, mediaType: next.mediaType, digest: sha256(bytes) };
}

/** `tags` as given, or the input's own tag, or (for a digest input) its repository by digest. */
export function targetReferences(input: Reference, tags: string[]): Reference[] {
  if (tags.length > 0) return tags.map((t) => parseReference(t));
  if (input.tag !== undefined && input.digest === undefined) return [input];
  const byDigest = { ...input };
  delete byDigest.tag;
  delete byDigest.digest;
  return [byDigest];
}
