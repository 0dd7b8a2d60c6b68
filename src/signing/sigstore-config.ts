import { UsageError } from '../errors.js';

/**
 * Which Sigstore services keyless signing uses: a certificate authority (Fulcio), and transparency
 * logs (Rekor) and/or timestamp authorities. Named instances, or a Sigstore SigningConfig
 * (`application/vnd.dev.sigstore.signingconfig.v0.2+json`, the file cosign v3 takes with
 * `--signing-config`; sigstore/protobuf-specs SigningConfig) for private deployments.
 */
export interface SigstoreServices {
  /** What the summary calls it: `public-good`, `github`, or the SigningConfig's path. */
  name: string;
  fulcio: string;
  rekor: { url: string; majorApiVersion: number }[];
  tsa: string[];
}

export const PUBLIC_GOOD: SigstoreServices = {
  name: 'public-good',
  fulcio: 'https://fulcio.sigstore.dev',
  rekor: [{ url: 'https://rekor.sigstore.dev', majorApiVersion: 1 }],
  tsa: [],
};

/** GitHub's instance for private repositories: no public log; a timestamp instead (actions/toolkit attest endpoints.ts). */
export const GITHUB: SigstoreServices = {
  name: 'github',
  fulcio: 'https://fulcio.githubapp.com',
  rekor: [],
  tsa: ['https://timestamp.githubapp.com'],
};

export const SIGNING_CONFIG_MEDIA_TYPE = 'application/vnd.dev.sigstore.signingconfig.v0.2+json';

interface Service {
  url?: unknown;
  majorApiVersion?: unknown;
  validFor?: { start?: unknown; end?: unknown };
}

type Json = Record<string, unknown>;

function fail(where: string, key: string, why: string): never {
  throw new UsageError(`SigningConfig ${where}${key ? ` at ${key}` : ''}: ${why}`);
}

/** http:// only for a loopback host (a test or a local deployment); anything else must be https. */
function checkUrl(where: string, key: string, value: unknown): string {
  if (typeof value !== 'string') fail(where, key, 'must be a URL string');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail(where, key, `"${value}" is not a URL`);
  }
  if (url.protocol === 'https:') return value.replace(/\/+$/, '');
  // Only names that never reach DNS: a `*.localhost` name is looked up like any other by Node.
  const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(url.hostname);
  if (url.protocol === 'http:' && loopback) return value.replace(/\/+$/, '');
  return fail(where, key, `"${value}" must be https (http only for a loopback host)`);
}

/** The services valid now, the newest (latest start) first: a client takes the first valid ones. */
function valid(where: string, key: string, list: unknown, now: Date): Service[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) fail(where, key, 'must be a list');
  const start = (s: Service) =>
    typeof s.validFor?.start === 'string' ? Date.parse(s.validFor.start) || 0 : 0;
  return (list as Service[])
    .filter((s, i) => {
      if (typeof s !== 'object' || s === null) fail(where, `${key}[${i}]`, 'must be an object');
      const start = s.validFor?.start;
      const end = s.validFor?.end;
      if (typeof start === 'string' && new Date(start) > now) return false;
      if (typeof end === 'string' && new Date(end) <= now) return false;
      return true;
    })
    .sort((a, b) => start(b) - start(a));
}

/** How many of the listed services to use: ANY one, ALL, or EXACT count (the config's selector). */
function selected(where: string, key: string, config: unknown, available: number): number {
  if (config === undefined || available === 0) return Math.min(available, 1);
  const { selector, count } = config as { selector?: unknown; count?: unknown };
  if (selector === 'ANY') return 1;
  if (selector === 'ALL') return available;
  if (selector === 'EXACT') {
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > available)
      fail(
        where,
        `${key}.count`,
        `must be an integer from 1 to the ${available} valid service(s), got ${String(count)}`,
      );
    return count;
  }
  return fail(where, `${key}.selector`, `must be ANY, ALL or EXACT, got ${JSON.stringify(selector)}`);
}

export function parseSigningConfig(text: string, where: string, now = new Date()): SigstoreServices {
  let doc: Json;
  try {
    doc = JSON.parse(text) as Json;
  } catch (error) {
    return fail(where, '', `is not JSON (${(error as Error).message})`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) fail(where, '', 'must be a JSON object');
  if (doc.mediaType !== SIGNING_CONFIG_MEDIA_TYPE)
    fail(where, 'mediaType', `must be ${SIGNING_CONFIG_MEDIA_TYPE}, got ${JSON.stringify(doc.mediaType)}`);
  const cas = valid(where, 'caUrls', doc.caUrls, now);
  if (cas.length === 0) fail(where, 'caUrls', 'names no certificate authority valid now');
  const rekors = valid(where, 'rekorTlogUrls', doc.rekorTlogUrls, now);
  const tsas = valid(where, 'tsaUrls', doc.tsaUrls, now);
  const rekorCount = selected(where, 'rekorTlogConfig', doc.rekorTlogConfig, rekors.length);
  const tsaCount = selected(where, 'tsaConfig', doc.tsaConfig, tsas.length);
  const services: SigstoreServices = {
    name: where,
    fulcio: checkUrl(where, 'caUrls[0].url', cas[0]!.url),
    rekor: rekors.slice(0, rekorCount).map((r, i) => {
      const major = r.majorApiVersion ?? 1;
      if (major !== 1 && major !== 2)
        fail(where, `rekorTlogUrls[${i}].majorApiVersion`, `must be 1 or 2, got ${JSON.stringify(major)}`);
      return { url: checkUrl(where, `rekorTlogUrls[${i}].url`, r.url), majorApiVersion: major };
    }),
    tsa: tsas.slice(0, tsaCount).map((t, i) => checkUrl(where, `tsaUrls[${i}].url`, t.url)),
  };
  if (services.rekor.length === 0 && services.tsa.length === 0)
    fail(
      where,
      '',
      'names neither a transparency log nor a timestamp authority valid now: a keyless signature needs one',
    );
  return services;
}
