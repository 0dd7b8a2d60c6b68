import { parseBuildMetadata, parseLifecycleMetadata } from '../cnb/metadata.js';
import { LayerRebaseError } from '../errors.js';
import type { Log } from '../log.js';
import type { Digest } from '../oci/digest.js';
import { formatReference, parseReference } from '../oci/reference.js';
import type { ImageStore } from '../oci/store.js';
import { loadConfig } from '../oci/config.js';
import type { Stores } from '../oci/stores.js';
import {
  formatPlatform,
  parseManifest,
  platformMatches,
  platformOf,
  type Descriptor,
  type ImageConfig,
  type ImageManifest,
  type Platform,
} from '../oci/types.js';
import type { Patch } from '../patches/types.js';
import { patchImageKey } from './plan.js';
import type { PatchImageResolution } from './types.js';
import { once } from '../memo.js';
import type { Containment } from './containment.js';
import { inspectLayerStream, inspectPatchLayer, type LayerInspection } from './inspect-layer.js';
import type { Readable } from 'node:stream';
import { noCache, type VerifiedCache } from './verified-cache.js';
import { noContentCache, type ContentCache } from '../oci/content-cache.js';

/** An image resolved for one platform, with the store it came from (to copy its layers later). */
export interface LoadedImage {
  store: ImageStore;
  /** The reference that answered: the primary or a mirror. */
  reference: string;
  digest: Digest;
  manifest: ImageManifest;
  config: ImageConfig;
}

export type PlatformResolution =
  | ({ status: 'resolved' } & LoadedImage)
  | { status: 'missing-platform'; reference: string; available: string[] };

/**
 * Resolves the first reachable candidate (primary, then mirrors in order) for one platform: from an
 * index, the entry for that os/architecture/variant. Throws when no candidate can be read at all.
 */
export async function resolveForPlatform(
  stores: Stores,
  candidates: string[],
  platform: Platform,
  what: string,
  log: Log,
  /** Accept a single-platform image whatever its platform (the caller checks it, e.g. to allow force). */
  anyPlatformForSingle = false,
  configs: ContentCache = noContentCache,
): Promise<PlatformResolution> {
  const failures: string[] = [];
  for (const candidate of candidates) {
    const ref = parseReference(candidate);
    const store = stores.storeFor(ref);
    let top;
    try {
      top = await store.getManifest(ref.digest ?? ref.tag!);
    } catch (error) {
      failures.push(`${candidate}: ${(error as Error).message}`);
      log.info(`${what} ${candidate} is not available (${(error as Error).message}); trying the next mirror`);
      continue;
    }
    const shown = formatReference(ref);
    const parsed = parseManifest(top.bytes, `${what} ${shown}`, top.mediaType);
    let manifest: ImageManifest;
    let digest = top.digest;
    if (parsed.kind === 'index') {
      const entry = parsed.value.manifests.find((d) => platformMatches(d.platform, platform));
      if (!entry) {
        const available = parsed.value.manifests
          .filter((d) => d.platform)
          .map((d) => formatPlatform(d.platform!));
        return { status: 'missing-platform', reference: shown, available };
      }
      const child = await store.getManifest(entry.digest);
      const childParsed = parseManifest(child.bytes, `${what} ${shown}@${entry.digest}`, entry.mediaType);
      if (childParsed.kind !== 'image')
        throw new LayerRebaseError('invalid-image', `${what} ${shown}: nested index`);
      manifest = childParsed.value;
      digest = child.digest;
    } else {
      manifest = parsed.value;
    }
    const config = await loadConfig(store, manifest, `${what} ${shown}`, configs);
    if (parsed.kind === 'image' && !anyPlatformForSingle && !platformMatches(platformOf(config), platform)) {
      return {
        status: 'missing-platform',
        reference: shown,
        available: [formatPlatform(platformOf(config))],
      };
    }
    return { status: 'resolved', store, reference: shown, digest, manifest, config };
  }
  throw new LayerRebaseError(
    `${what.replace(/ /g, '-')}-unavailable`,
    `${what} ${candidates[0]} is not available from any source (${failures.join('; ')})`,
  );
}

/**
 * Resolves patch images once per run and platform, and checks that each carries lifecycle metadata.
 */
export class PatchImageResolver {
  private readonly cache = new Map<
    string,
    Promise<{ resolution: PatchImageResolution; store?: ImageStore }>
  >();
  private readonly inspections = new Map<string, Promise<LayerInspection>>();

  constructor(
    private readonly stores: Stores,
    private readonly log: Log,
    private readonly verified: VerifiedCache = noCache,
    private readonly content: ContentCache = noContentCache,
  ) {}

  resolve(
    patch: Patch,
    platform: Platform,
  ): Promise<{ resolution: PatchImageResolution; store?: ImageStore }> {
    const key = `${patchImageKey(patch)}\n${formatPlatform(platform)}`;
    return once(this.cache, key, () => this.resolveUncached(patch, platform));
  }

  private async resolveUncached(patch: Patch, platform: Platform) {
    const found = await resolveForPlatform(
      this.stores,
      [patch.patchImage, ...patch.mirrors],
      platform,
      'patch image',
      this.log,
      false,
      this.content,
    );
    if (found.status === 'missing-platform') return { resolution: found };
    const metadata = parseLifecycleMetadata(found.config, `patch image ${found.reference}`);
    if (!metadata) {
      throw new LayerRebaseError(
        'invalid-patch-image',
        `patch image ${found.reference} has no io.buildpacks.lifecycle.metadata label; a patch image must be built by lifecycle (pack build)`,
      );
    }
    return {
      store: found.store,
      resolution: {
        status: 'resolved' as const,
        reference: found.reference,
        digest: found.digest,
        manifest: found.manifest,
        config: found.config,
        metadata,
        buildMetadata: parseBuildMetadata(found.config, `patch image ${found.reference}`),
      },
    };
  }

  /** A result this run or an earlier one already has (memory or the disk cache); never reads the layer. */
  async knownInspection(
    store: ImageStore,
    layer: Descriptor,
    diffId: Digest,
    rule: Containment,
  ): Promise<LayerInspection | undefined> {
    return (
      this.inspections.get(this.inspectionKey(store, layer, diffId, rule)) ??
      this.fromDisk(layer, diffId, rule)
    );
  }

  /**
   * Verifies a patch layer's diffID and checks where it writes, once per layer, diffID and allowed
   * directory in a run (a fleet shares a few patch images), and across runs through the disk cache.
   */
  inspectLayer(
    store: ImageStore,
    layer: Descriptor,
    diffId: Digest,
    rule: Containment,
  ): Promise<LayerInspection> {
    return once(
      this.inspections,
      this.inspectionKey(store, layer, diffId, rule),
      async () =>
        (await this.fromDisk(layer, diffId, rule)) ??
        this.remember(inspectPatchLayer(store, layer, diffId, rule), layer, diffId, rule),
    );
  }

  /**
   * Verifies a patch layer from bytes that are flowing anyway (a copy to another registry); other
   * images of the run share the result, and it is remembered like a read of its own.
   */
  inspectInTransit(
    stream: Readable,
    store: ImageStore,
    layer: Descriptor,
    diffId: Digest,
    rule: Containment,
  ): Promise<LayerInspection> {
    const key = this.inspectionKey(store, layer, diffId, rule);
    const running = this.remember(
      inspectLayerStream(stream, store, layer, diffId, rule),
      layer,
      diffId,
      rule,
    );
    // A restarted upload streams again: the latest stream's answer is the one that counts.
    this.inspections.set(key, running);
    running.catch(() => {
      if (this.inspections.get(key) === running) this.inspections.delete(key);
    });
    return running;
  }

  private inspectionKey(store: ImageStore, layer: Descriptor, diffId: Digest, rule: Containment): string {
    return `${store.name}@${layer.digest}/${layer.size}>${diffId}>${rule.dir}`;
  }

  private async fromDisk(layer: Descriptor, diffId: Digest, rule: Containment) {
    const known = await this.verified.get(layer, diffId, rule.dir);
    if (known) this.log.debug(`patch layer ${layer.digest}: verified before (cache), not read again`);
    return known;
  }

  private async remember(
    inspection: Promise<LayerInspection>,
    layer: Descriptor,
    diffId: Digest,
    rule: Containment,
  ): Promise<LayerInspection> {
    const result = await inspection;
    await this.verified.put(layer, diffId, rule.dir, result);
    return result;
  }
}
