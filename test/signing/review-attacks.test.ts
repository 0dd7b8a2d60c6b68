/**
 * Review of the image-signing code (issue 29) as an attacker, an auditor and an on-call engineer.
 * Each test asserts what cosign / sigstore-go / Kyverno / policy-controller (or the issue) require, so a
 * failing test is a defect. Unit level: an in-memory store stands in for a registry without the
 * referrers API (the store code takes the referrers-tag path for any store that is not a RegistryStore),
 * and the loopback mock Sigstore from test/harness/sigstore.ts serves Fulcio / Rekor.
 */
import type * as crypto from 'node:crypto';
import { createHash, createPublicKey, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { cli } from '../../src/cli.js';
import { describeError, LayerRebaseError } from '../../src/errors.js';
import { silentLog } from '../../src/log.js';
import { sha256, type Digest } from '../../src/oci/digest.js';
import { parseReference } from '../../src/oci/reference.js';
import type { ImageStore, ManifestBytes } from '../../src/oci/store.js';
import { pushImage, type PushPlan } from '../../src/rebase/push.js';
import { redact } from '../../src/secrets.js';
import { ANNOTATION, BUNDLE_MEDIA_TYPE, digestTag, EMPTY_MEDIA_TYPE } from '../../src/signing/formats.js';
import { KeylessSigner } from '../../src/signing/keyless.js';
import { loadSigningKey } from '../../src/signing/keys.js';
import { KeySigner } from '../../src/signing/signer.js';
import { parseSigningConfig, type SigstoreServices } from '../../src/signing/sigstore-config.js';
import { storeBundle, storeLegacy } from '../../src/signing/store-signatures.js';
import { fakeIdentityToken, startMockSigstore, type MockSigstore } from '../harness/sigstore.js';
import { keyPair } from '../helpers/cosign.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

/** A repository in memory: manifests by digest, tags, blobs; `beforePut` lets a test order the writers. */
class MemoryStore implements ImageStore {
  readonly kind = 'layout' as const;
  readonly manifests = new Map<string, ManifestBytes>();
  readonly tags = new Map<string, Digest>();
  readonly blobs = new Map<string, Buffer>();
  readonly puts: { tag?: string; digest: Digest }[] = [];
  beforePut?: (tag: string | undefined, manifest: ManifestBytes) => Promise<void>;

  constructor(readonly name: string) {}

  private resolveRef(reference: string): Digest | undefined {
    return reference.startsWith('sha256:') ? (reference as Digest) : this.tags.get(reference);
  }

  async getManifest(reference: string): Promise<ManifestBytes> {
    await Promise.resolve();
    const digest = this.resolveRef(reference);
    const m = digest && this.manifests.get(digest);
    if (!m) throw new LayerRebaseError('not-found', `${this.name}:${reference} not found`);
    return m;
  }

  async headManifest(reference: string) {
    await Promise.resolve();
    const digest = this.resolveRef(reference);
    const m = digest && this.manifests.get(digest);
    return m ? { digest: m.digest, mediaType: m.mediaType, size: m.bytes.length } : undefined;
  }

  async putManifest(manifest: ManifestBytes, tag?: string): Promise<void> {
    await this.beforePut?.(tag, manifest);
    this.manifests.set(manifest.digest, manifest);
    if (tag) this.tags.set(tag, manifest.digest);
    this.puts.push({ ...(tag ? { tag } : {}), digest: manifest.digest });
  }

  async hasBlob(digest: Digest): Promise<boolean> {
    await Promise.resolve();
    return this.blobs.has(digest);
  }

  async getBlob(blob: { digest: Digest }): Promise<Readable> {
    const bytes = this.blobs.get(blob.digest);
    if (!bytes) throw new Error(`blob ${blob.digest} not found`);
    return Readable.from([bytes]);
  }

  async putBlob(blob: { digest: Digest }, open: () => Promise<Readable>): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of await open()) chunks.push(c as Buffer);
    this.blobs.set(blob.digest, Buffer.concat(chunks));
  }

  json(reference: string): Record<string, unknown> & {
    layers?: { digest: string; annotations?: Record<string, string> }[];
    manifests?: { digest: string; artifactType?: string; annotations?: Record<string, string> }[];
  } {
    const digest = this.resolveRef(reference)!;
    return JSON.parse(this.manifests.get(digest)!.bytes.toString('utf8'));
  }
}

const manifestOf = (value: unknown, mediaType = OCI_MANIFEST): ManifestBytes => {
  const bytes = Buffer.from(JSON.stringify(value));
  return { bytes, mediaType, digest: sha256(bytes) };
};

/** An image manifest to sign (its content does not matter to the signature stores). */
function someImage(label: string): ManifestBytes {
  const config = Buffer.from(`{"label":"${label}"}`);
  return manifestOf({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: sha256(config),
      size: config.length,
    },
    layers: [],
  });
}

/** The second PUT to `tag` waits `ms`: the first writer reads back before the second writer's stale write lands. */
function delaySecondWriteTo(store: MemoryStore, tag: string, ms = 60): void {
  let count = 0;
  store.beforePut = async (t) => {
    if (t !== tag) return;
    count++;
    if (count === 2) await new Promise((r) => setTimeout(r, ms));
  };
}

/**
 * go-securesystemslib dsse.SHA256KeyID: the SSH SHA256 fingerprint of the public key. sigstore-go's
 * verifyEnvelope gives dsse a VerifierAdapter with an empty PubKeyID, so this is the id a DSSE signature's
 * `keyid`, when not empty, must equal, or the signature is skipped ("accepted signatures do not match
 * threshold").
 */
function sshSha256KeyId(publicPem: string): string {
  const jwk = createPublicKey(publicPem).export({ format: 'jwk' }) as { x: string; y: string };
  const point = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(jwk.x, 'base64url'),
    Buffer.from(jwk.y, 'base64url'),
  ]);
  const str = (b: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    return Buffer.concat([len, b]);
  };
  const wire = Buffer.concat([
    str(Buffer.from('ecdsa-sha2-nistp256')),
    str(Buffer.from('nistp256')),
    str(point),
  ]);
  return `SHA256:${createHash('sha256').update(wire).digest('base64').replace(/=+$/, '')}`;
}

describe('formats: what cosign v3 / sigstore-go / Kyverno accept', () => {
  test('DEFECT key-mode bundle: the DSSE signature keyid is one sigstore-go (cosign verify --key, Kyverno SigstoreBundle) accepts', async () => {
    const keys = keyPair();
    const signer = new KeySigner(loadSigningKey(keys.privatePem, undefined, 'k'));
    const bundle = JSON.parse((await signer.bundle(sha256('an image'))).toString()) as {
      mediaType: string;
      dsseEnvelope: { signatures: { keyid?: string; sig: string }[] };
      verificationMaterial: { publicKey?: { hint: string } };
    };
    expect(bundle.mediaType).toBe(BUNDLE_MEDIA_TYPE);
    // The hint is what sigstore-go's keypair.GetHint() writes: base64(sha256(SPKI DER)) — fine.
    const der = createPublicKey(keys.publicPem).export({ type: 'spki', format: 'der' });
    expect(bundle.verificationMaterial.publicKey?.hint).toBe(
      createHash('sha256').update(der).digest('base64'),
    );
    // cosign (sigstore-go sign.DSSEData.Bundle) writes no keyid. go-securesystemslib's EnvelopeVerifier
    // skips a signature whose non-empty keyid differs from the verifier's id, which sigstore-go leaves to
    // be the SSH SHA256 fingerprint: any other keyid makes the bundle fail verification.
    const keyid = bundle.dsseEnvelope.signatures[0]!.keyid ?? '';
    expect(['', sshSha256KeyId(keys.publicPem)]).toContain(keyid);
  });

  test('sound: the referrer manifest and the referrers-tag entry carry what BUNDLE_SPEC.md and cosign write', async () => {
    const store = new MemoryStore('reg.example/app');
    const image = someImage('x');
    await store.putManifest(image);
    const keys = keyPair();
    const signer = new KeySigner(loadSigningKey(keys.privatePem, undefined, 'k'));
    const subject = { mediaType: image.mediaType, digest: image.digest, size: image.bytes.length };
    const stored = await storeBundle(
      store,
      subject,
      await signer.bundle(image.digest),
      '2026-12-07T00:00:00Z',
    );
    expect(stored.stored).toMatch(/^referrer [0-9a-f]{12} in tag sha256-/);
    const index = store.json(digestTag(image.digest));
    expect(index.mediaType).toBe(OCI_INDEX);
    expect(index.manifests).toHaveLength(1);
    const entry = index.manifests![0]!;
    expect(entry.artifactType).toBe(BUNDLE_MEDIA_TYPE);
    expect(entry.annotations).toMatchObject({
      'dev.sigstore.bundle.content': 'dsse-envelope',
      'dev.sigstore.bundle.predicateType': 'https://sigstore.dev/cosign/sign/v1',
    });
    const m = store.json(entry.digest);
    expect(m).toMatchObject({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: BUNDLE_MEDIA_TYPE,
      config: { mediaType: EMPTY_MEDIA_TYPE, size: 2 },
      subject,
    });
    expect(m.layers).toHaveLength(1);
  });
});

describe("other signers' signatures are never lost (read-modify-write of shared tags)", () => {
  test('DEFECT two writers of one run add a .sig layer to the same digest at once: both layers end up in the .sig', async () => {
    // Two tags of one image (app:v1, app:latest) or an index child shared by two images of a fleet are
    // signed by two images committing concurrently: same repository, same digest, same .sig tag.
    const store = new MemoryStore('reg.example/app');
    const image = someImage('shared');
    await store.putManifest(image);
    const keys = keyPair();
    const signer = new KeySigner(loadSigningKey(keys.privatePem, undefined, 'k'));
    const other = new KeySigner(loadSigningKey(keyPair().privatePem, undefined, 'k2'));
    const a = await signer.legacy(store.name, image.digest);
    const b = await other.legacy(store.name, image.digest);
    const tag = `${digestTag(image.digest)}.sig`;
    delaySecondWriteTo(store, tag);
    const results = await Promise.all([
      storeLegacy(store, image.digest, a),
      storeLegacy(store, image.digest, b),
    ]);
    // Both writers were told their signature is stored…
    expect(results.map((r) => r.stored)).toEqual([`tag ${tag}`, `tag ${tag}`]);
    // …so both must be there.
    const signatures = (store.json(tag).layers ?? []).map((l) => l.annotations?.[ANNOTATION.signature]);
    expect(signatures).toEqual(
      expect.arrayContaining([a.annotations[ANNOTATION.signature], b.annotations[ANNOTATION.signature]]),
    );
  });

  test('DEFECT two writers of one run list a referrer under the same referrers tag at once: both entries stay', async () => {
    const store = new MemoryStore('reg.example/app');
    const image = someImage('shared-index-child');
    await store.putManifest(image);
    const subject = { mediaType: image.mediaType, digest: image.digest, size: image.bytes.length };
    const one = new KeySigner(loadSigningKey(keyPair().privatePem, undefined, 'k1'));
    const two = new KeySigner(loadSigningKey(keyPair().privatePem, undefined, 'k2'));
    const [b1, b2] = [await one.bundle(image.digest), await two.bundle(image.digest)];
    const tag = digestTag(image.digest);
    delaySecondWriteTo(store, tag);
    const results = await Promise.all([
      storeBundle(store, subject, b1, '2026-12-07T00:00:00Z'),
      storeBundle(store, subject, b2, '2026-12-07T00:00:00Z'),
    ]);
    const listed = (store.json(tag).manifests ?? []).map((m) => m.digest);
    for (const r of results) {
      const short = /^referrer ([0-9a-f]{12})/.exec(r.stored)![1]!;
      expect(
        listed.some((d) => d.startsWith(`sha256:${short}`)),
        `${r.stored} is listed`,
      ).toBe(true);
    }
  });

  test('DEFECT re-signing a digest with the same key (a retried run, two tags of one image) adds no second .sig layer, as cosign’s DupeDetector', async () => {
    // cosign sign (cmd/cosign/cli/sign/sign.go, pkg/cosign/remote NewDupeDetector): an existing layer with
    // the same payload and annotations whose signature verifies with the signing key is a duplicate.
    // ECDSA signatures are randomised, so comparing the base64 strings never finds one.
    const store = new MemoryStore('reg.example/app');
    const image = someImage('retried');
    await store.putManifest(image);
    const signer = new KeySigner(loadSigningKey(keyPair().privatePem, undefined, 'k'));
    await storeLegacy(store, image.digest, await signer.legacy(store.name, image.digest));
    await storeLegacy(store, image.digest, await signer.legacy(store.name, image.digest));
    expect(store.json(`${digestTag(image.digest)}.sig`).layers).toHaveLength(1);
  });

  test("sound: another signer's .sig layers and referrers-tag entries are kept", async () => {
    const store = new MemoryStore('reg.example/app');
    const image = someImage('kept');
    await store.putManifest(image);
    const theirs = new KeySigner(loadSigningKey(keyPair().privatePem, undefined, 'theirs'));
    const ours = new KeySigner(loadSigningKey(keyPair().privatePem, undefined, 'ours'));
    const subject = { mediaType: image.mediaType, digest: image.digest, size: image.bytes.length };
    await storeLegacy(store, image.digest, await theirs.legacy(store.name, image.digest));
    await storeBundle(store, subject, await theirs.bundle(image.digest), 't');
    await storeLegacy(store, image.digest, await ours.legacy(store.name, image.digest));
    await storeBundle(store, subject, await ours.bundle(image.digest), 't');
    expect(store.json(`${digestTag(image.digest)}.sig`).layers).toHaveLength(2);
    expect(store.json(digestTag(image.digest)).manifests).toHaveLength(2);
  });

  test('sound: a .sig tag that holds an index, a referrers tag that holds an image: refused, nothing written there', async () => {
    const store = new MemoryStore('reg.example/app');
    const image = someImage('hostile');
    await store.putManifest(image);
    const index = manifestOf({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] }, OCI_INDEX);
    await store.putManifest(index, `${digestTag(image.digest)}.sig`);
    await store.putManifest(someImage('not an index'), digestTag(image.digest));
    const signer = new KeySigner(loadSigningKey(keyPair().privatePem, undefined, 'k'));
    const before = store.puts.length;
    await expect(
      storeLegacy(store, image.digest, await signer.legacy(store.name, image.digest)),
    ).rejects.toThrow(/holds an index, not the cosign signature image/);
    const subject = { mediaType: image.mediaType, digest: image.digest, size: image.bytes.length };
    await expect(storeBundle(store, subject, await signer.bundle(image.digest), 't')).rejects.toThrow(
      /holds an image, not the referrers index/,
    );
    expect(store.puts.slice(before).filter((p) => p.tag)).toEqual([]);
  });
});

describe('order: signatures before the tag moves', () => {
  function plan(
    store: MemoryStore,
    final: ManifestBytes,
    expected: Digest,
    sign: () => Promise<void>,
  ): PushPlan {
    return {
      appStore: store,
      work: [],
      final,
      targets: [{ ref: parseReference(`${store.name}:v1`), store, expected }],
      sign,
    };
  }

  test('sound: the tag moves only after every signature resolved; a signing failure leaves it', async () => {
    const store = new MemoryStore('reg.example/app');
    const old = someImage('old');
    await store.putManifest(old, 'v1');
    const next = someImage('new');
    let tagWhileSigning: string | undefined;
    const outcome = await pushImage(
      plan(store, next, old.digest, async () => {
        await new Promise((r) => setTimeout(r, 20));
        tagWhileSigning = store.tags.get('v1');
      }),
      silentLog,
      { copied: 0, mounted: 0, exists: 0 } as never,
    );
    expect(outcome).toBe('pushed');
    expect(tagWhileSigning).toBe(old.digest);
    expect(store.tags.get('v1')).toBe(next.digest);

    const third = someImage('third');
    await expect(
      pushImage(
        plan(store, third, next.digest, async () => {
          throw new Error('Rekor said no');
        }),
        silentLog,
        { copied: 0, mounted: 0, exists: 0 } as never,
      ),
    ).rejects.toThrow('Rekor said no');
    expect(store.tags.get('v1')).toBe(next.digest);
  });
});

describe('keys and secrets', () => {
  test('DEFECT a hostile scrypt cost in an encrypted key (N=2^20 r=32 p=16: 4 GiB, 16 passes) is refused before any key derivation', async () => {
    // cosign (secure-systems-lab/go-securesystemslib encrypted.CheckParams) accepts exactly N 2^15/2^16/2^17,
    // r 8, p 1. keys.ts lets through N up to 2^20, r up to 32, p up to 16, and sets maxmem to 8 GiB.
    const scrypt = vi.fn(() => Buffer.alloc(32));
    vi.resetModules();
    vi.doMock('node:crypto', async (importOriginal) => ({
      ...(await importOriginal<typeof crypto>()),
      scryptSync: scrypt,
    }));
    try {
      const { loadSigningKey: load } = await import('../../src/signing/keys.js');
      const key = (N: number, r: number, p: number) => {
        const body = JSON.stringify({
          kdf: { name: 'scrypt', params: { N, r, p }, salt: randomBytes(32).toString('base64') },
          cipher: { name: 'nacl/secretbox', nonce: randomBytes(24).toString('base64') },
          ciphertext: randomBytes(160).toString('base64'),
        });
        return `-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n${Buffer.from(body).toString('base64')}\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n`;
      };
      // Control: cosign's own parameters reach the derivation (the mock is in effect).
      expect(() => load(key(65536, 8, 1), 'pw', 'k')).toThrow(/password does not decrypt/);
      expect(scrypt).toHaveBeenCalledTimes(1);
      scrypt.mockClear();
      expect(() => load(key(2 ** 20, 32, 16), 'pw', 'k')).toThrow(/scrypt parameters/);
      expect(scrypt).not.toHaveBeenCalled();
    } finally {
      vi.doUnmock('node:crypto');
      vi.resetModules();
    }
  });

  async function runCli(argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await cli(argv, {
      stdout: (s) => out.push(s),
      stderr: (s) => err.push(s),
      env: { HOME: tmpdir(), DOCKER_CONFIG: resolve(tmpdir(), 'no-docker-config') },
      cwd: tmpdir(),
    });
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  }

  test('DEFECT CLI: --signing-key given the key text instead of a path does not print the private key', async () => {
    const keys = keyPair();
    const r = await runCli([
      '--image',
      'reg.example/app:v1',
      '--patches',
      'none.json',
      '--sign',
      'key',
      `--signing-key=${keys.privatePem}`,
    ]);
    expect(r.code).toBe(2);
    const body = keys.privatePem.split('\n').filter((l) => l && !l.startsWith('-----'));
    for (const line of body) expect(r.stderr + r.stdout).not.toContain(line);
  });

  test('DEFECT CLI: --identity-token given the token itself instead of a path or env:// does not print it', async () => {
    const token = fakeIdentityToken({
      sub: 'https://github.com/acme/app/.github/workflows/x.yml@refs/heads/main',
      iss: 'https://token.actions.githubusercontent.com',
    });
    const r = await runCli([
      '--image',
      'reg.example/app:v1',
      '--patches',
      'none.json',
      '--sign',
      'keyless',
      '--identity-token',
      token,
    ]);
    expect(r.stderr + r.stdout).not.toContain(token);
  });

  test('DEFECT the OIDC identity token sent to Fulcio is registered for redaction (an error that echoes it is not shown)', async () => {
    const token = fakeIdentityToken({
      sub: 'https://github.com/acme/app/.github/workflows/y.yml@refs/heads/main',
      iss: 'https://token.actions.githubusercontent.com',
    });
    // A Fulcio (or a proxy in front of it) that quotes the request in its error.
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () =>
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end(JSON.stringify({ code: 400, message: `invalid request ${body.slice(0, 300)}` })),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const signer = new KeylessSigner(
        { name: 't', fulcio: url, rekor: [{ url, majorApiVersion: 1 }], tsa: [] },
        async () => token,
      );
      const error = await signer.bundle(sha256('x')).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeDefined();
      // What the JSON report, the summary and the CLI print: redact(describeError(...)).
      const shown = redact(describeError(error));
      expect(shown).toMatch(/Fulcio/);
      expect(shown).not.toContain(token);
    } finally {
      server.close();
    }
  });
});

describe('keyless: one certificate per run', () => {
  let sigstore: MockSigstore;
  beforeAll(async () => {
    sigstore = await startMockSigstore();
  });
  afterAll(async () => {
    await sigstore.close();
  });

  const services = (): SigstoreServices => ({
    name: 'mock',
    fulcio: `${sigstore.url}/fulcio`,
    rekor: [{ url: `${sigstore.url}/rekor`, majorApiVersion: 1 }],
    tsa: [],
  });
  const token = fakeIdentityToken({
    sub: 'https://github.com/acme/infra/.github/workflows/nightly.yml@refs/heads/main',
    iss: 'https://token.actions.githubusercontent.com',
  });

  test('DEFECT two images reaching their first signature at once share one certificate (one Fulcio request)', async () => {
    const signer = new KeylessSigner(services(), async () => token);
    const before = sigstore.counts.fulcio;
    await Promise.all([signer.bundle(sha256('image a')), signer.bundle(sha256('image b'))]);
    expect(sigstore.counts.fulcio - before).toBe(1);
  });

  test('sound: sequential images reuse the certificate; a new one only near its expiry', async () => {
    let now = Date.now();
    const signer = new KeylessSigner(
      services(),
      async () => token,
      () => now,
    );
    const before = sigstore.counts.fulcio;
    await signer.bundle(sha256('one'));
    await signer.legacy('reg.example/app', sha256('two'));
    await signer.bundle(sha256('three'));
    expect(sigstore.counts.fulcio - before).toBe(1);
    now += 9.5 * 60_000; // Fulcio's 10 minutes nearly over
    await signer.bundle(sha256('four'));
    expect(sigstore.counts.fulcio - before).toBe(2);
  });
});

describe('SigningConfig: http only on loopback', () => {
  const config = (ca: string) =>
    JSON.stringify({
      mediaType: 'application/vnd.dev.sigstore.signingconfig.v0.2+json',
      caUrls: [{ url: ca, majorApiVersion: 1, validFor: { start: '2020-01-01T00:00:00Z' } }],
      rekorTlogUrls: [
        { url: 'https://rekor.example', majorApiVersion: 1, validFor: { start: '2020-01-01T00:00:00Z' } },
      ],
    });

  test('sound: http on a non-loopback host is refused, however it is spelt', () => {
    for (const url of [
      'http://fulcio.example',
      'http://127.0.0.1.nip.io',
      'http://localhost.evil.example',
      'http://127.0.0.1@evil.example',
      'http://[::ffff:a00:1]',
    ])
      expect(() => parseSigningConfig(config(url), 'sc.json'), url).toThrow(/must be https/);
    expect(parseSigningConfig(config('http://127.0.0.1:8080/fulcio'), 'sc.json').fulcio).toBe(
      'http://127.0.0.1:8080/fulcio',
    );
  });

  test('DEFECT (low) http://<name>.localhost is refused: Node resolves it through DNS, not to loopback, and the OIDC token would go in clear text', () => {
    expect(() => parseSigningConfig(config('http://fulcio.localhost:8080'), 'sc.json')).toThrow(
      /must be https/,
    );
  });
});

describe('a run against the real registry (no referrers API)', () => {
  test('DEFECT two tags of one image in one run (app:v1, app:latest): every referrer the report says is stored is listed in the referrers tag', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { Agent } = await import('undici');
    const { rebaseImages } = await import('../../src/run.js');
    const { dockerConfigResolver } = await import('../../src/oci/registry/credentials.js');
    const { buildCnbImage, jreLayer, npmDepsLayer } = await import('../fixtures/cnb.js');
    const { registries, storesFor, uniqueRepo } = await import('../helpers/registry.js');
    const { verifyLegacy } = await import('../helpers/cosign.js');
    const stores = storesFor(undefined);
    const storeAt = (ref: string) => stores.storeFor(parseReference(ref));
    const host = registries().open.host;
    const repo = `${host}/${uniqueRepo('review-two-tags')}`;
    const patchRef = `${host}/${uniqueRepo('review-two-tags-patch')}:17.0.9`;
    const app = await buildCnbImage(storeAt(repo), { layers: [jreLayer('17.0.8'), npmDepsLayer()] });
    await storeAt(repo).putManifest(app.manifest, 'v1');
    await storeAt(repo).putManifest(app.manifest, 'latest');
    const patch = await buildCnbImage(storeAt(patchRef), { layers: [jreLayer('17.0.9')] });
    await storeAt(patchRef).putManifest(patch.manifest, '17.0.9');
    const dir = await mkdtemp(join(tmpdir(), 'review-two-tags-'));
    const patchFile = join(dir, 'patches.json');
    await writeFile(
      patchFile,
      JSON.stringify({ patches: [{ buildpack: 'example/jvm', layer: 'jre', 'patch-image': patchRef }] }),
    );
    // Network timing only, as on any registry: the first write of each signature tag (absent until now:
    // a reader GETs it once) is slow to arrive — until a second reader has looked (at most 5 s) — and
    // the second write is 300 ms slow. A store that serialises its read-modify-writes passes, slower.
    const tags = new Map<string, { gets: number; puts: number; release: (() => void)[] }>();
    const stateOf = (tag: string) => {
      let s = tags.get(tag);
      if (!s) tags.set(tag, (s = { gets: 0, puts: 0, release: [] }));
      return s;
    };
    const agent = new Agent().compose((dispatch) => (opts, handler) => {
      const tag = /\/manifests\/(sha256-[0-9a-f]{64}(?:\.sig)?)$/.exec(opts.path)?.[1];
      if (!tag) return dispatch(opts, handler);
      const s = stateOf(tag);
      if (opts.method === 'GET' || opts.method === 'HEAD') {
        s.gets++;
        if (s.gets >= 2) for (const r of s.release.splice(0)) r();
      } else if (opts.method === 'PUT') {
        s.puts++;
        if (s.puts === 1 && s.gets < 2) {
          const go = () => dispatch(opts, handler);
          s.release.push(go);
          setTimeout(() => {
            const i = s.release.indexOf(go);
            if (i >= 0) s.release.splice(i, 1)[0]!();
          }, 5000);
          return true;
        }
        if (s.puts === 2) {
          setTimeout(() => dispatch(opts, handler), 300);
          return true;
        }
      }
      return dispatch(opts, handler);
    });
    const keys = keyPair();
    try {
      const result = await rebaseImages({
        images: [`${repo}:v1`, `${repo}:latest`],
        patches: [patchFile],
        buildpacks: [],
        builders: [],
        tags: [],
        runImage: '',
        force: false,
        dryRun: false,
        insecureRegistries: [],
        concurrency: 4,
        cwd: dir,
        log: silentLog,
        credentials: dockerConfigResolver({ log: silentLog, env: { DOCKER_CONFIG: '/nonexistent' } }),
        transport: { dispatcher: agent },
        signing: {
          signer: new KeySigner(loadSigningKey(keys.privatePem, undefined, 'k')),
          formats: ['bundle', 'legacy'],
        },
      });
      expect(result.images.map((i) => i.status)).toEqual(['patched', 'patched']);
      const digest = result.images[0]!.digest!;
      expect(result.images[1]!.digest).toBe(digest);
      const listed = (
        JSON.parse((await storeAt(repo).getManifest(digestTag(digest))).bytes.toString()) as {
          manifests: { digest: string }[];
        }
      ).manifests.map((m) => m.digest);
      const claimed = result.images.flatMap((i) =>
        i
          .signing!.stored.filter((s) => s.format === 'bundle')
          .map((s) => /^referrer ([0-9a-f]{12})/.exec(s.stored)![1]!),
      );
      for (const short of claimed)
        expect(
          listed.some((d) => d.startsWith(`sha256:${short}`)),
          `referrer ${short} is listed`,
        ).toBe(true);
      // The legacy signature (whichever image wrote it) verifies as cosign would.
      expect((await verifyLegacy(storeAt(repo), digest, keys.publicPem)).length).toBeGreaterThan(0);
    } finally {
      await agent.close();
    }
  });
});
