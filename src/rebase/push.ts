import { checkDeadline, withoutDeadline } from '../deadline.js';
import { TagMovedError } from '../errors.js';
import type { Log } from '../log.js';
import { silentLog } from '../log.js';
import type { Digest } from '../oci/digest.js';
import { formatReference, withDigest, type Reference } from '../oci/reference.js';
import { putBlobBytes, type ImageStore, type ManifestBytes } from '../oci/store.js';
import { copyBlob, type TransferMethod } from '../oci/transfer.js';
import { parseManifest, type ImageIndex, type ImageManifest } from '../oci/types.js';
import { patchImageFault } from './inspect-layer.js';
import { patchImageKey } from './plan.js';
import type { PushWork } from './work.js';
import { once } from '../memo.js';
import { mapBounded } from '../bounded.js';
import { withTagLocks } from '../tag-locks.js';

/** One place the result goes: a tag (moved only if it still holds `expected`) or a repository by digest. */
export interface PushTarget {
  ref: Reference;
  store: ImageStore;
  /** What the tag held when the plan was made; undefined: the tag did not exist. */
  expected?: Digest;
}

/** Everything the push needs, computed (and verified) before any byte is written. */
export interface PushPlan {
  appStore: ImageStore;
  work: PushWork[];
  /** The app's index, when the input was one. */
  index?: ImageIndex;
  final: ManifestBytes;
  targets: PushTarget[];
  /** Checks that finish only once the blobs are uploaded (layers verified in transit); before the commit. */
  verify?: () => Promise<void>;
  /**
   * Signs what is pushed, once every manifest is in every target by digest and before any tag moves:
   * a tag never names an image its admission policy would find unsigned. A failure leaves the tags.
   */
  sign?: () => Promise<void>;
}

export { TagMovedError };

export type PushOutcome = 'pushed' | 'already-there';

/**
 * Makes every blob and child manifest available in every target, then, at the single commit point,
 * moves the tags. Right before that, each tag is read again: if it no longer holds what the plan saw,
 * nothing is moved (the distribution API has no conditional PUT: one request's window remains).
 */
export async function pushImage(
  plan: PushPlan,
  log: Log,
  transfers: Record<TransferMethod, number>,
  uploads: UploadCache = new Map(),
): Promise<PushOutcome> {
  for (const target of plan.targets)
    for (const w of plan.work) await uploadPlatform(w, plan.appStore, target.store, log, transfers, uploads);
  // Layers verified in transit are judged before any manifest refers to them.
  await plan.verify?.();
  for (const target of plan.targets) {
    if (!plan.index) continue;
    for (const w of plan.work) await target.store.putManifest(w.rewritten?.manifest ?? w.before);
    if (target.store.name !== plan.appStore.name)
      await copyUntouchedChildren(plan.index, plan.work, plan.appStore, target.store);
  }
  if (plan.sign) {
    // The signed manifest is in place by digest (no tag names it yet) before its signatures refer to it.
    for (const target of plan.targets) await target.store.putManifest(plan.final);
    await plan.sign();
  }
  const tagged = plan.targets.filter((t) => t.ref.tag !== undefined);
  // Past this point nothing is cut off by the image's time limit: a tag move is never half-done.
  checkDeadline();
  return withoutDeadline(() =>
    withTagLocks(
      tagged.map((t) => `${t.store.name}:${t.ref.tag!}`),
      async () => {
        const now = await Promise.all(tagged.map((t) => t.store.headManifest(t.ref.tag!)));
        const moved = tagged.findIndex(
          (t, i) => now[i]?.digest !== t.expected && now[i]?.digest !== plan.final.digest,
        );
        if (moved >= 0)
          throw new TagMovedError(
            formatReference(tagged[moved]!.ref),
            tagged[moved]!.expected,
            now[moved]?.digest,
          );
        if (tagged.length > 0 && tagged.every((_t, i) => now[i]?.digest === plan.final.digest)) {
          log.info(`every tag already holds ${plan.final.digest} (another run pushed the same result)`);
          return 'already-there';
        }
        for (const target of plan.targets) {
          if (target.ref.tag !== undefined && now[tagged.indexOf(target)]?.digest === plan.final.digest)
            continue;
          // A store that can (a layout, under its lock) checks the tag again as it moves it.
          await target.store.putManifest(
            plan.final,
            target.ref.tag,
            target.ref.tag !== undefined ? { holds: target.expected } : undefined,
          );
          const shown = target.ref.tag ? target.ref : withDigest(target.ref, plan.final.digest);
          log.info(`pushed ${formatReference(shown)} → ${plan.final.digest}`);
        }
        return 'pushed';
      },
    ),
  );
}

/**
 * Makes every blob of one platform's new manifest available in the target: swapped layers from their
 * patch image, new run-image layers from the run image, the rewritten SBOM layer and config from
 * memory, and, for another repository, the app's own layers.
 */
/**
 * Blob transfers of one run by `repository@digest`: images of a fleet that share a repository and a
 * patch image upload (or mount) each new blob once; the others find it there.
 */
export type UploadCache = Map<string, Promise<TransferMethod>>;

/** Layers in flight at once per image: existence checks, mounts and copies overlap. */
const PARALLEL_BLOBS = 4;

async function uploadPlatform(
  w: PushWork,
  appStore: ImageStore,
  target: ImageStore,
  log: Log,
  transfers: Record<TransferMethod, number>,
  uploads: UploadCache,
): Promise<void> {
  const sameRepository = target.name === appStore.name;
  const sources = new Map<string, ImageStore>();
  const patchImageOf = new Map<string, string>();
  for (const swap of w.plan.swaps) {
    sources.set(swap.to.descriptor.digest, w.patchImages.get(patchImageKey(swap.patch))!.store);
    patchImageOf.set(swap.to.descriptor.digest, swap.patchImage.reference);
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
  const copies = manifest.layers.flatMap((layer) => {
    if (layer.digest === sbom?.digest) return [];
    const from = sources.get(layer.digest) ?? (sameRepository ? undefined : appStore);
    return from ? [{ from, layer }] : [];
  });
  const shared = async (digest: string, upload: () => Promise<TransferMethod>, counted = true) => {
    const key = `${target.name}@${digest}`;
    const first = !uploads.has(key);
    const method = await once(uploads, key, upload);
    if (counted) transfers[first ? method : 'exists']++;
  };
  await mapBounded(copies, PARALLEL_BLOBS, ({ from, layer }) => {
    const transit = w.inTransit?.get(layer.digest);
    const patchImage = patchImageOf.get(layer.digest);
    return shared(layer.digest, () =>
      copyBlob(from, target, layer, log, transit ? (s) => transit.tap(s) : undefined).catch((e: unknown) =>
        Promise.reject(patchImage ? patchImageFault(patchImage, e) : e),
      ),
    );
  });
  await Promise.all([
    sbom ? shared(sbom.digest, () => putBlobBytes(target, sbom.digest, sbom.bytes)) : undefined,
    w.rewritten
      ? shared(
          w.rewritten.config.digest,
          () => putBlobBytes(target, w.rewritten!.config.digest, w.rewritten!.config.bytes),
          false,
        )
      : !sameRepository
        ? shared(manifest.config.digest, () => copyBlob(appStore, target, manifest.config, log))
        : undefined,
  ]);
}

async function copyUntouchedChildren(
  index: ImageIndex,
  work: PushWork[],
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
