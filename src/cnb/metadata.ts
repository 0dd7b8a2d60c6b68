import { FormatError } from '../errors.js';
import { parseDigest, type Digest } from '../oci/digest.js';
import { parseJsonObject, type ImageConfig } from '../oci/types.js';

/** Label keys written by lifecycle, and ours. */
export const LIFECYCLE_METADATA_LABEL = 'io.buildpacks.lifecycle.metadata';
export const BUILD_METADATA_LABEL = 'io.buildpacks.build.metadata';
export const APPLIED_PATCHES_LABEL = 'io.github.layer-rebase.applied';
export const REBASABLE_KEY = 'io.buildpacks.rebasable';

/**
 * `io.buildpacks.lifecycle.metadata`. Only the fields the engine reads are typed; the parsed object is
 * edited in place so that every unknown field and the key order survive a round trip.
 */
export interface LayerMetadata {
  sha: Digest;
  data?: unknown;
  build?: boolean;
  launch?: boolean;
  cache?: boolean;
  [key: string]: unknown;
}

export interface BuildpackLayersMetadata {
  key: string;
  version: string;
  layers?: Record<string, LayerMetadata>;
  [key: string]: unknown;
}

export interface LayerShaRef {
  sha: Digest;
  [key: string]: unknown;
}

export interface RunImageMetadata {
  topLayer?: Digest;
  reference?: string;
  image?: string;
  mirrors?: string[];
  [key: string]: unknown;
}

export interface LifecycleMetadata {
  app?: LayerShaRef[] | LayerShaRef;
  buildpacks?: BuildpackLayersMetadata[];
  config?: LayerShaRef;
  launcher?: LayerShaRef;
  'process-types'?: LayerShaRef;
  sbom?: LayerShaRef;
  /** Older lifecycles wrote the SBOM layer under this name. */
  bom?: LayerShaRef;
  runImage?: RunImageMetadata;
  [key: string]: unknown;
}

export interface BuildMetadata {
  buildpacks?: { id: string; version: string; [key: string]: unknown }[];
  /** The legacy BOM of older lifecycles: entries carry `buildpack: {id, version}`. */
  bom?: unknown[];
  launcher?: { version?: string; source?: unknown; [key: string]: unknown };
  [key: string]: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function parseShaRef(value: unknown, where: string, key: string): void {
  if (value === undefined || value === null) return;
  if (!isObject(value)) throw new FormatError(where, key, value, 'expected an object with "sha"');
  if (value.sha !== undefined && value.sha !== '') parseDigest(value.sha, where, `${key}.sha`);
}

export function labelsOf(config: ImageConfig): Record<string, string> {
  return config.config?.Labels ?? {};
}

/** Parses the lifecycle label; undefined when the image has none (not a CNB app image). */
export function parseLifecycleMetadata(config: ImageConfig, image: string): LifecycleMetadata | undefined {
  const text = labelsOf(config)[LIFECYCLE_METADATA_LABEL];
  if (text === undefined) return undefined;
  const where = `${image} label ${LIFECYCLE_METADATA_LABEL}`;
  const value = parseJsonObject(text, where);
  if (value.buildpacks !== undefined && value.buildpacks !== null) {
    if (!Array.isArray(value.buildpacks))
      throw new FormatError(where, 'buildpacks', value.buildpacks, 'expected an array');
    value.buildpacks.forEach((bp, i) => {
      const key = `buildpacks[${i}]`;
      if (!isObject(bp)) throw new FormatError(where, key, bp, 'expected an object');
      if (typeof bp.key !== 'string')
        throw new FormatError(where, `${key}.key`, bp.key, 'expected the buildpack id');
      if (bp.layers === undefined || bp.layers === null) return;
      if (!isObject(bp.layers))
        throw new FormatError(where, `${key}.layers`, bp.layers, 'expected an object');
      for (const [name, layer] of Object.entries(bp.layers)) {
        if (!isObject(layer))
          throw new FormatError(where, `${key}.layers.${name}`, layer, 'expected an object');
        parseDigest(layer.sha, where, `${key}.layers.${name}.sha`);
      }
    });
  }
  for (const key of ['launcher', 'sbom', 'bom', 'config', 'process-types'])
    parseShaRef(value[key], where, key);
  if (isObject(value.runImage) && value.runImage.topLayer !== undefined && value.runImage.topLayer !== '') {
    parseDigest(value.runImage.topLayer, where, 'runImage.topLayer');
  }
  return value as LifecycleMetadata;
}

export function parseBuildMetadata(config: ImageConfig, image: string): BuildMetadata | undefined {
  const text = labelsOf(config)[BUILD_METADATA_LABEL];
  if (text === undefined) return undefined;
  return parseJsonObject(text, `${image} label ${BUILD_METADATA_LABEL}`) as BuildMetadata;
}

/** The SBOM layer's record, under its current or its older name. */
export function sbomRef(metadata: LifecycleMetadata): { key: 'sbom' | 'bom'; sha: Digest } | undefined {
  if (metadata.sbom?.sha) return { key: 'sbom', sha: metadata.sbom.sha };
  if (metadata.bom?.sha) return { key: 'bom', sha: metadata.bom.sha };
  return undefined;
}

export function findLayer(
  metadata: LifecycleMetadata,
  buildpack: string,
  layer: string,
): { buildpack: BuildpackLayersMetadata; layer: LayerMetadata } | undefined {
  const bp = metadata.buildpacks?.find((b) => b.key === buildpack);
  const l = bp?.layers?.[layer];
  return bp && l ? { buildpack: bp, layer: l } : undefined;
}

/** Whether the buildpack marked the layer as safe to swap (the RFC review's opt-in). */
export function isRebasable(layer: LayerMetadata): boolean {
  const data = layer.data;
  if (!isObject(data)) return false;
  if (data[REBASABLE_KEY] === true) return true;
  // Also accept the nested spelling io: { buildpacks: { rebasable: true } }.
  const io = data.io;
  return isObject(io) && isObject(io.buildpacks) && io.buildpacks.rebasable === true;
}

/** The legacy BOM entries (`io.buildpacks.build.metadata` `bom`) that a buildpack contributed. */
export function legacyBomOf(build: BuildMetadata | undefined, buildpack: string): unknown[] {
  if (!Array.isArray(build?.bom)) return [];
  return build.bom.filter((e) => isObject(e) && isObject(e.buildpack) && e.buildpack.id === buildpack);
}
