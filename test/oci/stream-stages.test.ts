import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, test } from 'vitest';
import { coalesce, deferredTap } from '../../src/oci/stream-stages.js';

function collect(into: Buffer[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      into.push(chunk);
      done();
    },
  });
}

/** Odd-sized pieces, as a socket hands them over. */
function* pieces(bytes: Buffer, size: number) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

describe('coalesce', () => {
  test('passes the same bytes on in blocks of at least the size, only the last smaller', async () => {
    const bytes = randomBytes(1_000_003);
    const out: Buffer[] = [];
    await pipeline(Readable.from(pieces(bytes, 4099)), coalesce(65_536), collect(out));
    expect(Buffer.concat(out).equals(bytes)).toBe(true);
    expect(out.slice(0, -1).every((b) => b.length >= 65_536)).toBe(true);
    expect(out.at(-1)!.length).toBeLessThanOrEqual(65_536 + 4099);
    // 16 pieces of 4099 bytes are the first that reach 65 536.
    expect(out.length).toBe(Math.ceil(bytes.length / (16 * 4099)));
  });

  test('an empty stream stays empty; a single large chunk passes as it is', async () => {
    const none: Buffer[] = [];
    await pipeline(Readable.from([]), coalesce(1024), collect(none));
    expect(none).toEqual([]);
    const big = randomBytes(5000);
    const one: Buffer[] = [];
    await pipeline(Readable.from([big]), coalesce(1024), collect(one));
    expect(one).toHaveLength(1);
    expect(one[0]).toBe(big);
  });
});

describe('deferredTap', () => {
  test('sees every chunk in order, after the write that brought it has returned', async () => {
    const bytes = randomBytes(300_000);
    const seen: Buffer[] = [];
    let writing = false;
    let sawDuringWrite = false;
    const tap = deferredTap((chunk) => {
      if (writing) sawDuringWrite = true;
      seen.push(chunk);
    }, 1 << 20);
    const out: Buffer[] = [];
    const done = pipeline(tap, collect(out));
    for (const piece of pieces(bytes, 7001)) {
      writing = true;
      tap.write(piece);
      writing = false;
    }
    tap.end();
    await done;
    expect(sawDuringWrite).toBe(false);
    expect(Buffer.concat(seen).equals(bytes)).toBe(true);
    expect(Buffer.concat(out).equals(bytes)).toBe(true);
  });

  test('a chunk the observer refuses fails the pipeline with its error', async () => {
    const tap = deferredTap((chunk) => {
      if (chunk.includes('bad')) throw new Error('refused: bad chunk');
    }, 1024);
    await expect(
      pipeline(
        Readable.from([Buffer.from('good'), Buffer.from('bad'), Buffer.from('more')]),
        tap,
        collect([]),
      ),
    ).rejects.toThrow('refused: bad chunk');
  });
});
