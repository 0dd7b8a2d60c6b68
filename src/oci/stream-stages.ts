import { Duplex, Transform, Writable } from 'node:stream';

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

/**
 * `decoder` fed its input in blocks of `size` bytes (the last may be smaller), as one stream. Fed
 * network-sized chunks (16–64 KiB), zlib makes one trip to the thread pool and back per chunk and waits
 * on the main thread between trips; fed larger blocks, a quarter as many trips or fewer. The blocks are
 * two or three buffers used over and over, each back in the pool once the decoder's write callback says
 * it consumed it: a new block each time is memory V8 gives back only when it collects the block, and a
 * long copy held tens of MiB of dead ones at its peak. A chunk that comes when no block is being
 * filled and is a block's size or more goes to the decoder as it is.
 */
export function blockFed(size: number, decoder: Transform): Duplex {
  const free: Buffer[] = [];
  let block: Buffer | undefined;
  let filled = 0;
  const feeder = new Writable({
    highWaterMark: size,
    write(chunk: Buffer, _encoding, done) {
      if (filled === 0 && chunk.length >= size) {
        if (decoder.write(chunk)) done();
        else decoder.once('drain', () => done());
        return;
      }
      let at = 0;
      const step = () => {
        while (at < chunk.length) {
          block ??= free.pop() ?? Buffer.allocUnsafeSlow(size);
          const n = chunk.copy(block, filled, at);
          at += n;
          filled += n;
          if (filled === size) {
            const full = block;
            block = undefined;
            filled = 0;
            // Back in the pool only once the decoder has consumed it.
            if (!decoder.write(full, () => free.push(full))) {
              decoder.once('drain', step);
              return;
            }
          }
        }
        done();
      };
      step();
    },
    final(done) {
      if (filled > 0) decoder.write(block!.subarray(0, filled));
      block = undefined;
      decoder.end();
      done();
    },
  });
  return Duplex.from({ writable: feeder, readable: decoder });
}
