import { parse as parseToml, TomlError } from 'smol-toml';
import { PatchFileError } from '../errors.js';
import { jsonSyntaxError } from '../json-error.js';
import { parseDigest } from '../oci/digest.js';
import { parseReference } from '../oci/reference.js';
import { MAX_NESTING, tooDeep } from '../nesting.js';
import { suggestKey } from '../suggest.js';
import { validateGlob } from './glob.js';
import type { LauncherPatch, LayerPatch, Patch, PatchFile, PatchSource } from './types.js';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

const LAYER_KEYS = ['buildpack', 'layer', 'data', 'patch-image', 'patch-image.mirrors'];
const LAUNCHER_KEYS = ['must-match-sha', 'patch-image', 'patch-image.mirrors'];

export type PatchFileFormat = 'json' | 'toml';

/** JSON or TOML: by extension, else by the first meaningful character. */
export function detectFormat(name: string, text: string): PatchFileFormat {
  const lower = name.toLowerCase().replace(/[?#].*$/, '');
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.toml')) return 'toml';
  return /^\s*[{[]\s*["{\]]/.test(text) || /^\s*\{/.test(text) ? 'json' : 'toml';
}

/**
 * Parses a patch file in any accepted form: the RFC's `{"patches": [...]}`, the review's object form
 * `{"patches": {"buildpacks": [...], "launcher": {...}}}`, and both in TOML. Every error names the
 * file, the key and the value; unknown keys become warnings.
 */
export function parsePatchFile(text: string, source: PatchSource, format?: PatchFileFormat): PatchFile {
  const file = source.location;
  if (!format && /\.ya?ml$/.test(file.toLowerCase().replace(/[?#].*$/, '')))
    throw new PatchFileError(file, '', undefined, YAML_NOT_SUPPORTED);
  const kind = format ?? detectFormat(file, text);
  if (tooDeep(text)) {
    throw new PatchFileError(file, '', undefined, `nested too deeply (more than ${MAX_NESTING} levels)`);
  }
  let doc: unknown;
  try {
    doc = kind === 'json' ? JSON.parse(text) : parseToml(text);
  } catch (error) {
    if (kind === 'toml' && looksLikeYaml(text))
      throw new PatchFileError(file, '', undefined, YAML_NOT_SUPPORTED);
    // Never quote the text itself: a fetched "patch file" may be some other service's answer.
    let reason = `not valid ${kind.toUpperCase()}: ${parseErrorReason(error, text)}`;
    if (
      error instanceof TomlError &&
      /patch-image/.test(text) &&
      /already|redefin|overrid/i.test(error.message)
    ) {
      reason += ' (in TOML, quote dotted keys: "patch-image.mirrors" = [...])';
    }
    throw new PatchFileError(file, '', undefined, reason);
  }
  if (!isObject(doc)) throw new PatchFileError(file, '', doc, 'expected a table/object with a "patches" key');
  const warnings: string[] = [];
  if (doc.patches === undefined) {
    const near = Object.keys(doc).find((k) => suggestKey(k, ['patches']) !== undefined);
    if (near !== undefined) throw unknownKeyError(file, '', near, ['patches']);
  }
  for (const key of Object.keys(doc))
    if (key !== 'patches') warnings.push(`${file}: unknown key "${key}" ignored`);
  const patches = doc.patches;
  const out: Patch[] = [];
  if (Array.isArray(patches)) {
    patches.forEach((p, i) => out.push(parseLayerPatch(p, source, `patches[${i}]`)));
  } else if (isObject(patches)) {
    rejectUnknown(patches, ['buildpacks', 'launcher'], file, 'patches');
    if (patches.buildpacks !== undefined) {
      if (!Array.isArray(patches.buildpacks)) {
        throw new PatchFileError(
          file,
          'patches.buildpacks',
          patches.buildpacks,
          'expected an array of patches',
        );
      }
      patches.buildpacks.forEach((p, i) => out.push(parseLayerPatch(p, source, `patches.buildpacks[${i}]`)));
    }
    if (patches.launcher !== undefined)
      out.push(parseLauncherPatch(patches.launcher, source, 'patches.launcher'));
  } else {
    throw new PatchFileError(
      file,
      'patches',
      patches,
      'expected an array of patches or an object with "buildpacks"/"launcher"',
    );
  }
  return { source, patches: out, warnings };
}

const YAML_NOT_SUPPORTED =
  'YAML is not supported: write the patch file as JSON or TOML, with the same keys (README: "Patch files")';

/** The first meaningful line reads as YAML (`patches:`, `- buildpack: …`, `---`), which TOML never is. */
function looksLikeYaml(text: string): boolean {
  const first = text.split(/\r?\n/).find((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  return first !== undefined && /^\s*(---|%YAML|-\s|["']?[\w.-]+["']?\s*:(\s|$))/.test(first);
}

/** A parser's complaint without the quoted text: what was wrong, at which line and column. */
export function parseErrorReason(error: unknown, text?: string): string {
  if (error instanceof RangeError) return `nested too deeply`;
  const first = (error as Error).message.split('\n')[0] ?? '';
  if (error instanceof TomlError)
    return first.replace(/:.*$/, '') + (error.line ? ` at line ${error.line}, column ${error.column}` : '');
  if (text !== undefined) {
    const at = jsonSyntaxError(text);
    return `${at.reason} at line ${at.line}, column ${at.column}`;
  }
  const position = /position (\d+)/.exec(first)?.[1];
  const kind = /Unexpected end/i.test(first) ? 'unexpected end of input' : 'unexpected text';
  return position ? `${kind} at position ${position}` : kind;
}

function requireString(obj: Obj, key: string, file: string, where: string): string {
  const value = obj[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new PatchFileError(
      file,
      `${where}.${key}`,
      value,
      value === undefined ? 'missing' : 'expected a non-empty string',
    );
  }
  return value;
}

function imageReference(value: string, file: string, key: string): string {
  try {
    parseReference(value);
  } catch (error) {
    throw new PatchFileError(file, key, value, (error as Error).message);
  }
  if (value.startsWith('oci:')) return value;
  return value;
}

function parseImage(obj: Obj, file: string, where: string): { patchImage: string; mirrors: string[] } {
  const raw = obj['patch-image'];
  // TOML's unquoted `patch-image.mirrors` makes `patch-image` a table; say how to spell it.
  if (isObject(raw)) {
    throw new PatchFileError(
      file,
      `${where}.patch-image`,
      raw,
      'expected a string; in TOML write the mirrors key quoted: "patch-image.mirrors" = [...]',
    );
  }
  const patchImage = imageReference(
    requireString(obj, 'patch-image', file, where),
    file,
    `${where}.patch-image`,
  );
  const rawMirrors = obj['patch-image.mirrors'];
  let mirrors: string[] = [];
  if (rawMirrors !== undefined) {
    if (!Array.isArray(rawMirrors) || rawMirrors.some((m) => typeof m !== 'string')) {
      throw new PatchFileError(
        file,
        `${where}.patch-image.mirrors`,
        rawMirrors,
        'expected an array of image references',
      );
    }
    mirrors = (rawMirrors as string[]).map((m, i) =>
      imageReference(m, file, `${where}.patch-image.mirrors[${i}]`),
    );
  }
  return { patchImage, mirrors };
}

function unknownKeyError(file: string, where: string, key: string, allowed: string[]): PatchFileError {
  const near = suggestKey(key, allowed);
  const hint =
    near === undefined
      ? `allowed keys: ${allowed.join(', ')}`
      : near.toLowerCase() === key.toLowerCase()
        ? `did you mean "${near}"? keys are case-sensitive`
        : `did you mean "${near}"?`;
  return new PatchFileError(
    file,
    where ? `${where}.${key}` : key,
    undefined,
    `unknown key "${key}" (${hint}); a misspelled key could widen a patch, so the file is refused`,
  );
}

/** Inside a patch entry an unknown key is an error: a misspelled selector must never widen a patch. */
function rejectUnknown(obj: Obj, allowed: string[], file: string, where: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) throw unknownKeyError(file, where, key, allowed);
  }
}

function parseGlob(obj: Obj, key: string, file: string, where: string): string {
  const value = requireString(obj, key, file, where);
  const problem = validateGlob(value);
  if (problem) throw new PatchFileError(file, `${where}.${key}`, value, problem);
  return value;
}

/**
 * Flattens nested selector tables (`data = { artifact = { version = "1.*" } }`) into dot paths. Every
 * selector is a string glob: lifecycle reads `data` as a map of strings and matches string values only.
 * The result has no prototype, so that a key such as `__proto__` is kept like any other.
 */
function flattenData(
  value: unknown,
  file: string,
  key: string,
  prefix = '',
  out: Record<string, string> = Object.create(null) as Record<string, string>,
  depth = 0,
): Record<string, string> {
  if (!isObject(value)) throw new PatchFileError(file, key, value, 'expected a table/object of selectors');
  if (depth > 16) throw new PatchFileError(file, key, undefined, 'selectors nested too deeply');
  for (const [k, v] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (isObject(v)) flattenData(v, file, `${key}.${k}`, path, out, depth + 1);
    else if (typeof v === 'string') {
      const problem = validateGlob(v);
      if (problem) throw new PatchFileError(file, `${key}.${k}`, v, problem);
      out[path] = v;
    } else {
      throw new PatchFileError(
        file,
        `${key}.${k}`,
        v,
        `a data selector must be a string glob (lifecycle matches only string values${typeof v === 'number' || typeof v === 'boolean' ? `; write "${String(v)}" only if the layer data holds the string` : ''})`,
      );
    }
  }
  return out;
}

function parseLayerPatch(value: unknown, source: PatchSource, where: string): LayerPatch {
  const file = source.location;
  if (!isObject(value)) throw new PatchFileError(file, where, value, 'expected a table/object');
  rejectUnknown(value, LAYER_KEYS, file, where);
  const patch: LayerPatch = {
    kind: 'layer',
    buildpack: parseGlob(value, 'buildpack', file, where),
    layer: parseGlob(value, 'layer', file, where),
    data:
      value.data === undefined
        ? (Object.create(null) as Record<string, string>)
        : flattenData(value.data, file, `${where}.data`),
    ...parseImage(value, file, where),
    source,
    where,
  };
  return patch;
}

function parseLauncherPatch(value: unknown, source: PatchSource, where: string): LauncherPatch {
  const file = source.location;
  if (!isObject(value)) throw new PatchFileError(file, where, value, 'expected a table/object');
  rejectUnknown(value, LAUNCHER_KEYS, file, where);
  const patch: LauncherPatch = { kind: 'launcher', ...parseImage(value, file, where), source, where };
  const shas = value['must-match-sha'];
  if (shas !== undefined) {
    if (!Array.isArray(shas))
      throw new PatchFileError(file, `${where}.must-match-sha`, shas, 'expected an array of sha256 digests');
    patch.mustMatchSha = shas.map((s, i) => {
      try {
        return parseDigest(s, file, `${where}.must-match-sha[${i}]`);
      } catch {
        throw new PatchFileError(file, `${where}.must-match-sha[${i}]`, s, 'expected sha256:<64 hex digits>');
      }
    });
  }
  return patch;
}
