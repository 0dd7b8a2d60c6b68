import { createServer } from 'node:http';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ANNOTATION } from '../../src/signing/formats.js';
import { KeylessSigner } from '../../src/signing/keyless.js';
import { fakeIdentityToken, startMockSigstore, type MockSigstore } from '../harness/sigstore.js';

let sigstore: MockSigstore;
beforeAll(async () => {
  sigstore = await startMockSigstore();
});
afterAll(async () => {
  await sigstore.close();
});

const token = fakeIdentityToken({
  sub: 'https://github.com/acme/infra/.github/workflows/n.yml@refs/heads/main',
  iss: 'https://token.actions.githubusercontent.com',
});

/** A Fulcio that answers as the mock does, with the chain of its answer edited. */
async function editedFulcio(edit: (certs: string[]) => string[]) {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      void (async () => {
        const up = await fetch(`${sigstore.url}/fulcio${req.url}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        const j = (await up.json()) as {
          signedCertificateEmbeddedSct: { chain: { certificates: string[] } };
        };
        const chain = j.signedCertificateEmbeddedSct.chain;
        chain.certificates = edit(chain.certificates);
        res.writeHead(up.status, { 'content-type': 'application/json' }).end(JSON.stringify(j));
      })();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

const signerFor = (fulcio: string) =>
  new KeylessSigner(
    { name: 'mock', fulcio, rekor: [{ url: `${sigstore.url}/rekor`, majorApiVersion: 1 }], tsa: [] } as never,
    () => Promise.resolve(token),
  );

test.each([
  [
    'text that is not a certificate',
    (c: string[]) => [c[0]!, 'not a certificate\n::error::x'],
    /chain entry 1 is not a certificate/,
  ],
  [
    'a certificate that did not issue the leaf (the leaf itself)',
    (c: string[]) => [c[0]!, c[0]!],
    /chain entry 1 did not issue/,
  ],
  [
    'an endless chain',
    (c: string[]) => [c[0]!, ...Array<string>(20).fill(c[1]!)],
    /the chain has 20 certificates/,
  ],
])("Fulcio's chain holding %s: no signature, the error names Fulcio", async (_what, edit, why) => {
  const { server, url } = await editedFulcio(edit);
  try {
    await expect(
      signerFor(url).legacy('reg.example/app', `sha256:${'a'.repeat(64)}` as never),
    ).rejects.toThrow(why);
    await expect(
      signerFor(url).legacy('reg.example/app', `sha256:${'a'.repeat(64)}` as never),
    ).rejects.toThrow(/^Fulcio \(http:\/\/127\.0\.0\.1:\d+\) gave no signing certificate/);
  } finally {
    server.close();
  }
});

test('the chain Fulcio gives goes into the .sig as it issued the leaf', async () => {
  const { server, url } = await editedFulcio((c) => c);
  try {
    const layer = await signerFor(url).legacy('reg.example/app', `sha256:${'a'.repeat(64)}` as never);
    expect(layer.annotations[ANNOTATION.chain]).toMatch(
      /^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n$/,
    );
  } finally {
    server.close();
  }
});
