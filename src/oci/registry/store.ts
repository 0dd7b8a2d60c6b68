import { Readable } from 'node:stream';
import { BlobSizeError, DigestMismatchError, isNotFound } from '../../errors.js';
import { DigestVerifier, isDigest, sha256, type Digest } from '../digest.js';
import { MANIFEST_MEDIA_TYPES } from '../media-types.js';
import { readStreamCapped, type BlobRef, type ImageStore, type ManifestBytes } from '../store.js';
import { MAX_MANIFEST_BYTES } from '../types.js';
import { header, kindOfFailure, type Response } from './responses.js';
import type { RegistryTransport } from './transport.js';
import { BlobUploader, type UploadSession } from './upload.js';

/** Docker Hub's names: GET manifest counts against its pull rate limit, HEAD does not. */
const DOCKER_HUB_HOSTS = new Set(['docker.io', 'registry-1.docker.io', 'index.docker.io']);

/** Blobs up to this size are read into memory and verified before they are sent; larger ones are streamed. */
export const DEFAULT_CHUNK_SIZE = 16 * 1024 * 1024;

export type MountResult = { mounted: true } | { mounted: false; session?: UploadSession };

export class RegistryStore implements ImageStore {
  readonly kind = 'registry';
  readonly name: string;

  constructor(
    readonly transport: RegistryTransport,
    readonly repository: string,
    chunkSize = DEFAULT_CHUNK_SIZE,
  ) {
    this.name = `${transport.registry}/${repository}`;
    this.uploader = new BlobUploader(transport, repository, this.name, chunkSize);
  }

  private readonly uploader: BlobUploader;

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
      // A pull-through proxy may redirect manifests to storage (GitLab's dependency proxy, moby#50065);
      // the bytes are checked against the digest either way.
      followRedirects: true,
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

  /** headManifest's answer from a GET: the manifest read and hashed here; undefined when there is none. */
  private async manifestByGet(
    reference: string,
  ): Promise<{ digest: Digest; mediaType: string; size: number } | undefined> {
    try {
      const full = await this.getManifest(reference);
      return { digest: full.digest, mediaType: full.mediaType, size: full.bytes.length };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /**
   * What a tag (or digest) holds now, or undefined. Asked with a GET and hashed here, except on Docker
   * Hub: undici closes the connection after every HEAD (a fleet would open one per image), and a manifest
   * is a few kB; Docker Hub counts a GET as a pull against its rate limit and a HEAD not, so it gets the
   * HEAD.
   */
  async headManifest(
    reference: string,
  ): Promise<{ digest: Digest; mediaType: string; size: number } | undefined> {
    if (!DOCKER_HUB_HOSTS.has(this.registry)) return this.manifestByGet(reference);
    const spec = {
      method: 'HEAD' as const,
      url: `/v2/${this.repository}/manifests/${reference}`,
      repository: this.repository,
      operation: `head manifest ${reference}`,
      scopes: this.pull(),
      headers: { accept: MANIFEST_MEDIA_TYPES.join(', ') },
      followRedirects: true,
    };
    const res = await this.transport.request(spec);
    await res.body.dump();
    // Storage a HEAD was redirected to may refuse it (a URL signed for GET, distribution#2055) and
    // knows no digest: the registry's GET (which follows the same way) says what the tag holds.
    const redirected = new URL(res.url).pathname !== spec.url;
    if (redirected && res.status !== 200) return this.manifestByGet(reference);
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw await this.transport.failure(spec, res);
    const digest = redirected ? undefined : header(res.headers, 'docker-content-digest');
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
    await this.sendManifest(manifest, tag);
  }

  /**
   * Pushes a manifest that names a subject (a signature, an attestation) by its digest. True when the
   * registry says it indexed the subject (the `OCI-Subject` header of the referrers API, distribution
   * spec 1.1); false: the client must list it under the referrers tag itself.
   */
  async putReferrer(manifest: ManifestBytes, subject: Digest): Promise<boolean> {
    const headers = await this.sendManifest(manifest);
    return header(headers, 'oci-subject') === subject;
  }

  private async sendManifest(manifest: ManifestBytes, tag?: string): Promise<Response['headers']> {
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
    return res.headers;
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
      const served = servedSize(res);
      if (blob.size !== undefined && served !== undefined && served !== blob.size) {
        // Known from the first answer: a descriptor that lies about its size (1 TiB for 20 MiB) is
        // refused before a byte is read, not after a deadline sized for the lie.
        res.body.destroy();
        throw new BlobSizeError(blob.size, served, `blob ${blob.digest} in ${this.name}`);
      }
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
   * `POST …/uploads/?mount=<digest>[&from=<repo>]`: 201 means the registry linked the blob; 202 is
   * an ordinary upload session (ECR, Quay, Artifactory), continued rather than opened again; any
   * other answer (401 from Harbor or Docker Hub for a `from` they cannot cover, 403, 400 from Quay,
   * 404, 405) means "upload normally". Never an error: a mount is only a missed optimisation.
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
    if (res.status === 201) {
      await res.body.dump();
      // A 201 that does not say what it linked is confirmed by asking for the blob.
      const linked = header(res.headers, 'docker-content-digest');
      return { mounted: linked === digest || (linked === undefined && (await this.hasBlob(digest))) };
    }
    const session = res.status === 202 ? await this.uploader.sessionOf(spec, res) : undefined;
    await res.body.dump();
    return session ? { mounted: false, session } : { mounted: false };
  }

  /**
   * Manifests that name `digest` as their subject (the OCI referrers API: signatures, attestations),
   * or undefined when the registry has no such API: a 404 is what most answer (GHCR, Docker Hub,
   * distribution 2.8), some a 400 or 405.
   */
  async referrers(
    digest: Digest,
  ): Promise<{ artifactType?: string; mediaType: string; digest: string }[] | undefined> {
    const spec = {
      method: 'GET' as const,
      url: `/v2/${this.repository}/referrers/${digest}`,
      repository: this.repository,
      operation: `list referrers of ${digest}`,
      scopes: this.pull(),
      headers: { accept: 'application/vnd.oci.image.index.v1+json' },
    };
    const res = await this.transport.request(spec);
    if (res.status !== 200) {
      await res.body.dump();
      return undefined;
    }
    const bytes = await readStreamCapped(res.body, MAX_MANIFEST_BYTES);
    const index = parseJsonObject(bytes);
    if (!index || !Array.isArray(index.manifests)) return undefined;
    return index.manifests.flatMap((m: unknown) => {
      if (typeof m !== 'object' || m === null) return [];
      const { artifactType, mediaType, digest: d } = m as Record<string, unknown>;
      if (typeof d !== 'string') return [];
      return [
        {
          digest: d,
          mediaType: typeof mediaType === 'string' ? mediaType : '',
          ...(typeof artifactType === 'string' ? { artifactType } : {}),
        },
      ];
    });
  }

  /** The repository's tags (`tags/list`), following `Link: <…>; rel="next"` pages on this registry, up to `maxPages`. */
  async listTags(maxPages = 20): Promise<string[]> {
    const tags: string[] = [];
    let url: string | undefined = `/v2/${this.repository}/tags/list?n=1000`;
    for (let page = 0; url && page < maxPages; page++) {
      const spec = {
        method: 'GET' as const,
        url,
        repository: this.repository,
        operation: 'list tags',
        scopes: this.pull(),
      };
      const res = await this.transport.request(spec);
      if (res.status === 404) {
        await res.body.dump();
        return tags;
      }
      if (res.status !== 200) throw await this.transport.failure(spec, res);
      const doc = parseJsonObject(await readStreamCapped(res.body, MAX_MANIFEST_BYTES * 4));
      if (doc && Array.isArray(doc.tags)) for (const t of doc.tags) if (typeof t === 'string') tags.push(t);
      const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(header(res.headers, 'link') ?? '')?.[1];
      // Only pages of this repository on this registry: a Link elsewhere is not followed.
      url = next?.startsWith(`/v2/${this.repository}/tags/list`) ? next : undefined;
    }
    return tags;
  }

  /** Gives up an upload session a mount opened (the blob turned out to be there already). */
  cancelUpload(session: UploadSession): Promise<void> {
    return this.uploader.cancel(session.url);
  }

  /** Uploads a blob (see BlobUploader for the ways it tries), continuing a given session first. */
  putBlob(blob: Required<BlobRef>, open: () => Promise<Readable>, session?: UploadSession): Promise<void> {
    return this.uploader.upload(blob, open, session);
  }
}

/** The whole blob's size as the answer tells it: a 200's Content-Length, or a 206's `Content-Range: bytes a-b/total`. */
function servedSize(res: Response): number | undefined {
  if (res.status === 206) {
    const total = /\/(\d+)\s*$/.exec(header(res.headers, 'content-range') ?? '')?.[1];
    return total === undefined ? undefined : Number(total);
  }
  // A body re-encoded on the way (a CDN's gzip) has another length on the wire than the blob.
  if (res.status !== 200 || header(res.headers, 'content-encoding')) return undefined;
  const length = header(res.headers, 'content-length');
  return length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined;
}

function parseJsonObject(bytes: Buffer | undefined): Record<string, unknown> | undefined {
  if (!bytes) return undefined;
  try {
    const v = JSON.parse(bytes.toString('utf8')) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function mediaTypeOf(bytes: Buffer): string | undefined {
  try {
    const parsed = JSON.parse(bytes.toString('utf8')) as { mediaType?: unknown };
    return typeof parsed.mediaType === 'string' ? parsed.mediaType : undefined;
  } catch {
    return undefined;
  }
}
