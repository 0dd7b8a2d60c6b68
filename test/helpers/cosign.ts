/**
 * Verifies signatures the way cosign does, with node:crypto only, against what a registry holds — so a
 * test fails if the stored shapes drift from what cosign, Kyverno and policy-controller read
 * (sigstore/cosign specs/SIGNATURE_SPEC.md, specs/BUNDLE_SPEC.md).
 */
import { createHash, generateKeyPairSync, randomBytes, scryptSync, verify } from 'node:crypto';
import nacl from 'tweetnacl';
import { expect } from 'vitest';
import type { ImageStore } from '../../src/oci/store.js';
import { readStreamCapped } from '../../src/oci/store.js';
import type { Digest } from '../../src/oci/digest.js';

const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

async function blob(store: ImageStore, digest: string): Promise<Buffer> {
  const bytes = await readStreamCapped(await store.getBlob({ digest: digest as Digest }), 16 * 1024 * 1024);
  return bytes!;
}

async function manifestJson(store: ImageStore, reference: string) {
  const m = await store.getManifest(reference);
  return JSON.parse(m.bytes.toString('utf8')) as Record<string, unknown> & {
    layers?: { mediaType: string; digest: string; size: number; annotations?: Record<string, string> }[];
    manifests?: {
      mediaType: string;
      digest: string;
      artifactType?: string;
      annotations?: Record<string, string>;
    }[];
  };
}

/** The ECDSA P-256 key pair `cosign generate-key-pair` makes, unencrypted PEMs. */
export function keyPair(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** cosign's encrypted private key (sigstore/sigstore pkg/encrypted): scrypt N=32768 r=8 p=1 + NaCl secretbox. */
export function cosignEncryptedKey(
  privatePem: string,
  password: string,
  label = 'ENCRYPTED SIGSTORE PRIVATE KEY',
): string {
  const der = Buffer.from(privatePem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const salt = randomBytes(32);
  const nonce = randomBytes(24);
  const key = scryptSync(Buffer.from(password), salt, 32, { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  const ciphertext = nacl.secretbox(der, nonce, key);
  const body = JSON.stringify({
    kdf: { name: 'scrypt', params: { N: 32768, r: 8, p: 1 }, salt: salt.toString('base64') },
    cipher: { name: 'nacl/secretbox', nonce: nonce.toString('base64') },
    ciphertext: Buffer.from(ciphertext).toString('base64'),
  });
  const b64 = Buffer.from(body).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/**
 * cosign verify --key (legacy): every layer of `sha256-<hex>.sig` whose signature verifies over its
 * payload bytes, and whose payload names the digest; returns the docker-references of those.
 */
export async function verifyLegacy(store: ImageStore, digest: string, publicPem: string): Promise<string[]> {
  const sig = await manifestJson(store, `${digest.replace(':', '-')}.sig`);
  const verified: string[] = [];
  for (const layer of sig.layers ?? []) {
    expect(layer.mediaType).toBe('application/vnd.dev.cosign.simplesigning.v1+json');
    const payload = await blob(store, layer.digest);
    const signature = layer.annotations?.['dev.cosignproject.cosign/signature'];
    if (!signature || !verify('sha256', payload, publicPem, Buffer.from(signature, 'base64'))) continue;
    const doc = JSON.parse(payload.toString('utf8')) as {
      critical: {
        identity: { 'docker-reference': string };
        image: { 'docker-manifest-digest': string };
        type: string;
      };
    };
    expect(doc.critical.type).toBe('cosign container image signature');
    if (doc.critical.image['docker-manifest-digest'] !== digest) continue;
    verified.push(doc.critical.identity['docker-reference']);
  }
  return verified;
}

/** The referrers of `digest` that hold a Sigstore bundle: from the referrers API, else the referrers tag. */
async function bundleReferrers(
  store: ImageStore & { referrers?: (d: Digest) => Promise<unknown> },
  digest: string,
) {
  const api = store.referrers
    ? ((await store.referrers(digest as Digest)) as { digest: string; artifactType?: string }[] | undefined)
    : undefined;
  const entries = api ?? (await manifestJson(store, digest.replace(':', '-'))).manifests ?? [];
  return {
    viaApi: api !== undefined,
    entries: entries.filter((e) => e.artifactType === 'application/vnd.dev.sigstore.bundle.v0.3+json'),
  };
}

/**
 * cosign verify --key (bundle, v3): each bundle referrer of `digest` — the manifest's shape, the DSSE
 * PAE signature, the statement's subject digest and predicate type. Returns how many verified and how
 * they were found.
 */
export async function verifyBundles(
  store: ImageStore,
  digest: string,
  publicPem: string,
): Promise<{ verified: number; viaApi: boolean }> {
  const { viaApi, entries } = await bundleReferrers(store, digest);
  let verified = 0;
  for (const entry of entries) {
    const m = await manifestJson(store, entry.digest);
    expect(m.artifactType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
    expect(m.config).toEqual({
      mediaType: 'application/vnd.oci.empty.v1+json',
      digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
      size: 2,
    });
    expect((m.subject as { digest: string }).digest).toBe(digest);
    expect(m.annotations).toMatchObject({
      'dev.sigstore.bundle.content': 'dsse-envelope',
      'dev.sigstore.bundle.predicateType': 'https://sigstore.dev/cosign/sign/v1',
    });
    expect(m.layers).toHaveLength(1);
    const bundle = JSON.parse((await blob(store, m.layers![0]!.digest)).toString('utf8')) as {
      mediaType: string;
      dsseEnvelope: { payload: string; payloadType: string; signatures: { sig: string }[] };
    };
    expect(bundle.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
    const { payload, payloadType, signatures } = bundle.dsseEnvelope;
    const body = Buffer.from(payload, 'base64');
    const pae = Buffer.concat([
      Buffer.from(`DSSEv1 ${Buffer.byteLength(payloadType)} ${payloadType} ${body.length} `),
      body,
    ]);
    if (!verify('sha256', pae, publicPem, Buffer.from(signatures[0]!.sig, 'base64'))) continue;
    const statement = JSON.parse(body.toString('utf8')) as {
      _type: string;
      subject: { digest: { sha256: string } }[];
      predicateType: string;
    };
    expect(payloadType).toBe('application/vnd.in-toto+json');
    expect(statement._type).toBe('https://in-toto.io/Statement/v1');
    expect(statement.predicateType).toBe('https://sigstore.dev/cosign/sign/v1');
    if (`sha256:${statement.subject[0]!.digest.sha256}` !== digest) continue;
    verified++;
  }
  return { verified, viaApi };
}

export { sha256 as digestOf };
