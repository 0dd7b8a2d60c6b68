import { LayerRebaseError } from '../errors.js';

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
  type: 'file' | 'directory' | 'symlink' | 'link' | 'char-device' | 'block-device' | 'fifo' | 'other';
  linkname: string;
  size: number;
  mode: number;
  /** Byte range in the archive, headers included. */
  start: number;
  end: number;
  dataStart: number;
}

export class UnsafeTarError extends LayerRebaseError {
  constructor(where: string, reason: string) {
    super('unsafe-tar', `${where}: ${reason}`);
  }
}

export interface TarLimits {
  /** Largest single entry. */
  maxEntryBytes: number;
  maxEntries: number;
}

export const DEFAULT_TAR_LIMITS: TarLimits = { maxEntryBytes: 128 * 1024 * 1024, maxEntries: 100_000 };

const BLOCK = 512;

function readString(block: Buffer, offset: number, length: number): string {
  const slice = block.subarray(offset, offset + length);
  const nul = slice.indexOf(0);
  return slice.subarray(0, nul < 0 ? length : nul).toString('utf8');
}

function readNumber(block: Buffer, offset: number, length: number, where: string): number {
  const field = block.subarray(offset, offset + length);
  if (field[0]! & 0x80) {
    // GNU base-256: big-endian, first byte's top bit is the marker.
    let value = field[0]! & 0x7f;
    for (let i = 1; i < field.length; i++) value = value * 256 + field[i]!;
    if (!Number.isSafeInteger(value)) throw new UnsafeTarError(where, 'a size field is out of range');
    return value;
  }
  const text = readString(block, offset, length).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new UnsafeTarError(where, `invalid octal field "${text}"`);
  return parseInt(text, 8);
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    if (space < 0) break;
    const length = parseInt(data.subarray(i, space).toString('ascii'), 10);
    if (!Number.isFinite(length) || length <= 0) break;
    const record = data.subarray(space + 1, i + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    i += length;
  }
  return out;
}

const TYPES: Record<string, RawTarEntry['type']> = {
  '0': 'file',
  '\0': 'file',
  '': 'file',
  '7': 'file',
  '5': 'directory',
  '2': 'symlink',
  '1': 'link',
  '3': 'char-device',
  '4': 'block-device',
  '6': 'fifo',
};

export function normaliseTarPath(name: string): string {
  let p = name.replace(/\\/g, '/');
  while (p.startsWith('./')) p = p.slice(2);
  p = p
    .replace(/^\/+/, '')
    .replace(/\/+$/, '')
    .replace(/\/{2,}/g, '/');
  return p;
}

/** Reads every entry of an uncompressed tar, refusing what has no place in a layer we rewrite. */
export function scanTar(tar: Buffer, where: string, limits: TarLimits = DEFAULT_TAR_LIMITS): RawTarEntry[] {
  const entries: RawTarEntry[] = [];
  let offset = 0;
  let pendingStart = -1;
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    const checksum = readNumber(header, 148, 8, where);
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
    if (sum !== checksum) throw new UnsafeTarError(where, `corrupt tar header at byte ${offset}`);
    const typeflag = String.fromCharCode(header[156]!);
    // A PAX `size` record overrides the header's field (entries over 8 GiB); it applies to the next entry only.
    const isMeta = typeflag === 'x' || typeflag === 'g' || typeflag === 'L' || typeflag === 'K';
    const size = !isMeta && pax.size !== undefined ? Number(pax.size) : readNumber(header, 124, 12, where);
    if (!Number.isSafeInteger(size) || size < 0)
      throw new UnsafeTarError(where, `invalid entry size at byte ${offset}`);
    if (size > limits.maxEntryBytes) {
      throw new UnsafeTarError(
        where,
        `an entry of ${size} bytes is over the ${limits.maxEntryBytes} byte limit`,
      );
    }
    const dataStart = offset + BLOCK;
    const next = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (next > tar.length) throw new UnsafeTarError(where, 'the archive is truncated');
    if (pendingStart < 0) pendingStart = offset;
    const data = tar.subarray(dataStart, dataStart + size);
    if (typeflag === 'x') {
      pax = { ...pax, ...parsePax(data) };
    } else if (typeflag === 'g') {
      // Global headers apply to what follows; kept as their own raw slice.
    } else if (typeflag === 'L') {
      longName = readString(data, 0, data.length);
    } else if (typeflag === 'K') {
      longLink = readString(data, 0, data.length);
    } else {
      const magic = readString(header, 257, 6);
      const prefix = magic.startsWith('ustar') ? readString(header, 345, 155) : '';
      const baseName = readString(header, 0, 100);
      const rawName = pax.path ?? longName ?? (prefix ? `${prefix}/${baseName}` : baseName);
      const linkname = pax.linkpath ?? longLink ?? readString(header, 157, 100);
      entries.push({
        path: normaliseTarPath(rawName),
        rawName,
        type: TYPES[typeflag] ?? 'other',
        linkname,
        size,
        mode: readNumber(header, 100, 8, where),
        start: pendingStart,
        end: next,
        dataStart,
      });
      if (entries.length > limits.maxEntries)
        throw new UnsafeTarError(where, `more than ${limits.maxEntries} entries`);
      pendingStart = -1;
      pax = {};
      longName = undefined;
      longLink = undefined;
    }
    offset = next;
  }
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

/** tar-stream's type names in ours. */
export function entryType(type: string | null | undefined): RawTarEntry['type'] {
  switch (type) {
    case 'file':
    case 'contiguous-file':
      return 'file';
    case 'directory':
    case 'symlink':
    case 'link':
    case 'block-device':
    case 'fifo':
      return type;
    case 'character-device':
      return 'char-device';
    default:
      return 'other';
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
