import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { LayerRebaseError, PatchFileError } from '../errors.js';
import type { Log } from '../log.js';
import { parsePatchFile } from './parse.js';
import type { Patch, PatchFile } from './types.js';

const MAX_PATCH_FILE_BYTES = 1024 * 1024;

export interface SourceOptions {
  /** Relative paths resolve against this directory (the workspace). */
  cwd: string;
  log: Log;
}

/** Reads a patch file from a local path. */
export async function readLocalPatchFile(path: string, options: SourceOptions): Promise<PatchFile> {
  const full = isAbsolute(path) ? path : resolve(options.cwd, path);
  let size: number;
  try {
    size = (await stat(full)).size;
  } catch (error) {
    throw new PatchFileError(
      path,
      '',
      undefined,
      `cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  if (size > MAX_PATCH_FILE_BYTES) {
    throw new PatchFileError(
      path,
      '',
      undefined,
      `the file is ${size} bytes, more than the ${MAX_PATCH_FILE_BYTES} allowed`,
    );
  }
  const text = await readFile(full, 'utf8');
  return parsePatchFile(text, { kind: 'file', location: path });
}

/**
 * Loads the `patches` entries in the order given (that order decides conflicts). A URL needs the
 * sources work; a local path is read from disk.
 */
export async function loadPatchFiles(entries: string[], options: SourceOptions): Promise<PatchFile[]> {
  const files: PatchFile[] = [];
  for (const entry of entries) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry)) {
      throw new LayerRebaseError(
        'unsupported-source',
        `patch file ${entry}: URLs are not supported yet; use a local path`,
      );
    }
    const file = await readLocalPatchFile(entry, options);
    for (const w of file.warnings) options.log.warning(w);
    files.push(file);
  }
  return files;
}

export function flattenPatches(files: PatchFile[]): Patch[] {
  return files.flatMap((f) => f.patches);
}
