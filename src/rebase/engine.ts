import { parseBuildMetadata, parseLifecycleMetadata } from '../cnb/metadata.js';
import { describeError, LayerRebaseError, PolicyError } from '../errors.js';
import { silentLog, type Log } from '../log.js';
import { sha256 } from '../oci/digest.js';
import { isImageManifestMediaType } from '../oci/media-types.js';
import {
  formatReference,
  parseReference,
  repositoryOf,
  withDigest,
  type Reference,
} from '../oci/reference.js';
import { putBlobBytes, type ImageStore, type ManifestBytes } from '../oci/store.js';
import type { Stores } from '../oci/stores.js';
import { copyBlob } from '../oci/transfer.js';
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
import type { Patch } from '../patches/types.js';
import type { PatchFile } from '../patches/types.js';
import { emptyTransfers, type ImageResult } from '../result.js';
import { patchImageKey, planRebase } from './plan.js';
import { loadConfig } from '../oci/config.js';
import { resolveForPlatform, type PatchImageResolver } from './resolve.js';
import { planRunImage, type RunImagePlan } from './run-image.js';
import { rewriteImage, type RewrittenImage } from './rewrite.js';
import { planSbom, type SbomOutcome, type TarReader } from './sbom-step.js';
import {
  targetName,
  type AppImage,
  type PatchImageResolution,
  type Plan,
  type ResolvedPatchImage,
} from './types.js';

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
}

export type PublishedFiles = (
  buildpacks: { key: string; version: string }[],
  platform: Platform,
) => Promise<{ files: PatchFile[]; warnings: string[] }>;

/** One platform image of the app, before and after. */
interface PlatformWork {
  descriptor?: Descriptor;
  before: ManifestBytes;
  app: AppImage;
  plan: Plan;
  patchImages: Map<string, { image: ResolvedPatchImage; store: ImageStore }>;
  sbom?: SbomOutcome;
  rewritten?: RewrittenImage;
  /** Where the new run image's layers come from (run-image rebase). */
  runStore?: ImageStore;
}

/**
 * Patches one app image (or every platform of an index) all or nothing: everything is resolved,
 * planned and rewritten in memory first; blobs and child manifests are uploaded next; the tags
 * move last. A failure before the tags leaves them where they were.
 */
export async function rebaseImage(input: string, options: EngineOptions): Promise<ImageResult> {
  const started = Date.now();
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
  try {
    await rebaseInto(input, options, result);
  } catch (error) {
    result.status = error instanceof PolicyError ? 'refused' : 'failed';
    result.error = {
      code: error instanceof LayerRebaseError ? error.code : 'internal',
      message: describeError(error),
    };
  }
  result.durationMs = Date.now() - started;
  return result;
}

async function rebaseInto(input: string, options: EngineOptions, result: ImageResult): Promise<void> {
  const { log } = options;
  const ref = parseReference(input);
  const shown = formatReference(ref);
  const store = options.stores.storeFor(ref);
  const top = await store.getManifest(ref.digest ?? ref.tag!);
  result.digestBefore = top.digest;
  const parsed = parseManifest(top.bytes, shown, top.mediaType);

  const work: PlatformWork[] = [];
  if (parsed.kind === 'index') {
    for (const descriptor of parsed.value.manifests) {
      // Attestations and other artifacts ride along untouched.
      if (
        !isImageManifestMediaType(descriptor.mediaType) ||
        !descriptor.platform ||
        descriptor.platform.os === 'unknown'
      )
        continue;
      const before = await store.getManifest(descriptor.digest);
      const child = parseManifest(before.bytes, `${shown}@${descriptor.digest}`, descriptor.mediaType);
      if (child.kind !== 'image') continue;
      work.push(
        await planPlatform(
          `${shown} (${formatPlatform(descriptor.platform)})`,
          store,
          before,
          child.value,
          options,
          descriptor,
        ),
      );
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
  const refusals = work.flatMap((w) => [
    ...w.plan.refused.map((d) => `${targetName(d.target)}: ${d.reason}`),
    ...(w.plan.runImage?.status === 'refused' ? [`run image: ${w.plan.runImage.reason}`] : []),
  ]);
  if (refusals.length > 0) {
    const first = work.flatMap((w) => w.plan.refused)[0];
    throw new PolicyError(
      shown,
      `refused, nothing was pushed: ${refusals.join('; ')}`,
      first?.target.kind === 'layer' ? { buildpack: first.target.buildpack, layer: first.target.layer } : {},
    );
  }

  const changedWork = work.filter((w) => w.plan.swaps.length > 0 || w.plan.runImage?.status === 'rebase');
  if (changedWork.length === 0) {
    result.status = 'unchanged';
    result.digest = top.digest;
    result.result = `${repositoryOf(ref)}@${top.digest}`;
    log.info(`${shown}: nothing to patch (${top.digest})`);
    return;
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

  const targets = targetReferences(ref, options.tags);
  result.digest = final.digest;
  result.result = `${repositoryOf(targets[0] ?? ref)}@${final.digest}`;
  result.tags = targets.filter((t) => t.tag !== undefined).map(formatReference);

  if (options.dryRun) {
    result.status = 'planned';
    return;
  }

  // Phase 1: every blob and child manifest in every target repository.
  const pushes: { target: ImageStore; ref: Reference }[] = [];
  for (const target of targets) {
    const targetStore = options.stores.storeFor(target);
    for (const w of work) {
      await uploadPlatform(w, store, targetStore, options, result);
      if (parsed.kind === 'index') await targetStore.putManifest(w.rewritten?.manifest ?? w.before);
    }
    if (parsed.kind === 'index' && targetStore.name !== store.name) {
      await copyUntouchedChildren(parsed.value, work, store, targetStore);
    }
    pushes.push({ target: targetStore, ref: target });
  }
  // Phase 2, the commit point: the manifest under each tag (or by digest).
  for (const { target, ref: targetRef } of pushes) {
    await target.putManifest(final, targetRef.tag);
    log.info(
      `pushed ${formatReference(targetRef.tag ? targetRef : withDigest(targetRef, final.digest))} -> ${final.digest}`,
    );
  }
  result.status = 'patched';
  result.changed = true;
}

/**
 * Makes every blob of one platform's new manifest available in the target: swapped layers from their
 * patch image (diffID verified first), new run-image layers from the run image, the rewritten SBOM
 * layer and config from memory, and, for another repository, the app's own layers.
 */
async function uploadPlatform(
  w: PlatformWork,
  appStore: ImageStore,
  target: ImageStore,
  options: EngineOptions,
  result: ImageResult,
): Promise<void> {
  const sameRepository = target.name === appStore.name;
  const sources = new Map<string, ImageStore>();
  for (const swap of w.plan.swaps) {
    const patchStore = w.patchImages.get(patchImageKey(swap.patch))!.store;
    await options.resolver.verifyDiffId(patchStore, swap.to.descriptor, swap.to.diffId);
    sources.set(swap.to.descriptor.digest, patchStore);
  }
  const runChange = w.plan.runImage?.status === 'rebase' ? w.plan.runImage.change : undefined;
  if (runChange && w.runStore) for (const layer of runChange.layers) sources.set(layer.digest, w.runStore);
  const sbom =
    w.sbom?.change && w.sbom.blob
      ? { digest: w.sbom.change.descriptor.digest, bytes: w.sbom.blob }
      : undefined;
  const manifest = w.rewritten
    ? (JSON.parse(w.rewritten.manifest.bytes.toString('utf8')) as ImageManifest)
    : w.app.manifest;
  for (const layer of manifest.layers) {
    if (layer.digest === sbom?.digest) continue;
    const from = sources.get(layer.digest) ?? (sameRepository ? undefined : appStore);
    if (from) result.transfers[await copyBlob(from, target, layer, options.log)]++;
  }
  if (sbom) result.transfers[await putBlobBytes(target, sbom.digest, sbom.bytes)]++;
  if (w.rewritten) await putBlobBytes(target, w.rewritten.config.digest, w.rewritten.config.bytes);
  else if (!sameRepository)
    result.transfers[await copyBlob(appStore, target, manifest.config, options.log)]++;
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
  const patches: Patch[] = [...options.patches];
  const extraWarnings: string[] = [];
  if (options.published) {
    const found = await options.published(
      (metadata.buildpacks ?? []).map((b) => ({ key: b.key, version: b.version })),
      platform,
    );
    patches.push(...found.files.flatMap((f) => f.patches));
    extraWarnings.push(...found.warnings.map((w) => `${reference}: ${w}`));
  }
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

/** The buildpacks (and platform) of each platform image, read without planning anything. */
export async function buildpacksOf(
  input: string,
  stores: Stores,
): Promise<{ platform: Platform; buildpacks: { key: string; version: string }[] }[]> {
  const ref = parseReference(input);
  const store = stores.storeFor(ref);
  const shown = formatReference(ref);
  const top = await store.getManifest(ref.digest ?? ref.tag!);
  const parsed = parseManifest(top.bytes, shown, top.mediaType);
  const manifests: ImageManifest[] = [];
  if (parsed.kind === 'image') manifests.push(parsed.value);
  else {
    for (const d of parsed.value.manifests) {
      if (!isImageManifestMediaType(d.mediaType) || !d.platform || d.platform.os === 'unknown') continue;
      const child = parseManifest(
        (await store.getManifest(d.digest)).bytes,
        `${shown}@${d.digest}`,
        d.mediaType,
      );
      if (child.kind === 'image') manifests.push(child.value);
    }
  }
  const out = [];
  for (const manifest of manifests) {
    const config = await loadConfig(store, manifest, shown);
    const metadata = parseLifecycleMetadata(config, shown);
    out.push({
      platform: platformOf(config),
      buildpacks: (metadata?.buildpacks ?? []).map((b) => ({ key: b.key, version: b.version })),
    });
  }
  return out;
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

async function copyUntouchedChildren(
  index: ImageIndex,
  work: PlatformWork[],
  from: ImageStore,
  to: ImageStore,
): Promise<void> {
  const handled = new Set(work.map((w) => w.descriptor?.digest));
  for (const d of index.manifests) {
    if (handled.has(d.digest)) continue;
    const bytes = await from.getManifest(d.digest);
    const child = parseManifest(bytes.bytes, `${from.name}@${d.digest}`, d.mediaType);
    if (child.kind === 'image') {
      for (const blob of [child.value.config, ...child.value.layers])
        await copyBlob(from, to, blob, silentLog);
    }
    await to.putManifest(bytes);
  }
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
