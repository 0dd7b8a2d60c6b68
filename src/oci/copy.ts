import type { Log } from '../log.js';
import type { ManifestBytes, ImageStore } from './store.js';
import { copyBlob, type TransferMethod } from './transfer.js';
import { parseManifest } from './types.js';

export interface CopyStats {
  blobs: Record<TransferMethod, number>;
}

/**
 * Copies an image or index with every blob it references, children first, so that the manifest
 * named by `tags` is the last thing written. Manifests keep their exact bytes and digests.
 */
export async function copyImage(
  source: ImageStore,
  reference: string,
  target: ImageStore,
  tags: string[],
  log: Log,
): Promise<{ manifest: ManifestBytes; stats: CopyStats }> {
  const stats: CopyStats = { blobs: { exists: 0, mounted: 0, copied: 0 } };
  const manifest = await source.getManifest(reference);
  await copyManifestTree(source, manifest, target, stats, log);
  if (tags.length === 0) await target.putManifest(manifest);
  for (const tag of tags) await target.putManifest(manifest, tag);
  return { manifest, stats };
}

async function copyManifestTree(
  source: ImageStore,
  manifest: ManifestBytes,
  target: ImageStore,
  stats: CopyStats,
  log: Log,
): Promise<void> {
  const parsed = parseManifest(manifest.bytes, `${source.name}@${manifest.digest}`, manifest.mediaType);
  if (parsed.kind === 'index') {
    for (const child of parsed.value.manifests) {
      const childBytes = await source.getManifest(child.digest);
      await copyManifestTree(source, childBytes, target, stats, log);
      await target.putManifest(childBytes);
    }
    return;
  }
  for (const blob of [parsed.value.config, ...parsed.value.layers]) {
    stats.blobs[await copyBlob(source, target, blob, log)]++;
  }
}
