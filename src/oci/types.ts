import { MAX_NESTING, tooDeep } from '../nesting.js';
import { FormatError } from '../errors.js';
import { parseDigest, type Digest } from './digest.js';
import { isImageManifestMediaType, isIndexMediaType } from './media-types.js';

/** Wire types of the OCI image spec and Docker schema 2. Unknown fields are kept on the objects. */

export interface Platform {
  architecture: string;
  os: string;
  variant?: string;
  'os.version'?: string;
  'os.features'?: string[];
  [key: string]: unknown;
}

export interface Descriptor {
  mediaType: string;
  digest: Digest;
  size: number;
  annotations?: Record<string, string>;
  platform?: Platform;
  urls?: string[];
  artifactType?: string;
  [key: string]: unknown;
}

export interface ImageManifest {
  schemaVersion: 2;
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

export interface ImageIndex {
  schemaVersion: 2;
  mediaType: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

export interface HistoryEntry {
  created?: string;
  created_by?: string;
  author?: string;
  comment?: string;
  empty_layer?: boolean;
  [key: string]: unknown;
}

export interface ImageConfig {
  architecture: string;
  os: string;
  variant?: string;
  'os.version'?: string;
  config?: { Labels?: Record<string, string> | null; Env?: string[] | null; [key: string]: unknown };
  rootfs: { type: 'layers'; diff_ids: Digest[] };
  history?: HistoryEntry[];
  [key: string]: unknown;
}

export type Manifest =
  ({ kind: 'image' } & { value: ImageManifest }) | ({ kind: 'index' } & { value: ImageIndex });

/** Manifests and configs are small; anything larger is refused before it is parsed. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
export const MAX_CONFIG_BYTES = 8 * 1024 * 1024;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseJsonObject(bytes: Uint8Array | string, where: string): Record<string, unknown> {
  let value: unknown;
  const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8');
  if (tooDeep(text))
    throw new FormatError(where, '', undefined, `nested too deeply (more than ${MAX_NESTING} levels)`);
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FormatError(where, '', undefined, `not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(value)) throw new FormatError(where, '', value, 'expected a JSON object');
  return value;
}

function parseStringMap(value: unknown, where: string, key: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw new FormatError(where, key, value, 'expected an object of strings');
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new FormatError(where, `${key}.${k}`, v, 'expected a string');
  }
  return value as Record<string, string>;
}

export function parsePlatform(value: unknown, where: string, key: string): Platform {
  if (!isObject(value)) throw new FormatError(where, key, value, 'expected a platform object');
  if (typeof value.os !== 'string') throw new FormatError(where, `${key}.os`, value.os, 'expected a string');
  if (typeof value.architecture !== 'string') {
    throw new FormatError(where, `${key}.architecture`, value.architecture, 'expected a string');
  }
  if (value.variant !== undefined && typeof value.variant !== 'string') {
    throw new FormatError(where, `${key}.variant`, value.variant, 'expected a string');
  }
  return value as Platform;
}

export function parseDescriptor(value: unknown, where: string, key: string): Descriptor {
  if (!isObject(value)) throw new FormatError(where, key, value, 'expected a descriptor object');
  if (typeof value.mediaType !== 'string' || value.mediaType === '') {
    throw new FormatError(where, `${key}.mediaType`, value.mediaType, 'expected a media type');
  }
  parseDigest(value.digest, where, `${key}.digest`);
  if (typeof value.size !== 'number' || !Number.isSafeInteger(value.size) || value.size < 0) {
    throw new FormatError(where, `${key}.size`, value.size, 'expected a non-negative integer');
  }
  parseStringMap(value.annotations, where, `${key}.annotations`);
  if (value.platform !== undefined) parsePlatform(value.platform, where, `${key}.platform`);
  return value as Descriptor;
}

/**
 * Parses an image manifest or index. `contentType` is what the registry (or the referring
 * descriptor) said; an OCI manifest may omit its own `mediaType`, Docker ones never do.
 */
export function parseManifest(bytes: Uint8Array, where: string, contentType?: string): Manifest {
  const raw = parseJsonObject(bytes, where);
  if (raw.schemaVersion !== 2) throw new FormatError(where, 'schemaVersion', raw.schemaVersion, 'expected 2');
  const declared = typeof raw.mediaType === 'string' ? raw.mediaType : undefined;
  if (
    declared !== undefined &&
    contentType !== undefined &&
    isKnownManifestType(contentType) &&
    declared !== contentType
  ) {
    throw new FormatError(
      where,
      'mediaType',
      declared,
      `the document says one type and was served as "${contentType}"`,
    );
  }
  const mediaType = declared ?? (contentType && isKnownManifestType(contentType) ? contentType : undefined);
  if (mediaType === undefined) {
    throw new FormatError(
      where,
      'mediaType',
      raw.mediaType,
      'the manifest has no media type and none was given',
    );
  }
  if (isIndexMediaType(mediaType)) {
    if (!Array.isArray(raw.manifests))
      throw new FormatError(where, 'manifests', raw.manifests, 'expected an array');
    raw.manifests.forEach((d, i) => parseDescriptor(d, where, `manifests[${i}]`));
    parseStringMap(raw.annotations, where, 'annotations');
    return { kind: 'index', value: { ...(raw as object), mediaType } as ImageIndex };
  }
  if (isImageManifestMediaType(mediaType)) {
    parseDescriptor(raw.config, where, 'config');
    if (!Array.isArray(raw.layers)) throw new FormatError(where, 'layers', raw.layers, 'expected an array');
    raw.layers.forEach((d, i) => parseDescriptor(d, where, `layers[${i}]`));
    parseStringMap(raw.annotations, where, 'annotations');
    return { kind: 'image', value: { ...(raw as object), mediaType } as ImageManifest };
  }
  throw new FormatError(where, 'mediaType', mediaType, 'not an image manifest or index media type');
}

function isKnownManifestType(mediaType: string): boolean {
  return isIndexMediaType(mediaType) || isImageManifestMediaType(mediaType);
}

export function parseImageConfig(bytes: Uint8Array, where: string): ImageConfig {
  const raw = parseJsonObject(bytes, where);
  if (typeof raw.os !== 'string') throw new FormatError(where, 'os', raw.os, 'expected a string');
  if (typeof raw.architecture !== 'string') {
    throw new FormatError(where, 'architecture', raw.architecture, 'expected a string');
  }
  const rootfs = raw.rootfs;
  if (!isObject(rootfs) || rootfs.type !== 'layers' || !Array.isArray(rootfs.diff_ids)) {
    throw new FormatError(where, 'rootfs', rootfs, 'expected {"type": "layers", "diff_ids": [...]}');
  }
  rootfs.diff_ids.forEach((d, i) => parseDigest(d, where, `rootfs.diff_ids[${i}]`));
  if (raw.history !== undefined && raw.history !== null) {
    if (!Array.isArray(raw.history))
      throw new FormatError(where, 'history', raw.history, 'expected an array');
    raw.history.forEach((h, i) => {
      if (!isObject(h)) throw new FormatError(where, `history[${i}]`, h, 'expected an object');
    });
  }
  if (raw.config !== undefined && raw.config !== null) {
    if (!isObject(raw.config)) throw new FormatError(where, 'config', raw.config, 'expected an object');
    parseStringMap(raw.config.Labels, where, 'config.Labels');
  }
  return raw as ImageConfig;
}

export function platformOf(
  config: Pick<ImageConfig, 'os' | 'architecture' | 'variant' | 'os.version'>,
): Platform {
  const platform: Platform = { architecture: config.architecture, os: config.os };
  if (config.variant) platform.variant = config.variant;
  if (config['os.version']) platform['os.version'] = config['os.version'];
  return platform;
}

export function formatPlatform(p: Pick<Platform, 'os' | 'architecture' | 'variant'>): string {
  return `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`;
}

/**
 * Whether an index entry serves the wanted platform. An entry without a variant serves any
 * variant only where the architecture has a single meaningful default (arm64 → v8).
 */
export function platformMatches(
  candidate: Platform | undefined,
  wanted: Pick<Platform, 'os' | 'architecture' | 'variant'>,
): boolean {
  if (!candidate) return false;
  if (candidate.os !== wanted.os || candidate.architecture !== wanted.architecture) return false;
  const normalise = (arch: string, variant: string | undefined) =>
    variant ?? (arch === 'arm64' ? 'v8' : undefined);
  return (
    normalise(candidate.architecture, candidate.variant) === normalise(wanted.architecture, wanted.variant)
  );
}
