import { describeError } from '../errors.js';
import type { Log } from '../log.js';
import { shortDigest, type Digest } from '../oci/digest.js';
import { RegistryStore } from '../oci/registry/store.js';
import type { ImageStore } from '../oci/store.js';
import { once } from '../memo.js';

/** Tag lists shared by the images of one run: a fleet has a few repositories with many tags each. */
export type TagLists = Map<string, Promise<Set<string> | undefined>>;

/** cosign's tags for a digest's signature, attestations and SBOM; the bare one is OCI's referrers tag schema. */
const COSIGN_SUFFIXES: { suffix: string; what: string }[] = [
  { suffix: '.sig', what: 'cosign signature' },
  { suffix: '.att', what: 'cosign attestation' },
  { suffix: '.sbom', what: 'cosign SBOM' },
  { suffix: '', what: 'referrers tag' },
];

/**
 * Signatures and attestations of the digests a push replaces: the OCI referrers API, the referrers tag
 * schema and cosign's tags. What is found cannot cover the new digest; nothing here is ever copied
 * to it. Best effort: a registry that cannot answer (no tag list permission, an error) only costs the
 * warning, never the push.
 */
export async function signaturesOf(
  store: ImageStore,
  digests: Digest[],
  tagLists: TagLists,
  log: Log,
): Promise<string[]> {
  if (!(store instanceof RegistryStore)) return [];
  const found: string[] = [];
  try {
    const tags = await once(tagLists, store.name, () =>
      store.listTags().then(
        (t) => new Set(t),
        (error: unknown) => {
          log.debug(`${store.name}: could not list tags to look for signatures: ${describeError(error)}`);
          return undefined;
        },
      ),
    );
    for (const digest of digests) {
      const base = digest.replace(':', '-');
      for (const { suffix, what } of COSIGN_SUFFIXES)
        if (tags?.has(`${base}${suffix}`)) found.push(`${what} ${base}${suffix}`);
      const referrers = await store.referrers(digest);
      if (referrers && referrers.length > 0) {
        const kinds = [...new Set(referrers.map((r) => r.artifactType ?? r.mediaType))].join(', ');
        found.push(`${referrers.length} referrer(s) of ${shortDigest(digest)} (${kinds})`);
      }
    }
  } catch (error) {
    log.debug(`${store.name}: could not look for signatures: ${describeError(error)}`);
  }
  return found;
}
