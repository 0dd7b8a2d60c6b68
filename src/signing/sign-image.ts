import type { Log } from '../log.js';
import type { Digest } from '../oci/digest.js';
import { DOCKER_HUB } from '../oci/reference.js';
import type { ImageStore, ManifestBytes } from '../oci/store.js';
import type { SignatureFormat } from './formats.js';
import type { ImageSigner } from './signer.js';
import { storeBundle, storeLegacy, subjectOf, type StoredSignature } from './store-signatures.js';

/** What a run signs with: the signer and the formats (`both` is both). */
export interface SigningOptions {
  signer: ImageSigner;
  formats: SignatureFormat[];
}

/** What the result says about an image's signing: by whom, in which formats, which manifests, where stored. */
export interface ImageSigning {
  by: string;
  formats: SignatureFormat[];
  /** The manifests signed (or, in a dry run, that would be): each platform manifest, then the index. */
  manifests: Digest[];
  /** Empty in a dry run and when the push failed before signing. */
  stored: StoredSignature[];
}

/**
 * The repository as cosign names it in a simple-signing payload (go-containerregistry's
 * `Repository.Name()`): Docker Hub as `index.docker.io/…`.
 */
export function dockerReference(store: ImageStore): string {
  return store.name.startsWith(`${DOCKER_HUB}/`)
    ? `index.docker.io${store.name.slice(DOCKER_HUB.length)}`
    : store.name;
}

/**
 * Signs every manifest in every target repository, in each format, and reads each signature back.
 * One bundle per manifest serves every repository (it names only the digest); a legacy payload names
 * the repository, so it is signed per repository. Throws on the first failure: the tags stay.
 */
export async function signManifests(
  stores: ImageStore[],
  manifests: ManifestBytes[],
  options: SigningOptions,
  log: Log,
  created: string,
): Promise<StoredSignature[]> {
  const stored: StoredSignature[] = [];
  const bundles = new Map<Digest, Promise<Buffer>>();
  const unique = [...new Map(stores.map((s) => [s.name, s])).values()];
  for (const store of unique) {
    for (const manifest of manifests) {
      if (options.formats.includes('bundle')) {
        let bundle = bundles.get(manifest.digest);
        if (!bundle) {
          bundle = options.signer.bundle(manifest.digest);
          bundles.set(manifest.digest, bundle);
        }
        stored.push(await storeBundle(store, subjectOf(manifest), await bundle, created));
      }
      if (options.formats.includes('legacy')) {
        const layer = await options.signer.legacy(dockerReference(store), manifest.digest);
        stored.push(await storeLegacy(store, manifest.digest, layer));
      }
    }
  }
  for (const s of stored) log.info(`signed ${s.repository}@${s.digest} (${s.format}: ${s.stored})`);
  return stored;
}
