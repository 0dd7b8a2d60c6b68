import { sha256, type Digest } from '../oci/digest.js';
import { MediaType } from '../oci/media-types.js';
import type { ManifestBytes } from '../oci/store.js';
import type { Descriptor, ImageIndex, ImageManifest } from '../oci/types.js';

/**
 * The shapes cosign writes and verifiers read, built without I/O. Two formats:
 *
 * - `legacy`: cosign's `sha256-<hex>.sig` image (sigstore/cosign specs/SIGNATURE_SPEC.md): one layer per
 *   signature, each a simple-signing payload with the signature (and keyless: certificate, chain, log
 *   entry) in its annotations. What Kyverno's default `type: Cosign` and policy-controller's default read.
 * - `bundle`: a Sigstore bundle v0.3 holding a DSSE envelope of an in-toto statement about the digest,
 *   stored as an OCI referrer (sigstore/cosign specs/BUNDLE_SPEC.md): what `cosign sign` v3 writes by
 *   default and `cosign verify` v3, Kyverno `SigstoreBundle` and policy-controller `signatureFormat:
 *   bundle` read.
 */
export type SignatureFormat = 'bundle' | 'legacy';

export const SIMPLE_SIGNING_MEDIA_TYPE = 'application/vnd.dev.cosign.simplesigning.v1+json';
export const BUNDLE_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
export const COSIGN_SIGN_PREDICATE = 'https://sigstore.dev/cosign/sign/v1';
export const EMPTY_MEDIA_TYPE = 'application/vnd.oci.empty.v1+json';
/** The OCI empty descriptor's content: `{}`. */
export const EMPTY_BLOB = Buffer.from('{}');
export const EMPTY_DESCRIPTOR: Descriptor = {
  mediaType: EMPTY_MEDIA_TYPE,
  digest: sha256(EMPTY_BLOB),
  size: EMPTY_BLOB.length,
};

export const ANNOTATION = {
  signature: 'dev.cosignproject.cosign/signature',
  certificate: 'dev.sigstore.cosign/certificate',
  chain: 'dev.sigstore.cosign/chain',
  bundle: 'dev.sigstore.cosign/bundle',
  timestamp: 'dev.sigstore.cosign/rfc3161timestamp',
  bundleContent: 'dev.sigstore.bundle.content',
  bundlePredicateType: 'dev.sigstore.bundle.predicateType',
  created: 'org.opencontainers.image.created',
} as const;

/** `sha256-<hex>`: cosign's tag stem and the OCI referrers tag schema's tag for a digest. */
export function digestTag(digest: Digest): string {
  return digest.replace(':', '-');
}

/**
 * The simple-signing payload cosign signs for an image (pkg/types/payload: Go's encoding of the struct,
 * keys in this order): the repository and the manifest digest; `optional` null when there are no
 * annotations.
 */
export function simpleSigningPayload(dockerReference: string, digest: Digest): Buffer {
  return Buffer.from(
    JSON.stringify({
      critical: {
        identity: { 'docker-reference': dockerReference },
        image: { 'docker-manifest-digest': digest },
        type: 'cosign container image signature',
      },
      optional: null,
    }),
  );
}

/** The in-toto v1 statement `cosign sign` v3 signs: the digest alone as subject, an empty predicate. */
export function cosignSignStatement(digest: Digest): Buffer {
  const [algorithm, hex] = digest.split(':') as [string, string];
  return Buffer.from(
    JSON.stringify({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ digest: { [algorithm]: hex } }],
      predicateType: COSIGN_SIGN_PREDICATE,
      predicate: {},
    }),
  );
}

/** DSSE's pre-authentication encoding: what is signed for an envelope (secure-systems-lab/dsse protocol.md). */
export function dssePae(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `),
    type,
    Buffer.from(` ${payload.length} `),
    payload,
  ]);
}

export interface Blob {
  digest: Digest;
  bytes: Buffer;
}

export interface BuiltManifest {
  manifest: ManifestBytes;
  /** Blobs the manifest refers to that must be in the repository first. */
  blobs: Blob[];
}

const manifestBytes = (value: unknown, mediaType: string): ManifestBytes => {
  const bytes = Buffer.from(JSON.stringify(value));
  return { bytes, mediaType, digest: sha256(bytes) };
};

/** One signature as a layer of the `.sig` image. */
export interface LegacyLayer {
  payload: Buffer;
  annotations: Record<string, string>;
  /** Whether an existing layer's signature (base64) over the same payload is this signer's own (cosign's DupeDetector). */
  signedAlready?: (signature: string) => boolean;
}

/**
 * The `.sig` image with `layer` added to the layers it already has (other signers' signatures are never
 * dropped); undefined when an identical signature is already there.
 */
export function legacySignatureImage(
  existing: ImageManifest | undefined,
  layer: LegacyLayer,
): BuiltManifest | undefined {
  const digest = sha256(layer.payload);
  const signature = layer.annotations[ANNOTATION.signature];
  const layers = [...(existing?.layers ?? [])];
  const same = (l: Descriptor) => {
    const theirs = l.annotations?.[ANNOTATION.signature];
    return (
      l.digest === digest &&
      theirs !== undefined &&
      (theirs === signature || layer.signedAlready?.(theirs) === true)
    );
  };
  if (layers.some(same)) return undefined;
  layers.push({
    mediaType: SIMPLE_SIGNING_MEDIA_TYPE,
    size: layer.payload.length,
    digest,
    annotations: layer.annotations,
  });
  // go-containerregistry's config for such an image: the payloads are its uncompressed layers.
  const config = Buffer.from(
    JSON.stringify({
      architecture: '',
      created: '0001-01-01T00:00:00Z',
      history: layers.map(() => ({ created: '0001-01-01T00:00:00Z' })),
      os: '',
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
      config: {},
    }),
  );
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config: { mediaType: MediaType.ociConfig, size: config.length, digest: sha256(config) },
    layers,
  };
  return {
    manifest: manifestBytes(manifest, MediaType.ociManifest),
    blobs: [
      { digest: sha256(config), bytes: config },
      { digest, bytes: layer.payload },
    ],
  };
}

/** The referrer manifest that stores a bundle for `subject`, as cosign v3 writes it (signature or attestation). */
export function bundleReferrer(
  bundle: Buffer,
  subject: Descriptor,
  created: string,
  predicateType = COSIGN_SIGN_PREDICATE,
): BuiltManifest {
  const manifest = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    artifactType: BUNDLE_MEDIA_TYPE,
    config: EMPTY_DESCRIPTOR,
    layers: [{ mediaType: BUNDLE_MEDIA_TYPE, size: bundle.length, digest: sha256(bundle) }],
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    annotations: {
      [ANNOTATION.bundleContent]: 'dsse-envelope',
      [ANNOTATION.bundlePredicateType]: predicateType,
      [ANNOTATION.created]: created,
    },
  };
  return {
    manifest: manifestBytes(manifest, MediaType.ociManifest),
    blobs: [
      { digest: EMPTY_DESCRIPTOR.digest, bytes: EMPTY_BLOB },
      { digest: sha256(bundle), bytes: bundle },
    ],
  };
}

/**
 * The referrers tag schema's index (OCI distribution spec, "Referrers Tag Schema") with `referrer`
 * listed: its entries carry the referrer's artifactType and annotations; other entries are kept.
 * undefined when it is listed already.
 */
export function referrersTagIndex(
  existing: ImageIndex | undefined,
  referrer: ManifestBytes,
): ManifestBytes | undefined {
  const manifests = [...(existing?.manifests ?? [])];
  if (manifests.some((m) => m.digest === referrer.digest)) return undefined;
  const parsed = JSON.parse(referrer.bytes.toString('utf8')) as {
    artifactType?: string;
    annotations?: Record<string, string>;
  };
  manifests.push({
    mediaType: referrer.mediaType,
    digest: referrer.digest,
    size: referrer.bytes.length,
    ...(parsed.artifactType ? { artifactType: parsed.artifactType } : {}),
    ...(parsed.annotations ? { annotations: parsed.annotations } : {}),
  });
  return manifestBytes({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests }, MediaType.ociIndex);
}
