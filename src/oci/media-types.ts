import { LayerRebaseError } from '../errors.js';

export const MediaType = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  ociLayerNondistributable: 'application/vnd.oci.image.layer.nondistributable.v1.tar',
  ociLayerNondistributableGzip: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  dockerForeignLayerGzip: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
} as const;

export const MANIFEST_MEDIA_TYPES = [
  MediaType.ociManifest,
  MediaType.ociIndex,
  MediaType.dockerManifest,
  MediaType.dockerManifestList,
] as const;

export type ManifestMediaType = (typeof MANIFEST_MEDIA_TYPES)[number];

export type Family = 'oci' | 'docker';

export function isIndexMediaType(mediaType: string): boolean {
  return mediaType === MediaType.ociIndex || mediaType === MediaType.dockerManifestList;
}

export function isImageManifestMediaType(mediaType: string): boolean {
  return mediaType === MediaType.ociManifest || mediaType === MediaType.dockerManifest;
}

export function familyOf(manifestMediaType: string): Family {
  switch (manifestMediaType) {
    case MediaType.ociManifest:
    case MediaType.ociIndex:
      return 'oci';
    case MediaType.dockerManifest:
    case MediaType.dockerManifestList:
      return 'docker';
    default:
      throw new LayerRebaseError(
        'unsupported-media-type',
        `unsupported manifest media type "${manifestMediaType}"`,
      );
  }
}

/** What a layer's bytes are, independent of which family spells the media type. */
export type LayerEncoding = 'gzip' | 'tar' | 'zstd' | 'foreign-gzip' | 'nondistributable-tar';

const LAYER_ENCODINGS: Record<string, LayerEncoding> = {
  [MediaType.ociLayerGzip]: 'gzip',
  [MediaType.dockerLayerGzip]: 'gzip',
  [MediaType.ociLayer]: 'tar',
  [MediaType.ociLayerZstd]: 'zstd',
  [MediaType.dockerForeignLayerGzip]: 'foreign-gzip',
  [MediaType.ociLayerNondistributableGzip]: 'foreign-gzip',
  [MediaType.ociLayerNondistributable]: 'nondistributable-tar',
};

export function layerEncoding(mediaType: string): LayerEncoding | undefined {
  return LAYER_ENCODINGS[mediaType];
}

const SPELLING: Record<Family, Partial<Record<LayerEncoding, string>>> = {
  oci: {
    gzip: MediaType.ociLayerGzip,
    tar: MediaType.ociLayer,
    zstd: MediaType.ociLayerZstd,
    'foreign-gzip': MediaType.ociLayerNondistributableGzip,
    'nondistributable-tar': MediaType.ociLayerNondistributable,
  },
  // Docker schema 2 can only say "gzip tar" (and its foreign variant); anything else is OCI-only.
  docker: {
    gzip: MediaType.dockerLayerGzip,
    'foreign-gzip': MediaType.dockerForeignLayerGzip,
  },
};

/**
 * The media type a layer must carry inside a manifest of `family`. Identical bytes, different
 * spelling: a gzip OCI layer in a Docker manifest becomes the Docker gzip type.
 */
export function layerMediaTypeFor(mediaType: string, family: Family): string {
  const encoding = layerEncoding(mediaType);
  if (encoding === undefined) {
    throw new LayerRebaseError('unsupported-media-type', `unsupported layer media type "${mediaType}"`);
  }
  const spelled = SPELLING[family][encoding];
  if (spelled === undefined) {
    throw new LayerRebaseError(
      'unsupported-media-type',
      `a ${encoding} layer ("${mediaType}") cannot be expressed in a ${family === 'docker' ? 'Docker schema 2' : 'OCI'} manifest`,
    );
  }
  return spelled;
}
