import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { silentLog } from '../../src/log.js';
import { sha256, type Digest } from '../../src/oci/digest.js';
import { LayoutStore } from '../../src/oci/layout.js';
import type { ManifestBytes } from '../../src/oci/store.js';
import { loadSigningKey } from '../../src/signing/keys.js';
import { signManifests } from '../../src/signing/sign-image.js';
import { KeySigner, type ImageSigner } from '../../src/signing/signer.js';
import type { StoredSignature } from '../../src/signing/store-signatures.js';

const signer = new KeySigner(
  loadSigningKey(
    generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
    undefined,
    'test key',
  ),
);

function manifest(name: string): ManifestBytes {
  const bytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(name), size: 2 },
      layers: [],
    }),
  );
  return { bytes, mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha256(bytes) };
}

/** A layout whose manifest writes take `ms` each, counting how many are under way at once; `refuse` fails one tag. */
class SlowLayout extends LayoutStore {
  underway = 0;
  most = 0;
  /** Each manifest written: its tag and its text (a referrer names its subject in it). */
  writes: string[] = [];
  constructor(
    dir: string,
    private readonly ms: (tag: string | undefined) => number,
    private readonly refuse: string[] = [],
  ) {
    super(dir);
  }
  override async putManifest(m: ManifestBytes, tag?: string, onlyIf?: { holds: Digest | undefined }) {
    this.most = Math.max(this.most, ++this.underway);
    try {
      await new Promise((r) => setTimeout(r, this.ms(tag)));
      if (tag !== undefined && this.refuse.includes(tag))
        throw new Error(`PUT ${tag} answered 500: refused by the test`);
      this.writes.push(`${tag ?? ''} ${m.bytes.toString()}`);
      await super.putManifest(m, tag, onlyIf);
    } finally {
      this.underway--;
    }
  }
}

const layout = async (ms: (tag: string | undefined) => number, refuse: string[] = []) =>
  new SlowLayout(await mkdtemp(join(tmpdir(), 'sign-manifests-')), ms, refuse);

describe('signing the manifests of an image', () => {
  test('bundles and .sig signatures are stored side by side (at most 4 at once) and listed in a fixed order', async () => {
    const manifests = ['amd64', 'arm64', 'index'].map(manifest);
    const store = await layout(() => 20);
    const { stored } = await signManifests(
      [store],
      manifests,
      { signer, formats: ['bundle', 'legacy'] },
      silentLog,
      '2026-01-01T00:00:00Z',
    );
    expect(stored.map((s) => [s.digest, s.format])).toEqual(
      manifests.flatMap((m) => [
        [m.digest, 'bundle'],
        [m.digest, 'legacy'],
      ]),
    );
    expect(store.most).toBeGreaterThan(1);
    expect(store.most).toBeLessThanOrEqual(4);
  });

  test('after a failure no further signature is started; those under way finish and are reported; the first failure is thrown', async () => {
    const manifests = ['amd64', 'arm64', 'arm', 'index'].map(manifest);
    const sigOfSecond = `${manifests[1]!.digest.replace(':', '-')}.sig`;
    // The refused .sig of the second manifest fails at once; the three signatures under way with it take longer.
    const store = await layout((tag) => (tag === sigOfSecond ? 0 : 50), [sigOfSecond]);
    const stored: StoredSignature[] = [];
    await expect(
      signManifests(
        [store],
        manifests,
        { signer, formats: ['bundle', 'legacy'] },
        silentLog,
        '2026-01-01T00:00:00Z',
        undefined,
        stored,
      ),
    ).rejects.toThrow(
      /storing the cosign \.sig signature of sha256:[0-9a-f]{64} failed: .*refused by the test; the tag was not moved/,
    );
    // Under way when it failed: the first manifest's two and the second's bundle (layouts store a bundle untagged).
    expect(stored.map((s) => [s.digest, s.format])).toEqual([
      [manifests[0]!.digest, 'bundle'],
      [manifests[0]!.digest, 'legacy'],
      [manifests[1]!.digest, 'bundle'],
    ]);
    // Nothing of the third and fourth manifests was written.
    const written = store.writes.join('\n');
    expect(written).toContain(manifests[0]!.digest.slice(7));
    for (const m of manifests.slice(2)) expect(written).not.toContain(m.digest.slice(7));
  });

  test('two signatures failing at once: the first in time is thrown, the other is logged, not lost', async () => {
    const manifests = ['amd64', 'arm64'].map(manifest);
    const [first, second] = manifests.map((m) => `${m.digest.replace(':', '-')}.sig`);
    // The second manifest's .sig fails first; the first's a little later, while it is still under way.
    const store = await layout((tag) => (tag === first ? 40 : tag === second ? 5 : 20), [first!, second!]);
    const warnings: string[] = [];
    const log = { ...silentLog, warning: (m: string) => warnings.push(m) };
    await expect(
      signManifests([store], manifests, { signer, formats: ['legacy'] }, log, '2026-01-01T00:00:00Z'),
    ).rejects.toThrow(second!);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^signing also failed: .*${first!}`));
  });

  test("attestations are built once the signer's name is final (a keyless signer's is its certificate's)", async () => {
    let named = false;
    const keyless: ImageSigner = {
      keyless: true,
      get identity() {
        return named
          ? 'https://github.com/acme/infra/.github/workflows/nightly.yml@refs/heads/main'
          : 'keyless (mock)';
      },
      ready: async () => {
        await new Promise((r) => setTimeout(r, 10));
        named = true;
      },
      legacy: (repository, digest) => signer.legacy(repository, digest),
      bundle: (digest) => signer.bundle(digest),
      attest: (statement) => signer.attest(statement),
    };
    const builders: string[] = [];
    const store = await layout(() => 0);
    await signManifests(
      [store],
      ['amd64', 'index'].map(manifest),
      { signer: keyless, formats: ['legacy'] },
      silentLog,
      '2026-01-01T00:00:00Z',
      () => {
        builders.push(keyless.identity);
        return [];
      },
    );
    expect(builders).toEqual(Array(2).fill(keyless.identity));
    expect(named).toBe(true);
  });

  test("GitHub's attestations API refusing (403): a warning per manifest, said once, naming the permission", async () => {
    let posts = 0;
    const api = createServer((req, res) => {
      posts++;
      req.resume();
      req.on('end', () => res.writeHead(403).end('{"message":"Resource not accessible by integration"}'));
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    try {
      const keyless: ImageSigner = {
        keyless: true,
        identity: 'https://github.com/acme/infra/.github/workflows/nightly.yml@refs/heads/main',
        ready: async () => {},
        legacy: (repository, digest) => signer.legacy(repository, digest),
        bundle: (digest) => signer.bundle(digest),
        attest: (statement) => signer.attest(statement),
      };
      const statement = (type: string) => ({ predicateType: type, statement: Buffer.from('{}') });
      const { stored, warnings } = await signManifests(
        [await layout(() => 0)],
        [manifest('amd64')],
        {
          signer: keyless,
          formats: ['bundle'],
          attest: {
            github: {
              api: `http://127.0.0.1:${(api.address() as { port: number }).port}`,
              repository: 'acme/infra',
              token: 't',
            },
          },
        },
        silentLog,
        '2026-01-01T00:00:00Z',
        () => [statement('https://slsa.dev/provenance/v1'), statement('urn:x:applied')],
      );
      expect(posts).toBe(2);
      expect(stored.map((x) => x.format)).toEqual(['bundle', 'attestation', 'attestation']);
      expect(warnings).toEqual([
        expect.stringMatching(
          /GitHub's attestations API answered 403 \(give the job permissions: attestations: write, and pass github-token\); the attestation is in the registry only$/,
        ),
      ]);
    } finally {
      api.close();
    }
  });
});
