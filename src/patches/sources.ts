import { createHash } from 'node:crypto';
import { lstat, readdir, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseBuildpackToml, resolveReferenceUri, type PatchLocation } from '../cnb/buildpack-toml.js';
import type { BuilderReader } from '../cnb/builder.js';
import { PatchFileError, UsageError } from '../errors.js';
import { canonicalFileName, LocalFileError, readRegularFile } from '../files.js';
import type { Log } from '../log.js';
import { hasUserInfo, querySecrets, redactUrl, registerSecret, withoutQuery } from '../secrets.js';
import type { Platform } from '../oci/types.js';
import { MAX_PATCH_FILE_BYTES, parsePinnedUrl, type PatchFileFetcher } from './fetch.js';
import { globMatch } from './glob.js';
import { parsePatchFile } from './parse.js';
import { checkScope, SCOPE_VIOLATION } from './scope.js';
import type { PatchFile, PatchSource } from './types.js';

export interface SourceContext {
  /** Relative paths resolve against this directory (the workspace). */
  cwd: string;
  /** The action's workspace (GITHUB_WORKSPACE): local patch files in it are recorded relative to it. */
  workspace?: string;
  log: Log;
  fetcher: PatchFileFetcher;
}

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

const fullPath = (path: string, cwd: string) => (isAbsolute(path) ? path : resolve(cwd, path));

async function readLocal(path: string, cwd: string, what = 'patch file'): Promise<string> {
  return (await readLocalBytes(path, cwd, what)).toString('utf8');
}

function readLocalBytes(path: string, cwd: string, what = 'patch file'): Promise<Buffer> {
  return readRegularFile(fullPath(path, cwd), MAX_PATCH_FILE_BYTES, what);
}

/**
 * A patch file missing from the action's workspace when nothing is checked out there (no `.git`): the
 * workflow lacks `actions/checkout`, and the error says so rather than only that the file is not there.
 */
async function withoutCheckout(error: unknown, path: string, workspace: string | undefined): Promise<never> {
  if (
    error instanceof LocalFileError &&
    error.errno === 'ENOENT' &&
    workspace !== undefined &&
    !relative(workspace, path).startsWith('..') &&
    !(await lstat(join(workspace, '.git')).then(
      () => true,
      () => false,
    ))
  )
    throw new LocalFileError(
      `${error.message}: the workspace ${workspace} has no checkout; check out the repository first (actions/checkout)`,
      error.errno,
    );
  throw error;
}

/** Reads one patch file from a path or URL and validates it; buildpack-published files are scope-checked. */
export async function readPatchFile(
  location: PatchLocation,
  source: Omit<PatchSource, 'kind' | 'location'> & { kind?: PatchSource['kind'] },
  ctx: SourceContext,
): Promise<PatchFile> {
  if (location.kind === 'url' && hasUserInfo(location.url)) {
    throw new PatchFileError(
      redactUrl(location.url),
      '',
      undefined,
      'a URL with credentials in it is refused: they would end up in logs, labels and reports (serve the file without them, or pin it with #sha256=)',
    );
  }
  // A presigned URL's query is a credential: masked everywhere, and never shown or recorded.
  if (location.kind === 'url')
    for (const secret of querySecrets(location.url))
      for (const form of registerSecret(secret)) ctx.log.secret(form);
  const shown = location.kind === 'url' ? withoutQuery(location.url) : location.path;
  let text: string;
  let recorded: string | undefined;
  let unpinned: string | undefined;
  let fetchedSha256: string | undefined;
  if (location.kind === 'url') {
    const fetched = await ctx.fetcher.fetch(location.url);
    text = fetched.text;
    fetchedSha256 = fetched.sha256;
    // An explicit URL without a pin patches whatever the server hands out that night: say how to pin it.
    if (source.kind === undefined && parsePinnedUrl(location.url).pin === undefined) {
      const pin = `#sha256=${fetched.sha256}`;
      const hasQuery = new URL(location.url).search !== '';
      unpinned = `patch file ${shown} is not pinned: whoever can change the file there changes what is patched; pin the file that was downloaded ${hasQuery ? `by adding ${pin} to its URL` : `by writing ${shown}${pin}`}`;
    }
  } else {
    const bytes = await readLocalBytes(location.path, ctx.cwd).catch((error: unknown) =>
      withoutCheckout(error, fullPath(location.path, ctx.cwd), ctx.workspace),
    );
    text = bytes.toString('utf8');
    // The label records the file by what it is, not by how its path was typed (reproducible digests).
    const name = await canonicalFileName(fullPath(location.path, ctx.cwd), ctx.workspace);
    recorded = `${name}#sha256=${createHash('sha256').update(bytes).digest('hex')}`;
  }
  const kind = source.kind ?? (location.kind === 'url' ? 'url' : 'file');
  const file = parsePatchFile(text, {
    ...source,
    kind,
    location: shown,
    ...(recorded ? { recorded } : {}),
    ...(fetchedSha256 ? { fetchedSha256 } : {}),
  });
  checkScope(file);
  if (unpinned) file.warnings.push(unpinned);
  for (const w of file.warnings) ctx.log.warning(w);
  return file;
}

/** The `patches` input, in the order given (that order decides conflicts): local paths and URLs. */
export async function loadPatchFiles(entries: string[], ctx: SourceContext): Promise<PatchFile[]> {
  const files: PatchFile[] = [];
  for (const entry of entries) {
    files.push(
      await readPatchFile(
        URL_SCHEME.test(entry) ? { kind: 'url', url: entry } : { kind: 'path', path: entry },
        {},
        ctx,
      ),
    );
  }
  return files;
}

async function walk(dir: string, depth: number, out: string[]): Promise<void> {
  if (depth < 0) return;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.name === 'node_modules' || e.name === '.git') continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) await walk(full, depth - 1, out);
    else if (e.isFile()) out.push(full);
  }
}

function globSegmentsMatch(pattern: string[], path: string[]): boolean {
  if (pattern.length === 0) return path.length === 0;
  const [head, ...rest] = pattern;
  if (head === '**') {
    for (let i = 0; i <= path.length; i++) if (globSegmentsMatch(rest, path.slice(i))) return true;
    return false;
  }
  return path.length > 0 && globMatch(head!, path[0]!) && globSegmentsMatch(rest, path.slice(1));
}

/** Expands a `buildpacks` entry: a buildpack.toml, a directory searched for them, or a glob (with `**`). */
export async function expandBuildpackTomls(entry: string, cwd: string): Promise<string[]> {
  const full = isAbsolute(entry) ? entry : resolve(cwd, entry);
  if (!/[*?[]/.test(entry)) {
    const info = await stat(full).catch(() => undefined);
    if (!info) throw new UsageError(`buildpacks: "${entry}" does not exist`);
    if (info.isFile()) return [full];
    const found: string[] = [];
    await walk(full, 6, found);
    return found.filter((f) => f.endsWith(`${sep}buildpack.toml`));
  }
  return (await expandGlob(full)).filter((f) => f.endsWith('buildpack.toml'));
}

/** The regular files an absolute glob (`*`, `?`, `[…]`, `**`) matches, in name order. */
export async function expandGlob(full: string): Promise<string[]> {
  const parts = full.split(sep);
  const firstGlob = parts.findIndex((p) => /[*?[]/.test(p));
  if (firstGlob < 0) return [full];
  const base = parts.slice(0, firstGlob).join(sep) || sep;
  const pattern = parts.slice(firstGlob);
  const files: string[] = [];
  await walk(base, 12, files);
  return files.filter((f) => globSegmentsMatch(pattern, relative(base, f).split(sep)));
}

/** Patch files published by buildpack.toml files (the `buildpacks` input), each scoped to its buildpack. */
export async function loadBuildpackTomlFiles(entries: string[], ctx: SourceContext): Promise<PatchFile[]> {
  const files: PatchFile[] = [];
  for (const entry of entries) {
    const tomls = await expandBuildpackTomls(entry, ctx.cwd);
    if (tomls.length === 0) ctx.log.warning(`buildpacks: "${entry}" matched no buildpack.toml`);
    for (const toml of tomls) {
      const shown = relative(ctx.cwd, toml) || toml;
      files.push(
        ...(await filesFromToml(await readLocal(toml, ctx.cwd, 'buildpack.toml'), shown, dirname(toml), ctx)),
      );
    }
  }
  return files;
}

async function filesFromToml(
  text: string,
  shown: string,
  dir: string | undefined,
  ctx: SourceContext,
  lookedUp?: { id: string; version: string; builder: string; layer: string },
): Promise<PatchFile[]> {
  const refs = parseBuildpackToml(text, shown);
  if (lookedUp && (refs.id !== lookedUp.id || refs.version !== lookedUp.version)) {
    // The builder's label and the file disagree: trusting the file would let one buildpack's
    // layer publish patches in another's name.
    throw new PatchFileError(
      shown,
      'buildpack.id',
      `${refs.id}@${refs.version}`,
      `builder ${lookedUp.builder} lists layer ${lookedUp.layer} for buildpack ${lookedUp.id}@${lookedUp.version}, but the buildpack.toml in it is for another buildpack; its patch files are not trusted`,
      SCOPE_VIOLATION,
    );
  }
  const out: PatchFile[] = [];
  const read = async (uri: string, platform?: PatchSource['platform']) => {
    const location = resolveReferenceUri(uri, dir);
    if (location.kind === 'path' && dir === undefined) {
      throw new PatchFileError(
        shown,
        'layer-patch.reference_uri',
        uri,
        'a buildpack.toml read from an image can only point at URLs',
      );
    }
    const source: Omit<PatchSource, 'kind' | 'location'> & { kind: 'buildpack' } = {
      kind: 'buildpack',
      buildpack: refs.id,
      via: shown,
    };
    if (platform) source.platform = platform;
    out.push(await readPatchFile(location, source, ctx));
  };
  for (const uri of refs.refs) await read(uri);
  for (const t of refs.targeted) {
    const platform: NonNullable<PatchSource['platform']> = {};
    if (t.os) platform.os = t.os;
    if (t.arch) platform.arch = t.arch;
    if (t.variant) platform.variant = t.variant;
    for (const uri of t.refs) await read(uri, platform);
  }
  return out;
}

/**
 * Patch files that the buildpacks an app image was built with publish, found through builder or
 * buildpackage images. A buildpack no builder contains is a warning, not an error.
 */
export async function loadBuilderFiles(
  reader: BuilderReader,
  builders: string[],
  buildpacks: { key: string; version: string }[],
  platform: Platform,
  ctx: SourceContext,
): Promise<{ files: PatchFile[]; warnings: string[] }> {
  const files: PatchFile[] = [];
  const warnings: string[] = [];
  for (const bp of buildpacks) {
    const found = await reader.find(builders, bp.key, bp.version, platform);
    if (!found) {
      warnings.push(
        `buildpack ${bp.key}@${bp.version} is in the app image but in none of the builder images; its patch files (if any) were not read`,
      );
      continue;
    }
    files.push(...(await filesFromToml(found.text, found.via, undefined, ctx, found)));
  }
  return { files, warnings };
}
