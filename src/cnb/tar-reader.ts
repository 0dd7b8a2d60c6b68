import { Writable } from 'node:stream';
import { LayerRebaseError } from '../errors.js';

/**
 * Reads a tar archive the way Go's `archive/tar` does — the reader behind umoci, containerd and
 * Docker, which extract what we check — and refuses every construct whose meaning depends on the
 * reader: a check that reads one path while the runtime writes another is no check. Refused:
 * global PAX headers; a GNU long name (or link) together with a PAX `path` (`linkpath`), where Go
 * takes the GNU one and other readers the PAX one; two metadata headers of a kind for one entry;
 * duplicate or empty PAX keys that matter; GNU sparse files and every type flag a runtime does not
 * extract the same way (`7`, `S`, `M`, `V`, vendor types); a name ending in `/` on anything but a
 * directory; a non-zero size on a header-only entry (Go reads what follows as headers, others skip
 * it); numeric fields Go would parse differently; names that are not UTF-8; anything but zeros
 * after the end-of-archive marker. Streaming: blocks are fed in as they arrive, file data is skipped.
 */

export type TarType = 'file' | 'directory' | 'symlink' | 'link' | 'char-device' | 'block-device' | 'fifo';

export interface TarEntry {
  /** The name exactly as Go's reader reports it (PAX path, GNU long name or ustar prefix/name). */
  name: string;
  type: TarType;
  linkname: string;
  size: number;
  mode: number;
  /** Byte offsets in the archive: where this entry's first header starts, its data, and its end. */
  start: number;
  dataStart: number;
  end: number;
}

export class UnsafeTarError extends LayerRebaseError {
  constructor(
    where: string,
    readonly reason: string,
  ) {
    super('unsafe-tar', `${where}: ${reason}`);
  }
}

const BLOCK = 512;
/** PAX records and GNU long names larger than this are refused (lifecycle's are a few hundred bytes). */
const MAX_META = 1024 * 1024;

const TYPES: Record<string, TarType> = {
  '0': 'file',
  '\0': 'file',
  '1': 'link',
  '2': 'symlink',
  '3': 'char-device',
  '4': 'block-device',
  '5': 'directory',
  '6': 'fifo',
};
/** Types whose size Go ignores (it reads no data for them). */
const HEADER_ONLY = new Set(['1', '2', '3', '4', '5', '6']);

const utf8 = new TextDecoder('utf-8', { fatal: true });

function cstring(field: Buffer, fail: (why: string) => never): string {
  const nul = field.indexOf(0);
  const bytes = nul < 0 ? field : field.subarray(0, nul);
  try {
    return utf8.decode(bytes);
  } catch {
    return fail('a name that is not valid UTF-8');
  }
}

/** Go's parseNumeric: base-256 when the top bit is set, else octal with spaces and NULs trimmed at both ends. */
function numeric(field: Buffer, what: string, fail: (why: string) => never): number {
  if (field[0]! & 0x80) {
    if (field[0] === 0xff) return fail(`a negative ${what}`);
    let value = field[0]! & 0x7f;
    for (let i = 1; i < field.length; i++) value = value * 256 + field[i]!;
    if (!Number.isSafeInteger(value)) return fail(`a ${what} out of range`);
    return value;
  }
  const text = field.toString('latin1').replace(/^[ \0]+|[ \0]+$/g, '');
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) return fail(`an invalid octal ${what} "${text}"`);
  const value = parseInt(text, 8);
  if (!Number.isSafeInteger(value)) return fail(`a ${what} out of range`);
  return value;
}

/** PAX records `"%d %s=%s\n"`, strictly (Go refuses a malformed one too); duplicate keys refused. */
function paxRecords(data: Buffer, fail: (why: string) => never): Map<string, string> {
  const records = new Map<string, string>();
  let i = 0;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    const digits = space < 0 ? '' : data.subarray(i, space).toString('latin1');
    if (!/^[1-9][0-9]*$/.test(digits)) return fail('a malformed PAX record');
    const length = Number(digits);
    if (i + length > data.length || data[i + length - 1] !== 0x0a) return fail('a malformed PAX record');
    let record: string;
    try {
      record = utf8.decode(data.subarray(space + 1, i + length - 1));
    } catch {
      return fail('a PAX record that is not valid UTF-8');
    }
    const eq = record.indexOf('=');
    if (eq <= 0) return fail('a malformed PAX record');
    const key = record.slice(0, eq);
    if (records.has(key)) return fail(`a PAX header that sets "${key}" twice`);
    records.set(key, record.slice(eq + 1));
    i += length;
  }
  return records;
}

export interface TarReaderOptions {
  where: string;
  /** Sees each entry; returning true asks for its data, given to `onData` once read. */
  onEntry: (entry: TarEntry) => boolean | void;
  onData?: (entry: TarEntry, data: Buffer) => void;
  maxEntryBytes?: number;
  maxEntries?: number;
}

type State =
  | { kind: 'header' }
  | { kind: 'meta'; flag: 'x' | 'L' | 'K'; size: number; chunks: Buffer[]; got: number; skip: number }
  | { kind: 'skip'; left: number; keep?: { entry: TarEntry; chunks: Buffer[]; want: number } }
  | { kind: 'zero' }
  | { kind: 'done' };

export class TarReader {
  private state: State = { kind: 'header' };
  private pending = Buffer.alloc(0);
  private offset = 0;
  private entryStart = -1;
  private pax: Map<string, string> | undefined;
  private longName: string | undefined;
  private longLink: string | undefined;
  private entries = 0;

  constructor(private readonly options: TarReaderOptions) {}

  private fail(why: string): never {
    throw new UnsafeTarError(this.options.where, `${why} at byte ${this.offset}`);
  }

  write(chunk: Buffer): void {
    let data = chunk;
    while (data.length > 0) {
      const state = this.state;
      if (state.kind === 'skip') {
        const n = Math.min(state.left, data.length);
        const keep = state.keep;
        if (keep && keep.want > 0) {
          const take = Math.min(n, keep.want);
          keep.chunks.push(Buffer.from(data.subarray(0, take)));
          keep.want -= take;
        }
        state.left -= n;
        this.offset += n;
        data = data.subarray(n);
        if (state.left === 0) {
          this.state = { kind: 'header' };
          if (keep) this.options.onData?.(keep.entry, Buffer.concat(keep.chunks));
        }
        continue;
      }
      if (state.kind === 'done') {
        if (data.some((b) => b !== 0)) this.fail('data after the end-of-archive marker');
        this.offset += data.length;
        return;
      }
      if (state.kind === 'meta') {
        const want = state.size - state.got;
        if (want > 0) {
          const n = Math.min(want, data.length);
          state.chunks.push(data.subarray(0, n));
          state.got += n;
          this.offset += n;
          data = data.subarray(n);
          continue;
        }
        const n = Math.min(state.skip, data.length);
        state.skip -= n;
        this.offset += n;
        data = data.subarray(n);
        if (state.skip === 0) this.meta(state.flag, Buffer.concat(state.chunks, state.size));
        continue;
      }
      // A header (or end-of-archive) block, possibly split across chunks.
      if (this.pending.length + data.length < BLOCK) {
        this.pending = Buffer.concat([this.pending, data]);
        return;
      }
      const take = BLOCK - this.pending.length;
      const block = this.pending.length
        ? Buffer.concat([this.pending, data.subarray(0, take)])
        : data.subarray(0, BLOCK);
      data = data.subarray(take);
      this.pending = Buffer.alloc(0);
      this.block(block);
      this.offset += BLOCK;
    }
  }

  /** The archive ended: only at a header boundary (with or without the end marker), as Go accepts. */
  end(): void {
    const at = this.state.kind;
    if (this.pending.length > 0 || (at !== 'header' && at !== 'zero' && at !== 'done'))
      this.fail('the archive is truncated');
    if (this.entryStart >= 0) this.fail('metadata headers without an entry');
  }

  private block(block: Buffer): void {
    if (this.state.kind === 'zero') {
      if (block.some((b) => b !== 0)) this.fail('a lone zero block before more headers');
      this.state = { kind: 'done' };
      return;
    }
    if (block.every((b) => b === 0)) {
      if (this.entryStart >= 0) this.fail('metadata headers without an entry');
      this.state = { kind: 'zero' };
      return;
    }
    const fail = (why: string): never => this.fail(why);
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
    if (numeric(block.subarray(148, 156), 'checksum', fail) !== sum) this.fail('a corrupt tar header');
    if (this.entryStart < 0) this.entryStart = this.offset;
    const flag = String.fromCharCode(block[156]!);
    const headerSize = numeric(block.subarray(124, 136), 'size', fail);
    if (flag === 'x' || flag === 'L' || flag === 'K') {
      if (headerSize > MAX_META) this.fail(`a ${flag} header of ${headerSize} bytes`);
      const seen = flag === 'x' ? this.pax : flag === 'L' ? this.longName : this.longLink;
      if (seen !== undefined) this.fail(`two ${flag} headers for one entry`);
      this.state = {
        kind: 'meta',
        flag,
        size: headerSize,
        chunks: [],
        got: 0,
        skip: Math.ceil(headerSize / BLOCK) * BLOCK - headerSize,
      };
      if (headerSize === 0) this.meta(flag, Buffer.alloc(0));
      return;
    }
    if (flag === 'g') this.fail('a global PAX header (readers disagree on what it applies to)');
    const type = TYPES[flag];
    const shownName = JSON.stringify(block.subarray(0, 100).toString('latin1').split('\0')[0]);
    if (!type)
      this.fail(
        `entry ${shownName} has type '${flag.replace(/[^\x20-\x7e]/g, '?')}', which runtimes do not extract alike`,
      );

    const magic = block.subarray(257, 263).toString('latin1');
    const version = block.subarray(263, 265).toString('latin1');
    const ustar = magic === 'ustar\0' && version === '00';
    const gnu = magic === 'ustar ' && version === ' \0';
    if (!ustar && !gnu && magic.startsWith('ustar')) this.fail('an unknown tar format');
    let name = cstring(block.subarray(0, 100), fail);
    let linkname = cstring(block.subarray(157, 257), fail);
    if (ustar) {
      // star keeps a 12-byte atime/ctime area after a 131-byte prefix and says so with "tar\0".
      const star = block.subarray(508, 512).toString('latin1') === 'tar\0';
      const prefix = cstring(block.subarray(345, star ? 476 : 500), fail);
      if (prefix) name = `${prefix}/${name}`;
    }
    let size = headerSize;
    const pax = this.pax;
    if (pax) {
      for (const key of pax.keys()) if (key.startsWith('GNU.sparse.')) this.fail('a GNU sparse file');
      const path = pax.get('path');
      const linkpath = pax.get('linkpath');
      if (path === '' || linkpath === '') this.fail('an empty PAX path (readers disagree on what it clears)');
      if (path !== undefined && this.longName !== undefined)
        this.fail(
          `an entry with both a GNU long name "${this.longName}" and a PAX path "${path}" (readers disagree on which wins)`,
        );
      if (linkpath !== undefined && this.longLink !== undefined)
        this.fail(
          `an entry with both a GNU long link "${this.longLink}" and a PAX linkpath "${linkpath}" (readers disagree on which wins)`,
        );
      if (path !== undefined) name = path;
      if (linkpath !== undefined) linkname = linkpath;
      const paxSize = pax.get('size');
      if (paxSize !== undefined) {
        if (!/^(0|[1-9][0-9]*)$/.test(paxSize) || !Number.isSafeInteger(Number(paxSize)))
          this.fail(`an invalid PAX size "${paxSize}"`);
        size = Number(paxSize);
      }
    }
    if (this.longName !== undefined) name = this.longName;
    if (this.longLink !== undefined) linkname = this.longLink;
    if (name === '') this.fail('an entry without a name');
    if (name.endsWith('/') && type !== 'directory')
      this.fail(`"${name}" ends in "/" but is not a directory (readers disagree on what it is)`);
    if (HEADER_ONLY.has(flag) && size !== 0)
      this.fail(`"${name}" is a ${type} with ${size} bytes of data (readers disagree on what follows)`);
    if (this.options.maxEntryBytes !== undefined && size > this.options.maxEntryBytes)
      this.fail(`an entry of ${size} bytes is over the ${this.options.maxEntryBytes} byte limit`);
    if (this.options.maxEntries !== undefined && ++this.entries > this.options.maxEntries)
      this.fail(`more than ${this.options.maxEntries} entries`);
    const dataStart = this.offset + BLOCK;
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    const entry: TarEntry = {
      name,
      type,
      linkname,
      size,
      mode: numeric(block.subarray(100, 108), 'mode', fail),
      start: this.entryStart,
      dataStart,
      end: dataStart + padded,
    };
    const wanted = this.options.onEntry(entry) === true;
    this.entryStart = -1;
    this.pax = undefined;
    this.longName = undefined;
    this.longLink = undefined;
    const keep = wanted ? { entry, chunks: [], want: size } : undefined;
    if (padded > 0) this.state = keep ? { kind: 'skip', left: padded, keep } : { kind: 'skip', left: padded };
    else {
      this.state = { kind: 'header' };
      if (keep) this.options.onData?.(entry, Buffer.alloc(0));
    }
  }

  private meta(flag: 'x' | 'L' | 'K', data: Buffer): void {
    const fail = (why: string): never => this.fail(why);
    if (flag === 'x') this.pax = paxRecords(data, fail);
    else if (flag === 'L') this.longName = cstring(data, fail);
    else this.longLink = cstring(data, fail);
    this.state = { kind: 'header' };
  }
}

/** Reads a whole in-memory archive; returns its entries. */
export function readTar(tar: Buffer, options: Omit<TarReaderOptions, 'onEntry'>): TarEntry[] {
  const entries: TarEntry[] = [];
  const reader = new TarReader({
    ...options,
    onEntry: (e) => {
      entries.push(e);
    },
  });
  reader.write(tar);
  reader.end();
  return entries;
}

/** A stream sink that feeds a reader: a decompressed layer is piped into it, and a refusal ends the pipeline. */
export function tarSink(reader: TarReader): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      try {
        reader.write(chunk);
        done();
      } catch (error) {
        done(error as Error);
      }
    },
    final(done) {
      try {
        reader.end();
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
}
