import { createHash, type Hash } from 'node:crypto';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { DigestMismatchError, FormatError } from '../errors.js';

import type { Digest } from './digest-type.js';

export type { Digest } from './digest-type.js';

const DIGEST_PATTERN = /^sha256:[a-f0-9]{64}$/;
const OTHER_ALGORITHMS = /^(sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128})$/;

export function isDigest(value: unknown): value is Digest {
  return typeof value === 'string' && DIGEST_PATTERN.test(value);
}

export function parseDigest(value: unknown, where: string, key = 'digest'): Digest {
  if (isDigest(value)) return value;
  if (typeof value === 'string' && OTHER_ALGORITHMS.test(value)) {
    throw new FormatError(where, key, value, 'only sha256 digests are supported');
  }
  throw new FormatError(where, key, value, 'expected a digest of the form sha256:<64 lowercase hex digits>');
}

export function sha256(bytes: Uint8Array | string): Digest {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}` as Digest;
}

export function shortDigest(digest: string): string {
  const i = digest.indexOf(':');
  return i >= 0 ? digest.slice(i + 1, i + 13) : digest.slice(0, 12);
}

/** Checks bytes already in memory against the digest they were asked for. */
export function verifyBytes(bytes: Uint8Array, expected: Digest, where: string): void {
  const actual = sha256(bytes);
  if (actual !== expected) throw new DigestMismatchError(expected, actual, where);
}

const VERIFIED = Symbol('verified digest');

/**
 * Marks a stream that ends only after the bytes it carried hashed to `digest`, and errors
 * otherwise (a DigestVerifier, or a faithful copy of one's output): its consumer need not hash
 * them again.
 */
export function markVerified<T extends Readable>(stream: T, digest: Digest): T {
  (stream as T & { [VERIFIED]?: Digest })[VERIFIED] = digest;
  return stream;
}

/** The digest a stream is known to be verified against before it ends, if any. */
export function verifiedDigest(stream: Readable): Digest | undefined {
  if (stream instanceof DigestVerifier) return stream.expected;
  return (stream as Readable & { [VERIFIED]?: Digest })[VERIFIED];
}

/**
 * A pass-through stream that hashes what flows through it and fails at the end when the digest
 * (or the size, when known) is not the expected one, so that a consumer never treats a corrupt
 * blob as complete.
 */
export class DigestVerifier extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;
  constructor(
    readonly expected: Digest | undefined,
    private readonly where: string,
    private readonly expectedSize?: number,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (this.expectedSize !== undefined && this.bytes > this.expectedSize) {
      done(
        new DigestMismatchError(
          `${this.expectedSize} bytes`,
          `more than ${this.expectedSize} bytes`,
          this.where,
        ),
      );
      return;
    }
    done(null, chunk);
  }
  override _flush(done: TransformCallback): void {
    const actual = `sha256:${this.hash.digest('hex')}`;
    this.actual = actual as Digest;
    if (this.expectedSize !== undefined && this.bytes !== this.expectedSize) {
      done(new DigestMismatchError(`${this.expectedSize} bytes`, `${this.bytes} bytes`, this.where));
      return;
    }
    if (this.expected !== undefined && actual !== this.expected) {
      done(new DigestMismatchError(this.expected, actual, this.where));
      return;
    }
    done();
  }
  /** Set once the stream has ended. */
  actual: Digest | undefined;
  get size(): number {
    return this.bytes;
  }
}
