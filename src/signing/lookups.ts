import { describeError } from '../errors.js';
import type { Log } from '../log.js';
import { shortDigest, type Digest } from '../oci/digest.js';
import { RegistryStore } from '../oci/registry/store.js';
import type { ImageStore } from '../oci/store.js';
import { once } from '../memo.js';

/**
 * What one run learns once: each repository's tags (a fleet has a few repositories with many tags each),
 * and the registries without a referrers API (a registry that has one answers 200 even when a digest
 * has no referrers, so one 404 says it for every image there).
 */
export interface SignatureLookups {
  tagLists: Map<string, Promise<Set<string> | undefined>>;
  /** Per registry, the first referrers query: the images of a fleet that ask at once wait for it. */
  firstReferrers: Map<string, Promise<unknown>>;
  noReferrersApi: Set<string>;
}

export function signatureLookups(): SignatureLookups {
  return { tagLists: new Map(), firstReferrers: new Map(), noReferrersApi: new Set() };
}

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
  lookups: SignatureLookups,
  log: Log,
): Promise<string[]> {
  if (!(store instanceof RegistryStore)) return [];
  const found: string[] = [];
  try {
    const tags = await once(lookups.tagLists, store.name, () =>
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
      const first = lookups.firstReferrers.get(store.registry);
      if (first) await first.catch(() => {});
      if (lookups.noReferrersApi.has(store.registry)) continue;
      const asking = store.referrers(digest);
      if (!first) lookups.firstReferrers.set(store.registry, asking);
      const referrers = await asking;
      if (!referrers) lookups.noReferrersApi.add(store.registry);
      else if (referrers.length > 0) {
        const kinds = [...new Set(referrers.map((r) => r.artifactType ?? r.mediaType))].join(', ');
        found.push(`${referrers.length} referrer(s) of ${shortDigest(digest)} (${kinds})`);
      }
    }
  } catch (error) {
    log.debug(`${store.name}: could not look for signatures: ${describeError(error)}`);
  }
  return found;
}
