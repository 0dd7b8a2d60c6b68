import {
  APPLIED_PATCHES_LABEL,
  BUILD_METADATA_LABEL,
  LIFECYCLE_METADATA_LABEL,
  type BuildMetadata,
  type LayerMetadata,
  type LifecycleMetadata,
  legacyBomOf,
} from '../cnb/metadata.js';
import { stringifyLike } from '../json-merge.js';
import { configText } from '../oci/config.js';
import { sha256, type Digest } from '../oci/digest.js';
import type { ManifestBytes } from '../oci/store.js';
import type { Descriptor, ImageConfig, ImageManifest } from '../oci/types.js';
import { describeSelector, type PatchSource } from '../patches/types.js';
import { BASE_LABEL_PREFIXES } from './run-image.js';
import type { LayerSwap, Plan } from './types.js';
import { targetName } from './types.js';
import { VERSION } from '../version.js';

/** One entry of the provenance label: what was swapped, by which patch, from where. */
export interface AppliedRecord {
  target: string;
  source: string;
  selector: string;
  patchImage: string;
  from: Digest;
  to: Digest;
  fromVersion?: string;
  toVersion?: string;
  /**
   * The patch's data selectors exactly (dot path -> glob), when it had any: `selector` is for people, and a
   * glob may hold `, ` or `=`; `verify` rebuilds the patch from this.
   */
  data?: Record<string, string>;
  /**
   * The `buildpacks[]` entry of the lifecycle label whose layer was swapped, by position: two entries may
   * share an id, and the target's name alone does not say which one changed.
   */
  position?: number;
  /** The image this patch replaced (undo moves the tag back to it): its manifest and, for an index, the index. */
  replaced?: Replaced;
  /** The release that wrote the record (`layer-rebase 1.1.0`): a re-derivation writes the same. */
  tool?: string;
}

/**
 * How records are written. A run writes today's format; `verify` writes the format of the records it
 * re-derives, so that a label written by an earlier release (no `position`, no `tool`) is reproduced byte
 * for byte, and one written by another release names that release.
 */
export interface RecordFormat {
  /** `layer-rebase X.Y.Z`, or undefined for records written before the tool recorded itself. */
  tool?: string;
  /** Whether layer records carry their `buildpacks[]` position. */
  positions: boolean;
}

export const CURRENT_RECORD_FORMAT: RecordFormat = { tool: `layer-rebase ${VERSION}`, positions: true };

export interface Replaced {
  manifest: Digest;
  index?: Digest;
}

/** Any extra layer the apply step rewrote itself (the SBOM layer), swapped in at its index. */
export interface ExtraLayerChange {
  layerIndex: number;
  descriptor: Descriptor;
  diffId: Digest;
  /** Which `{sha}` record of the lifecycle label points at it. */
  metadataKey: 'sbom' | 'bom';
}

export interface RewrittenImage {
  config: { bytes: Buffer; digest: Digest };
  manifest: ManifestBytes;
}

const LAYER_METADATA_KEYS = ['sha', 'data', 'build', 'launch', 'cache'];

/** A patch file as the label records it: local files by canonical name and sha256, URLs without their query. */
function recordedSource(source: PatchSource): string {
  const name = source.recorded ?? source.location;
  return source.buildpack ? `${name} (buildpack ${source.buildpack})` : name;
}

/**
 * A patch image as the label records it: the reference it was given and the manifest used, by digest
 * (`ghcr.io/acme/jre:17@sha256:…`; an index pinned by digest keeps its own: `…@sha256:index@sha256:child`).
 * A reference already pinned to that very manifest is not pinned twice.
 */
export function pinned(reference: string, digest: string): string {
  return reference.endsWith(`@${digest}`) ? reference : `${reference}@${digest}`;
}

export function appliedRecord(
  swap: LayerSwap,
  replaced?: Replaced,
  format: RecordFormat = CURRENT_RECORD_FORMAT,
): AppliedRecord {
  return {
    target: targetName(swap.target),
    source: recordedSource(swap.patch.source),
    selector: describeSelector(swap.patch),
    patchImage: pinned(swap.patchImage.reference, swap.patchImage.digest),
    from: swap.from.diffId,
    to: swap.to.diffId,
    ...(swap.from.version ? { fromVersion: swap.from.version } : {}),
    ...(swap.to.version ? { toVersion: swap.to.version } : {}),
    ...(swap.patch.kind === 'layer' && Object.keys(swap.patch.data).length > 0
      ? { data: { ...swap.patch.data } }
      : {}),
    ...(format.positions && swap.target.kind === 'layer' ? { position: swap.target.index } : {}),
    ...(replaced ? { replaced } : {}),
    ...(format.tool ? { tool: format.tool } : {}),
  };
}

/** The layer record of the patch image over the app's: the patch's values win, other keys are kept. */
function mergeLayerMetadata(current: LayerMetadata, offered: LayerMetadata): LayerMetadata {
  const out: Record<string, unknown> = { ...current };
  for (const key of LAYER_METADATA_KEYS) if (!(key in offered)) delete out[key];
  for (const [key, value] of Object.entries(offered)) out[key] = structuredClone(value);
  return out as LayerMetadata;
}

/**
 * The new config and manifest for a plan: pure, deterministic (no timestamps, stable key order),
 * editing the parsed originals so that unknown fields survive. Layers are replaced in place: same
 * index in `layers`, `rootfs.diff_ids` and history.
 */
export function rewriteImage(
  plan: Plan,
  manifest: ImageManifest,
  config: ImageConfig,
  extra: ExtraLayerChange[] = [],
  replaced?: Replaced,
  format: RecordFormat = CURRENT_RECORD_FORMAT,
): RewrittenImage {
  const newConfig = structuredClone(config);
  const newManifest = structuredClone(manifest);
  const labels = { ...(newConfig.config?.Labels ?? {}) };
  const lifecycle = JSON.parse(labels[LIFECYCLE_METADATA_LABEL] ?? '{}') as LifecycleMetadata;
  const build = labels[BUILD_METADATA_LABEL]
    ? (JSON.parse(labels[BUILD_METADATA_LABEL]) as BuildMetadata)
    : undefined;

  for (const swap of plan.swaps) {
    newManifest.layers[swap.layerIndex] = structuredClone(swap.to.descriptor);
    newConfig.rootfs.diff_ids[swap.layerIndex] = swap.to.diffId;
    if (
      swap.historyIndex !== undefined &&
      swap.to.createdBy !== undefined &&
      newConfig.history?.[swap.historyIndex]
    ) {
      newConfig.history[swap.historyIndex]!.created_by = swap.to.createdBy;
    }
    if (swap.target.kind === 'launcher') {
      lifecycle.launcher = { ...(lifecycle.launcher ?? {}), sha: swap.to.diffId };
      if (build?.launcher && swap.to.version !== undefined) build.launcher.version = swap.to.version;
      continue;
    }
    const { buildpack, layer, index } = swap.target;
    // The entry the plan matched, by position: two entries may share an id.
    const bp = lifecycle.buildpacks?.[index]?.key === buildpack ? lifecycle.buildpacks[index] : undefined;
    if (!bp?.layers?.[layer] || !swap.to.metadata) continue;
    bp.layers[layer] = mergeLayerMetadata(bp.layers[layer], swap.to.metadata);
    if (swap.to.legacyBom && Array.isArray(build?.bom))
      build.bom = replaceLegacyBom(build.bom, buildpack, swap.to.legacyBom);
    if (swap.to.buildpackVersion !== undefined && swap.to.buildpackVersion !== bp.version) {
      bp.version = swap.to.buildpackVersion;
      for (const entry of build?.buildpacks ?? [])
        if (entry.id === buildpack) entry.version = swap.to.buildpackVersion;
    }
  }
  for (const change of extra) {
    newManifest.layers[change.layerIndex] = structuredClone(change.descriptor);
    newConfig.rootfs.diff_ids[change.layerIndex] = change.diffId;
    lifecycle[change.metadataKey] = { ...(lifecycle[change.metadataKey] ?? {}), sha: change.diffId };
  }

  const runImage = plan.runImage?.status === 'rebase' ? plan.runImage.change : undefined;
  if (runImage) {
    // Last, because it shifts every index above the old base: the swaps above used the original ones.
    newManifest.layers = [
      ...structuredClone(runImage.layers),
      ...newManifest.layers.slice(runImage.topIndex + 1),
    ];
    newConfig.rootfs.diff_ids = [
      ...runImage.diffIds,
      ...newConfig.rootfs.diff_ids.slice(runImage.topIndex + 1),
    ];
    if (runImage.historyEnd !== undefined && newConfig.history) {
      newConfig.history = [
        ...structuredClone(runImage.history),
        ...newConfig.history.slice(runImage.historyEnd + 1),
      ];
    }
    newConfig.os = runImage.platform.os;
    newConfig.architecture = runImage.platform.architecture;
    if (runImage.platform.variant) newConfig.variant = runImage.platform.variant;
    else delete newConfig.variant;
    if (runImage.platform['os.version']) newConfig['os.version'] = runImage.platform['os.version'];
    else delete newConfig['os.version'];
    for (const key of Object.keys(labels))
      if (BASE_LABEL_PREFIXES.some((p) => key.startsWith(p))) delete labels[key];
    Object.assign(labels, runImage.baseLabels);
    lifecycle.runImage = {
      ...(lifecycle.runImage ?? {}),
      topLayer: runImage.topLayer,
      reference: runImage.reference,
    };
  }

  // Untouched values keep their bytes (20-digit integers, `1.0`, Go's escapes): only edits are re-encoded.
  const original = config.config?.Labels ?? {};
  labels[LIFECYCLE_METADATA_LABEL] = stringifyLike(
    original[LIFECYCLE_METADATA_LABEL] ?? '{}',
    lifecycle,
    `label ${LIFECYCLE_METADATA_LABEL}`,
  );
  if (build)
    labels[BUILD_METADATA_LABEL] = stringifyLike(
      original[BUILD_METADATA_LABEL]!,
      build,
      `label ${BUILD_METADATA_LABEL}`,
    );
  const previous = parseApplied(labels[APPLIED_PATCHES_LABEL]);
  const records: AppliedRecord[] = plan.swaps.map((s) => appliedRecord(s, replaced, format));
  if (runImage && plan.runImage?.from.topLayer) {
    records.push({
      target: 'run-image',
      source: 'run-image',
      selector: 'run-image',
      patchImage: runImage.reference,
      from: plan.runImage.from.topLayer,
      to: runImage.topLayer,
      ...(replaced ? { replaced } : {}),
      ...(format.tool ? { tool: format.tool } : {}),
    });
  }
  labels[APPLIED_PATCHES_LABEL] = JSON.stringify([...previous, ...records]);
  newConfig.config = { ...(newConfig.config ?? {}), Labels: labels };

  const text = configText(config);
  const configBytes = Buffer.from(
    text ? stringifyLike(text, newConfig, 'image config') : JSON.stringify(newConfig),
  );
  const configDigest = sha256(configBytes);
  newManifest.config = { ...newManifest.config, digest: configDigest, size: configBytes.length };
  const manifestBytes = Buffer.from(JSON.stringify(newManifest));
  return {
    config: { bytes: configBytes, digest: configDigest },
    manifest: { bytes: manifestBytes, mediaType: newManifest.mediaType, digest: sha256(manifestBytes) },
  };
}

export function parseApplied(text: string | undefined): unknown[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

/** The legacy BOM with one buildpack's entries replaced, in place of the first of them. */
function replaceLegacyBom(bom: unknown[], buildpack: string, entries: unknown[]): unknown[] {
  const own = new Set(legacyBomOf({ bom }, buildpack));
  const at = bom.findIndex((e) => own.has(e));
  const rest = bom.filter((e) => !own.has(e));
  rest.splice(at < 0 ? rest.length : at, 0, ...structuredClone(entries));
  return rest;
}
