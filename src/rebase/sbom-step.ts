import { sbomRef } from '../cnb/metadata.js';
import { layersRoot, rewriteSbomTar, sbomDir, type SbomReplacement } from '../cnb/sbom.js';
import { componentsOf, diffSbomFiles, type Component, type SbomDiff } from '../cnb/sbom-diff.js';
import { gzipDeterministic, readLayerTar } from '../oci/compression.js';
import { noContentCache, throughCache, type ContentCache } from '../oci/content-cache.js';
import { sha256, type Digest } from '../oci/digest.js';
import { familyOf, layerMediaTypeFor, MediaType } from '../oci/media-types.js';
import type { ImageStore } from '../oci/store.js';
import type { Descriptor } from '../oci/types.js';
import { patchImageKey } from './plan.js';
import type { ExtraLayerChange } from './rewrite.js';
import { targetName, type AppImage, type Plan, type ResolvedPatchImage } from './types.js';
import { once } from '../memo.js';

/** SBOM layers are JSON documents; anything bigger than this uncompressed is refused. */
export const MAX_SBOM_LAYER_BYTES = 256 * 1024 * 1024;

export interface SbomLayerReport {
  target: string;
  dir: string;
  removed: string[];
  added: string[];
  missingInPatch: boolean;
  diff: SbomDiff | null;
}

export interface SbomOutcome {
  /** Present when the SBOM layer changed. */
  change?: ExtraLayerChange;
  blob?: Buffer;
  from?: Digest;
  layers: SbomLayerReport[];
  /** Per swapped target: the components its SBOM files list before and after (undefined: no files). */
  components: Map<string, { before?: Component[]; after?: Component[] }>;
  /** Components the SBOM files of the layers the plan keeps list (a scanner reading the SBOM layer sees them too). */
  kept?: Component[];
  warnings: string[];
}

/** Reads (and caches per run) patch images' uncompressed SBOM layers: a fleet shares a few patch images. */
export type TarReader = (store: ImageStore, layer: Descriptor, diffId: Digest) => Promise<Buffer>;

export function cachedTarReader(
  limit = MAX_SBOM_LAYER_BYTES,
  /** Kept between runs too: the uncompressed tar, returned only while it hashes to the diffID. */
  content: ContentCache = noContentCache,
): TarReader {
  const cache = new Map<string, Promise<Buffer>>();
  return (store, layer, diffId) =>
    once(cache, `${store.name}@${layer.digest}`, async () => {
      const { bytes } = await throughCache(content, `${layer.digest}>${diffId}`, { digest: diffId }, () =>
        readLayerTar(store, layer, diffId, limit),
      );
      return bytes;
    });
}

function sbomLayerOf(image: {
  metadata: AppImage['metadata'];
  config: AppImage['config'];
  manifest: AppImage['manifest'];
}) {
  const ref = sbomRef(image.metadata);
  if (!ref) return undefined;
  const index = image.config.rootfs.diff_ids.indexOf(ref.sha);
  if (index < 0) return undefined;
  return { key: ref.key, sha: ref.sha, index, descriptor: image.manifest.layers[index]! };
}

/**
 * The SBOM part of a plan: swaps each patched target's SBOM files for the patch image's and returns
 * the new layer to put at the SBOM layer's index. Reads layers; writes nothing.
 */
export async function planSbom(
  app: AppImage,
  appStore: ImageStore,
  plan: Plan,
  patchImages: ReadonlyMap<string, { image: ResolvedPatchImage; store: ImageStore }>,
  readTar: TarReader,
): Promise<SbomOutcome> {
  const outcome: SbomOutcome = { layers: [], components: new Map(), warnings: [] };
  if (plan.swaps.length === 0) return outcome;
  const own = sbomLayerOf(app);
  if (!own) {
    outcome.warnings.push(`${app.reference}: the image has no SBOM layer; no SBOM was updated`);
    return outcome;
  }
  // The app's own SBOM layer is read once; only patch images' layers are worth caching across a fleet.
  const appTar = await readLayerTar(appStore, own.descriptor, own.sha, MAX_SBOM_LAYER_BYTES);
  const root = layersRoot(app.config.config?.Env);
  const replacements: SbomReplacement[] = [];
  for (const swap of plan.swaps) {
    const target = swap.target.kind === 'launcher' ? ({ kind: 'launcher' } as const) : swap.target;
    const replacement: SbomReplacement = { target, dir: sbomDir(root, target) };
    const patch = patchImages.get(patchImageKey(swap.patch));
    const theirs = patch ? sbomLayerOf(patch.image) : undefined;
    const theirRoot = patch ? layersRoot(patch.image.config.config?.Env) : root;
    if (patch && theirs && theirRoot !== root) {
      // Entries are copied byte for byte, names included, so they cannot move to another root.
      outcome.warnings.push(
        `${app.reference}: the patch image keeps its layers under ${theirRoot}, the app under ${root}; its SBOM files for ${targetName(swap.target)} were not carried over`,
      );
    } else if (patch && theirs) {
      replacement.patch = {
        tar: await readTar(patch.store, theirs.descriptor, theirs.sha),
        dir: sbomDir(theirRoot, target),
      };
    }
    replacements.push(replacement);
  }
  const rewritten = rewriteSbomTar(appTar, replacements, app.reference);
  outcome.kept = [...rewritten.kept.values()].flatMap((files) => componentsOf(files) ?? []);
  for (const c of rewritten.changes) {
    const target = targetName(c.target.kind === 'launcher' ? { kind: 'launcher' } : c.target);
    if (c.missingInPatch && c.removed.length > 0) {
      outcome.warnings.push(
        `${app.reference}: the patch image has no SBOM for ${target}; its old SBOM files were removed`,
      );
    }
    const before = componentsOf(c.before);
    const after = componentsOf(c.after);
    outcome.components.set(target, { ...(before ? { before } : {}), ...(after ? { after } : {}) });
    outcome.layers.push({
      target,
      dir: c.dir,
      removed: c.removed,
      added: c.added,
      missingInPatch: c.missingInPatch,
      diff: diffSbomFiles(c.before, c.after) ?? null,
    });
  }
  if (!rewritten.changed) return outcome;
  const blob = gzipDeterministic(rewritten.tar);
  const descriptor: Descriptor = {
    mediaType: layerMediaTypeFor(MediaType.ociLayerGzip, familyOf(app.manifest.mediaType)),
    digest: sha256(blob),
    size: blob.length,
  };
  outcome.change = { layerIndex: own.index, descriptor, diffId: sha256(rewritten.tar), metadataKey: own.key };
  outcome.blob = blob;
  outcome.from = own.sha;
  return outcome;
}
