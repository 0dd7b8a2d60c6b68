import { isNotFound, LayerRebaseError } from '../errors.js';
import { withTagLocks } from '../tag-locks.js';
import { sha256, shortDigest, type Digest } from '../oci/digest.js';
import { RegistryStore } from '../oci/registry/store.js';
import { putBlobBytes, type ImageStore, type ManifestBytes } from '../oci/store.js';
import { parseManifest, type Descriptor, type ImageIndex, type ImageManifest } from '../oci/types.js';
import { Readable } from 'node:stream';
import {
  ANNOTATION,
  EMPTY_DESCRIPTOR,
  bundleReferrer,
  digestTag,
  legacySignatureImage,
  referrersTagIndex,
  type BuiltManifest,
  type LegacyLayer,
} from './formats.js';
import { recordedInBundle, recordedInLegacy } from './recorded.js';

/** Where one signature of one manifest was stored, for the summary and the report. */
export interface StoredSignature {
  /** The signed manifest. */
  digest: Digest;
  format: 'bundle' | 'legacy' | 'attestation';
  /** For an attestation: its predicate type. */
  predicateType?: string;
  /** `registry/repository`. */
  repository: string;
  /** `referrer sha256:…` (the referrers API), `referrer sha256:… in tag sha256-…` (the tag schema), or `tag sha256-….sig`. */
  stored: string;
  /** The transparency-log entry's index, when a log recorded the signature. */
  logIndex?: number;
  /** When a timestamp authority stamped the signature: its time (ISO 8601, UTC). */
  timestamp?: string;
}

export class SignatureStoreError extends LayerRebaseError {
  constructor(message: string) {
    super('signature-store', message);
  }
}

/**
 * A read-modify-write of one tag can lose to another writer between the read and the write (the
 * distribution API has no conditional PUT): after writing, the tag is read back, and the write is
 * tried again while what we added is missing.
 */
const ATTEMPTS = 4;

/**
 * Blobs known to be in a repository in this process: content-addressed, so once there they are there.
 * The empty config every referrer shares is checked once per repository, not once per signature.
 */
const present = new Map<string, Promise<unknown>>();

async function putBlobs(store: ImageStore, built: BuiltManifest): Promise<void> {
  for (const blob of built.blobs) {
    const key = `${store.name}@${blob.digest}`;
    let done = present.get(key);
    if (!done) {
      // The shared empty config is asked about; a signature's own blobs (a bundle, a payload, a .sig
      // config) are new bytes almost always, so they are sent without asking first (a re-upload is harmless).
      done =
        blob.digest === EMPTY_DESCRIPTOR.digest
          ? putBlobBytes(store, blob.digest, blob.bytes)
          : store.putBlob({ digest: blob.digest, size: blob.bytes.length }, async () =>
              Readable.from([blob.bytes]),
            );
      present.set(key, done);
      done.catch(() => present.delete(key));
    }
    await done;
  }
}

async function readTagged<T extends 'image' | 'index'>(
  store: ImageStore,
  tag: string,
  kind: T,
): Promise<(T extends 'image' ? ImageManifest : ImageIndex) | undefined> {
  // One GET, not a HEAD and a GET: a missing tag is the usual case for a first signature.
  let bytes;
  try {
    bytes = await store.getManifest(tag);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  const parsed = parseManifest(bytes.bytes, `${store.name}:${tag}`, bytes.mediaType);
  if (parsed.kind !== kind)
    throw new SignatureStoreError(
      `${store.name}:${tag} holds ${kind === 'index' ? 'an image' : 'an index'}, not the ${kind === 'index' ? 'referrers index' : 'cosign signature image'} it should; nothing was changed there`,
    );
  return parsed.value as T extends 'image' ? ImageManifest : ImageIndex;
}

/** Adds a signature layer to cosign's `sha256-<hex>.sig` image, keeping every signature already there. */
export async function storeLegacy(
  store: ImageStore,
  subject: Digest,
  layer: LegacyLayer,
): Promise<StoredSignature> {
  const tag = `${digestTag(subject)}.sig`;
  return withTagLocks([`${store.name}:${tag}`], () => writeLegacy(store, subject, layer, tag));
}

async function writeLegacy(
  store: ImageStore,
  subject: Digest,
  layer: LegacyLayer,
  tag: string,
): Promise<StoredSignature> {
  const signature = layer.annotations[ANNOTATION.signature];
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const existing = await readTagged(store, tag, 'image');
    const built = legacySignatureImage(existing, layer);
    if (built) {
      await putBlobs(store, built);
      await store.putManifest(built.manifest, tag);
    }
    const now = await readTagged(store, tag, 'image');
    const digest = sha256(layer.payload);
    const theirs = (l: { digest: string; annotations?: Record<string, string> }) =>
      l.annotations?.[ANNOTATION.signature];
    if (
      now?.layers.some(
        (l) =>
          theirs(l) === signature ||
          (l.digest === digest && theirs(l) !== undefined && layer.signedAlready?.(theirs(l)!) === true),
      )
    )
      return {
        digest: subject,
        format: 'legacy',
        repository: store.name,
        stored: `tag ${tag}`,
        ...recordedInLegacy(layer.annotations),
      };
  }
  throw new SignatureStoreError(
    `${store.name}:${tag}: the signature was written ${ATTEMPTS} times and each time another writer's image replaced it; nothing was moved`,
  );
}

/**
 * Stores a bundle as a referrer of `subject`. A registry with the referrers API indexes it from the
 * manifest's `subject` (it answers `OCI-Subject`); elsewhere it is listed in the referrers tag
 * `sha256-<hex>`, an index read, extended and written back (other referrers kept).
 */
export async function storeBundle(
  store: ImageStore,
  subject: Descriptor,
  bundle: Buffer,
  created: string,
  predicateType?: string,
): Promise<StoredSignature> {
  const built = bundleReferrer(bundle, subject, created, predicateType);
  const what = predicateType
    ? { format: 'attestation' as const, predicateType }
    : { format: 'bundle' as const };
  const recorded = recordedInBundle(bundle);
  await putBlobs(store, built);
  const short = shortDigest(built.manifest.digest);
  if (!(store instanceof RegistryStore)) await store.putManifest(built.manifest);
  else if (await store.putReferrer(built.manifest, subject.digest)) {
    const listed = await store.referrers(subject.digest);
    if (!listed?.some((r) => r.digest === built.manifest.digest))
      throw new SignatureStoreError(
        `${store.name}: the registry accepted the signature ${short} for ${subject.digest} but does not list it among its referrers`,
      );
    return {
      digest: subject.digest,
      ...what,
      repository: store.name,
      stored: `referrer ${short}`,
      ...recorded,
    };
  }
  const tag = digestTag(subject.digest);
  return withTagLocks([`${store.name}:${tag}`], async () => {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const index = referrersTagIndex(await readTagged(store, tag, 'index'), built.manifest);
      if (index) await store.putManifest(index, tag);
      const now = await readTagged(store, tag, 'index');
      if (now?.manifests.some((m) => m.digest === built.manifest.digest))
        return {
          digest: subject.digest,
          ...what,
          repository: store.name,
          stored: `referrer ${short} in tag ${tag}`,
          ...recorded,
        };
    }
    throw new SignatureStoreError(
      `${store.name}:${tag}: the referrers index was written ${ATTEMPTS} times and each time another writer's index replaced it; nothing was moved`,
    );
  });
}

/** The descriptor of a manifest as a subject names it. */
export function subjectOf(manifest: ManifestBytes): Descriptor {
  return { mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.bytes.length };
}
