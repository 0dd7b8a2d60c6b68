import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import { DigestMismatchError, FormatError, LayerRebaseError, TagMovedError } from '../errors.js';
import { withLayoutLock } from './layout-lock.js';
import { openRegularFile, readRegularFile, writeFileAtomically, type LocalFileError } from '../files.js';
import { DigestVerifier, isDigest, sha256, verifyBytes, type Digest } from './digest.js';
import { MediaType } from './media-types.js';
import type { BlobRef, ImageStore, ManifestBytes } from './store.js';
import {
  MAX_MANIFEST_BYTES,
  parseDescriptor,
  parseJsonObject,
  type Descriptor,
  type ImageIndex,
} from './types.js';

export const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name';
const LAYOUT_FILE = { imageLayoutVersion: '1.0.0' };
/** A blob read without a size from its descriptor is still bounded. */
const MAX_UNSIZED_BLOB_BYTES = 64 * 1024 * 1024;
const MAX_INDEX_BYTES = 4 * 1024 * 1024;

export class NotFoundError extends LayerRebaseError {
  constructor(message: string) {
    super('not-found', message);
  }
}

/**
 * An OCI image layout directory (`oci-layout`, `index.json`, `blobs/sha256/…`). Tags are the
 * `org.opencontainers.image.ref.name` annotations of `index.json`. Every file is written to a temp
 * name beside it and renamed, so a reader never sees a half-written blob or index.
 */
export class LayoutStore implements ImageStore {
  readonly kind = 'layout';
  readonly name: string;
  // index.json updates are serialised within one process, and across processes by a lock file in
  // the layout (withLayoutLock); the rename keeps each atomic on disk.
  private indexLock: Promise<void> = Promise.resolve();

  constructor(readonly dir: string) {
    this.name = `oci:${dir}`;
  }

  private blobPath(digest: Digest): string {
    const [algorithm, hex] = digest.split(':') as [string, string];
    return join(this.dir, 'blobs', algorithm, hex);
  }

  private async readIndex(): Promise<ImageIndex> {
    const where = join(this.dir, 'index.json');
    let text: string;
    try {
      text = (await readRegularFile(where, MAX_INDEX_BYTES, 'OCI layout index')).toString('utf8');
    } catch (error) {
      if ((error as LocalFileError).errno === 'ENOENT') {
        return { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [] };
      }
      throw error;
    }
    const raw = parseJsonObject(text, where);
    if (!Array.isArray(raw.manifests))
      throw new FormatError(where, 'manifests', raw.manifests, 'expected an array');
    raw.manifests.forEach((d, i) => parseDescriptor(d, where, `manifests[${i}]`));
    return raw as unknown as ImageIndex;
  }

  private async findDescriptor(reference: string): Promise<Descriptor | undefined> {
    const index = await this.readIndex();
    if (isDigest(reference)) {
      return index.manifests.find((d) => d.digest === reference) ?? (await this.descriptorOfBlob(reference));
    }
    // The last entry with the name wins, as in skopeo and umoci.
    return [...index.manifests].reverse().find((d) => d.annotations?.[REF_NAME_ANNOTATION] === reference);
  }

  private async descriptorOfBlob(digest: Digest): Promise<Descriptor | undefined> {
    try {
      const bytes = await readRegularFile(this.blobPath(digest), MAX_MANIFEST_BYTES, `${this.name} blob`);
      const parsed = JSON.parse(bytes.toString('utf8')) as { mediaType?: string };
      return { mediaType: parsed.mediaType ?? MediaType.ociManifest, digest, size: bytes.length };
    } catch {
      return undefined;
    }
  }

  async getManifest(reference: string): Promise<ManifestBytes> {
    const descriptor = await this.findDescriptor(reference);
    if (!descriptor) {
      const exists = (path: string) =>
        stat(path).then(
          () => true,
          () => false,
        );
      throw new NotFoundError(
        (await exists(join(this.dir, 'index.json')))
          ? `${this.name}: no manifest "${reference}" in index.json`
          : (await exists(this.dir))
            ? `${this.name}: not an OCI image layout (no index.json in ${this.dir})`
            : `${this.name}: the directory ${this.dir} does not exist`,
      );
    }
    if (descriptor.size > MAX_MANIFEST_BYTES) {
      throw new LayerRebaseError(
        'too-large',
        `${this.name}: manifest ${descriptor.digest} is over ${MAX_MANIFEST_BYTES} bytes`,
      );
    }
    const bytes = await readRegularFile(
      this.blobPath(descriptor.digest),
      descriptor.size,
      `${this.name} manifest`,
    ).catch((error: LocalFileError) => {
      if (error.errno === 'ENOENT')
        throw new NotFoundError(`${this.name}: manifest blob ${descriptor.digest} is missing`);
      throw error;
    });
    verifyBytes(bytes, descriptor.digest, `${this.name} manifest ${descriptor.digest}`);
    let mediaType = descriptor.mediaType;
    try {
      const declared = (JSON.parse(bytes.toString('utf8')) as { mediaType?: unknown }).mediaType;
      if (typeof declared === 'string') mediaType = declared;
    } catch {
      // parseManifest reports malformed JSON with the file name.
    }
    return { bytes, mediaType, digest: descriptor.digest };
  }

  async headManifest(
    reference: string,
  ): Promise<{ digest: Digest; mediaType: string; size: number } | undefined> {
    const descriptor = await this.findDescriptor(reference);
    if (!descriptor || !(await this.hasBlob(descriptor.digest))) return undefined;
    return { digest: descriptor.digest, mediaType: descriptor.mediaType, size: descriptor.size };
  }

  async putManifest(
    manifest: ManifestBytes,
    tag?: string,
    onlyIf?: { holds: Digest | undefined },
  ): Promise<void> {
    const computed = sha256(manifest.bytes);
    if (computed !== manifest.digest)
      throw new DigestMismatchError(manifest.digest, computed, `manifest for ${this.name}`);
    await this.ensureLayoutFile();
    if (!(await this.hasBlob(manifest.digest)))
      await writeFileAtomically(this.blobPath(manifest.digest), manifest.bytes);
    if (tag === undefined) return;
    const update = this.indexLock.then(() =>
      withLayoutLock(this.dir, async () => {
        const index = await this.readIndex();
        const tagged = (d: Descriptor) => d.annotations?.[REF_NAME_ANNOTATION] === tag;
        const current = index.manifests.find(tagged)?.digest;
        if (onlyIf && current !== onlyIf.holds && current !== manifest.digest)
          throw new TagMovedError(`${this.name}:${tag}`, onlyIf.holds, current);
        const descriptor: Descriptor = {
          mediaType: manifest.mediaType,
          digest: manifest.digest,
          size: manifest.bytes.length,
          annotations: { [REF_NAME_ANNOTATION]: tag },
        };
        index.manifests = index.manifests.filter((d) => !tagged(d));
        index.manifests.push(descriptor);
        await writeFileAtomically(join(this.dir, 'index.json'), Buffer.from(JSON.stringify(index)));
        // Read back: a tag is reported moved only when the index on disk says so.
        const written = (await this.readIndex()).manifests.find(tagged)?.digest;
        if (written !== manifest.digest)
          throw new LayerRebaseError(
            'layout-write',
            `${this.name}: after writing index.json, tag ${tag} holds ${written ?? 'nothing'}, not ${manifest.digest}`,
          );
      }),
    );
    this.indexLock = update.catch(() => undefined);
    await update;
  }

  async hasBlob(digest: Digest): Promise<boolean> {
    try {
      await stat(this.blobPath(digest));
      return true;
    } catch {
      return false;
    }
  }

  async getBlob(blob: BlobRef): Promise<Readable> {
    const verifier = new DigestVerifier(blob.digest, `${this.name} blob ${blob.digest}`, blob.size);
    // A blob must be a regular file (not a link to /dev/zero), and no read goes past the size its
    // descriptor gives: one byte more is enough for the verifier to refuse it.
    const { handle, size } = await openRegularFile(this.blobPath(blob.digest), `${this.name} blob`).catch(
      (error: LocalFileError) => {
        if (error.errno === 'ENOENT') throw new NotFoundError(`${this.name}: blob ${blob.digest} not found`);
        throw error;
      },
    );
    const limit = Math.min(size, blob.size ?? MAX_UNSIZED_BLOB_BYTES) + 1;
    const file = handle.createReadStream({ start: 0, end: limit - 1 });
    file.on('error', (e) => verifier.destroy(e));
    return file.pipe(verifier);
  }

  async putBlob(blob: Required<BlobRef>, open: () => Promise<Readable>): Promise<void> {
    if (await this.hasBlob(blob.digest)) return;
    const target = this.blobPath(blob.digest);
    await mkdir(dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await pipeline(
        await open(),
        new DigestVerifier(blob.digest, `write of blob ${blob.digest} to ${this.name}`, blob.size),
        createWriteStream(temp),
      );
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  private async ensureLayoutFile(): Promise<void> {
    const path = join(this.dir, 'oci-layout');
    try {
      await stat(path);
    } catch {
      await mkdir(this.dir, { recursive: true });
      await writeFileAtomically(path, Buffer.from(JSON.stringify(LAYOUT_FILE)));
    }
  }
}
