import { InvalidReferenceError } from '../errors.js';
import { isDigest, type Digest } from './digest.js';

/** Where an image lives: a repository in a registry, or an OCI image layout directory. */
export type Reference = RegistryReference | LayoutReference;

export interface RegistryReference {
  kind: 'registry';
  /** As written by users, `docker.io` for Docker Hub. */
  registry: string;
  repository: string;
  tag?: string;
  digest?: Digest;
  /** No tag or digest was written: `latest` was assumed. */
  defaultTag?: boolean;
}

export interface LayoutReference {
  kind: 'layout';
  dir: string;
  tag?: string;
  digest?: Digest;
  defaultTag?: boolean;
}

export const DOCKER_HUB = 'docker.io';
const DEFAULT_TAG = 'latest';

// The docker/distribution reference grammar, one rule per constant.
const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = new RegExp(`^${ALNUM}(?:${SEPARATOR}${ALNUM})*$`);
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const IPV6 = /^\[[a-fA-F0-9:.]+\]$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const MAX_NAME_LENGTH = 255;

function splitDigest(input: string, text: string): { rest: string; digest?: Digest } {
  const at = text.indexOf('@');
  if (at < 0) return { rest: text };
  const digest = text.slice(at + 1);
  if (!isDigest(digest)) throw new InvalidReferenceError(input, `"${digest}" is not a sha256 digest`);
  return { rest: text.slice(0, at), digest };
}

function splitTag(input: string, text: string): { rest: string; tag?: string } {
  const colon = text.lastIndexOf(':');
  // A colon before the last slash belongs to a registry port, not a tag.
  if (colon < 0 || colon < text.lastIndexOf('/')) return { rest: text };
  const tag = text.slice(colon + 1);
  if (!TAG.test(tag)) throw new InvalidReferenceError(input, `invalid tag "${tag}"`);
  return { rest: text.slice(0, colon), tag };
}

/**
 * What is wrong with a repository path component (`shown` as written), naming the character when one is
 * not allowed at all (`"app!": "!" is not allowed …`); undefined when it is valid.
 */
function componentProblem(component: string, shown = component): string | undefined {
  if (PATH_COMPONENT.test(component)) return undefined;
  const bad = /[^a-z0-9._-]/.exec(component);
  const invalid = `invalid repository path component "${shown}"`;
  return bad
    ? `${invalid}: ${JSON.stringify(bad[0])} is not allowed (lowercase letters and digits, separated by ".", "_", "__" or "-")`
    : invalid;
}

function isDomain(component: string): boolean {
  return (
    component.includes('.') || component.includes(':') || component === 'localhost' || /[A-Z]/.test(component)
  );
}

function validateDomain(input: string, domain: string): void {
  let host = domain;
  let port: string | undefined;
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    port = host.slice(end + 1).replace(/^:/, '') || undefined;
    host = host.slice(0, end + 1);
    if (!IPV6.test(host)) throw new InvalidReferenceError(input, `invalid registry host "${domain}"`);
  } else {
    const colon = host.indexOf(':');
    if (colon >= 0) {
      port = host.slice(colon + 1);
      host = host.slice(0, colon);
    }
    if (!host.split('.').every((c) => DOMAIN_COMPONENT.test(c))) {
      throw new InvalidReferenceError(input, `invalid registry host "${domain}"`);
    }
  }
  if (port !== undefined && !/^[0-9]{1,5}$/.test(port)) {
    throw new InvalidReferenceError(input, `invalid registry port in "${domain}"`);
  }
}

export function parseReference(input: string): Reference {
  const text = input.trim();
  if (text === '') throw new InvalidReferenceError(input, 'empty reference');
  if (text.startsWith('oci:')) return parseLayoutReference(input, text.slice(4));
  // The common mistakes, each answered with what to write instead.
  const transport = /^(docker|docker-daemon|containers-storage|oci-archive|docker-archive):\/{0,2}/.exec(
    text,
  );
  if (transport) {
    throw new InvalidReferenceError(
      input,
      transport[1] === 'docker'
        ? `drop the "${transport[0]}" prefix: write ${text.slice(transport[0].length)}`
        : `${transport[1]}: is a skopeo transport this tool does not read; use a registry reference or oci:<dir>[:<tag>]`,
    );
  }
  // A registry URL pasted from a browser: an image reference has no scheme.
  const scheme = /^https?:\/\//i.exec(text);
  if (scheme) {
    throw new InvalidReferenceError(
      input,
      `drop the "${scheme[0]}" scheme: write ${text.slice(scheme[0].length).replace(/\/+$/, '')}`,
    );
  }
  if (/^(\.{1,2}(\/|$)|\/|~)/.test(text)) {
    throw new InvalidReferenceError(
      input,
      `this is a path; for an OCI image layout directory write oci:${text}[:<tag>]`,
    );
  }

  const { rest: withoutDigest, digest } = splitDigest(input, text);
  const { rest: name, tag } = splitTag(input, withoutDigest);
  if (name === '') throw new InvalidReferenceError(input, 'missing repository name');

  const slash = name.indexOf('/');
  let registry = DOCKER_HUB;
  let path = name;
  let host = '';
  if (slash >= 0 && isDomain(name.slice(0, slash))) {
    host = name.slice(0, slash + 1);
    registry = name.slice(0, slash);
    path = name.slice(slash + 1);
    validateDomain(input, registry);
  }
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && !path.includes('/')) path = `library/${path}`;
  if (/[A-Z]/.test(path)) {
    // The same reference with the repository in lower case (host, tag and digest as written), suggested
    // only when that is itself valid: `App!` lowercased is still wrong, and the reason is the `!`.
    const problem = path
      .split('/')
      .map((c) => componentProblem(c.toLowerCase(), c))
      .find(Boolean);
    if (problem) throw new InvalidReferenceError(input, `repository name must be lowercase, and ${problem}`);
    if (registry.length + 1 + path.length > MAX_NAME_LENGTH)
      throw new InvalidReferenceError(
        input,
        `repository name must be lowercase, and is longer than ${MAX_NAME_LENGTH} characters`,
      );
    const lower = `${host}${name.slice(host.length).toLowerCase()}${text.slice(name.length)}`;
    throw new InvalidReferenceError(input, `repository name must be lowercase: write ${lower}`);
  }
  for (const component of path.split('/')) {
    const problem = componentProblem(component);
    if (problem) throw new InvalidReferenceError(input, problem);
  }
  if (registry.length + 1 + path.length > MAX_NAME_LENGTH) {
    throw new InvalidReferenceError(input, `repository name longer than ${MAX_NAME_LENGTH} characters`);
  }
  const ref: RegistryReference = { kind: 'registry', registry, repository: path };
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  if (tag === undefined && digest === undefined) {
    ref.tag = DEFAULT_TAG;
    ref.defaultTag = true;
  }
  return ref;
}

/** `oci:<dir>[:<tag>]` and `oci:<dir>@sha256:…`. The directory may itself contain colons only before the last slash. */
function parseLayoutReference(input: string, body: string): LayoutReference {
  const { rest, digest } = splitDigest(input, body);
  let dir = rest;
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0 && colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    dir = rest.slice(0, colon);
    if (!TAG.test(tag)) throw new InvalidReferenceError(input, `invalid tag "${tag}"`);
  }
  if (dir === '') throw new InvalidReferenceError(input, 'missing OCI layout directory');
  const ref: LayoutReference = { kind: 'layout', dir };
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  if (tag === undefined && digest === undefined) {
    ref.tag = DEFAULT_TAG;
    ref.defaultTag = true;
  }
  return ref;
}

/** The canonical text: `docker.io/library/node:22`, `oci:/tmp/dir:tag`. */
export function formatReference(ref: Reference): string {
  const base = ref.kind === 'registry' ? `${ref.registry}/${ref.repository}` : `oci:${ref.dir}`;
  return `${base}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}

/** The repository (or layout directory) a reference points into, without tag or digest. */
export function repositoryOf(ref: Reference): string {
  return ref.kind === 'registry' ? `${ref.registry}/${ref.repository}` : `oci:${ref.dir}`;
}

export function withDigest(ref: Reference, digest: Digest): Reference {
  const out = { ...ref, digest };
  delete out.tag;
  return out;
}

/** The host to talk HTTP to: Docker Hub's API lives on registry-1.docker.io. */
export function apiHost(registry: string): string {
  return registry === DOCKER_HUB ? 'registry-1.docker.io' : registry;
}

/** Loopback hosts speak plain HTTP by default, as docker and go-containerregistry allow. */
export function isLoopbackHost(registry: string): boolean {
  const host = registry.startsWith('[')
    ? registry.slice(0, registry.indexOf(']') + 1)
    : registry.split(':')[0]!;
  return (
    host === 'localhost' ||
    host === '[::1]' ||
    /^127\.\d+\.\d+\.\d+$/.test(host) ||
    host.endsWith('.localhost')
  );
}
