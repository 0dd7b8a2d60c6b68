import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DigestMismatchError, RegistryError } from '../../errors.js';
import { DigestVerifier, verifiedDigest } from '../digest.js';
import { readStreamCapped, type BlobRef } from '../store.js';
import { explainMessage, header, type Response } from './responses.js';
import type { RegistryTransport } from './transport.js';
import { appendQuery } from './url-policy.js';

/** An upload session: where to send the bytes, and the smallest non-final PATCH it takes. */
export interface UploadSession {
  url: string;
  /** `OCI-Chunk-Min-Length`, when the registry advertised one (ECR-like registries need ≥ 5 MiB parts). */
  minChunk?: number;
}

/**
 * How a blob goes up, most portable first (REGISTRIES.md): `put` — one `PUT ?digest=` with
 * Content-Length and the whole body (Artifact Registry takes nothing else, zot wants the length);
 * `patch` — one PATCH with the whole body, then an empty PUT (registries that refuse a PUT with a
 * body); `chunks` — sized PATCHes, the size adapted to what the registry takes (GHCR caps a PATCH at
 * 4 MiB, ECR wants parts of at least 5 MiB). A method a registry refuses is remembered for it.
 */
export type UploadMethod = 'put' | 'patch' | 'chunks';
const LADDER: UploadMethod[] = ['put', 'patch', 'chunks'];

/** The smallest PATCH body the chunk ladder goes down to after a cap. */
const MIN_CHUNK = 256 * 1024;

/** The registry does not take this way of uploading (or did not keep what it was sent). */
class MethodRefused extends Error {
  constructor(
    readonly method: UploadMethod,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** A PATCH body over the registry's cap: go again with smaller chunks. */
class ChunkTooLarge extends Error {
  constructor(readonly cap: number) {
    super(`chunk over the registry's cap of ${cap} bytes`);
  }
}

/** A body in memory, or a stream that ends only once its digest was checked (it errors otherwise). */
type Payload = { bytes: Buffer } | { stream: Readable };

/** Error codes of a PUT or PATCH that are about the blob, not about the way it was sent. */
const BLOB_FAULTS = new Set(['DIGEST_INVALID', 'SIZE_INVALID', 'DENIED', 'UNAUTHORIZED']);
const REFUSES_METHOD = new Set([400, 404, 405, 411, 413, 415, 416, 501]);

export class BlobUploader {
  constructor(
    private readonly transport: RegistryTransport,
    private readonly repository: string,
    private readonly name: string,
    /** Blobs up to this size are read into memory (verified before a byte is sent); also the first chunk size. */
    private readonly bufferLimit: number,
  ) {}

  private scopes(): string[] {
    return [`repository:${this.repository}:pull,push`];
  }

  /**
   * Uploads a blob of known size, verified against its digest on the way (and by the registry at
   * the end). A session the registry handed out already (a mount answered 202) is used first.
   * Nothing half-sent is resent into the same session: a broken or refused upload starts a new one.
   */
  async upload(blob: Required<BlobRef>, open: () => Promise<Readable>, given?: UploadSession): Promise<void> {
    const memory = this.transport.uploads;
    let session = given;
    const refusals: string[] = [];
    for (let broken = 0; ;) {
      const method = LADDER.find((m) => !memory.refused.has(m));
      if (!method) {
        throw this.transport.error(
          this.spec(blob, 'upload'),
          undefined,
          `the registry refused every way of uploading a blob (${refusals.join('; ')})`,
          'protocol',
        );
      }
      session ??= await this.start(blob);
      const current: UploadSession = session;
      session = undefined;
      try {
        const payload = await this.payload(blob, open);
        if (method === 'put') await this.put(blob, current, payload);
        else if (method === 'patch') await this.patchWhole(blob, current, payload);
        else await this.chunks(blob, current, payload);
        return;
      } catch (error) {
        await this.cancel(current.url);
        if (error instanceof MethodRefused) {
          memory.refused.add(error.method);
          refusals.push(`${error.method}: ${error.reason}`);
          this.transport.log.info(
            `${this.transport.registry} does not take a blob upload by ${describe(error.method)} (${error.reason}); trying the next way`,
          );
          continue;
        }
        if (error instanceof ChunkTooLarge) {
          memory.chunkCap = error.cap;
          continue;
        }
        const transient =
          error instanceof RegistryError && (error.kind === 'network' || error.kind === 'server');
        if (!transient || ++broken >= 3) throw error;
      }
    }
  }

  /**
   * A small blob read whole (a corrupt source never reaches the registry); a big one streamed,
   * verified on the way: through our own verifier, unless its source already checks that digest
   * before it ends (a download through a DigestVerifier), which would hash every byte twice.
   */
  private async payload(blob: Required<BlobRef>, open: () => Promise<Readable>): Promise<Payload> {
    const source = await open();
    const where = `upload of blob ${blob.digest} to ${this.name}`;
    let stream: Readable = source;
    if (verifiedDigest(source) !== blob.digest) {
      const verifier = new DigestVerifier(blob.digest, where, blob.size);
      source.on('error', (e) => verifier.destroy(e));
      // A body given up on (the registry answered early) stops its source too, instead of leaving
      // the download to stall.
      verifier.once('close', () => {
        if (!source.readableEnded) source.destroy();
      });
      stream = source.pipe(verifier);
    }
    if (blob.size > this.bufferLimit) return { stream };
    const bytes = await readStreamCapped(stream, blob.size);
    if (bytes === undefined)
      throw new DigestMismatchError(`${blob.size} bytes`, `more bytes`, `upload of blob ${blob.digest}`);
    return { bytes };
  }

  /** POST a new session; its Location is resolved against the URL that answered and checked. */
  async start(blob: Required<BlobRef>): Promise<UploadSession> {
    const spec = {
      method: 'POST' as const,
      url: `/v2/${this.repository}/blobs/uploads/`,
      repository: this.repository,
      operation: `start upload of blob ${blob.digest}`,
      scopes: this.scopes(),
      digest: blob.digest,
      headers: { 'content-length': '0' },
    };
    const res = await this.transport.request(spec);
    if (res.status !== 202) throw await this.transport.failure(spec, res);
    const session = await this.sessionOf(spec, res);
    await res.body.dump();
    if (!session) throw await this.transport.failure(spec, res);
    return session;
  }

  /** The session a POST (or a mount answered 202) opened. */
  async sessionOf(
    spec: { operation: string; repository: string; digest?: string },
    res: Response,
  ): Promise<UploadSession | undefined> {
    const url = await this.transport.location(spec, res);
    if (!url) return undefined;
    const min = Number(header(res.headers, 'oci-chunk-min-length'));
    return Number.isSafeInteger(min) && min > 0 ? { url, minChunk: min } : { url };
  }

  private spec(blob: Required<BlobRef>, operation: string, url = '', method: 'PUT' | 'PATCH' = 'PUT') {
    return {
      method,
      url,
      repository: this.repository,
      operation: `${operation} blob ${blob.digest}`,
      scopes: this.scopes(),
      digest: blob.digest,
      retry: false,
    };
  }

  /** Sends one body (bytes or the verified stream); a stream whose verifier failed reports that failure. */
  private async send(
    spec: ReturnType<BlobUploader['spec']>,
    payload: Payload,
    headers: Record<string, string>,
    length: number,
  ): Promise<Response> {
    const body = 'bytes' in payload ? payload.bytes : () => payload.stream;
    let res: Response;
    try {
      res = await this.transport.request({
        ...spec,
        bytes: length,
        headers: { 'content-type': 'application/octet-stream', 'content-length': String(length), ...headers },
        body,
      });
    } catch (error) {
      if ('stream' in payload && payload.stream.errored) throw payload.stream.errored;
      throw error;
    }
    // The registry answered before it took everything (a refusal): stop reading the source.
    if ('stream' in payload && !payload.stream.readableEnded && res.status >= 300) payload.stream.destroy();
    return res;
  }

  /** Turns a refusal of the method into MethodRefused, anything else into the registry's error. */
  private async refuse(
    method: UploadMethod,
    spec: ReturnType<BlobUploader['spec']>,
    res: Response,
  ): Promise<never> {
    const error = await this.transport.failure(spec, res);
    // A body over the registry's cap says the cap: sized chunks start there.
    const cap = res.status === 413 || res.status === 416 ? capFrom(error.message) : undefined;
    if (cap !== undefined)
      this.transport.uploads.chunkCap = Math.min(cap, this.transport.uploads.chunkCap ?? cap);
    if (REFUSES_METHOD.has(res.status) && !error.registryCodes.some((c) => BLOB_FAULTS.has(c)))
      throw new MethodRefused(method, explainMessage(error));
    throw error;
  }

  private async put(blob: Required<BlobRef>, session: UploadSession, payload: Payload): Promise<void> {
    const spec = this.spec(blob, 'upload', appendQuery(session.url, 'digest', blob.digest));
    const res = await this.send(spec, payload, {}, blob.size);
    if (res.status !== 201 && res.status !== 204) return this.refuse('put', spec, res);
    await res.body.dump();
    if ('stream' in payload) checkEnded(payload.stream, blob);
  }

  private async patchWhole(blob: Required<BlobRef>, session: UploadSession, payload: Payload): Promise<void> {
    const spec = this.spec(blob, 'upload', session.url, 'PATCH');
    const res = await this.send(spec, payload, { 'content-range': `0-${blob.size - 1}` }, blob.size);
    if (!accepted(res.status)) return this.refuse('patch', spec, res);
    const next = await this.afterPatch(spec, res, session.url, blob.size, 'patch');
    if ('stream' in payload) checkEnded(payload.stream, blob);
    await this.finish(blob, next);
  }

  /**
   * Sized PATCHes with Content-Range: the size starts at what the registry is known to take and is
   * never below its advertised minimum; a cap answered with 413/416 (GHCR: "exceeds the maximum
   * permissible limit of 4.00MiB") sends the blob again in a new session with smaller chunks.
   */
  private async chunks(blob: Required<BlobRef>, session: UploadSession, payload: Payload): Promise<void> {
    const cap = this.transport.uploads.chunkCap;
    const min = session.minChunk ?? 0;
    let size = Math.max(min, Math.min(cap ?? this.bufferLimit, this.bufferLimit));
    if (cap !== undefined && cap < min)
      throw new MethodRefused(
        'chunks',
        `its PATCH cap (${cap} bytes) is below its own minimum chunk (${min} bytes)`,
      );
    size = Math.max(size, 1);
    let url = session.url;
    let offset = 0;
    const sendChunk = async (chunk: Buffer) => {
      const spec = this.spec(blob, `upload chunk at ${offset} of`, url, 'PATCH');
      const res = await this.send(
        spec,
        { bytes: chunk },
        { 'content-range': `${offset}-${offset + chunk.length - 1}` },
        chunk.length,
      );
      if ((res.status === 413 || res.status === 416) && chunk.length > MIN_CHUNK) {
        const stated = capFrom((await this.transport.failure(spec, res)).message);
        const half = Math.max(MIN_CHUNK, Math.floor(chunk.length / 2));
        throw new ChunkTooLarge(stated !== undefined && stated < chunk.length ? stated : half);
      }
      if (!accepted(res.status)) return this.refuse('chunks', spec, res);
      url = await this.afterPatch(spec, res, url, offset + chunk.length, 'chunks');
      offset += chunk.length;
    };
    if ('bytes' in payload) {
      for (let at = 0; at < payload.bytes.length; at += size)
        await sendChunk(payload.bytes.subarray(at, at + size));
    } else {
      let pending: Buffer[] = [];
      let pendingSize = 0;
      const flush = async () => {
        const chunk = Buffer.concat(pending, pendingSize);
        pending = [];
        pendingSize = 0;
        if (chunk.length > 0) await sendChunk(chunk);
      };
      await pipeline(payload.stream, async function* (input: AsyncIterable<Buffer>) {
        for await (const data of input) {
          let rest = data;
          while (rest.length > 0) {
            const room = size - pendingSize;
            pending.push(rest.subarray(0, room));
            pendingSize += Math.min(room, rest.length);
            rest = rest.subarray(room);
            if (pendingSize === size) await flush();
          }
        }
        yield* [];
      });
      // The whole blob hashed to its digest; only now does the last chunk go, and the session close.
      await flush();
    }
    await this.finish(blob, url);
  }

  /**
   * After a PATCH: the registry must have kept every byte so far (ECR has been seen dropping the
   * bodies of later PATCHes: its Range stops advancing), and the next request goes to the newest Location.
   */
  private async afterPatch(
    spec: ReturnType<BlobUploader['spec']>,
    res: Response,
    previous: string,
    expectedEnd: number,
    method: UploadMethod,
  ): Promise<string> {
    const next = (await this.transport.location(spec, res)) ?? previous;
    await res.body.dump();
    const range = header(res.headers, 'range');
    const end = range ? /^(?:bytes=)?0-(\d+)$/.exec(range.trim())?.[1] : undefined;
    if (range && (end === undefined || Number(end) + 1 !== expectedEnd))
      throw new MethodRefused(method, `it kept ${range} after ${expectedEnd} bytes were sent`);
    return next;
  }

  /** The PUT that closes a session with the blob's digest: the registry checks it too. */
  private async finish(blob: Required<BlobRef>, url: string): Promise<void> {
    const spec = this.spec(blob, 'finish upload of', appendQuery(url, 'digest', blob.digest));
    const res = await this.transport.request({
      ...spec,
      headers: { 'content-type': 'application/octet-stream', 'content-length': '0' },
      body: Buffer.alloc(0),
    });
    if (res.status !== 201 && res.status !== 204) throw await this.transport.failure(spec, res);
    await res.body.dump();
  }

  /** Ends a session that will not be used (best effort: registries expire abandoned ones). */
  async cancel(url: string): Promise<void> {
    try {
      const res = await this.transport.request({
        method: 'DELETE',
        url,
        repository: this.repository,
        operation: 'cancel upload',
        scopes: this.scopes(),
        retry: false,
      });
      await res.body.dump();
    } catch {
      // Best effort: the registry expires abandoned sessions on its own.
    }
  }
}

/** ECR answers an accepted PATCH with 201 where the spec says 202. */
const accepted = (status: number) => status === 202 || status === 201 || status === 204;

function describe(method: UploadMethod): string {
  return method === 'put' ? 'one PUT' : method === 'patch' ? 'one PATCH' : 'sized PATCH chunks';
}

/**
 * A streamed body (a DigestVerifier, or a source that verifies itself) must have ended, which it does
 * only once its digest matched, before the registry is told it is complete.
 */
function checkEnded(stream: Readable, blob: Required<BlobRef>): void {
  if (stream.errored) throw stream.errored;
  if (!stream.readableEnded)
    throw new DigestMismatchError(blob.digest, 'an incomplete stream', `upload of blob ${blob.digest}`);
}

/** "exceeds the maximum permissible limit of 4.00MiB" -> 4194304. */
function capFrom(message: string): number | undefined {
  const m = /limit of\s*([\d.]+)\s*(KiB|MiB|GiB|KB|MB|GB|B)\b/i.exec(message);
  if (!m) return undefined;
  const unit = m[2]!.toLowerCase();
  const scale = unit.startsWith('k')
    ? 1024
    : unit.startsWith('m')
      ? 1024 ** 2
      : unit.startsWith('g')
        ? 1024 ** 3
        : 1;
  const bytes = Math.floor(Number(m[1]) * scale);
  return bytes >= MIN_CHUNK ? bytes : undefined;
}
