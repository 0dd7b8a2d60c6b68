import { pipeline } from 'node:stream/promises';
import { FormatError, LayerRebaseError } from '../errors.js';
import type { Log } from '../log.js';
import { layerDecoder } from '../oci/compression.js';
import { formatReference, parseReference } from '../oci/reference.js';
import type { ImageStore } from '../oci/store.js';
import type { Stores } from '../oci/stores.js';
import {
  formatPlatform,
  parseManifest,
  platformMatches,
  type ImageManifest,
  type Platform,
} from '../oci/types.js';
import { loadConfig } from '../oci/config.js';
import { TarReader, tarSink } from './tar-reader.js';
import { checkEntry, DEFAULT_TAR_LIMITS, normaliseTarPath, UnsafeTarError } from './tar.js';
import { once } from '../memo.js';

export const BUILDPACK_LAYERS_LABEL = 'io.buildpacks.buildpack.layers';
const MAX_TOML_BYTES = 1024 * 1024;
/** A builder layer that uncompresses to more than this is treated as a decompression bomb. */
const MAX_BUILDER_LAYER_BYTES = 4 * 1024 * 1024 * 1024;

/** `{"<id>": {"<version>": {"layerDiffID": "sha256:…", …}}}` on builders and buildpackages. */
type BuildpackLayers = Record<string, Record<string, { layerDiffID?: string; [key: string]: unknown }>>;

export interface BuildpackTomlFound {
  id: string;
  version: string;
  text: string;
  /** `<builder ref>` and the path inside it, for messages and the summary. */
  via: string;
  builder: string;
  /** The builder layer it was read from. */
  layer: string;
}

interface LoadedBuilder {
  reference: string;
  store: ImageStore;
  manifest: ImageManifest;
  diffIds: string[];
  layers: BuildpackLayers;
}

/**
 * Reads `buildpack.toml` files out of builder and buildpackage images, downloading only the layers
 * of the buildpacks asked for; a flattened layer holding several buildpacks is downloaded once.
 */
export class BuilderReader {
  private readonly builders = new Map<string, Promise<LoadedBuilder>>();
  private readonly layerFiles = new Map<string, Promise<Map<string, string>>>();
  /** Layers downloaded so far, for the tests' request counting and the log. */
  downloads = 0;

  constructor(
    private readonly stores: Stores,
    private readonly log: Log,
  ) {}

  private load(reference: string, platform: Platform): Promise<LoadedBuilder> {
    return once(this.builders, `${reference}\n${formatPlatform(platform)}`, () =>
      this.loadUncached(reference, platform),
    );
  }

  private async loadUncached(reference: string, platform: Platform): Promise<LoadedBuilder> {
    const ref = parseReference(reference);
    const shown = formatReference(ref);
    const store = this.stores.storeFor(ref);
    const top = await store.getManifest(ref.digest ?? ref.tag!);
    let parsed = parseManifest(top.bytes, `builder ${shown}`, top.mediaType);
    if (parsed.kind === 'index') {
      const entry =
        parsed.value.manifests.find((d) => platformMatches(d.platform, platform)) ??
        parsed.value.manifests.find(
          (d) => d.platform?.os === platform.os && d.platform.architecture === platform.architecture,
        );
      if (!entry)
        throw new LayerRebaseError(
          'builder-platform',
          `builder ${shown} has no ${formatPlatform(platform)} image`,
        );
      const child = await store.getManifest(entry.digest);
      parsed = parseManifest(child.bytes, `builder ${shown}@${entry.digest}`, entry.mediaType);
    }
    if (parsed.kind !== 'image')
      throw new LayerRebaseError('builder-format', `builder ${shown}: nested index`);
    const config = await loadConfig(store, parsed.value, `builder ${shown}`);
    const label = config.config?.Labels?.[BUILDPACK_LAYERS_LABEL];
    if (!label) {
      throw new LayerRebaseError(
        'not-a-builder',
        `${shown} has no ${BUILDPACK_LAYERS_LABEL} label: it is not a builder or buildpackage image`,
      );
    }
    let layers: BuildpackLayers;
    try {
      layers = JSON.parse(label) as BuildpackLayers;
    } catch (error) {
      throw new FormatError(
        `builder ${shown} label ${BUILDPACK_LAYERS_LABEL}`,
        '',
        undefined,
        (error as Error).message,
      );
    }
    return { reference: shown, store, manifest: parsed.value, diffIds: config.rootfs.diff_ids, layers };
  }

  /** The buildpack.toml of `id@version` from the first builder that has it, or undefined. */
  async find(
    builders: string[],
    id: string,
    version: string,
    platform: Platform,
  ): Promise<BuildpackTomlFound | undefined> {
    for (const reference of builders) {
      const builder = await this.load(reference, platform);
      const entry = builder.layers[id]?.[version];
      if (!entry?.layerDiffID) continue;
      const index = builder.diffIds.indexOf(entry.layerDiffID);
      const layer = builder.manifest.layers[index];
      if (index < 0 || !layer) {
        throw new LayerRebaseError(
          'builder-format',
          `builder ${builder.reference}: buildpack ${id}@${version} names layer ${entry.layerDiffID}, which the image does not have`,
        );
      }
      const files = await this.layerTomls(builder, layer.digest);
      const path = `cnb/buildpacks/${id.replace(/\//g, '_')}/${version}/buildpack.toml`;
      const text = files.get(path);
      if (text === undefined) {
        this.log.warning(`builder ${builder.reference}: layer of ${id}@${version} has no /${path}`);
        continue;
      }
      return {
        id,
        version,
        text,
        via: `${builder.reference} /${path}`,
        builder: builder.reference,
        layer: layer.digest,
      };
    }
    return undefined;
  }

  private layerTomls(builder: LoadedBuilder, digest: string): Promise<Map<string, string>> {
    return once(this.layerFiles, `${builder.store.name}@${digest}`, () => this.readTomls(builder, digest));
  }

  /** Streams one layer and keeps only the buildpack.toml files in it; the rest is hashed and dropped. */
  private async readTomls(builder: LoadedBuilder, digest: string): Promise<Map<string, string>> {
    const layer = builder.manifest.layers.find((l) => l.digest === digest)!;
    const decoder = layerDecoder(layer.mediaType);
    if (decoder === undefined) {
      throw new LayerRebaseError(
        'unsupported-media-type',
        `builder ${builder.reference}: cannot read ${layer.mediaType} layers`,
      );
    }
    this.downloads++;
    const where = `builder ${builder.reference} layer ${digest}`;
    const found = new Map<string, string>();
    let total = 0;
    // Read as pack and lifecycle (Go's archive/tar) read it; what readers disagree on is refused.
    const reader = new TarReader({
      where,
      maxEntryBytes: DEFAULT_TAR_LIMITS.maxEntryBytes,
      onEntry: (entry) => {
        const path = normaliseTarPath(entry.name);
        // A builder is as untrusted as any image: the same hostile-tar rules as SBOM layers.
        checkEntry({ path, rawName: entry.name, type: entry.type, linkname: entry.linkname }, where, {
          absoluteLinks: false,
        });
        total += entry.size;
        if (total > MAX_BUILDER_LAYER_BYTES)
          throw new UnsafeTarError(
            where,
            `the layer uncompresses to more than ${MAX_BUILDER_LAYER_BYTES} bytes`,
          );
        return (
          entry.type === 'file' &&
          entry.size <= MAX_TOML_BYTES &&
          /^cnb\/buildpacks\/[^/]+\/[^/]+\/buildpack\.toml$/.test(path)
        );
      },
      onData: (entry, data) => found.set(normaliseTarPath(entry.name), data.toString('utf8')),
    });
    const tar = tarSink(reader);
    const blob = await builder.store.getBlob(layer);
    try {
      if (decoder === 'none') await pipeline(blob, tar);
      else await pipeline(blob, decoder(), tar);
    } catch (error) {
      if (error instanceof LayerRebaseError) throw error;
      throw new LayerRebaseError(
        'invalid-layer',
        `${where} (${layer.mediaType}): ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    return found;
  }
}
