import { randomBytes } from 'node:crypto';
import { createGunzip, gzipSync } from 'node:zlib';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, test } from 'vitest';
import { blockFed, deferredTap } from '../../src/oci/stream-stages.js';
import { pieces } from '../helpers/pieces.js';

function collect(into: Buffer[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      into.push(chunk);
      done();
    },
  });
}

/**
 * A decoder stand-in that reads each block only a while after it came (as zlib does on its thread
 * pool), and takes several blocks before it asks the writer to wait: blocks queue in it unread.
 */
function slowCopy(seen: Buffer[]): Transform {
  return new Transform({
    writableHighWaterMark: 4 * 65_536,
    transform(chunk: Buffer, _encoding, done) {
      setTimeout(() => {
        seen.push(chunk);
        done(null, Buffer.from(chunk));
      }, 1);
    },
  });
}

describe('blockFed', () => {
  test('the decoder gets the same bytes in blocks of the size, only the last smaller, from a few buffers used again', async () => {
    const bytes = randomBytes(1_000_003);
    const seen: Buffer[] = [];
    const out: Buffer[] = [];
    await pipeline(Readable.from(pieces(bytes, 4099)), blockFed(65_536, slowCopy(seen)), collect(out));
    // What the decoder put out was copied when it read each block: a block refilled before then would show.
    expect(Buffer.concat(out).equals(bytes)).toBe(true);
    expect(seen.slice(0, -1).every((b) => b.length === 65_536)).toBe(true);
    expect(seen.at(-1)!.length).toBe(bytes.length % 65_536);
    const buffers = new Set(seen.map((b) => b.buffer));
    expect(buffers.size).toBeLessThanOrEqual(6);
    expect(buffers.size).toBeLessThan(seen.length / 2);
  });

  test('through gunzip: pieces of every size, larger ones passed as they are', async () => {
    const bytes = randomBytes(3_000_000);
    const gz = gzipSync(bytes, { level: 1 });
    const sizes = [1, 7, 65_536, 300_000, 13, 262_144, 99_999];
    const out: Buffer[] = [];
    const chunks = function* () {
      for (let at = 0, i = 0; at < gz.length; i++) {
        const size = sizes[i % sizes.length]!;
        yield gz.subarray(at, at + size);
        at += size;
      }
    };
    await pipeline(Readable.from(chunks()), blockFed(65_536, createGunzip()), collect(out));
    expect(Buffer.concat(out).equals(bytes)).toBe(true);
  });

  test('an empty stream ends the decoder with nothing', async () => {
    const seen: Buffer[] = [];
    const out: Buffer[] = [];
    await pipeline(Readable.from([]), blockFed(1024, slowCopy(seen)), collect(out));
    expect(seen).toEqual([]);
    expect(out).toEqual([]);
  });

  test("the decoder's error fails the pipeline, also while the feeder waits for it to drain", async () => {
    const corrupt = gzipSync(randomBytes(2_000_000), { level: 1 });
    corrupt.fill(0x55, 100_000, 100_100);
    await expect(
      pipeline(Readable.from(pieces(corrupt, 4096)), blockFed(65_536, createGunzip()), collect([])),
    ).rejects.toThrow(/invalid|incorrect|unknown/i);
    // A decoder that never calls back on its second block, then fails: the feeder is waiting on it.
    let blocks = 0;
    const stuck = new Transform({
      highWaterMark: 1,
      transform(_chunk, _encoding, done) {
        if (++blocks === 1) done();
        else setTimeout(() => stuck.destroy(new Error('decoder failed')), 5);
      },
    });
    await expect(
      pipeline(Readable.from(pieces(randomBytes(1_000_000), 5000)), blockFed(65_536, stuck), collect([])),
    ).rejects.toThrow('decoder failed');
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
