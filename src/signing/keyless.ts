import { generateKeyPairSync, sign as signBytes, X509Certificate, type KeyObject } from 'node:crypto';
import type { Bundle, TransparencyLogEntry } from '@sigstore/bundle';
import {
  DSSEBundleBuilder,
  MessageSignatureBundleBuilder,
  RekorWitness,
  TSAWitness,
  type Signature,
  type Signer,
  type Witness,
} from '@sigstore/sign';
import { LayerRebaseError } from '../errors.js';
import { registerSecret } from '../secrets.js';
import { boundedFetch, type BoundedAnswer } from './bounded-fetch.js';
import { VERSION } from '../version.js';
import type { Digest } from '../oci/digest.js';
import {
  ANNOTATION,
  cosignSignStatement,
  IN_TOTO_PAYLOAD_TYPE,
  simpleSigningPayload,
  type LegacyLayer,
} from './formats.js';
import { bundleBytes, type ImageSigner } from './signer.js';
import type { SigningKey } from './keys.js';
import type { SigstoreServices } from './sigstore-config.js';

/** A keyless signing step that failed: the service, what it said, and what to do. */
export class KeylessSigningError extends LayerRebaseError {
  constructor(message: string, cause?: unknown) {
    super('keyless-signing', message, { cause });
  }
}

/** Where the OIDC identity token comes from: SIGSTORE_ID_TOKEN (cosign's, GitLab's), else the runner's. */
export type IdentityToken = () => Promise<string>;

/**
 * The OIDC token for keyless signing: `SIGSTORE_ID_TOKEN` (or the CLI's --identity-token) when set,
 * else, in GitHub Actions, the runner's token for audience `sigstore` (needs `id-token: write`).
 */
export function identityTokenFrom(env: NodeJS.ProcessEnv, given?: string): IdentityToken {
  return fetchToken;
  async function fetchToken(): Promise<string> {
    const direct = given ?? env.SIGSTORE_ID_TOKEN;
    if (direct) return direct.trim();
    const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
    const bearer = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    if (!url || !bearer)
      throw new KeylessSigningError(
        'keyless signing needs an OIDC identity token: give the job `permissions: id-token: write` (GitHub Actions), or set SIGSTORE_ID_TOKEN (GitLab CI: id_tokens with aud sigstore)',
      );
    const request = new URL(url);
    request.searchParams.set('audience', 'sigstore');
    let res: BoundedAnswer;
    try {
      res = await boundedFetch(request, {
        headers: { accept: 'application/json', authorization: `Bearer ${bearer}` },
      });
    } catch (error) {
      throw new KeylessSigningError(`the runner's OIDC token service ${(error as Error).message}`, error);
    }
    let body: { value?: unknown } = {};
    try {
      body = JSON.parse(res.text) as { value?: unknown };
    } catch {
      // not JSON: said below as the status
    }
    if (!res.ok || typeof body.value !== 'string')
      throw new KeylessSigningError(
        `the runner's OIDC token service answered ${res.status}: check that the job has permissions: id-token: write`,
      );
    return body.value;
  }
}

/** The claims of a JWT, unverified: only to say whose identity a certificate will carry. */
function claims(token: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
  } catch {
    throw new KeylessSigningError('the OIDC identity token is not a JWT');
  }
}

/** An ephemeral P-256 key that signs like cosign (ECDSA, SHA-256, DER). */
class EphemeralKey implements Signer {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicKeyPem: string;
  constructor() {
    const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
    this.publicKeyPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }
  async sign(data: Buffer): Promise<Signature> {
    return {
      signature: signBytes('sha256', data, this.privateKey),
      key: { $case: 'publicKey', publicKey: this.publicKeyPem },
    };
  }
}

/** Renew the certificate when less than this is left of it: Fulcio's live 10 minutes. */
const RENEW_BEFORE_MS = 60_000;

interface Certificate {
  pem: string;
  /** The certificates after the leaf (intermediates, root) as PEM: the .sig's chain annotation. */
  chain: string;
  notAfter: number;
  identity: string;
}

/**
 * Asks Fulcio's v2 API (`POST /api/v2/signingCert`) for a certificate for `publicKeyPem`, proving
 * possession with a signature over the token's subject. Its answer is the whole chain, leaf first
 * (`signedCertificateEmbeddedSct` or `signedCertificateDetachedSct` `.chain.certificates`): asked here
 * rather than through `@sigstore/sign`'s FulcioSigner, which keeps the leaf only, because cosign's .sig
 * carries the rest in `dev.sigstore.cosign/chain`.
 */
async function fulcioCertificates(
  fulcio: string,
  token: string,
  publicKeyPem: string,
  proof: Buffer,
): Promise<string[]> {
  const res = await boundedFetch(`${fulcio.replace(/\/+$/, '')}/api/v2/signingCert`, {
    method: 'POST',
    headers: {
      accept: 'application/json',
      'content-type': 'application/json',
      'user-agent': `layer-rebase/${VERSION}`,
    },
    body: JSON.stringify({
      credentials: { oidcIdentityToken: token },
      publicKeyRequest: {
        publicKey: { algorithm: 'ECDSA', content: publicKeyPem },
        proofOfPossession: proof.toString('base64'),
      },
    }),
  });
  const text = res.text;
  if (!res.ok) {
    let message = text;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? text;
    } catch {
      // not JSON: the text as it is
    }
    throw new Error(`answered ${res.status}${message.trim() ? ` (${message.trim()})` : ''}`);
  }
  type Chain = { chain?: { certificates?: unknown } };
  let body: { signedCertificateEmbeddedSct?: Chain; signedCertificateDetachedSct?: Chain };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new Error('answered with something that is not JSON');
  }
  const certificates = (body.signedCertificateEmbeddedSct ?? body.signedCertificateDetachedSct)?.chain
    ?.certificates;
  if (
    !Array.isArray(certificates) ||
    certificates.length === 0 ||
    !certificates.every((c) => typeof c === 'string')
  )
    throw new Error('no certificate chain in the answer');
  return certificates as string[];
}

/** Fulcio's chains are an intermediate and a root; more than this is no chain Fulcio gives. */
const MAX_CHAIN = 8;

/**
 * The certificates after the leaf must be a chain that issued it (each one signed by the next): what
 * goes into every `.sig`'s `dev.sigstore.cosign/chain` is read by cosign and Kyverno, and text that is
 * not a certificate, or certificates that did not issue the leaf, would make them refuse every
 * signature of the run (or, with a careless reader, vouch for the wrong issuer).
 */
function checkChain(leaf: X509Certificate, rest: string[]): void {
  if (rest.length > MAX_CHAIN)
    throw new Error(`the chain has ${rest.length} certificates (at most ${MAX_CHAIN})`);
  let child = leaf;
  for (const [i, text] of rest.entries()) {
    let parent: X509Certificate;
    try {
      parent = new X509Certificate(text);
    } catch {
      throw new Error(`chain entry ${i + 1} is not a certificate`);
    }
    if (!child.verify(parent.publicKey))
      throw new Error(`chain entry ${i + 1} did not issue the certificate before it`);
    child = parent;
  }
}

/** What Fulcio's challenge signs: the token's email when it has one, else its subject. */
function challengeSubject(token: string): string {
  const { email, sub } = claims(token);
  if (typeof email === 'string' && email) return email;
  if (typeof sub === 'string' && sub) return sub;
  throw new KeylessSigningError('the OIDC identity token has no subject (sub) for Fulcio to certify');
}

/**
 * Keyless signing: one ephemeral key and one Fulcio certificate per run (a new one only when it would
 * expire before the next signature), one transparency-log entry or timestamp per signature: the
 * certificate is presented for each signature made with the same key.
 */
export class KeylessSigner implements ImageSigner {
  readonly keyless = true;
  private readonly key = new EphemeralKey();
  private certificate?: Promise<Certificate>;
  private readonly witnesses: Witness[];
  private label = '';

  constructor(
    private readonly services: SigstoreServices,
    private readonly token: IdentityToken,
    private readonly now: () => number = Date.now,
  ) {
    this.witnesses = witnessesFor(services);
  }

  get identity(): string {
    return this.label || `keyless (${this.services.name})`;
  }

  /** The identity is the certificate's: known once Fulcio issued it. */
  async ready(): Promise<void> {
    await this.cert();
  }

  /**
   * Asks Fulcio (via the token) once per run, again only near expiry. Images that reach their first
   * signature at the same moment wait for the same request; after a failure the next one asks again.
   */
  private async cert(): Promise<Certificate> {
    this.certificate ??= this.requestCertificate();
    const pending = this.certificate;
    let current: Certificate;
    try {
      current = await pending;
    } catch (error) {
      if (this.certificate === pending) this.certificate = undefined;
      throw error;
    }
    if (current.notAfter - this.now() > RENEW_BEFORE_MS) return current;
    if (this.certificate === pending) this.certificate = this.requestCertificate();
    return this.certificate;
  }

  private async requestCertificate(): Promise<Certificate> {
    const token = await this.token();
    // Never shown: not in an error a service quotes it in, not in the report or the summary.
    registerSecret(token);
    const { iss } = claims(token);
    const proof = (await this.key.sign(Buffer.from(challengeSubject(token)))).signature;
    let pem: string;
    let x509: X509Certificate;
    let rest: string[];
    try {
      [pem, ...rest] = (await fulcioCertificates(
        this.services.fulcio,
        token,
        this.key.publicKeyPem,
        proof,
      )) as [string, ...string[]];
      x509 = new X509Certificate(pem);
      if (!x509.publicKey.equals(this.key.publicKey))
        throw new Error('the certificate is for another key than the one it was asked for');
      checkChain(x509, rest);
    } catch (error) {
      throw new KeylessSigningError(
        `Fulcio (${this.services.fulcio}) gave no signing certificate: ${describeSigstoreError(error)}; the tag was not moved`,
        error,
      );
    }
    const san = (x509.subjectAltName ?? '').replace(/^(URI|email):/, '').split(', ')[0] ?? '';
    this.label = `${san}${typeof iss === 'string' ? ` (issuer ${iss})` : ''}`;
    // cosign's chain annotation: each certificate after the leaf, PEM, one after another.
    const chain = rest.map((c) => `${c.trim()}\n`).join('');
    return { pem, chain, notAfter: Date.parse(x509.validTo), identity: this.label };
  }

  /** A signer that presents the current certificate with each signature of the ephemeral key. */
  private async certifiedSigner(): Promise<{ signer: Signer; pem: string; chain: string }> {
    const { pem, chain } = await this.cert();
    return {
      pem,
      chain,
      signer: {
        sign: async (data) => ({
          signature: (await this.key.sign(data)).signature,
          key: { $case: 'x509Certificate', certificate: pem },
        }),
      },
    };
  }

  async bundle(digest: Digest): Promise<Buffer> {
    return this.attest(cosignSignStatement(digest));
  }

  async attest(statement: Buffer): Promise<Buffer> {
    const { signer } = await this.certifiedSigner();
    const builder = new DSSEBundleBuilder({ signer, witnesses: this.witnesses });
    const bundle = await recorded(this.services, () =>
      builder.create({ data: statement, type: IN_TOTO_PAYLOAD_TYPE }),
    );
    return bundleBytes(bundle);
  }

  async legacy(repository: string, digest: Digest): Promise<LegacyLayer> {
    const payload = simpleSigningPayload(repository, digest);
    const { signer, pem, chain } = await this.certifiedSigner();
    const builder = new MessageSignatureBundleBuilder({ signer, witnesses: this.witnesses });
    const bundle = await recorded(this.services, () => builder.create({ data: payload }));
    if (bundle.content.$case !== 'messageSignature')
      throw new KeylessSigningError('unexpected bundle content');
    return {
      payload,
      annotations: legacyAnnotations(bundle, bundle.content.messageSignature.signature, pem, chain),
    };
  }
}

/**
 * cosign's `dev.sigstore.cosign/bundle` annotation (pkg/cosign/bundle RekorBundle): the log's signed
 * entry timestamp and the entry, as the verifier checks it offline.
 */
function cosignRekorBundle(entry: TransparencyLogEntry): string {
  return JSON.stringify({
    SignedEntryTimestamp: entry.inclusionPromise
      ? Buffer.from(entry.inclusionPromise.signedEntryTimestamp).toString('base64')
      : '',
    Payload: {
      body: Buffer.from(entry.canonicalizedBody).toString('base64'),
      integratedTime: Number(entry.integratedTime),
      logIndex: Number(entry.logIndex),
      logID: Buffer.from(entry.logId.keyId).toString('hex'),
    },
  });
}

/** @sigstore/sign's errors carry the HTTP answer in their cause; one line of it. */
function describeSigstoreError(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e && depth < 4; depth++) {
    const message = e instanceof Error ? e.message : String(e);
    if (message && !parts.includes(message)) parts.push(message);
    e = e instanceof Error ? (e as Error & { cause?: unknown }).cause : undefined;
  }
  return parts.join(': ').replace(/\s+/g, ' ').slice(0, 400) || 'unknown error';
}

/**
 * Signing with a private key whose signatures are also recorded in the transparency log or timestamp
 * authority a SigningConfig names (cosign `sign --key … --signing-config`): `cosign verify --key` then
 * checks the log entry instead of needing `--insecure-ignore-tlog`.
 */
export class LoggedKeySigner implements ImageSigner {
  readonly keyless = false;
  readonly identity: string;
  private readonly witnesses: Witness[];
  private readonly signer: Signer;

  constructor(
    private readonly key: SigningKey,
    private readonly services: SigstoreServices,
  ) {
    this.identity = `key sha256:${key.keyId.slice(0, 16)} (logged in ${services.name})`;
    this.witnesses = witnessesFor(services);
    const hint = Buffer.from(key.keyId, 'hex').toString('base64');
    this.signer = {
      sign: async (data) => ({
        signature: signBytes('sha256', data, key.privateKey),
        key: { $case: 'publicKey', publicKey: key.publicKeyPem, hint },
      }),
    };
  }

  async ready(): Promise<void> {}

  async bundle(digest: Digest): Promise<Buffer> {
    return this.attest(cosignSignStatement(digest));
  }

  async attest(statement: Buffer): Promise<Buffer> {
    const builder = new DSSEBundleBuilder({ signer: this.signer, witnesses: this.witnesses });
    const bundle = await recorded(this.services, () =>
      builder.create({ data: statement, type: IN_TOTO_PAYLOAD_TYPE }),
    );
    return bundleBytes(bundle);
  }

  async legacy(repository: string, digest: Digest): Promise<LegacyLayer> {
    const payload = simpleSigningPayload(repository, digest);
    const builder = new MessageSignatureBundleBuilder({ signer: this.signer, witnesses: this.witnesses });
    const bundle = await recorded(this.services, () => builder.create({ data: payload }));
    if (bundle.content.$case !== 'messageSignature')
      throw new KeylessSigningError('unexpected bundle content');
    return { payload, annotations: legacyAnnotations(bundle, bundle.content.messageSignature.signature) };
  }
}

/** The .sig layer annotations for a witnessed message signature: the signature, its log entry or timestamp. */
function legacyAnnotations(
  bundle: Bundle,
  signature: Uint8Array,
  certificate?: string,
  chain?: string,
): Record<string, string> {
  const annotations: Record<string, string> = {
    [ANNOTATION.signature]: Buffer.from(signature).toString('base64'),
    ...(certificate ? { [ANNOTATION.certificate]: certificate } : {}),
    ...(certificate && chain ? { [ANNOTATION.chain]: chain } : {}),
  };
  const entry = bundle.verificationMaterial.tlogEntries[0];
  if (entry) annotations[ANNOTATION.bundle] = cosignRekorBundle(entry);
  const stamp = bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps[0];
  if (stamp)
    annotations[ANNOTATION.timestamp] = JSON.stringify({
      SignedRFC3161Timestamp: Buffer.from(stamp.signedTimestamp).toString('base64'),
    });
  return annotations;
}

/** The transparency logs and timestamp authorities that record each signature. */
function witnessesFor(services: SigstoreServices): Witness[] {
  return [
    ...services.rekor.map(
      (r) => new RekorWitness({ rekorBaseURL: r.url, majorApiVersion: r.majorApiVersion }),
    ),
    ...services.tsa.map((url) => new TSAWitness({ tsaBaseURL: url })),
  ];
}

/** A bundle built with witnesses; a failure names the log or timestamp authority. */
async function recorded(services: SigstoreServices, create: () => Promise<Bundle>): Promise<Bundle> {
  try {
    return await create();
  } catch (error) {
    const where = [
      ...services.rekor.map((r) => `Rekor ${r.url}`),
      ...services.tsa.map((u) => `the timestamp authority ${u}`),
    ].join(', ');
    throw new KeylessSigningError(
      `${where} did not record the signature: ${describeSigstoreError(error)}; the tag was not moved`,
      error,
    );
  }
}
