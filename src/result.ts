import type { Digest } from './oci/digest.js';
import type { TransferMethod } from './oci/transfer.js';
import type { Plan } from './rebase/types.js';
import type { SbomLayerReport } from './rebase/sbom-step.js';
import type { PlatformVulnerabilities } from './vulns/assess.js';
import type { ImageVulnerabilities } from './vulns/image.js';
import type { ImageSigning } from './signing/sign-image.js';

export interface SbomResult {
  /** Index of the SBOM layer, null when it did not change. */
  layerIndex: number | null;
  from: Digest | null;
  to: Digest | null;
  layers: SbomLayerReport[];
}

/**
 * `partial`: `force` left a platform unpatched (its patch image lacks it) while others were patched
 * (or would be); never reported as plain `patched`. `skipped`: there was something to patch, but
 * `require-fix` left the image as it is (the note says why); not a failure. `restored`: `undo` moved the
 * tag back to the image the last patch replaced.
 */
export type ImageStatus =
  'restored' | 'patched' | 'partial' | 'unchanged' | 'skipped' | 'planned' | 'refused' | 'failed';

/** Every status, in the order totals list them. */
export const IMAGE_STATUSES: ImageStatus[] = [
  'restored',
  'patched',
  'partial',
  'planned',
  'unchanged',
  'skipped',
  'refused',
  'failed',
];

export interface PlatformResult {
  platform: string;
  digestBefore: Digest;
  /** The new per-platform manifest digest (equal to digestBefore when nothing changed). */
  digestAfter: Digest;
  plan: Plan;
  sbom?: SbomResult;
  /** What the vulnerability reports say this platform's plan fixes (when reports were given). */
  vulnerabilities?: PlatformVulnerabilities;
}

export interface ImageResult {
  input: string;
  status: ImageStatus;
  /** True only when something was pushed. */
  changed: boolean;
  digestBefore?: Digest;
  /** The result's digest: pushed, or what a dry run would push. */
  digest?: Digest;
  /** `repository@digest` of the result. */
  result?: string;
  /** References the result was (or in a dry run would be) pushed to. */
  tags: string[];
  platforms: PlatformResult[];
  warnings: string[];
  /** The vulnerability report files that describe this image (when reports were given). */
  reports?: string[];
  /** What the image as a whole fixes: every platform must (when reports were given). */
  vulnerabilities?: ImageVulnerabilities;
  /** Why an image with something to patch was left as it is (`skipped`). */
  note?: string;
  /** Signatures and attestations of the replaced digest, which do not cover the new one. */
  signatures?: string[];
  /** With signing on: who signs, which manifests, and where each signature was stored (none in a dry run). */
  signing?: ImageSigning;
  error?: { code: string; message: string };
  transfers: Record<TransferMethod, number>;
  durationMs: number;
}

export interface RunResult {
  dryRun: boolean;
  /** An undo run (`undo: true`, `layer-rebase undo`): tags moved back, nothing patched. */
  undo?: boolean;
  /** When the run started (ISO 8601): the VEX document's timestamp. */
  startedAt: string;
  /** The vulnerability report files read, when any were given. */
  vulnerabilityReports?: string[];
  images: ImageResult[];
  warnings: string[];
  patchCount: number;
  sources: string[];
  durationMs: number;
  /** Builder layers downloaded to find buildpack.toml files. */
  builderDownloads?: number;
}

/** An image's result before anything is known: failed until shown otherwise. */
export function emptyResult(input: string): ImageResult {
  return {
    input,
    status: 'failed',
    changed: false,
    tags: [],
    platforms: [],
    warnings: [],
    transfers: emptyTransfers(),
    durationMs: 0,
  };
}

export function emptyTransfers(): Record<TransferMethod, number> {
  return { exists: 0, mounted: 0, copied: 0 };
}

/** Whether an image's swaps are in a pushed image: what a VEX may state as fixed. */
export function isPushed(image: Pick<ImageResult, 'status' | 'changed'>): boolean {
  return image.changed && (image.status === 'patched' || image.status === 'partial');
}

/** Whether an image's planned swaps are in what was pushed (or would be, in a dry run). */
export function isApplied(image: Pick<ImageResult, 'status'>): boolean {
  return image.status === 'patched' || image.status === 'partial' || image.status === 'planned';
}
