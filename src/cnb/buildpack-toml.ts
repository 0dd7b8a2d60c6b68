import { parse as parseToml } from 'smol-toml';
import { PatchFileError } from '../errors.js';
import { MAX_NESTING, tooDeep } from '../nesting.js';

/** Where a buildpack says its patch files live, read from its `buildpack.toml`. */
export interface LayerPatchRefs {
  /** The buildpack's id (`[buildpack] id`): the only buildpack its patch files may patch. */
  id: string;
  version: string;
  /** reference_uri values that apply on every platform. */
  refs: string[];
  /** reference_uri values from a `[[targets]]` entry: only for that os/arch(/variant). */
  targeted: { os?: string; arch?: string; variant?: string; refs: string[] }[];
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function uris(table: unknown, file: string, key: string): string[] {
  if (table === undefined) return [];
  if (!isObject(table)) throw new PatchFileError(file, key, table, 'expected a table with reference_uri');
  const value = table.reference_uri;
  if (typeof value === 'string' && value.trim()) return [value.trim()];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' && v.trim()))
    return value.map((v) => (v as string).trim());
  throw new PatchFileError(file, `${key}.reference_uri`, value, 'expected a string or a list of strings');
}

/**
 * Reads the `reference_uri` of a buildpack.toml from the top-level `[layer-patch]` table (the RFC's
 * example), from `[metadata.layer-patch]`, and from a `layer-patch` table in each `[[targets]]` entry.
 */
export function parseBuildpackToml(text: string, file: string): LayerPatchRefs {
  if (tooDeep(text))
    throw new PatchFileError(file, '', undefined, `nested too deeply (more than ${MAX_NESTING} levels)`);
  let doc: Obj;
  try {
    doc = parseToml(text) as Obj;
  } catch (error) {
    throw new PatchFileError(
      file,
      '',
      undefined,
      `not valid TOML: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  const bp = doc.buildpack;
  if (!isObject(bp) || typeof bp.id !== 'string' || bp.id === '') {
    throw new PatchFileError(
      file,
      'buildpack.id',
      isObject(bp) ? bp.id : bp,
      'a buildpack.toml needs [buildpack] id',
    );
  }
  const refs = [...uris(doc['layer-patch'], file, 'layer-patch')];
  if (isObject(doc.metadata)) refs.push(...uris(doc.metadata['layer-patch'], file, 'metadata.layer-patch'));
  const targeted: LayerPatchRefs['targeted'] = [];
  if (Array.isArray(doc.targets)) {
    doc.targets.forEach((t, i) => {
      if (!isObject(t) || t['layer-patch'] === undefined) return;
      const entry: LayerPatchRefs['targeted'][number] = {
        refs: uris(t['layer-patch'], file, `targets[${i}].layer-patch`),
      };
      if (typeof t.os === 'string') entry.os = t.os;
      if (typeof t.arch === 'string') entry.arch = t.arch;
      if (typeof t.variant === 'string') entry.variant = t.variant;
      targeted.push(entry);
    });
  }
  return { id: bp.id, version: typeof bp.version === 'string' ? bp.version : '', refs, targeted };
}

export type PatchLocation = { kind: 'path'; path: string } | { kind: 'url'; url: string };

/**
 * `./x`, `../x` and `/x` are paths (relative ones from the buildpack.toml's folder); a value with a
 * scheme is a URL; anything else (`host/path`, as in the RFC) means `https://host/path`.
 */
export function resolveReferenceUri(value: string, tomlDir: string | undefined): PatchLocation {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return { kind: 'url', url: value };
  if (value.startsWith('./') || value.startsWith('../') || value.startsWith('/')) {
    if (value.startsWith('/') || tomlDir === undefined) return { kind: 'path', path: value };
    return { kind: 'path', path: joinPosix(tomlDir, value) };
  }
  return { kind: 'url', url: `https://${value}` };
}

function joinPosix(dir: string, rel: string): string {
  const parts = `${dir}/${rel}`.split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' && out.length > 0) continue;
    if (p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return out.join('/') || '/';
}
