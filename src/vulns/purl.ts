/** The parts of a package URL (purl spec) that identify a package across versions. */
export interface Purl {
  type: string;
  /** Namespace and name, percent-decoded, joined with `/`. */
  path: string;
  version?: string;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const CASE_INSENSITIVE = new Set(['npm', 'deb', 'apk', 'alpine', 'github', 'bitbucket', 'composer']);

/** `pkg:type/namespace/name@version?qualifiers#subpath`; undefined for anything that is not a purl. */
export function parsePurl(text: string): Purl | undefined {
  const m = /^pkg:\/*([A-Za-z][A-Za-z0-9.+-]*)\/([^?#]+)/.exec(text.trim());
  if (!m) return undefined;
  const type = m[1]!.toLowerCase();
  let rest = m[2]!.replace(/\/+$/, '');
  let version: string | undefined;
  // The version follows the last `@` of the name; an npm scope's `@` is the first character of a segment.
  const at = rest.lastIndexOf('@');
  if (at > 0 && rest[at - 1] !== '/') {
    version = decode(rest.slice(at + 1));
    rest = rest.slice(0, at);
  }
  let path = rest.split('/').filter(Boolean).map(decode).join('/');
  // Types whose names the spec makes case-insensitive (and pypi's `_`/`.` that mean `-`).
  if (type === 'pypi') path = path.toLowerCase().replace(/[-_.]+/g, '-');
  else if (CASE_INSENSITIVE.has(type)) path = path.toLowerCase();
  return { type, path, ...(version ? { version } : {}) };
}

/** What a package is across versions: `type/namespace/name`, or undefined when the text is no purl. */
export function purlIdentity(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const p = parsePurl(text);
  return p ? `${p.type}/${p.path}` : undefined;
}

/** The purl with its version replaced (qualifiers and subpath kept). */
export function withPurlVersion(text: string, version: string): string {
  const m = /^(pkg:[^?#]+?)(@[^/?#@]*)?([?#].*)?$/.exec(text);
  if (!m) return text;
  return `${m[1]}@${encodeURIComponent(version).replace(/%2B/g, '+')}${m[3] ?? ''}`;
}
