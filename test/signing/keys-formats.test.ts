import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { sha256 } from '../../src/oci/digest.js';
import { parseSignatureFormat, signingOptions } from '../../src/signing/configure.js';
import {
  ANNOTATION,
  bundleReferrer,
  cosignSignStatement,
  dssePae,
  legacySignatureImage,
  referrersTagIndex,
  simpleSigningPayload,
} from '../../src/signing/formats.js';
import { loadSigningKey } from '../../src/signing/keys.js';
import { KeySigner } from '../../src/signing/signer.js';
import { cosignEncryptedKey, keyPair } from '../helpers/cosign.js';

const DIGEST = sha256('a manifest');

describe('signing keys', () => {
  const keys = keyPair();

  test("PKCS#8 and SEC1 PEM, and cosign's encrypted key (both labels) with its password", () => {
    const pkcs8 = loadSigningKey(keys.privatePem, undefined, 'k');
    expect(pkcs8.publicKeyPem).toBe(keys.publicPem);
    expect(pkcs8.keyId).toMatch(/^[0-9a-f]{64}$/);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const sec1 = privateKey.export({ type: 'sec1', format: 'pem' }).toString();
    expect(sec1).toContain('BEGIN EC PRIVATE KEY');
    expect(loadSigningKey(sec1, undefined, 'k').privateKey.asymmetricKeyType).toBe('ec');
    for (const label of ['ENCRYPTED SIGSTORE PRIVATE KEY', 'ENCRYPTED COSIGN PRIVATE KEY']) {
      const enc = cosignEncryptedKey(keys.privatePem, 'pw', label);
      expect(loadSigningKey(enc, 'pw', 'k').keyId).toBe(pkcs8.keyId);
    }
  });

  test('refused, naming the problem: no password, a wrong one, another curve, RSA, not a key', () => {
    const enc = cosignEncryptedKey(keys.privatePem, 'pw');
    expect(() => loadSigningKey(enc, undefined, 'input "signing-key"')).toThrow(
      'input "signing-key": the key is encrypted (cosign generate-key-pair) and no password was given: give its password as signing-key-password or in COSIGN_PASSWORD (CLI: COSIGN_PASSWORD or --signing-key-password env://VAR)',
    );
    expect(() => loadSigningKey(enc, 'nope', 'k')).toThrow('k: the password does not decrypt the key');
    expect(() => loadSigningKey(enc, 'nope', 'k', 'COSIGN_PASSWORD')).toThrow(
      'k: the password from COSIGN_PASSWORD does not decrypt the key',
    );
    expect(() => loadSigningKey(enc, '', 'k')).toThrow('k: the password does not decrypt the key');
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    expect(() => loadSigningKey(p384.toString(), undefined, 'k')).toThrow(
      /ec secp384r1; signing needs an ECDSA P-256 key/,
    );
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    expect(() => loadSigningKey(rsa.toString(), undefined, 'k')).toThrow(/the key is rsa/);
    expect(() => loadSigningKey(keys.publicPem, undefined, 'k')).toThrow(
      'k: a "PUBLIC KEY" PEM is not a private key',
    );
    expect(() => loadSigningKey('hello', undefined, 'k')).toThrow(/not a PEM private key/);
    // A hostile scrypt cost is refused before any work.
    const body = JSON.parse(Buffer.from(enc.split('\n').slice(1, -2).join(''), 'base64').toString()) as {
      kdf: { params: { N: number } };
    };
    body.kdf.params.N = 2 ** 30;
    const costly = `-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n${Buffer.from(JSON.stringify(body)).toString('base64')}\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----`;
    expect(() => loadSigningKey(costly, 'pw', 'k')).toThrow(
      /scrypt parameters N=1073741824 r=8 p=1 are not ones cosign writes/,
    );
  });

  test('inputs: sign empty with a key, key without signing-key, unknown values', async () => {
    const key = { text: keys.privatePem, where: 'input "signing-key"' };
    expect(await signingOptions({ sign: '', format: '', sigstore: '' })).toBeUndefined();
    await expect(signingOptions({ sign: '', key, format: '', sigstore: '' })).rejects.toThrow(
      /signing-key" is set but input "sign" is empty/,
    );
    await expect(signingOptions({ sign: 'key', format: '', sigstore: '' })).rejects.toThrow(
      /sign" key needs input "signing-key"/,
    );
    await expect(signingOptions({ sign: 'cosign', format: '', sigstore: '' })).rejects.toThrow(
      /must be key or keyless/,
    );
    expect(() => parseSignatureFormat('--signature-format', 'dsse')).toThrow(
      '--signature-format must be bundle, legacy or both, got "dsse"',
    );
    expect((await signingOptions({ sign: 'KEY', key, format: 'legacy', sigstore: '' }))!.formats).toEqual([
      'legacy',
    ]);
  });
});

describe("cosign's formats", () => {
  test('the simple-signing payload: exactly the bytes cosign signs', () => {
    expect(simpleSigningPayload('ghcr.io/acme/app', DIGEST).toString()).toBe(
      `{"critical":{"identity":{"docker-reference":"ghcr.io/acme/app"},"image":{"docker-manifest-digest":"${DIGEST}"},"type":"cosign container image signature"},"optional":null}`,
    );
  });

  test("DSSE's PAE (the protocol's own example) and the in-toto statement", () => {
    expect(dssePae('http://example.com/HelloWorld', Buffer.from('hello world')).toString()).toBe(
      'DSSEv1 29 http://example.com/HelloWorld 11 hello world',
    );
    expect(JSON.parse(cosignSignStatement(DIGEST).toString())).toEqual({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ digest: { sha256: DIGEST.slice(7) } }],
      predicateType: 'https://sigstore.dev/cosign/sign/v1',
      predicate: {},
    });
  });

  test("a .sig image keeps other signers' layers and does not add one twice", async () => {
    const keys = keyPair();
    const signer = new KeySigner(loadSigningKey(keys.privatePem, undefined, 'k'));
    const layer = await signer.legacy('ghcr.io/acme/app', DIGEST);
    expect(
      verify(
        'sha256',
        layer.payload,
        keys.publicPem,
        Buffer.from(layer.annotations[ANNOTATION.signature]!, 'base64'),
      ),
    ).toBe(true);
    const first = legacySignatureImage(undefined, layer)!;
    const parsed = JSON.parse(first.manifest.bytes.toString());
    expect(parsed.layers).toHaveLength(1);
    expect(legacySignatureImage(parsed, layer)).toBeUndefined();
    // The same key signing again (ECDSA: another signature) is found by verifying it: no second layer.
    expect(legacySignatureImage(parsed, await signer.legacy('ghcr.io/acme/app', DIGEST))).toBeUndefined();
    const other = new KeySigner(loadSigningKey(keyPair().privatePem, undefined, 'k'));
    const second = legacySignatureImage(parsed, await other.legacy('ghcr.io/acme/app', DIGEST))!;
    const both = JSON.parse(second.manifest.bytes.toString());
    expect(both.layers).toHaveLength(2);
    expect(both.layers[0]).toEqual(parsed.layers[0]);
  });

  test('the referrer manifest and the referrers tag index (other entries kept, no duplicate)', () => {
    const subject = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: DIGEST, size: 123 };
    const built = bundleReferrer(Buffer.from('{"bundle":1}'), subject, '2026-12-07T00:00:00Z');
    const m = JSON.parse(built.manifest.bytes.toString());
    expect(m.subject).toEqual(subject);
    expect(m.artifactType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
    const other = {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: sha256('other'),
      size: 9,
      artifactType: 'application/spdx+json',
    };
    const index = referrersTagIndex(
      { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [other] },
      built.manifest,
    )!;
    const entries = JSON.parse(index.bytes.toString()).manifests;
    expect(entries[0]).toEqual(other);
    expect(entries[1]).toMatchObject({
      digest: built.manifest.digest,
      artifactType: m.artifactType,
      annotations: m.annotations,
    });
    expect(referrersTagIndex(JSON.parse(index.bytes.toString()), built.manifest)).toBeUndefined();
  });
});
