import type { BuildMetadata, LayerMetadata, LifecycleMetadata } from '../cnb/metadata.js';
import type { Digest } from '../oci/digest.js';
import type { Descriptor, HistoryEntry, ImageConfig, ImageManifest, Platform } from '../oci/types.js';
import type { MatchTarget, Override, Unmatched } from '../patches/match.js';
import type { Patch } from '../patches/types.js';

/** The app image for one platform, as read from its store. */
export interface AppImage {
  /** What the user wrote, for messages. */
  reference: string;
  manifestDigest: Digest;
  manifest: ImageManifest;
  config: ImageConfig;
  metadata: LifecycleMetadata;
  buildMetadata: BuildMetadata | undefined;
}

/** A patch image resolved for the app's platform. */
export interface ResolvedPatchImage {
  status: 'resolved';
  /** The reference that answered: the primary or a mirror. */
  reference: string;
  digest: Digest;
  manifest: ImageManifest;
  config: ImageConfig;
  metadata: LifecycleMetadata;
  buildMetadata: BuildMetadata | undefined;
}

export interface MissingPlatform {
  status: 'missing-platform';
  reference: string;
  available: string[];
}

export type PatchImageResolution = ResolvedPatchImage | MissingPlatform;

export interface LayerSide {
  descriptor: Descriptor;
  diffId: Digest;
  /** The layer metadata in the lifecycle label (absent for the launcher). */
  metadata?: LayerMetadata;
  /** A human version read from the layer data (`artifact.version`, `version`) or the launcher's build metadata. */
  version?: string;
  buildpackVersion?: string;
  createdBy?: string;
  /** The patch image's legacy BOM entries for this buildpack, to replace the app's (older lifecycles). */
  legacyBom?: unknown[];
}

export interface LayerSwap {
  target: MatchTarget;
  patch: Patch;
  layerIndex: number;
  historyIndex: number | undefined;
  from: LayerSide;
  to: LayerSide;
  patchImage: { requested: string; reference: string; digest: Digest };
  /** Swapped although the layer did not opt in (`force`). */
  forced: boolean;
}

export interface Decision {
  target: MatchTarget;
  patch: Patch;
  reason: string;
}

export interface Plan {
  image: string;
  platform: Platform;
  swaps: LayerSwap[];
  /** Nothing to do for this target (already current, platform missing). */
  skipped: Decision[];
  /** Safety rules or broken inputs that stop the whole image. */
  refused: Decision[];
  /** Selected, but left as they are because the patch image lacks this platform and force is set. */
  unpatched: Decision[];
  overrides: Override[];
  /** Patches that selected nothing in this image, with the reason where it is knowable. */
  unmatched: Unmatched[];
  warnings: string[];
  /** The run-image rebase planned with the layer swaps (`run-image` input), if any. */
  runImage?: RunImagePlan;
}

export function targetName(
  target: { kind: 'layer'; buildpack: string; layer: string } | { kind: 'launcher' },
): string {
  return target.kind === 'launcher' ? 'launcher' : `${target.buildpack}/${target.layer}`;
}

export type { ImageConfig };

/** ` 17.0.8 → 17.0.9` (`?` for a side without a version), or '' when neither side has one. */
export function versionWords(swap: Pick<LayerSwap, 'from' | 'to'>): string {
  if (!swap.from.version && !swap.to.version) return '';
  return ` ${swap.from.version ?? '?'} → ${swap.to.version ?? '?'}`;
}

export interface RunImageChange {
  /** Index of the old base's top layer in the app image: layers 0..topIndex are the old base. */
  topIndex: number;
  /** History entries 0..historyEnd belong to the old base (undefined: history could not be mapped). */
  historyEnd: number | undefined;
  layers: Descriptor[];
  diffIds: Digest[];
  history: HistoryEntry[];
  platform: Pick<ImageConfig, 'os' | 'architecture' | 'variant' | 'os.version'>;
  baseLabels: Record<string, string>;
  topLayer: Digest;
  /** `repository@digest` of the new run image, for runImage.reference. */
  reference: string;
}

export interface RunImagePlan {
  status: 'rebase' | 'current' | 'refused';
  reason?: string;
  forced: boolean;
  warnings: string[];
  from: { reference: string | null; topLayer: Digest | null; layers: number };
  to: { reference: string; digest: Digest; topLayer: Digest | null; layers: number } | null;
  change?: RunImageChange;
}
