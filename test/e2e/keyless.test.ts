import { X509Certificate, verify } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseReference } from '../../src/oci/reference.js';
import { readStreamCapped, type ImageStore } from '../../src/oci/store.js';
import type { Digest } from '../../src/oci/digest.js';
import { buildCnbImage, jreLayer, npmDepsLayer } from '../fixtures/cnb.js';
import { runAction, runNode } from '../helpers/action.js';
import { startRegistryProxy } from '../harness/registry-proxy.js';
import { registries, storesFor, uniqueRepo } from '../helpers/registry.js';
import { fakeIdentityToken, startMockSigstore, type MockSigstore } from '../harness/sigstore.js';

const stores = storesFor(undefined);
const storeAt = (ref: string) => stores.storeFor(parseReference(ref));
const CLI = resolve(import.meta.dirname, '../../bin/layer-rebase.js');

const WORKFLOW = 'https://github.com/acme/infra/.github/workflows/nightly.yml@refs/heads/main';
const ISSUER = 'https://token.actions.githubusercontent.com';
const TOKEN = fakeIdentityToken({ sub: WORKFLOW, iss: ISSUER, email: undefined });

let sigstore: MockSigstore;
beforeAll(async () => {
  sigstore = await startMockSigstore();
});
afterAll(async () => {
  await sigstore.close();
});

/** `count` apps in one repository, each with a JRE to patch, and one patch image. */
async function fleet(count: number, host = registries().open.host) {
  const repo = `${host}/${uniqueRepo('keyless-app')}`;
  const patchRef = `${host}/${uniqueRepo('keyless-patch')}:17.0.9`;
  const refs: string[] = [];
  for (let i = 0; i < count; i++) {
    const app = await buildCnbImage(storeAt(repo), {
      layers: [jreLayer('17.0.8'), npmDepsLayer(`deps ${i}`)],
    });
    await storeAt(repo).putManifest(app.manifest, `v${i}`);
    refs.push(`${repo}:v${i}`);
  }
  const patch = await buildCnbImage(storeAt(patchRef), { layers: [jreLayer('17.0.9')] });
  await storeAt(patchRef).putManifest(patch.manifest, '17.0.9');
  const dir = await mkdtemp(join(tmpdir(), 'keyless-'));
  const patchFile = join(dir, 'patches.json');
  await writeFile(
    patchFile,
    JSON.stringify({ patches: [{ buildpack: 'example/jvm', layer: 'jre', 'patch-image': patchRef }] }),
  );
  const configFile = join(dir, 'signing-config.json');
  return { repo, refs, dir, patchFile, configFile };
}

async function bytesOf(store: ImageStore, digest: string): Promise<Buffer> {
  return (await readStreamCapped(await store.getBlob({ digest: digest as Digest }), 1 << 24))!;
}

/** The bundle referrers of `digest`, through the referrers tag (the test registry has no referrers API). */
async function bundlesOf(store: ImageStore, digest: string): Promise<unknown[]> {
  const index = JSON.parse((await store.getManifest(digest.replace(':', '-'))).bytes.toString()) as {
    manifests: { digest: string }[];
  };
  const out: unknown[] = [];
  for (const entry of index.manifests) {
    const m = JSON.parse((await store.getManifest(entry.digest)).bytes.toString()) as {
      layers: { digest: string }[];
    };
    out.push(JSON.parse((await bytesOf(store, m.layers[0]!.digest)).toString()));
  }
  return out;
}

type Report = {
  images: {
    status: string;
    digest: string;
    error: { message: string } | null;
    signing: {
      by: string;
      manifests: string[];
      stored: { format: string; stored: string; logIndex?: number; timestamp?: string }[];
    } | null;
  }[];
};

describe('keyless signing against a private Sigstore (Fulcio, Rekor, TSA on loopback)', () => {
  test("the runner's OIDC token: the bundle verifies with @sigstore/verify against the mocks' trusted root; the .sig carries certificate and log entry", async () => {
    const s = await fleet(1);
    await writeFile(s.configFile, sigstore.signingConfig());
    // The runner's token service, as ACTIONS_ID_TOKEN_REQUEST_URL serves it.
    const audiences: string[] = [];
    const oidc = createServer((req, res) => {
      audiences.push(new URL(req.url ?? '/', 'http://x').searchParams.get('audience') ?? '');
      if (req.headers.authorization !== 'Bearer runner-request-token') return res.writeHead(401).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: TOKEN }));
    });
    await new Promise<void>((r) => oidc.listen(0, '127.0.0.1', r));
    const before = { ...sigstore.counts };
    try {
      const r = await runAction(
        { image: s.refs[0]!, patches: s.patchFile, sign: 'keyless', sigstore: s.configFile },
        {
          env: {
            ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${(oidc.address() as { port: number }).port}/token?api-version=2.0`,
            ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runner-request-token',
          },
        },
      );
      expect(r.code, r.stdout).toBe(0);
      expect(audiences).toEqual(['sigstore']);
      const image = (r.report as Report).images[0]!;
      expect(image.signing!.by).toBe(`${WORKFLOW} (issuer ${ISSUER})`);
      expect(sigstore.counts.fulcio - before.fulcio).toBe(1);
      const pushed = image.digest;
      const store = storeAt(s.repo);
      const [bundle] = await bundlesOf(store, pushed);
      const trust = toTrustMaterial(TrustedRoot.fromJSON(sigstore.trustedRoot()));
      const verifier = new Verifier(trust, { tlogThreshold: 1, ctlogThreshold: 1, tsaThreshold: 0 });
      const signer = verifier.verify(toSignedEntity(bundleFromJSON(bundle)), {
        subjectAlternativeName: WORKFLOW,
        extensions: { issuer: ISSUER },
      });
      expect(signer.identity?.subjectAlternativeName).toBe(WORKFLOW);
      const statement = JSON.parse(
        Buffer.from(
          (bundle as { dsseEnvelope: { payload: string } }).dsseEnvelope.payload,
          'base64',
        ).toString(),
      ) as { subject: { digest: { sha256: string } }[] };
      expect(`sha256:${statement.subject[0]!.digest.sha256}`).toBe(pushed);
      // Another identity policy fails: the verification above can fail.
      expect(() =>
        verifier.verify(toSignedEntity(bundleFromJSON(bundle)), {
          subjectAlternativeName: 'https://evil.example/',
        }),
      ).toThrow();
      // Legacy: the signature verifies with the certificate's key; the Rekor entry is attached.
      const sig = JSON.parse(
        (await store.getManifest(`${pushed.replace(':', '-')}.sig`)).bytes.toString(),
      ) as {
        layers: { digest: string; annotations: Record<string, string> }[];
      };
      const layer = sig.layers[0]!;
      const cert = new X509Certificate(layer.annotations['dev.sigstore.cosign/certificate']!);
      expect(cert.subjectAltName).toContain(WORKFLOW);
      // The chain, as cosign writes it: the certificates after the leaf (here the mock CA's root), PEM.
      const chain = (layer.annotations['dev.sigstore.cosign/chain'] ?? '')
        .match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/g)!
        .map((pem) => new X509Certificate(pem));
      expect(chain.map((c) => c.raw.toString('base64'))).toEqual(
        (
          sigstore.trustedRoot() as {
            certificateAuthorities: { certChain: { certificates: { rawBytes: string }[] } }[];
          }
        ).certificateAuthorities[0]!.certChain.certificates.map((c) => c.rawBytes),
      );
      expect(cert.checkIssued(chain[0]!)).toBe(true);
      expect(cert.verify(chain[0]!.publicKey)).toBe(true);
      expect(
        verify(
          'sha256',
          await bytesOf(store, layer.digest),
          cert.publicKey,
          Buffer.from(layer.annotations['dev.cosignproject.cosign/signature']!, 'base64'),
        ),
      ).toBe(true);
      const rekor = JSON.parse(layer.annotations['dev.sigstore.cosign/bundle']!) as {
        SignedEntryTimestamp: string;
        Payload: { logIndex: number; logID: string; body: string };
      };
      expect(rekor.SignedEntryTimestamp).not.toBe('');
      expect(JSON.parse(Buffer.from(rekor.Payload.body, 'base64').toString())).toMatchObject({
        kind: 'hashedrekord',
      });
      // Each signature's Rekor log index, as the log gave it, in the report, the images output and the
      // summary; the report's keys in the order the README documents.
      const bundleIndex = Number(
        (bundle as { verificationMaterial: { tlogEntries: { logIndex: string }[] } }).verificationMaterial
          .tlogEntries[0]!.logIndex,
      );
      expect(image.signing!.stored.map((x) => [x.format, x.logIndex])).toEqual([
        ['bundle', bundleIndex],
        ['legacy', rekor.Payload.logIndex],
      ]);
      expect(bundleIndex).not.toBe(rekor.Payload.logIndex);
      expect(Object.keys(image.signing!)).toEqual(['by', 'formats', 'attestations', 'manifests', 'stored']);
      for (const x of image.signing!.stored)
        expect(Object.keys(x)).toEqual(['digest', 'format', 'repository', 'stored', 'logIndex']);
      const [entry] = JSON.parse(r.outputs.images!) as { signed: { logIndex: number; by: string }[] }[];
      expect(entry!.signed.map((x) => x.logIndex)).toEqual([bundleIndex, rekor.Payload.logIndex]);
      expect(r.summary).toContain(`Rekor log index ${bundleIndex})`);
      expect(r.summary).toContain(`Rekor log index ${rekor.Payload.logIndex})`);
    } finally {
      oidc.close();
    }
  });

  test('attest: SLSA provenance and applied patches per manifest, verifiable, naming the replaced and patch images by digest; one bundle per attestation to the GitHub API', async () => {
    const s = await fleet(1);
    await writeFile(s.configFile, sigstore.signingConfig());
    const posted: { path: string; auth: string; body: { bundle: unknown } }[] = [];
    const api = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        posted.push({
          path: req.url ?? '',
          auth: String(req.headers.authorization),
          body: JSON.parse(Buffer.concat(chunks).toString()) as { bundle: unknown },
        });
        res.writeHead(201, { 'content-type': 'application/json' }).end('{"id": 1}');
      });
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    const before = (await storeAt(s.refs[0]!).getManifest(s.refs[0]!.split(':').pop()!)).digest;
    try {
      const r = await runAction(
        {
          image: s.refs[0]!,
          patches: s.patchFile,
          sign: 'keyless',
          attest: 'true',
          sigstore: s.configFile,
          'signature-format': 'bundle',
          'github-token': 'ghs_fake_token_for_the_test',
        },
        {
          env: {
            SIGSTORE_ID_TOKEN: TOKEN,
            GITHUB_REPOSITORY: 'acme/infra',
            GITHUB_API_URL: `http://127.0.0.1:${(api.address() as { port: number }).port}`,
            GITHUB_WORKFLOW_REF: 'acme/infra/.github/workflows/nightly.yml@refs/heads/main',
            GITHUB_RUN_ID: '42',
            GITHUB_SERVER_URL: 'https://github.com',
          },
        },
      );
      expect(r.code, r.stdout).toBe(0);
      const image = (r.report as Report).images[0]!;
      const pushed = image.digest;
      expect(image.signing!.stored.map((x) => x.format)).toEqual(['bundle', 'attestation', 'attestation']);
      // One bundle per attestation through the attestations API.
      expect(posted.map((p) => p.path)).toEqual([
        '/repos/acme/infra/attestations',
        '/repos/acme/infra/attestations',
      ]);
      expect(posted.every((p) => p.auth === 'Bearer ghs_fake_token_for_the_test')).toBe(true);
      const trust = toTrustMaterial(TrustedRoot.fromJSON(sigstore.trustedRoot()));
      const verifier = new Verifier(trust, { tlogThreshold: 1, ctlogThreshold: 1, tsaThreshold: 0 });
      const store = storeAt(s.repo);
      const bundles = await bundlesOf(store, pushed);
      expect(bundles).toHaveLength(3);
      const statements = bundles.map((b) => {
        verifier.verify(toSignedEntity(bundleFromJSON(b)), { subjectAlternativeName: WORKFLOW });
        return JSON.parse(
          Buffer.from((b as { dsseEnvelope: { payload: string } }).dsseEnvelope.payload, 'base64').toString(),
        ) as {
          subject: { name: string; digest: { sha256: string } }[];
          predicateType: string;
          predicate: Record<string, unknown>;
        };
      });
      expect(posted.map((p) => p.body.bundle)).toEqual(bundles.slice(1));
      const provenance = statements.find((x) => x.predicateType === 'https://slsa.dev/provenance/v1')!;
      expect(provenance.subject).toEqual([{ name: s.repo, digest: { sha256: pushed.slice(7) } }]);
      const build = provenance.predicate as {
        buildDefinition: {
          buildType: string;
          externalParameters: { image: string; patches: string[] };
          resolvedDependencies: { uri: string; digest?: { sha256: string }; name?: string }[];
        };
        runDetails: { builder: { id: string }; metadata: { invocationId: string } };
      };
      expect(build.buildDefinition.buildType).toBe('https://github.com/layer-rebase/layer-rebase/rebase/v1');
      expect(build.runDetails.builder.id).toBe(
        `https://github.com/acme/infra/.github/workflows/nightly.yml@refs/heads/main`,
      );
      expect(build.runDetails.metadata.invocationId).toBe(
        'https://github.com/acme/infra/actions/runs/42/attempts/1',
      );
      // The replaced image and the patch image, by the digests the label records.
      const config = JSON.parse((await store.getManifest(pushed)).bytes.toString()) as {
        config: { digest: string };
      };
      const labels = (
        JSON.parse((await bytesOf(store, config.config.digest)).toString()) as {
          config: { Labels: Record<string, string> };
        }
      ).config.Labels;
      const applied = JSON.parse(labels['io.github.layer-rebase.applied']!) as {
        patchImage: string;
        replaced: { manifest: string };
      }[];
      const last = applied.at(-1)!;
      expect(last.replaced.manifest).toBe(before);
      const deps = build.buildDefinition.resolvedDependencies;
      expect(deps).toContainEqual({
        uri: `oci://${s.repo}@${before}`,
        digest: { sha256: before.slice(7) },
        name: 'replaced image',
      });
      expect(deps).toContainEqual({
        uri: `oci://${last.patchImage}`,
        digest: { sha256: last.patchImage.split('@sha256:')[1]! },
        name: 'patch image',
      });
      expect(deps.some((d) => d.uri === 'patches.json' && d.digest?.sha256.length === 64)).toBe(true);
      // The inputs that decide the result: the image as given, the patch file by canonical name and sha256.
      expect(build.buildDefinition.externalParameters).toEqual({
        image: s.refs[0],
        patches: [expect.stringMatching(/^patches\.json#sha256=[0-9a-f]{64}$/)],
        force: false,
        runImage: '',
      });
      // Each attestation's referrer says its predicate type, as cosign and policy engines select them.
      const referrers = JSON.parse((await store.getManifest(pushed.replace(':', '-'))).bytes.toString()) as {
        manifests: { annotations?: Record<string, string> }[];
      };
      expect(
        referrers.manifests.map((m) => m.annotations?.['dev.sigstore.bundle.predicateType']).sort(),
      ).toEqual([
        'https://github.com/layer-rebase/layer-rebase/applied-patches/v1',
        'https://sigstore.dev/cosign/sign/v1',
        'https://slsa.dev/provenance/v1',
      ]);
      expect(r.summary).toMatch(
        /attested: SLSA provenance \(Rekor log index \d+\), applied patches \(Rekor log index \d+\)/,
      );
      const patches = statements.find((x) => x.predicateType.endsWith('/applied-patches/v1'))!;
      expect(patches.predicate).toMatchObject({
        replaced: before,
        applied: [{ target: 'example/jvm/jre', patchImage: last.patchImage }],
      });
    } finally {
      api.close();
    }
  });

  test('a fleet of 20 in one run: one certificate, every image signed; SIGSTORE_ID_TOKEN; a timestamp authority instead of a log; the registry requests signing adds per image', async () => {
    // Through a counting proxy: the same fleet patched unsigned and signed, so what signing adds is measured.
    const proxy = await startRegistryProxy({ name: 'counting', upstream: 'open' }, registries().open.host);
    const unsigned = await fleet(20, proxy.host);
    const s = await fleet(20, proxy.host);
    await writeFile(s.configFile, sigstore.signingConfig({ rekor: false, tsa: true }));
    const env = (dir: string) => ({
      env: { PATH: process.env.PATH, HOME: dir, DOCKER_CONFIG: join(dir, 'none'), SIGSTORE_ID_TOKEN: TOKEN },
    });
    const images = (f: { refs: string[]; patchFile: string }) => [
      ...f.refs.flatMap((ref) => ['--image', ref]),
      '--patches',
      f.patchFile,
      '--json',
    ];
    let mark = proxy.stats.requests.length;
    const plain = await runNode(process.execPath, [CLI, ...images(unsigned)], env(unsigned.dir));
    expect(plain.code, plain.stderr).toBe(0);
    const unsignedRequests = proxy.stats.requests.length - mark;
    const before = { ...sigstore.counts };
    const started = Math.floor(Date.now() / 1000) * 1000;
    mark = proxy.stats.requests.length;
    const r = await runNode(
      process.execPath,
      [CLI, ...images(s), '--sign', 'keyless', '--sigstore', s.configFile, '--signature-format', 'bundle'],
      env(s.dir),
    );
    const signedRequests = proxy.stats.requests.length - mark;
    await proxy.close();
    expect(r.code, r.stderr).toBe(0);
    // A bundle per image: its blob, the referrer, the referrers tag read-modify-write and read back; the
    // empty config once per repository (measured: 168 requests unsigned, 311 signed, 7.15 added per image;
    // the bench keeps the same bound per signed manifest of two-platform apps).
    const added = (signedRequests - unsignedRequests) / 20;
    expect(added, `unsigned ${unsignedRequests}, signed ${signedRequests}`).toBeLessThanOrEqual(7.5);
    expect(added).toBeGreaterThan(2);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.images.map((i) => i.status)).toEqual(Array(20).fill('patched'));
    expect(report.images.every((i) => i.signing!.stored.length === 1)).toBe(true);
    expect(sigstore.counts.fulcio - before.fulcio).toBe(1);
    expect(sigstore.counts.tsa - before.tsa).toBe(20);
    expect(sigstore.counts.rekor - before.rekor).toBe(0);
    // Each signature's time from the timestamp authority (the mock stamps now, with 123 ms), no log index.
    const ended = Date.now();
    for (const image of report.images) {
      const [stored] = image.signing!.stored;
      expect(stored!.logIndex).toBeUndefined();
      expect(stored!.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.123Z$/);
      expect(Date.parse(stored!.timestamp!)).toBeGreaterThanOrEqual(started);
      expect(Date.parse(stored!.timestamp!)).toBeLessThanOrEqual(ended + 1000);
    }
    const trust = toTrustMaterial(TrustedRoot.fromJSON(sigstore.trustedRoot()));
    const verifier = new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 1, tsaThreshold: 1 });
    const direct = s.repo.replace(proxy.host, registries().open.host);
    const [bundle] = await bundlesOf(storeAt(direct), report.images[7]!.digest);
    expect(verifier.verify(toSignedEntity(bundleFromJSON(bundle))).identity?.subjectAlternativeName).toBe(
      WORKFLOW,
    );
  });

  test('a key with a SigningConfig: each signature is also in the log; the bundle verifies with the key and the log entry', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const s = await fleet(1);
    await writeFile(s.configFile, sigstore.signingConfig());
    const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const keyFile = join(s.dir, 'cosign.key');
    await writeFile(keyFile, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const before = { ...sigstore.counts };
    const r = await runNode(
      process.execPath,
      [
        CLI,
        '--image',
        s.refs[0]!,
        '--patches',
        s.patchFile,
        '--sign',
        'key',
        '--signing-key',
        keyFile,
        '--sigstore',
        s.configFile,
        '--json',
      ],
      { env: { PATH: process.env.PATH, HOME: s.dir, DOCKER_CONFIG: join(s.dir, 'none') } },
    );
    expect(r.code, r.stderr).toBe(0);
    const image = (JSON.parse(r.stdout) as Report).images[0]!;
    expect(image.signing!.by).toMatch(/^key sha256:[0-9a-f]{16} \(logged in /);
    // One log entry per signature (bundle and legacy), no certificate.
    expect(sigstore.counts.rekor - before.rekor).toBe(2);
    expect(sigstore.counts.fulcio - before.fulcio).toBe(0);
    const [bundle] = await bundlesOf(storeAt(s.repo), image.digest);
    const spki = pair.publicKey.export({ type: 'spki', format: 'der' });
    const hint = (bundle as { verificationMaterial: { publicKey: { hint: string } } }).verificationMaterial
      .publicKey.hint;
    const trust = toTrustMaterial(TrustedRoot.fromJSON(sigstore.trustedRoot()), {
      [hint]: { rawBytes: spki, keyDetails: 1 as never, validFor: { start: new Date(0) } } as never,
    });
    const verifier = new Verifier(trust, { tlogThreshold: 1, ctlogThreshold: 0, tsaThreshold: 0 });
    expect(() => verifier.verify(toSignedEntity(bundleFromJSON(bundle)))).not.toThrow();
    const sig = JSON.parse(
      (await storeAt(s.repo).getManifest(`${image.digest.replace(':', '-')}.sig`)).bytes.toString(),
    ) as { layers: { annotations: Record<string, string> }[] };
    expect(JSON.parse(sig.layers[0]!.annotations['dev.sigstore.cosign/bundle']!)).toMatchObject({
      Payload: { logIndex: expect.any(Number) },
    });
  });

  test('Fulcio answering 500: every image that needed the certificate fails naming Fulcio; no tag moved', async () => {
    const s = await fleet(2);
    await writeFile(s.configFile, sigstore.signingConfig());
    const before = await Promise.all(
      s.refs.map(async (ref) => (await storeAt(ref).getManifest(ref.split(':').pop()!)).digest),
    );
    sigstore.fail.fulcio = 500;
    try {
      const r = await runNode(
        process.execPath,
        [
          CLI,
          ...s.refs.flatMap((ref) => ['--image', ref]),
          '--patches',
          s.patchFile,
          '--sign',
          'keyless',
          '--sigstore',
          s.configFile,
          '--json',
        ],
        {
          env: {
            PATH: process.env.PATH,
            HOME: s.dir,
            DOCKER_CONFIG: join(s.dir, 'none'),
            SIGSTORE_ID_TOKEN: TOKEN,
          },
        },
      );
      expect(r.code).toBe(1);
      const report = JSON.parse(r.stdout) as Report;
      for (const image of report.images) {
        expect(image.status).toBe('failed');
        expect(image.error!.message).toMatch(
          /^Fulcio \(http:\/\/127\.0\.0\.1:\d+\/fulcio\) gave no signing certificate: .*the tag was not moved$/,
        );
      }
      // Every tag still holds what it held before the run.
      const after = await Promise.all(
        s.refs.map(async (ref) => (await storeAt(ref).getManifest(ref.split(':').pop()!)).digest),
      );
      expect(after).toEqual(before);
      expect(new Set(before).size).toBe(2);
    } finally {
      sigstore.fail.fulcio = undefined;
    }
  });

  test('no identity token: one line saying which permission to give; nothing pushed', async () => {
    const s = await fleet(1);
    await writeFile(s.configFile, sigstore.signingConfig());
    const r = await runNode(
      process.execPath,
      [
        CLI,
        '--image',
        s.refs[0]!,
        '--patches',
        s.patchFile,
        '--sign',
        'keyless',
        '--sigstore',
        s.configFile,
        '--json',
      ],
      { env: { PATH: process.env.PATH, HOME: s.dir, DOCKER_CONFIG: join(s.dir, 'none') } },
    );
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as Report).images[0]!.error!.message).toMatch(
      /keyless signing needs an OIDC identity token: give the job `permissions: id-token: write`/,
    );
  });
});
