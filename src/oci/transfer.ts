import type { Readable } from 'node:stream';
import type { Log } from '../log.js';
import type { Descriptor } from './types.js';
import { RegistryStore, type MountResult } from './registry/store.js';
import type { UploadSession } from './registry/upload.js';
import type { ImageStore } from './store.js';

export type TransferMethod = 'exists' | 'mounted' | 'copied';

/** Copies at least this large are announced as they start and end. */
const PROGRESS_THRESHOLD = 32 * 1024 * 1024;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/**
 * Makes a blob available in `target`, cheapest way first: a cross-repository mount on the same
 * registry (which also says "already there"); already there; an OCI 1.1 mount without `from` (the
 * registry may find it anywhere); otherwise a streamed, digest-verified copy (constant memory). A
 * failed mount is only a missed optimisation, never an error.
 */
export async function copyBlob(
  source: ImageStore,
  target: ImageStore,
  blob: Pick<Descriptor, 'digest' | 'size'>,
  log: Log,
  /** Sees the bytes of a streamed copy (not of a mount): to verify them in the same pass. */
  tap?: (stream: Readable) => Readable,
): Promise<TransferMethod> {
  let session: UploadSession | undefined;
  const sameRegistry =
    target instanceof RegistryStore &&
    source instanceof RegistryStore &&
    source.registry === target.registry &&
    source.repository !== target.repository;
  // Within one registry the mount comes first: it also answers 201 when the blob is already there,
  // so the existence check is only asked when the registry would not mount.
  if (target instanceof RegistryStore && sameRegistry) {
    const mounted: MountResult = await target
      .mountBlob(blob.digest, (source as RegistryStore).repository)
      .catch((e: Error) => {
        log.debug(`mount of ${blob.digest} from ${source.name} failed: ${e.message}`);
        return { mounted: false };
      });
    if (mounted.mounted) return 'mounted';
    session = mounted.session;
  }
  if (await target.hasBlob(blob.digest)) {
    if (session) await (target as RegistryStore).cancelUpload(session);
    return 'exists';
  }
  if (target instanceof RegistryStore && !sameRegistry) {
    const mounted: MountResult = await target.mountBlob(blob.digest).catch((e: Error) => {
      log.debug(`mount of ${blob.digest} without a source repository failed: ${e.message}`);
      return { mounted: false };
    });
    if (mounted.mounted) return 'mounted';
    session = mounted.session;
  }
  const open = async () => (tap ? tap(await source.getBlob(blob)) : source.getBlob(blob));
  const large = blob.size >= PROGRESS_THRESHOLD;
  const started = Date.now();
  if (large) log.progress(`copying ${blob.digest} (${mib(blob.size)}) from ${source.name} to ${target.name}`);
  if (target instanceof RegistryStore) await target.putBlob(blob, open, session);
  else await target.putBlob(blob, open);
  if (large) {
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    log.progress(
      `copied ${blob.digest} (${mib(blob.size)}) in ${seconds.toFixed(1)} s (${mib(blob.size / seconds)}/s)`,
    );
  }
  return 'copied';
}
