import { Transform } from 'node:stream';

/**
 * Passes its input on in blocks of at least `size` bytes (the last may be smaller). A decompressor
 * fed network-sized chunks (16–64 KiB) makes one trip to the thread pool and back per chunk, and
 * waits on the main thread between trips; fed larger blocks, it makes a quarter as many trips or fewer.
 */
export function coalesce(size: number): Transform {
  let pending: Buffer[] = [];
  let length = 0;
  const take = () => {
    const block = pending.length === 1 ? pending[0]! : Buffer.concat(pending, length);
    pending = [];
    length = 0;
    return block;
  };
  return new Transform({
    writableHighWaterMark: size,
    readableHighWaterMark: size,
    transform(chunk: Buffer, _encoding, done) {
      pending.push(chunk);
      length += chunk.length;
      if (length >= size) done(null, take());
      else done();
    },
    flush(done) {
      if (length > 0) done(null, take());
      else done();
    },
  });
}

/**
 * Calls `see` on each chunk one turn of the event loop after it arrives, then passes it on. zlib
 * issues its next block to the thread pool only after the push of the last one returns: seen
 * synchronously (the SHA-256 of what it produced), hashing and inflating take turns; deferred, they
 * overlap.
 */
export function deferredTap(see: (chunk: Buffer) => void, highWaterMark: number): Transform {
  return new Transform({
    writableHighWaterMark: highWaterMark,
    transform(chunk: Buffer, _encoding, done) {
      setImmediate(() => {
        try {
          see(chunk);
        } catch (error) {
          done(error as Error);
          return;
        }
        done(null, chunk);
      });
    },
  });
}
