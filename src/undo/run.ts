import { mapBounded } from '../bounded.js';
import { withDeadline } from '../deadline.js';
import { UsageError } from '../errors.js';
import { heldLog, type Log } from '../log.js';
import type { CredentialResolver } from '../oci/registry/credentials.js';
import type { TransportOptions } from '../oci/registry/transport.js';
import { parseReference } from '../oci/reference.js';
import { Stores } from '../oci/stores.js';
import { emptyResult, type ImageResult, type RunResult } from '../result.js';
import { planProvenUndo, readHistory, undoImage, type UndoPlan } from './undo.js';
import type { PatchStep } from './history.js';
import { describeError } from '../errors.js';
import { checkImageReferences, DEFAULT_IMAGE_TIMEOUT_MS, registryHosts } from '../run.js';

/** What `undo` and `history` need: no patch sources, only the images and how to reach them. */
export interface UndoOptions {
  images: string[];
  dryRun: boolean;
  insecureRegistries: string[];
  concurrency: number;
  timeoutMs?: number;
  transport?: Partial<TransportOptions>;
  log: Log;
  credentials: CredentialResolver;
}

function storesOf(options: UndoOptions): Stores {
  return new Stores({
    credentials: options.credentials,
    log: options.log,
    insecureRegistries: registryHosts(options.insecureRegistries),
    ...(options.transport ? { transport: options.transport } : {}),
  });
}

/**
 * Undoes the newest patch of each image: the same concurrency, per-image atomicity, time limit and
 * result as a patch run (status `restored`; `unchanged` for an image this tool never patched).
 */
export async function undoImages(options: UndoOptions): Promise<RunResult> {
  const started = Date.now();
  if (options.images.length === 0)
    throw new UsageError('no image given: set the "image" input (one reference per line)');
  checkImageReferences(options.images);
  for (const image of options.images) {
    const ref = parseReference(image);
    if (ref.tag === undefined || ref.digest !== undefined)
      throw new UsageError(`${image}: undo moves a tag back; give the tag (repository:tag), not a digest`);
  }
  const stores = storesOf(options);
  const logs = options.images.map(() => heldLog(options.log));
  const timeoutMs = options.timeoutMs ?? DEFAULT_IMAGE_TIMEOUT_MS;
  const images = await mapBounded(
    options.images.map((image, i) => ({ image, log: logs[i]! })),
    Math.max(1, options.concurrency),
    ({ image, log }) =>
      withDeadline(timeoutMs, () => undoImage(image, { stores, log, dryRun: options.dryRun })).catch(
        (error: unknown): ImageResult => ({
          ...emptyResult(image),
          error: { code: (error as { code?: string }).code ?? 'internal', message: describeError(error) },
        }),
      ),
  );
  for (const [i, result] of images.entries()) {
    const log = logs[i]!;
    if (result.error) log.info(`${result.input}: ${result.status}: ${result.error.message}`);
    // The note starts with what happened: `restored sha256:…: jre 17.0.10 back to 17.0.9`.
    else log.info(`${result.input}: ${result.note ?? `${result.status} ${result.digest ?? ''}`}`);
    await log.replay(`layer-rebase undo ${result.input}`);
  }
  return {
    dryRun: options.dryRun,
    undo: true,
    startedAt: new Date(started).toISOString(),
    images,
    warnings: [],
    patchCount: 0,
    sources: [],
    durationMs: Date.now() - started,
  };
}

/** One image's history, newest patch first, and whether an undo is possible now. */
export interface ImageHistory {
  image: string;
  digest: string;
  kind: 'image' | 'index';
  platforms: { platform: string; digest: string; patches: (PatchStep & { newest: boolean })[] }[];
  undo: { possible: boolean; restores: string | null; reason: string };
}

export async function imageHistory(input: string, options: UndoOptions): Promise<ImageHistory> {
  checkImageReferences([input]);
  const stores = storesOf(options);
  const h = await readHistory(input, stores);
  let plan: UndoPlan | undefined;
  let reason: string;
  try {
    plan = await planProvenUndo(h, stores, options.log);
    reason = plan.kind === 'nothing' ? plan.reason : `undo restores ${plan.previous.digest}`;
  } catch (error) {
    reason = describeError(error);
  }
  return {
    image: h.shown,
    digest: h.top.digest,
    kind: h.index ? 'index' : 'image',
    platforms: h.platforms.map((p) => ({
      platform: p.platform,
      digest: p.manifest,
      patches: [...p.steps].reverse().map((s, i) => ({ ...s, newest: i === 0 })),
    })),
    undo: {
      possible: plan?.kind === 'restore',
      restores: plan?.kind === 'restore' ? plan.previous.digest : null,
      reason,
    },
  };
}
