/**
 * A private Sigstore on loopback: `@sigstore/mock`'s Fulcio, Rekor and timestamp authority handlers
 * served over HTTP (its own `mock*` helpers use nock, which reaches neither a child process nor
 * undici), a SigningConfig naming them, and the trusted root that verifies what they issue.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import {
  fulcioHandler,
  initializeCA,
  initializeCTLog,
  initializeTLog,
  initializeTSA,
  rekorHandler,
  tsaHandler,
  type HandlerFn,
} from '@sigstore/mock';

export interface MockSigstore {
  url: string;
  /** The SigningConfig JSON (caUrls, rekorTlogUrls, tsaUrls) for these services. */
  signingConfig: (options?: { rekor?: boolean; tsa?: boolean }) => string;
  /** The TrustedRoot JSON that verifies their certificates, log entries and timestamps. */
  trustedRoot: () => Record<string, unknown>;
  /** Requests per service (`fulcio`, `rekor`, `tsa`). */
  counts: { fulcio: number; rekor: number; tsa: number };
  /** Make a service answer with this status instead (e.g. Fulcio 500). */
  fail: Record<string, number | undefined>;
  close: () => Promise<void>;
}

/** A JWT as an OIDC provider would issue it (the mock Fulcio reads its claims; nobody checks its signature). */
export function fakeIdentityToken(claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ aud: 'sigstore', ...claims })}.${Buffer.from('signature').toString('base64url')}`;
}

function canonicalDsse(body: string): string {
  const entry = JSON.parse(body) as {
    kind: string;
    apiVersion: string;
    spec: { proposedContent?: { envelope: string; verifiers: string[] } };
  };
  if (entry.kind !== 'dsse' || !entry.spec.proposedContent) return body;
  const { envelope, verifiers } = entry.spec.proposedContent;
  const parsed = JSON.parse(envelope) as { payload: string; signatures: { sig: string }[] };
  const hash = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
  return JSON.stringify({
    kind: 'dsse',
    apiVersion: entry.apiVersion,
    spec: {
      envelopeHash: { algorithm: 'sha256', value: hash(envelope) },
      payloadHash: { algorithm: 'sha256', value: hash(Buffer.from(parsed.payload, 'base64')) },
      signatures: parsed.signatures.map((sig, i) => ({
        signature: sig.sig,
        verifier: verifiers[i] ?? verifiers[0],
      })),
    },
  });
}

export async function startMockSigstore(): Promise<MockSigstore> {
  const keyPair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const server: Server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const ctlog = await initializeCTLog(keyPair);
  const ca = await initializeCA(keyPair, ctlog);
  const tlog = await initializeTLog(`${url}/rekor`, keyPair);
  // The mock stamps genTime from this clock; pkijs drops trailing zeros of the milliseconds, which
  // @sigstore/core's parser (exactly three digits) refuses: each stamp is set to now with 123 ms.
  const tsaClock = new Date();
  const tsa = await initializeTSA(keyPair, tsaClock);
  const rekor = rekorHandler(tlog);
  const routes: Record<string, { path: string; fn: HandlerFn }> = {
    fulcio: fulcioHandler(ca, { strict: true }),
    // The mock logs a proposed entry as it is; Rekor canonicalizes a `dsse` one first (its types/dsse
    // v0.0.1: the envelope and payload hashed, the signatures with their verifiers): done here as Rekor does.
    rekor: { path: rekor.path, fn: (body) => rekor.fn(canonicalDsse(body)) },
    tsa: tsaHandler(tsa),
  };
  const counts = { fulcio: 0, rekor: 0, tsa: 0 };
  const fail: Record<string, number | undefined> = {};
  server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const name = Object.keys(routes).find((n) => req.url === `/${n}${routes[n]!.path}`);
      if (!name || req.method !== 'POST') return res.writeHead(404).end();
      counts[name as keyof typeof counts]++;
      if (name === 'tsa') tsaClock.setTime(Math.floor(Date.now() / 1000) * 1000 + 123);
      if (fail[name]) return res.writeHead(fail[name]!, { 'content-type': 'text/plain' }).end('mock failure');
      routes[name]!.fn(Buffer.concat(chunks).toString('utf8')).then(
        ({ statusCode, response, contentType }) =>
          res.writeHead(statusCode, { 'content-type': contentType ?? 'text/plain' }).end(response),
        (error: Error) => res.writeHead(500).end(error.message),
      );
    });
  });
  const start = '2020-01-01T00:00:00Z';
  const spki = Buffer.from(keyPair.publicKey.export({ format: 'der', type: 'spki' }));
  const b64 = (b: ArrayBufferView | Buffer) =>
    Buffer.from(b instanceof Buffer ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength)).toString(
      'base64',
    );
  const publicKey = {
    rawBytes: spki.toString('base64'),
    keyDetails: 'PKIX_ECDSA_P256_SHA_256',
    validFor: { start },
  };
  return {
    url,
    counts,
    fail,
    signingConfig: ({ rekor = true, tsa: withTsa = false } = {}) =>
      JSON.stringify({
        mediaType: 'application/vnd.dev.sigstore.signingconfig.v0.2+json',
        caUrls: [{ url: `${url}/fulcio`, majorApiVersion: 1, validFor: { start }, operator: 'mock' }],
        rekorTlogUrls: rekor
          ? [{ url: `${url}/rekor`, majorApiVersion: 1, validFor: { start }, operator: 'mock' }]
          : [],
        tsaUrls: withTsa
          ? [
              {
                url: `${url}/tsa/api/v1/timestamp`,
                majorApiVersion: 1,
                validFor: { start },
                operator: 'mock',
              },
            ]
          : [],
        rekorTlogConfig: { selector: 'ANY' },
        tsaConfig: { selector: 'ANY' },
      }),
    trustedRoot: () => ({
      mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
      tlogs: [
        {
          baseUrl: `${url}/rekor`,
          hashAlgorithm: 'SHA2_256',
          publicKey,
          logId: { keyId: createHash('sha256').update(tlog.publicKey).digest('base64') },
        },
      ],
      certificateAuthorities: [
        {
          subject: { organization: 'mock', commonName: 'mock' },
          uri: `${url}/fulcio`,
          certChain: { certificates: [{ rawBytes: b64(ca.rootCertificate) }] },
          validFor: { start },
        },
      ],
      ctlogs: [
        {
          baseUrl: `${url}/ct`,
          hashAlgorithm: 'SHA2_256',
          publicKey: { ...publicKey, rawBytes: b64(ctlog.publicKey) },
          logId: { keyId: b64(ctlog.logID) },
        },
      ],
      timestampAuthorities: [
        {
          subject: { organization: 'mock', commonName: 'mock' },
          uri: `${url}/tsa`,
          certChain: {
            certificates: [{ rawBytes: b64(tsa.intCertificate) }, { rawBytes: b64(tsa.rootCertificate) }],
          },
          validFor: { start },
        },
      ],
    }),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
