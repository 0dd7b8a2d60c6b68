import { sign as signBytes, verify as verifyBytes } from 'node:crypto';
import { bundleToJSON, toDSSEBundle, type Bundle } from '@sigstore/bundle';
import {
  ANNOTATION,
  cosignSignStatement,
  dssePae,
  IN_TOTO_PAYLOAD_TYPE,
  simpleSigningPayload,
  type LegacyLayer,
} from './formats.js';
import type { SigningKey } from './keys.js';
import type { Digest } from '../oci/digest.js';

/**
 * Who signs, and how one signature of each format is made. The key signer needs nothing but the key;
 * a keyless signer (Fulcio certificate, transparency log or timestamp) fits the same two calls.
 */
export interface ImageSigner {
  /** What the summary names as the signer: `key 3f2a…` or the certificate's identity and issuer. */
  readonly identity: string;
  /** The `.sig` layer for `digest` in `repository` (the payload names the repository). */
  legacy(repository: string, digest: Digest): Promise<LegacyLayer>;
  /** The bundle JSON for `digest` (no repository in it: one bundle serves every repository). */
  bundle(digest: Digest): Promise<Buffer>;
  /** The bundle JSON of a DSSE envelope of any in-toto statement (an attestation). */
  attest(statement: Buffer): Promise<Buffer>;
  /** Whether its bundles can go to GitHub's attestations API (a Sigstore certificate, not a key). */
  readonly keyless: boolean;
  /** Resolves once `identity` is final (a keyless signer has its certificate): statements that name the signer wait for it. */
  ready(): Promise<void>;
}

/** Signs with a private key, no transparency log: `cosign verify --key KEY --insecure-ignore-tlog` verifies it. */
export class KeySigner implements ImageSigner {
  readonly identity: string;
  readonly keyless = false;

  constructor(private readonly key: SigningKey) {
    this.identity = `key sha256:${key.keyId.slice(0, 16)}`;
  }

  async ready(): Promise<void> {}

  /** ECDSA P-256 over SHA-256, ASN.1 DER: what cosign writes and verifies. */
  private sign(data: Buffer): Buffer {
    return signBytes('sha256', data, this.key.privateKey);
  }

  async legacy(repository: string, digest: Digest): Promise<LegacyLayer> {
    const payload = simpleSigningPayload(repository, digest);
    return {
      payload,
      annotations: { [ANNOTATION.signature]: this.sign(payload).toString('base64') },
      // ECDSA signatures differ every time: a layer this key already signed is found by verifying it.
      signedAlready: (existing) => {
        try {
          return verifyBytes('sha256', payload, this.key.publicKeyPem, Buffer.from(existing, 'base64'));
        } catch {
          return false;
        }
      },
    };
  }

  async bundle(digest: Digest): Promise<Buffer> {
    return this.attest(cosignSignStatement(digest));
  }

  async attest(statement: Buffer): Promise<Buffer> {
    const signature = this.sign(dssePae(IN_TOTO_PAYLOAD_TYPE, statement));
    const bundle = toDSSEBundle({
      artifact: statement,
      artifactType: IN_TOTO_PAYLOAD_TYPE,
      signature,
      keyHint: Buffer.from(this.key.keyId, 'hex').toString('base64'),
      certificateChain: false,
    });
    return bundleBytes(bundle);
  }
}

/**
 * A bundle as it is stored, in the JSON cosign writes. A key's hint names it in the verification
 * material; the DSSE signature's keyid stays empty, as cosign writes it: sigstore-go skips a signature
 * whose keyid is not the one its verifier expects (a certificate's is empty already).
 */
export function bundleBytes(bundle: Bundle): Buffer {
  const json = bundleToJSON(bundle) as { dsseEnvelope?: { signatures?: { keyid: string }[] } };
  for (const sig of json.dsseEnvelope?.signatures ?? []) sig.keyid = '';
  return Buffer.from(JSON.stringify(json));
}
