import { sha256 } from '../oci/digest.js';
import { parseReference, DOCKER_HUB } from '../oci/reference.js';
import { isPushed, type ImageResult, type RunResult } from '../result.js';
import type { Finding } from './assess.js';
import { withPurlVersion } from './purl.js';

/** OpenVEX 0.2.0 (https://github.com/openvex/spec/blob/v0.2.0/OPENVEX-SPEC.md). */
export const OPENVEX_CONTEXT = 'https://openvex.dev/ns/v0.2.0';

export interface VexStatement {
  vulnerability: { name: string; aliases?: string[] };
  products: { '@id': string; subcomponents?: { '@id': string }[] }[];
  status: 'fixed';
  status_notes?: string;
}

export interface VexDocument {
  '@context': string;
  '@id': string;
  author: string;
  role: string;
  timestamp: string;
  version: number;
  tooling: string;
  statements: VexStatement[];
}

/**
 * The image as a purl (purl-spec `oci` type): `pkg:oci/<last name segment>@sha256%3A<hex>` with the
 * repository in `repository_url`, as Trivy and Grype name the image they scan.
 */
export function imagePurl(repository: string, digest: string): string {
  const at = repository.indexOf('/');
  const name = repository.slice(repository.lastIndexOf('/') + 1);
  const digestPart = encodeURIComponent(digest);
  if (repository.startsWith('oci:') || at < 0) return `pkg:oci/${encodeURIComponent(name)}@${digestPart}`;
  // Docker Hub images are named by the registry's API host (index.docker.io), as Trivy does.
  const url = repository.startsWith(`${DOCKER_HUB}/`)
    ? `index.docker.io${repository.slice(DOCKER_HUB.length)}`
    : repository;
  return `pkg:oci/${encodeURIComponent(name)}@${digestPart}?repository_url=${encodeURIComponent(url)}`;
}

/** Each repository the result went to (its tags'), or the one `result` names. */
function repositoriesOf(image: ImageResult): string[] {
  const refs = image.tags.length > 0 ? image.tags : image.result ? [image.result] : [];
  const repos = new Set<string>();
  for (const r of refs) {
    try {
      const ref = parseReference(r);
      repos.add(ref.kind === 'layout' ? `oci:${ref.dir}` : `${ref.registry}/${ref.repository}`);
    } catch {
      // An unparsable reference cannot be named in a purl; the others still are.
    }
  }
  return [...repos];
}

function subcomponents(f: Finding): string[] {
  if (!f.purl || !f.to) return [];
  return f.to.split(', ').map((v) => withPurlVersion(f.purl!, v));
}

/**
 * One `fixed` statement per vulnerability, naming each new platform manifest whose plan fixes it, and
 * the index only when the image as a whole does (every platform fixes it: one that no report describes,
 * or whose report does not list it, leaves the image's claim undecided), with the packages it fixes
 * there. Only pushed images are stated: a dry run's digests hold nothing. Only findings with a purl are
 * stated: a statement must say which package it is about, or it would cover
 * others in the image.
 */
export function buildVex(result: RunResult, version: string): VexDocument {
  const byVuln = new Map<
    string,
    { aliases: Set<string>; products: Map<string, Set<string>>; notes: Set<string> }
  >();
  // Keyed by the name and its aliases: a statement's aliases apply to every product it names, so products
  // where the same vulnerability has other aliases (another platform's reports) get their own statement.
  const add = (f: Finding, product: string, notes: string) => {
    const key = [f.id, ...f.aliases].join('\n');
    const entry = byVuln.get(key) ?? { aliases: new Set(), products: new Map(), notes: new Set() };
    for (const a of f.aliases) entry.aliases.add(a);
    const subs = entry.products.get(product) ?? new Set<string>();
    for (const s of subcomponents(f)) subs.add(s);
    entry.products.set(product, subs);
    entry.notes.add(notes);
    byVuln.set(key, entry);
  };
  for (const image of result.images) {
    if (result.dryRun || !isPushed(image) || !image.digest) continue;
    const repos = repositoriesOf(image);
    const isIndex = image.digest !== image.platforms[0]?.digestAfter;
    const wholeImage = new Set(image.vulnerabilities?.fixed.map((g) => g.id) ?? []);
    for (const p of image.platforms) {
      for (const f of p.vulnerabilities?.fixed ?? []) {
        if (subcomponents(f).length === 0) continue;
        const notes = `${f.package} ${f.from} → ${f.to} in ${f.target}, patched by layer-rebase (${f.reason})`;
        for (const repo of repos) {
          add(f, imagePurl(repo, p.digestAfter), notes);
          // The index names every platform: only what the whole image fixes is stated for it.
          if (isIndex && wholeImage.has(f.id)) add(f, imagePurl(repo, image.digest), notes);
        }
      }
    }
  }
  const statements: VexStatement[] = [...byVuln.keys()].sort().map((key) => {
    const entry = byVuln.get(key)!;
    const aliases = [...entry.aliases].sort();
    const name = key.split('\n')[0]!;
    return {
      vulnerability: { name, ...(aliases.length > 0 ? { aliases } : {}) },
      products: [...entry.products.keys()].sort().map((id) => ({
        '@id': id,
        subcomponents: [...entry.products.get(id)!].sort().map((s) => ({ '@id': s })),
      })),
      status: 'fixed',
      status_notes: [...entry.notes].sort().join('; '),
    };
  });
  return {
    '@context': OPENVEX_CONTEXT,
    // The same statements give the same id: a re-run that changes nothing writes the same document.
    '@id': `https://openvex.dev/docs/public/vex-${sha256(JSON.stringify(statements)).slice(7)}`,
    author: 'layer-rebase',
    role: 'Document Creator',
    timestamp: result.startedAt,
    version: 1,
    tooling: `layer-rebase ${version}`,
    statements,
  };
}

export function renderVex(result: RunResult, version: string): string {
  return `${JSON.stringify(buildVex(result, version), null, 2)}\n`;
}
