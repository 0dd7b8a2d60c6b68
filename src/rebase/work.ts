import type { Readable } from 'node:stream';
import type { ImageStore, ManifestBytes } from '../oci/store.js';
import type { Descriptor } from '../oci/types.js';
import type { RewrittenImage } from './rewrite.js';
import type { SbomOutcome } from './sbom-step.js';
import type { AppImage, Plan, ResolvedPatchImage } from './types.js';

/** One platform image of the app, before and after: what the engine plans and the push writes. */
export interface PlatformWork {
  /** The entry in the app's index, when the input was one. */
  descriptor?: Descriptor;
  before: ManifestBytes;
  app: AppImage;
  plan: Plan;
  /** Resolved patch images by patchImageKey, with the store to copy their layers from. */
  patchImages: Map<string, { image: ResolvedPatchImage; store: ImageStore }>;
  sbom?: SbomOutcome;
  rewritten?: RewrittenImage;
  /** Where the new run image's layers come from (run-image rebase). */
  runStore?: ImageStore;
  /** Patch layers verified while they are copied to another registry, by layer digest. */
  inTransit?: Map<string, InTransit>;
}

/** A patch layer checked in the same pass as its copy: `tap` sees the copy's bytes; `settle` judges. */
export interface InTransit {
  tap(stream: Readable): Readable;
  settle(): Promise<void>;
}

/**
 * What the push needs of a platform: held for every image of a fleet between planning and pushing, so
 * it leaves out the parsed config and labels (tens of kB per real image) and the SBOM components.
 */
export type PushWork = Pick<
  PlatformWork,
  'descriptor' | 'before' | 'plan' | 'patchImages' | 'rewritten' | 'runStore' | 'inTransit'
> & {
  app: Pick<AppImage, 'manifest'>;
  sbom?: Pick<SbomOutcome, 'change' | 'blob'>;
};

export function forPush(w: PlatformWork): PushWork {
  return {
    ...(w.descriptor ? { descriptor: w.descriptor } : {}),
    before: w.before,
    plan: w.plan,
    patchImages: w.patchImages,
    ...(w.rewritten ? { rewritten: w.rewritten } : {}),
    ...(w.runStore ? { runStore: w.runStore } : {}),
    ...(w.inTransit ? { inTransit: w.inTransit } : {}),
    app: { manifest: w.app.manifest },
    ...(w.sbom
      ? {
          sbom: {
            ...(w.sbom.change ? { change: w.sbom.change } : {}),
            ...(w.sbom.blob ? { blob: w.sbom.blob } : {}),
          },
        }
      : {}),
  };
}
