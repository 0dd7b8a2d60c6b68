import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DigestMismatchError, RegistryError } from '../../errors.js';
import { DigestVerifier, isDigest, sha256, type Digest } from '../digest.js';
import { MANIFEST_MEDIA_TYPES } from '../media-types.js';
import { readStreamCapped, type BlobRef, type ImageStore, type ManifestBytes } from '../store.js';
import { MAX_MANIFEST_BYTES } from '../types.js';
import { header, kindOfFailure, type RegistryTransport } from './transport.js';

/** Blobs up to this size go up in one PUT; larger ones in PATCH chunks of this size (memory stays bounded). */
export const DEFAULT_CHUNK_SIZE = 16 * 1024 * 1024;

export type MountResult = { mounted: true } | { mounted: false; location?: string };

/** The registry answered a streamed PATCH as if it needed Content-Length: fall back to sized chunks. */
class StreamingRefused extends Error {}

export class RegistryStore implements ImageStore {
  readonly kind = 'registry';
  readonly name: string;

  constructor(
    readonly transport: RegistryTransport,
    readonly repository: string,
    private readonly chunkSize = DEFAULT_CHUNK_SIZE,
  ) {
    this.name = `${transport.registry}/${repository}`;
  }

  get registry(): string {
    return this.transport.registry;
  }

  private pull(): string[] {
    return [`repository:${this.repository}:pull`];
  }

  private push(): string[] {
    return [`repository:${this.repository}:pull,push`];
  }

  async getManifest(reference: string): Promise<ManifestBytes> {
    const spec = {
      method: 'GET' as const,
      url: `/v2/${this.repository}/manifests/${reference}`,
      repository: this.repository,
      operation: `get manifest ${reference}`,
      scopes: this.pull(),
      headers: { accept: MANIFEST_MEDIA_TYPES.join(', ') },
    };
    const res = await this.transport.request(isDigest(reference) ? { ...spec, digest: reference } : spec);
    if (res.status !== 200) throw await this.transport.failure(spec, res);
    const lengthHeader = Number(header(res.headers, 'content-length'));
    if (lengthHeader > MAX_MANIFEST_BYTES) {
      res.body.destroy();
      throw this.transport.error(
        spec,
        res.status,
        `manifest is ${lengthHeader} bytes, over the ${MAX_MANIFEST_BYTES} limit`,
        'protocol',
      );
    }
    let bytes: Buffer | undefined;
    try {
      bytes = await readStreamCapped(res.body, MAX_MANIFEST_BYTES);
    } catch (error) {
      throw this.transport.error(
        spec,
        undefined,
        `reading the manifest: ${this.transport.explain(error)}`,
        kindOfFailure(error),
        error,
      );
    }
    if (bytes === undefined)
      throw this.transport.error(
        spec,
        res.status,
        `manifest over the ${MAX_MANIFEST_BYTES} byte limit`,
        'protocol',
      );
    const digest = sha256(bytes);
    const where = `${this.name}@${reference}`;
    if (isDigest(reference) && digest !== reference)
      throw new DigestMismatchError(reference, digest, `manifest ${where}`);
    const served = header(res.headers, 'docker-content-digest');
    if (served && served.startsWith('sha256:') && served !== digest) {
      throw new DigestMismatchError(served, digest, `manifest ${where} (Docker-Content-Digest)`);
    }
    const contentType = (header(res.headers, 'content-type') ?? '').split(';')[0]!.trim();
    return { bytes, digest, mediaType: mediaTypeOf(bytes) ?? contentType };
  }

  async headManifest(
    reference: string,
  ): Promise<{ digest: Digest; mediaType: string; size: number } | undefined> {
    const spec = {
      method: 'HEAD' as const,
      url: `/v2/${this.repository}/manifests/${reference}`,
      repository: this.repository,
      operation: `head manifest ${reference}`,
      scopes: this.pull(),
      headers: { accept: MANIFEST_MEDIA_TYPES.join(', ') },
    };
    const res = await this.transport.request(spec);
    await res.body.dump();
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw await this.transport.failure(spec, res);
    const digest = header(res.headers, 'docker-content-digest');
    if (!isDigest(digest)) {
      // Without the header a HEAD tells us nothing reliable; read the manifest itself.
      const full = await this.getManifest(reference);
      return { digest: full.digest, mediaType: full.mediaType, size: full.bytes.length };
    }
    return {
      digest,
      mediaType: (header(res.headers, 'content-type') ?? '').split(';')[0]!.trim(),
      size: Number(header(res.headers, 'content-length') ?? 0),
    };
  }

  async putManifest(manifest: ManifestBytes, tag?: string): Promise<void> {
    const reference = tag ?? manifest.digest;
    const spec = {
      method: 'PUT' as const,
      url: `/v2/${this.repository}/manifests/${reference}`,
      repository: this.repository,
      operation: `push manifest ${reference}`,
      scopes: this.push(),
      digest: manifest.digest,
      headers: { 'content-type': manifest.mediaType },
      body: manifest.bytes,
    };
    const computed = sha256(manifest.bytes);
    if (computed !== manifest.digest)
      throw new DigestMismatchError(manifest.digest, computed, `manifest for ${this.name}`);
    const res = await this.transport.request(spec);
    if (res.status !== 201 && res.status !== 200) throw await this.transport.failure(spec, res);
    await res.body.dump();
    const served = header(res.headers, 'docker-content-digest');
    if (served && served !== manifest.digest) {
      throw new DigestMismatchError(
        manifest.digest,
        served,
        `push manifest ${this.name}:${reference} (registry computed another digest)`,
      );
    }
  }

  /**
   * Whether the repository has a blob. A one-byte ranged GET rather than a HEAD: undici closes the
   * connection after every HEAD, and a fleet asks this for every layer. A redirect (to storage) or a
   * 206/416 means it is there; a registry that ignores Range gets its body cut off.
   */
  async hasBlob(digest: Digest): Promise<boolean> {
    const spec = {
      method: 'GET' as const,
      url: `/v2/${this.repository}/blobs/${digest}`,
      repository: this.repository,
      operation: `check blob ${digest}`,
      scopes: this.pull(),
      digest,
      headers: { range: 'bytes=0-0' },
    };
    const res = await this.transport.request(spec);
    if (res.status === 200) res.body.destroy();
    else await res.body.dump();
    if ([200, 206, 416, 301, 302, 303, 307, 308].includes(res.status)) return true;
    if (res.status === 404) return false;
    throw await this.transport.failure(spec, res);
  }

  /**
   * Streams a blob, verified against its digest. A body that breaks part-way resumes from its byte
   * offset with a Range request (up to three times) instead of starting over; a registry that ignores
   * Range and answers 200 has the bytes already delivered skipped.
   */
  async getBlob(blob: BlobRef): Promise<Readable> {
    const base = {
      method: 'GET' as const,
      url: `/v2/${this.repository}/blobs/${blob.digest}`,
      repository: this.repository,
      operation: `get blob ${blob.digest}`,
      scopes: this.pull(),
      digest: blob.digest,
      followRedirects: true,
      ...(blob.size !== undefined ? { bytes: blob.size } : {}),
    };
    const open = async (offset: number) => {
      const spec = offset > 0 ? { ...base, headers: { range: `bytes=${offset}-` } } : base;
      const res = await this.transport.request(spec);
      if (res.status === 206 && offset > 0) return { body: res.body, skip: 0 };
      if (res.status === 200) return { body: res.body, skip: offset };
      throw await this.transport.failure(spec, res);
    };
    const first = await open(0);
    const transport = this.transport;
    const size = blob.size;
    async function* chunks(): AsyncGenerator<Buffer> {
      let current = first;
      let offset = 0;
      for (let resumes = 0; ; resumes++) {
        try {
          for await (const raw of current.body) {
            let chunk = raw as Buffer;
            if (current.skip > 0) {
              const drop = Math.min(current.skip, chunk.length);
              current.skip -= drop;
              chunk = chunk.subarray(drop);
              if (chunk.length === 0) continue;
            }
            offset += chunk.length;
            yield chunk;
          }
          return;
        } catch (error) {
          if (size === undefined || offset >= size || resumes >= 3) {
            throw transport.error(
              base,
              undefined,
              `the download broke after ${offset} bytes: ${transport.explain(error)}`,
              kindOfFailure(error),
              error,
            );
          }
          current = await open(offset);
        }
      }
    }
    const verifier = new DigestVerifier(blob.digest, `blob ${blob.digest} from ${this.name}`, blob.size);
    const source = Readable.from(chunks(), { objectMode: false });
    source.on('error', (e) => verifier.destroy(e));
    return source.pipe(verifier);
  }

  /**
   * `POST …/uploads/?mount=<digest>[&from=<repo>]`: 201 means the registry linked the blob,
   * 202 is an ordinary upload session (reuse its Location), anything else means "upload normally".
   */
  async mountBlob(digest: Digest, fromRepository?: string): Promise<MountResult> {
    const query = new URLSearchParams({ mount: digest });
    if (fromRepository) query.set('from', fromRepository);
    const scopes = fromRepository ? [...this.push(), `repository:${fromRepository}:pull`] : this.push();
    const spec = {
      method: 'POST' as const,
      url: `/v2/${this.repository}/blobs/uploads/?${query}`,
      repository: this.repository,
      operation: `mount blob ${digest}`,
      scopes,
      digest,
      headers: { 'content-length': '0' },
    };
    const res = await this.transport.request(spec);
    await res.body.dump();
    if (res.status === 201) return { mounted: true };
    const location = header(res.headers, 'location');
    if (res.status === 202 && location)
      return { mounted: false, location: new URL(location, res.url).toString() };
    return { mounted: false };
  }

  private async startUpload(digest: Digest): Promise<string> {
    const spec = {
      method: 'POST' as const,
      url: `/v2/${this.repository}/blobs/uploads/`,
      repository: this.repository,
      operation: `start upload of blob ${digest}`,
      scopes: this.push(),
      digest,
      headers: { 'content-length': '0' },
    };
    const res = await this.transport.request(spec);
    const location = header(res.headers, 'location');
    if (res.status !== 202 || !location) throw await this.transport.failure(spec, res);
    await res.body.dump();
    return new URL(location, res.url).toString();
  }

  async putBlob(blob: Required<BlobRef>, open: () => Promise<Readable>, session?: string): Promise<void> {
    let location = session;
    let streamed = this.transport.streamUploads;
    for (let attempt = 1; ; attempt++) {
      location ??= await this.startUpload(blob.digest);
      try {
        if (blob.size <= this.chunkSize) await this.uploadMonolithic(blob, location, await open());
        else if (streamed) await this.uploadStreamed(blob, location, await open());
        else await this.uploadChunked(blob, location, await open());
        return;
      } catch (error) {
        if (error instanceof StreamingRefused && streamed) {
          // This registry wants sized chunks: remember it, and send this blob again that way.
          this.transport.streamUploads = streamed = false;
          location = undefined;
          attempt--;
          continue;
        }
        // Data requests are never resent half-way; a broken upload starts over in a new session.
        const transient =
          error instanceof RegistryError && (error.kind === 'network' || error.kind === 'server');
        if (!transient || attempt >= 3) throw error;
        location = undefined;
      }
    }
  }

  /**
   * One PATCH with the whole blob streamed (as docker and containers/image send it): the download and
   * the upload overlap and nothing is buffered. The bytes are hashed on the way; only a blob that
   * matched its digest is committed with the final PUT (and the registry checks it again).
   */
  private async uploadStreamed(blob: Required<BlobRef>, location: string, source: Readable): Promise<void> {
    const verifier = new DigestVerifier(
      blob.digest,
      `upload of blob ${blob.digest} to ${this.name}`,
      blob.size,
    );
    source.on('error', (e) => verifier.destroy(e));
    const body = source.pipe(verifier);
    const spec = {
      ...this.uploadSpec(blob, 'PATCH', location, 'upload'),
      bytes: blob.size,
      headers: { 'content-type': 'application/octet-stream' },
      body: () => body,
    };
    let res;
    try {
      res = await this.transport.request(spec);
    } catch (error) {
      await this.cancelUpload(location);
      throw verifier.destroyed && verifier.errored ? verifier.errored : error;
    }
    if (res.status === 400 || res.status === 411 || res.status === 416) {
      await res.body.dump();
      await this.cancelUpload(location);
      throw new StreamingRefused();
    }
    if (res.status !== 202) {
      await this.cancelUpload(location);
      throw await this.transport.failure(spec, res);
    }
    await res.body.dump();
    if (!verifier.writableFinished || verifier.errored) {
      await this.cancelUpload(location);
      throw (
        verifier.errored ??
        new DigestMismatchError(blob.digest, 'an incomplete stream', `upload of blob ${blob.digest}`)
      );
    }
    const next = header(res.headers, 'location');
    const current = next ? new URL(next, res.url).toString() : location;
    await this.finishUpload(blob, current);
  }

  /** The PUT that closes an upload session with the blob's digest: the registry checks it too. */
  private async finishUpload(blob: Required<BlobRef>, location: string): Promise<void> {
    const spec = {
      ...this.uploadSpec(blob, 'PUT', withQuery(location, 'digest', blob.digest), 'finish upload of'),
      headers: { 'content-type': 'application/octet-stream', 'content-length': '0' },
    };
    const res = await this.transport.request(spec);
    if (res.status !== 201) throw await this.transport.failure(spec, res);
    await res.body.dump();
  }

  private uploadSpec(blob: Required<BlobRef>, method: 'PUT' | 'PATCH', url: string, operation: string) {
    return {
      method,
      url,
      repository: this.repository,
      operation: `${operation} blob ${blob.digest}`,
      scopes: this.push(),
      digest: blob.digest,
      retry: false,
      bytes: Math.min(blob.size, this.chunkSize),
    };
  }

  private async uploadMonolithic(blob: Required<BlobRef>, location: string, source: Readable): Promise<void> {
    const url = withQuery(location, 'digest', blob.digest);
    const verifier = new DigestVerifier(
      blob.digest,
      `upload of blob ${blob.digest} to ${this.name}`,
      blob.size,
    );
    const verified = source.pipe(verifier);
    source.on('error', (e) => verifier.destroy(e));
    // Read the (small) blob first so that a corrupt source never reaches the registry at all.
    const bytes = await readStreamCapped(verified, blob.size);
    if (bytes === undefined)
      throw new DigestMismatchError(`${blob.size} bytes`, `more bytes`, `upload of blob ${blob.digest}`);
    const spec = {
      ...this.uploadSpec(blob, 'PUT', url, 'upload'),
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) },
      body: bytes,
    };
    const res = await this.transport.request(spec);
    if (res.status !== 201) throw await this.transport.failure(spec, res);
    await res.body.dump();
  }

  private async uploadChunked(blob: Required<BlobRef>, location: string, source: Readable): Promise<void> {
    const verifier = new DigestVerifier(
      blob.digest,
      `upload of blob ${blob.digest} to ${this.name}`,
      blob.size,
    );
    let offset = 0;
    let pending: Buffer[] = [];
    let pendingSize = 0;
    let current = location;
    const flush = async () => {
      const chunk = Buffer.concat(pending, pendingSize);
      pending = [];
      pendingSize = 0;
      if (chunk.length === 0) return;
      const spec = {
        ...this.uploadSpec(blob, 'PATCH', current, `upload chunk at ${offset} of`),
        headers: {
          'content-type': 'application/octet-stream',
          'content-length': String(chunk.length),
          'content-range': `${offset}-${offset + chunk.length - 1}`,
        },
        body: chunk,
      };
      const res = await this.transport.request(spec);
      if (res.status !== 202) throw await this.transport.failure(spec, res);
      await res.body.dump();
      const next = header(res.headers, 'location');
      if (next) current = new URL(next, res.url).toString();
      offset += chunk.length;
    };
    const size = this.chunkSize;
    const sink = async function* (input: AsyncIterable<Buffer>) {
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
    };
    try {
      await pipeline(source, verifier, sink);
    } catch (error) {
      await this.cancelUpload(current);
      throw error;
    }
    // The whole blob hashed to the digest we were asked for; only now close the session.
    await flush();
    await this.finishUpload(blob, current);
  }

  private async cancelUpload(location: string): Promise<void> {
    try {
      const res = await this.transport.request({
        method: 'DELETE',
        url: location,
        repository: this.repository,
        operation: 'cancel upload',
        scopes: this.push(),
        retry: false,
      });
      await res.body.dump();
    } catch {
      // Best effort: the registry expires abandoned sessions on its own.
    }
  }
}

function withQuery(url: string, key: string, value: string): string {
  const u = new URL(url);
  u.searchParams.set(key, value);
  return u.toString();
}

function mediaTypeOf(bytes: Buffer): string | undefined {
  try {
    const parsed = JSON.parse(bytes.toString('utf8')) as { mediaType?: unknown };
    return typeof parsed.mediaType === 'string' ? parsed.mediaType : undefined;
  } catch {
    return undefined;
  }
}
