import type { Log } from '../log.js';
import type { Digest } from '../oci/digest.js';
import { DOCKER_HUB } from '../oci/reference.js';
import type { ImageStore, ManifestBytes } from '../oci/store.js';
import { boundedFetch } from './bounded-fetch.js';
import type { SignatureFormat } from './formats.js';
import type { ImageSigner } from './signer.js';
import {
  SignatureStoreError,
  storeBundle,
  storeLegacy,
  subjectOf,
  type StoredSignature,
} from './store-signatures.js';
import { describeError } from '../errors.js';
import { settleBounded } from '../bounded.js';

/** What a run signs with: the signer and the formats (`both` is both); with `attest`, also attestations. */
export interface SigningOptions {
  signer: ImageSigner;
  formats: SignatureFormat[];
  attest?: AttestOptions;
}

export interface AttestOptions {
  /** The workflow that ran (GitHub's build provenance names the builder so); else the signing identity. */
  builderId?: string;
  /** The run's URL. */
  invocationId?: string;
  /** GitHub's attestations API, for `gh attestation verify` (keyless only): where, which repository, the token. */
  github?: { api: string; repository: string; token: string };
}

/** One attestation of a manifest: its predicate type and the in-toto statement to sign. */
export interface Attestation {
  predicateType: string;
  statement: Buffer;
}

/** What the result says about an image's signing: by whom, in which formats, which manifests, where stored. */
export interface ImageSigning {
  by: string;
  formats: SignatureFormat[];
  /** Predicate types attested for each manifest (empty without `attest`). */
  attestations: string[];
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
 * Signatures stored at once for one image. Each is a chain of small requests (upload, write, read
 * back); on a registry across a network their round trips, not their bytes, are the cost.
 */
const PARALLEL_SIGNATURES = 4;

/**
 * Signs every manifest in every target repository, in each format, and reads each signature back.
 * One bundle per manifest serves every repository (it names only the digest); a legacy payload names
 * the repository, so it is signed per repository. The signatures are stored side by side (each in its
 * own tag, or under a tag lock where two share one); after the first failure no new one is started,
 * those under way finish, the first failure is thrown and any later one logged: the tags stay.
 */
export async function signManifests(
  stores: ImageStore[],
  manifests: ManifestBytes[],
  options: SigningOptions,
  log: Log,
  created: string,
  attestations?: (manifest: ManifestBytes, repository: string) => Attestation[],
  /** Filled with what was stored, in a fixed order, also when a failure is thrown: it says what was written. */
  stored: StoredSignature[] = [],
): Promise<{ stored: StoredSignature[]; warnings: string[] }> {
  const warnings: string[] = [];
  const bundles = new Map<Digest, Promise<Buffer>>();
  const bundleOf = (digest: Digest) => {
    let bundle = bundles.get(digest);
    if (!bundle) {
      bundle = options.signer.bundle(digest);
      bundles.set(digest, bundle);
    }
    return bundle;
  };
  const unique = [...new Map(stores.map((s) => [s.name, s])).values()];
  // An attestation's statement may name the signer (provenance's builder): built only once that name is
  // final, whichever signature of the run comes first.
  if (attestations) await options.signer.ready();
  // Two chains per repository and manifest run side by side: its referrers (the bundle, then the
  // attestations: they extend one referrers tag, in this order) and its .sig. The result lists them
  // per repository, per manifest: the bundle, the .sig, the attestations.
  type Done = { signature: StoredSignature; warning?: string };
  const slots: { bundle?: Done; legacy?: Done; attestations: Done[] }[] = [];
  const tasks: (() => Promise<void>)[] = [];
  for (const store of unique) {
    for (const manifest of manifests) {
      const slot: (typeof slots)[number] = { attestations: [] };
      slots.push(slot);
      const attesting = attestations?.(manifest, dockerReference(store)) ?? [];
      if (options.formats.includes('bundle') || attesting.length > 0)
        tasks.push(async () => {
          if (options.formats.includes('bundle')) {
            const signed = await bundleOf(manifest.digest);
            slot.bundle = {
              signature: await storing(store, manifest, 'Sigstore bundle', () =>
                storeBundle(store, subjectOf(manifest), signed, created),
              ),
            };
          }
          for (const a of attesting) {
            const bundle = await options.signer.attest(a.statement);
            const signature = await storing(store, manifest, `${a.predicateType} attestation`, () =>
              storeBundle(store, subjectOf(manifest), bundle, created, a.predicateType),
            );
            const github = options.attest?.github;
            const refused =
              github && options.signer.keyless ? await uploadToGitHub(github, bundle) : undefined;
            slot.attestations.push(
              refused
                ? { signature, warning: `${store.name}@${manifest.digest}: ${refused}` }
                : { signature },
            );
          }
        });
      if (options.formats.includes('legacy'))
        tasks.push(async () => {
          const layer = await options.signer.legacy(dockerReference(store), manifest.digest);
          slot.legacy = {
            signature: await storing(store, manifest, 'cosign .sig signature', () =>
              storeLegacy(store, manifest.digest, layer),
            ),
          };
        });
    }
  }
  const failures = await settleBounded(tasks, PARALLEL_SIGNATURES);
  for (const slot of slots)
    for (const done of [slot.bundle, slot.legacy, ...slot.attestations])
      if (done) {
        stored.push(done.signature);
        // A refusal of GitHub's API reads the same for each attestation of a manifest: said once.
        if (done.warning && !warnings.includes(done.warning)) warnings.push(done.warning);
      }
  if (failures.length > 0) {
    // Each failure is said: one after its write (a read-back that did not find it) left something behind.
    for (const other of failures.slice(1)) log.warning(`signing also failed: ${describeError(other)}`);
    throw failures[0];
  }
  for (const s of stored)
    log.info(
      `${s.format === 'attestation' ? `attested ${s.predicateType}` : 'signed'} ${s.repository}@${s.digest} (${s.format}: ${s.stored})`,
    );
  return { stored, warnings };
}

/** A store failure says what was being stored for which manifest, and what to do when the cause is known. */
async function storing(
  store: ImageStore,
  manifest: ManifestBytes,
  what: string,
  fn: () => Promise<StoredSignature>,
): Promise<StoredSignature> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof SignatureStoreError) throw error;
    const text = describeError(error);
    const hint = /subject|MANIFEST_INVALID|artifactType/i.test(text)
      ? '; this registry may not accept OCI referrers: use signature-format: legacy, without attest'
      : '';
    throw new SignatureStoreError(
      `${store.name}: storing the ${what} of ${manifest.digest} failed: ${text}${hint}; the tag was not moved`,
    );
  }
}

/**
 * Stores a bundle through GitHub's attestations API (`POST /repos/{owner}/{repo}/attestations`), where
 * `gh attestation verify` finds it. A refusal is a warning: the registry copy is what admission reads.
 */
async function uploadToGitHub(
  github: NonNullable<AttestOptions['github']>,
  bundle: Buffer,
): Promise<string | undefined> {
  const url = `${github.api.replace(/\/+$/, '')}/repos/${github.repository}/attestations`;
  try {
    const res = await boundedFetch(url, {
      method: 'POST',
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${github.token}`,
        'content-type': 'application/json',
        'x-github-api-version': '2022-11-28',
      },
      body: JSON.stringify({ bundle: JSON.parse(bundle.toString('utf8')) as unknown }),
    });
    if (res.ok) return undefined;
    return `GitHub's attestations API answered ${res.status}${res.status === 403 || res.status === 404 ? ' (give the job permissions: attestations: write, and pass github-token)' : ''}; the attestation is in the registry only`;
  } catch (error) {
    return `GitHub's attestations API ${(error as Error).message}; the attestation is in the registry only`;
  }
}
