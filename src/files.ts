import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, rename, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
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
