import { parseBuildMetadata, parseLifecycleMetadata } from '../cnb/metadata.js';
import { isNotFound, LayerRebaseError, RegistryError } from '../errors.js';
import { loadConfig } from '../oci/config.js';
import { isImageManifestMediaType } from '../oci/media-types.js';
import type { Reference } from '../oci/reference.js';
import type { ImageStore, ManifestBytes } from '../oci/store.js';
import {
  formatPlatform,
  parseManifest,
  platformOf,
  type Descriptor,
  type ImageIndex,
  type ImageManifest,
} from '../oci/types.js';
import { matchPatches } from '../patches/match.js';
import type { Patch } from '../patches/types.js';
import type { EngineOptions } from './engine-options.js';
import { appliedRecords, markAlreadyPatched } from '../undo/history.js';
import { patchImageKey, planRebase } from './plan.js';
import { resolveForPlatform } from './resolve.js';
import { planRunImage, type RunImagePlan } from './run-image.js';
import type { AppImage, PatchImageResolution, ResolvedPatchImage } from './types.js';
import type { PlatformWork } from './work.js';

/** What the input names, read and planned: the image or index as it is, and one plan per platform. */
export interface ReadImage {
  top: ManifestBytes;
  index?: ImageIndex;
  work: PlatformWork[];
}

/**
 * Reads the input (an image, or every platform image of an index) and plans each platform: the
 * patches that select its layers, their patch images resolved, the run image if asked for.
 */
export async function readAndPlan(
  ref: Reference,
  shown: string,
  store: ImageStore,
  options: EngineOptions,
): Promise<ReadImage> {
  const top = await store.getManifest(ref.digest ?? ref.tag!).catch((error: unknown) => {
    throw notFound(error, ref, shown);
  });
  const parsed = parseManifest(top.bytes, shown, top.mediaType);

  const work: PlatformWork[] = [];
  if (parsed.kind === 'index') {
    for (const descriptor of parsed.value.manifests) {
      if (!mayBePlatformImage(descriptor)) continue;
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

  return parsed.kind === 'index' ? { top, index: parsed.value, work } : { top, work };
}

/** An index entry that may be a platform image: attestations and other artifacts ride along untouched. */
export function mayBePlatformImage(d: Descriptor): boolean {
  return isImageManifestMediaType(d.mediaType) && d.platform?.os !== 'unknown';
}

/** "Not found" said for people: which image, what to check; the registry's code in the detail. */
export function notFound(error: unknown, ref: Reference, shown: string): unknown {
  if (!isNotFound(error)) return error;
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
  matched.unmatched = markAlreadyPatched(matched.unmatched, metadata, appliedRecords(config) ?? []);
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
