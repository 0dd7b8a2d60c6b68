import type { Log } from '../log.js';
import type { Digest } from '../oci/digest.js';
import type { Stores } from '../oci/stores.js';
import type { Platform } from '../oci/types.js';
import type { Patch, PatchFile } from '../patches/types.js';
import type { SigningOptions } from '../signing/sign-image.js';
import type { Severity, VulnerabilityReport } from '../vulns/reports.js';
import type { UploadCache } from './push.js';
import type { RecordFormat } from './rewrite.js';
import type { PatchImageResolver } from './resolve.js';
import type { TarReader } from './sbom-step.js';
import type { SignatureLookups } from '../signing/lookups.js';

/** What the engine is given for a run: where images are, the patches, and how careful to be. Its own file: the engine's steps read it too. */
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
  /** Vulnerability reports (Trivy, Grype) to tell what each plan fixes; undefined: none given. */
  reports?: VulnerabilityReport[];
  /** Patch an image only when its plan fixes a vulnerability of this severity or above. */
  requireFix?: Severity;
  /** What the run learnt while looking for signatures of replaced digests (tag lists, referrers API). */
  signatureLookups?: SignatureLookups;
  /** Sign every pushed manifest before the tags move. */
  signing?: SigningOptions;
  /** When the run started: the signatures' creation time. */
  startedAt?: string;
  /**
   * `verify` re-derives one platform manifest of an index on its own: the label must still record the
   * index it replaced, as the run that made it did.
   */
  recordReplacedIndex?: Digest;
  /** `verify` re-derives records in the format of those it reads; a run writes today's. */
  recordFormat?: RecordFormat;
}

export type PublishedFiles = (
  buildpacks: { key: string; version: string }[],
  platform: Platform,
) => Promise<{ files: PatchFile[]; warnings: string[] }>;
