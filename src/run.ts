import { InvalidReferenceError, LayerRebaseError, UsageError } from './errors.js';
import { parseReference } from './oci/reference.js';
import { mapBounded } from './bounded.js';
import { withDeadline } from './deadline.js';
import { heldLog, type Log } from './log.js';
import type { CredentialResolver } from './oci/registry/credentials.js';
import type { TransportOptions } from './oci/registry/transport.js';
import { Stores } from './oci/stores.js';
import { BuilderReader } from './cnb/builder.js';
import { PatchFileFetcher } from './patches/fetch.js';
import {
  loadBuilderFiles,
  loadBuildpackTomlFiles,
  loadPatchFiles,
  type SourceContext,
} from './patches/sources.js';
import { SCOPE_VIOLATION } from './patches/scope.js';
import type { PatchFile } from './patches/types.js';
import { selectsNothing } from './patches/unselected.js';
import { logLines } from './report/log-lines.js';
import type { RunResult } from './result.js';
import { patchImageReaders } from './rebase/readers.js';
import { loadVulnerabilityReports } from './vulns/load.js';
import { signatureLookups } from './signing/lookups.js';
import type { Severity } from './vulns/reports.js';
import type { SigningOptions } from './signing/sign-image.js';
import { commitImage, prepareImage, type EngineOptions, type PublishedFiles } from './rebase/engine.js';

/** Everything a run needs, from the action inputs or the CLI flags; no globals below this point. */
export interface RunOptions {
  images: string[];
  patches: string[];
  /** buildpack.toml files, directories or globs whose `[layer-patch]` entries publish patch files. */
  buildpacks: string[];
  /** Builder or buildpackage images to read the app's buildpacks' buildpack.toml from. */
  builders: string[];
  tags: string[];
  /** '' (no run-image rebase), 'auto', or a run image reference. */
  runImage: string;
  force: boolean;
  dryRun: boolean;
  insecureRegistries: string[];
  concurrency: number;
  /** Time limit for everything one image does, in ms (default 10 minutes). */
  timeoutMs?: number;
  /** Trivy or Grype JSON reports (paths or globs) to tell which vulnerabilities each plan fixes. */
  vulnerabilityReports?: string[];
  /** Patch an image only when its plan fixes a vulnerability of this severity or above. */
  requireFix?: Severity;
  /** Sign every pushed manifest before the tags move. */
  signing?: SigningOptions;
  /** Directory of the persistent caches (patch image content, verdicts); undefined: none. */
  cacheDir?: string;
  /** Keep and use verdicts on patch layers in cacheDir (default true); the content cache is kept either way. */
  verifiedCache?: boolean;
  /** Transport settings (timeouts, request events): for tests and the benchmark. */
  transport?: Partial<TransportOptions>;
  cwd: string;
  /** The action's workspace: a local patch file in it is recorded (provenance label) relative to it. */
  workspace?: string;
  log: Log;
  credentials: CredentialResolver;
}

export const DEFAULT_IMAGE_TIMEOUT_MS = 10 * 60 * 1000;

/** `http://host:port/` as well as `host:port`: people paste registry URLs. */
export function registryHosts(entries: string[]): string[] {
  return entries.map((r) => r.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, ''));
}

/**
 * Every reference is checked before anything is read: a malformed one is a usage mistake that stops the
 * run (exit 2 in the CLI), not one failed image among the others.
 */
export function checkImageReferences(entries: string[], input?: string): void {
  for (const entry of entries) {
    try {
      parseReference(entry);
    } catch (error) {
      if (!(error instanceof InvalidReferenceError)) throw error;
      throw new UsageError(input ? `${input}: ${error.message}` : error.message);
    }
  }
}

export async function rebaseImages(options: RunOptions): Promise<RunResult> {
  const { log } = options;
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  if (options.images.length === 0)
    throw new UsageError('no image given: set the "image" input (one reference per line)');
  if (options.tags.length > 0 && options.images.length > 1) {
    throw new UsageError(
      '"tags" can only be used with a single image; with several images each goes back to its own tag',
    );
  }
  checkImageReferences(options.images);
  checkImageReferences(options.tags, 'tags');
  const reportEntries = options.vulnerabilityReports ?? [];
  if (options.requireFix && reportEntries.length === 0) {
    throw new UsageError(
      "require-fix needs vulnerability-reports: give the scanner's JSON report of each image (Trivy --format json, Grype -o json), or drop require-fix",
    );
  }
  if (options.runImage && options.runImage !== 'auto') {
    try {
      parseReference(options.runImage);
    } catch (error) {
      throw new UsageError(`run-image: ${(error as Error).message}`);
    }
  }
  const insecureRegistries = registryHosts(options.insecureRegistries);
  const stores = new Stores({
    credentials: options.credentials,
    log,
    insecureRegistries,
    ...(options.transport ? { transport: options.transport } : {}),
  });
  const ctx: SourceContext = {
    cwd: options.cwd,
    ...(options.workspace ? { workspace: options.workspace } : {}),
    log,
    fetcher: new PatchFileFetcher({ log }),
  };
  // Lifecycle applies a file's patches in order, so the later of two that select one layer is what
  // the image ends with. Buildpack-published files come first and explicit ones last, each in the
  // order given: an explicit patch overrides a published one.
  const explicit = await loadPatchFiles(options.patches, ctx);
  const files: PatchFile[] = [...(await loadBuildpackTomlFiles(options.buildpacks, ctx)), ...explicit];
  // Reports are read and checked before anything else happens: a malformed one stops the run here.
  const scanned =
    options.vulnerabilityReports && options.vulnerabilityReports.length > 0
      ? await loadVulnerabilityReports(options.vulnerabilityReports, options.cwd)
      : undefined;
  if (options.requireFix && scanned?.reports.length === 0) {
    throw new UsageError(
      `require-fix: vulnerability-reports ${reportEntries.map((e) => `"${e}"`).join(', ')} found no report, so every image would be left as it is: check the paths (did the scan step run?), or drop require-fix`,
    );
  }
  for (const w of scanned?.warnings ?? []) log.warning(w);
  const patches = files.flatMap((f) => f.patches);
  const { resolver, readTar } = patchImageReaders(
    stores,
    log,
    options.cacheDir,
    options.verifiedCache !== false,
  );
  const reader = new BuilderReader(stores, log);
  const published: PublishedFiles | undefined =
    options.builders.length === 0
      ? undefined
      : (buildpacks, platform) => loadBuilderFiles(reader, options.builders, buildpacks, platform, ctx);

  const warnings = [...files.flatMap((f) => f.warnings), ...(scanned?.warnings ?? [])];
  if (patches.length === 0 && !published && !options.runImage) {
    const warning = 'no patches, builders or run image given: every image is left as it is';
    log.warning(warning);
    warnings.push(warning);
  }

  const engine: EngineOptions = {
    stores,
    resolver,
    patches,
    log,
    force: options.force,
    dryRun: options.dryRun,
    tags: options.tags,
    readTar,
    ...(published ? { published } : {}),
    runImage: options.runImage,
    uploads: new Map(),
    signatureLookups: signatureLookups(),
    ...(options.signing ? { signing: options.signing } : {}),
    startedAt,
    ...(scanned || options.requireFix ? { reports: scanned?.reports ?? [] } : {}),
    ...(options.requireFix ? { requireFix: options.requireFix } : {}),
  };
  const limit = Math.max(1, options.concurrency);
  const timeoutMs = options.timeoutMs ?? DEFAULT_IMAGE_TIMEOUT_MS;
  // Phase 1 reads, plans and verifies every image; nothing is written until all are done, so that a
  // scope violation found in any image (a published patch writing outside its layer) stops the run
  // with nothing pushed anywhere.
  const logs = options.images.map(() => heldLog(log));
  const prepared = await mapBounded(
    options.images.map((image, i) => ({ image, log: logs[i]! })),
    limit,
    ({ image, log: imageLog }) =>
      withDeadline(timeoutMs, () => prepareImage(image, { ...engine, log: imageLog })),
  );
  for (const report of scanned?.reports ?? []) {
    if (prepared.some((p) => p.result.reports?.includes(report.file))) continue;
    const names = [report.imageId, ...report.manifestDigests].filter(Boolean).join(', ');
    const warning = `vulnerability report ${report.file} describes none of the input images (it names ${names || 'no image digest'}); it was not used`;
    log.warning(warning);
    warnings.push(warning);
  }
  const violation = prepared.find((p) => p.result.error?.code === SCOPE_VIOLATION);
  if (violation) throw new LayerRebaseError(SCOPE_VIOLATION, violation.result.error!.message);
  // Phase 2: each image's push, ending at its commit point (the tag check, then the tags).
  const results = await mapBounded(
    prepared.map((p, i) => ({ p, log: logs[i]! })),
    limit,
    // The time an image spent being planned counts against its limit; waiting for the others does not.
    ({ p, log: imageLog }) =>
      withDeadline(timeoutMs - p.result.durationMs, () => commitImage(p, { ...engine, log: imageLog })),
  );
  for (const [i, result] of results.entries()) {
    const imageLog = logs[i]!;
    for (const w of result.warnings) log.warning(w);
    for (const line of logLines(result, options.dryRun)) imageLog.info(line);
    await imageLog.replay(`layer-rebase ${result.input}`);
  }
  // A patch that selects nothing in any image is most likely a typo: said once, for the whole run.
  const explicitPatches = explicit.flatMap((f) => f.patches);
  for (const w of selectsNothing(results, explicitPatches)) {
    log.warning(w);
    warnings.push(w);
  }
  return {
    dryRun: options.dryRun,
    startedAt,
    ...(scanned ? { vulnerabilityReports: scanned.reports.map((r) => r.file) } : {}),
    images: results,
    warnings,
    patchCount: patches.length,
    sources: files.map((f) => f.source.location),
    builderDownloads: reader.downloads,
    durationMs: Date.now() - started,
  };
}
