import type { ImageResult } from '../result.js';
import type { StoredSignature } from '../signing/store-signatures.js';

const PREDICATE_NAMES: Record<string, string> = {
  'https://slsa.dev/provenance/v1': 'SLSA provenance',
  'https://github.com/layer-rebase/layer-rebase/applied-patches/v1': 'applied patches',
};

/** `linux/amd64`, `index` or the digest, for a signed manifest of an image. */
function manifestName(image: ImageResult, digest: string): string {
  const platform = image.platforms.find((p) => p.digestAfter === digest);
  if (platform && image.platforms.length > 1) return platform.platform;
  if (digest === image.digest) return image.platforms.length > 1 ? 'index' : 'image';
  return platform?.platform ?? 'manifest';
}

/** One entry per signed manifest, in the order signed: its name, digest, and what is stored where. */
export function signedManifests(
  image: ImageResult,
): { name: string; digest: string; repository: string; signatures: string[]; attestations: string[] }[] {
  const out = new Map<
    string,
    { name: string; digest: string; repository: string; signatures: string[]; attestations: string[] }
  >();
  for (const s of image.signing?.stored ?? []) {
    const key = `${s.repository}@${s.digest}`;
    const entry = out.get(key) ?? {
      name: manifestName(image, s.digest),
      digest: s.digest,
      repository: s.repository,
      signatures: [],
      attestations: [],
    };
    if (s.format === 'attestation') {
      const name = PREDICATE_NAMES[s.predicateType ?? ''] ?? s.predicateType ?? '';
      const recorded = recordedWords(s);
      entry.attestations.push(recorded ? `${name} (${recorded})` : name);
    } else entry.signatures.push(storedWords(s));
    out.set(key, entry);
  }
  return [...out.values()];
}

/** `Sigstore bundle (referrer 1a2b3c4d5e6f in tag sha256-…, Rekor log index 123)`, `cosign .sig (tag sha256-….sig)`. */
function storedWords(s: StoredSignature): string {
  const where = [s.stored, recordedWords(s)].filter(Boolean).join(', ');
  return s.format === 'legacy' ? `cosign .sig (${where})` : `Sigstore bundle (${where})`;
}

/** `Rekor log index 123`, `timestamped 2026-…Z`, both, or '' (a key without a log). */
function recordedWords(s: StoredSignature): string {
  return [
    s.logIndex !== undefined ? `Rekor log index ${s.logIndex}` : '',
    s.timestamp ? `timestamped ${s.timestamp}` : '',
  ]
    .filter(Boolean)
    .join(', ');
}
