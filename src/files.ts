import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, realpath, rename, writeFile, type FileHandle } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, sep } from 'node:path';
import { UsageError } from './errors.js';

/** A local file that cannot be used; `errno` tells a missing file (ENOENT) from the rest. */
export class LocalFileError extends UsageError {
  constructor(
    message: string,
    readonly errno?: string,
  ) {
    super(message);
  }
}

/**
 * Opens a local file once and checks that it is a regular file: a directory, FIFO or device is a usage
 * error naming the path (O_NONBLOCK, so that opening a FIFO cannot hang). Symlinks are followed, and
 * what they point at is what is checked.
 */
export async function openRegularFile(
  path: string,
  what: string,
): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new LocalFileError(
      code === 'ENOENT' ? `${what} ${path} does not exist` : `${what} ${path}: cannot read it (${code})`,
      code,
    );
  }
  const info = await handle.stat();
  if (!info.isFile()) {
    await handle.close();
    const kind = info.isDirectory()
      ? 'a directory'
      : info.isFIFO()
        ? 'a FIFO'
        : info.isCharacterDevice() || info.isBlockDevice()
          ? 'a device'
          : info.isSocket()
            ? 'a socket'
            : 'not a regular file';
    throw new LocalFileError(`${what} ${path} is ${kind}, not a regular file`);
  }
  return { handle, size: info.size };
}

/**
 * Reads a whole regular file, but never more than `cap` bytes whatever `stat` says (a file may grow,
 * or be a link to something endless): over the cap is an error naming the path.
 */
export async function readRegularFile(path: string, cap: number, what: string): Promise<Buffer> {
  const { handle } = await openRegularFile(path, what);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.alloc(Math.min(64 * 1024, cap + 1 - total));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > cap) throw new LocalFileError(`${what} ${path} is more than the ${cap} bytes allowed`);
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

/**
 * Writes `path` whole or not at all (a temporary file beside it, then a rename), creating its directory:
 * a reader never sees half an entry, and two writers of the same entry do not mix.
 */
export async function writeFileAtomically(path: string, data: string | Buffer): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await mkdir(dirname(path), { recursive: true });
  await writeFile(temp, data);
  await rename(temp, path);
}

/** `inner` is `outer` or lies below it (both absolute, resolved). */
function isWithin(outer: string, inner: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

const exists = (path: string) =>
  lstat(path).then(
    () => true,
    () => false,
  );

/**
 * The nearest directory at or above `dir` that holds a `.git` entry — a directory in a clone, a file in
 * a worktree or a submodule: the repository's top level, found without running git. The walk stops at
 * `stop` (inclusive) when given; undefined when there is none.
 */
async function gitTopLevel(dir: string, stop?: string): Promise<string | undefined> {
  for (let current = dir; ;) {
    if (await exists(`${current}${sep}.git`)) return current;
    const parent = dirname(current);
    if (parent === current || (stop !== undefined && current === stop)) return undefined;
    current = parent;
  }
}

/**
 * How the provenance label names a local patch file, so that the result's digest depends neither on how
 * the path was spelled nor on where the run started: the file's path (symlinks resolved, `/` separators)
 * relative to the top level of the git repository it lives in; in the action, a file inside the
 * workspace without a repository in between is named relative to the workspace; anything else by its
 * file name alone.
 */
export async function canonicalFileName(path: string, workspace?: string): Promise<string> {
  const file = await realpath(path).catch(() => path);
  const root = workspace ? await realpath(workspace).catch(() => workspace) : undefined;
  const inWorkspace = root !== undefined && isWithin(root, file);
  const top = await gitTopLevel(dirname(file), inWorkspace ? root : undefined);
  const base = top ?? (inWorkspace ? root : undefined);
  const name = base !== undefined ? relative(base, file) : basename(file);
  return name.split(sep).join('/');
}
