import { readTar, UnsafeTarError, type TarType } from './tar-reader.js';

/**
 * A byte-exact view of a tar archive: each entry with the raw bytes that encode it (its PAX or GNU
 * long-name headers, its header block and its padded data). Rewriting an archive from these slices
 * keeps every untouched entry byte-identical, which re-encoding headers would not guarantee.
 */
export interface RawTarEntry {
  /** Normalised path: no leading `/` or `./`, no trailing `/`. */
  path: string;
  /** The name as written in the archive. */
  rawName: string;
  type: TarType | 'other';
  linkname: string;
  size: number;
  mode: number;
  /** Byte range in the archive, headers included. */
  start: number;
  end: number;
  dataStart: number;
}

export { UnsafeTarError };

export interface TarLimits {
  /** Largest single entry. */
  maxEntryBytes: number;
  maxEntries: number;
}

export const DEFAULT_TAR_LIMITS: TarLimits = { maxEntryBytes: 128 * 1024 * 1024, maxEntries: 100_000 };

const BLOCK = 512;

export function normaliseTarPath(name: string): string {
  let p = name.replace(/\\/g, '/');
  while (p.startsWith('./')) p = p.slice(2);
  p = p
    .replace(/^\/+/, '')
    .replace(/\/+$/, '')
    .replace(/\/{2,}/g, '/');
  return p;
}

/**
 * Reads every entry of an uncompressed tar as Go's archive/tar does (refusing what readers disagree
 * on), then refuses what has no place in a layer we rewrite.
 */
export function scanTar(tar: Buffer, where: string, limits: TarLimits = DEFAULT_TAR_LIMITS): RawTarEntry[] {
  const entries = readTar(tar, { where, ...limits }).map((e): RawTarEntry => ({
    path: normaliseTarPath(e.name),
    rawName: e.name,
    type: e.type,
    linkname: e.linkname,
    size: e.size,
    mode: e.mode,
    start: e.start,
    end: e.end,
    dataStart: e.dataStart,
  }));
  for (const entry of entries) checkEntry(entry, where);
  return entries;
}

/** `..`, links that leave the archive, devices and FIFOs have no place in a layer we read or rewrite. */
export function checkEntry(
  entry: Pick<RawTarEntry, 'path' | 'rawName' | 'type' | 'linkname'>,
  where: string,
  options: { absoluteLinks?: boolean } = {},
): void {
  const segments = entry.path.split('/');
  if (segments.includes('..'))
    throw new UnsafeTarError(where, `entry "${entry.rawName}" escapes the archive root with ".."`);
  if (entry.type === 'char-device' || entry.type === 'block-device' || entry.type === 'fifo') {
    throw new UnsafeTarError(where, `entry "${entry.rawName}" is a ${entry.type}`);
  }
  if (entry.type === 'other')
    throw new UnsafeTarError(where, `entry "${entry.rawName}" has an unsupported type`);
  if (entry.type === 'symlink' || entry.type === 'link') {
    const target = entry.linkname;
    if (options.absoluteLinks === false && target.startsWith('/'))
      throw new UnsafeTarError(where, `link "${entry.rawName}" -> "${target}" is absolute`);
    const base = entry.type === 'link' || target.startsWith('/') ? [] : segments.slice(0, -1);
    const resolved: string[] = [...base];
    for (const part of target.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') {
        if (resolved.length === 0)
          throw new UnsafeTarError(
            where,
            `link "${entry.rawName}" -> "${target}" points outside the archive`,
          );
        resolved.pop();
      } else resolved.push(part);
    }
  }
}

/** The raw bytes of an entry (headers and padded data). */
export function rawBytes(tar: Buffer, entry: RawTarEntry): Buffer {
  return tar.subarray(entry.start, entry.end);
}

export function entryData(tar: Buffer, entry: RawTarEntry): Buffer {
  return tar.subarray(entry.dataStart, entry.dataStart + entry.size);
}

/** Two zero blocks end every archive. */
export const TAR_TRAILER = Buffer.alloc(BLOCK * 2);
