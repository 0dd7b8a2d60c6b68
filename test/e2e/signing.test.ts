import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseReference } from '../../src/oci/reference.js';
import { buildCnbImage, jreLayer, npmDepsLayer, type BuiltCnbImage } from '../fixtures/cnb.js';
import { pushIndex } from '../fixtures/images.js';
import { runAction, runNode } from '../helpers/action.js';
import { cosignEncryptedKey, keyPair, verifyBundles, verifyLegacy } from '../helpers/cosign.js';
import { registries, storesFor, uniqueRepo } from '../helpers/registry.js';
import { startRegistryProxy } from '../harness/registry-proxy.js';

const stores = storesFor(undefined);
const storeAt = (ref: string) => stores.storeFor(parseReference(ref));
const CLI = resolve(import.meta.dirname, '../../bin/layer-rebase.js');

/** An app with a JRE to patch (one or two platforms), its patch image, and a patch file, at `host`. */
async function setup(host: string, platforms: ('amd64' | 'arm64')[] = ['amd64']) {
  const repo = `${host}/${uniqueRepo('signed-app')}`;
  const patchRef = `${host}/${uniqueRepo('signed-patch')}:17.0.9`;
  const apps: BuiltCnbImage[] = [];
  const patches: BuiltCnbImage[] = [];
  for (const architecture of platforms) {
    const platform = { os: 'linux', architecture };
    apps.push(await buildCnbImage(storeAt(repo), { platform, layers: [jreLayer('17.0.8'), npmDepsLayer()] }));
    patches.push(await buildCnbImage(storeAt(patchRef), { platform, layers: [jreLayer('17.0.9')] }));
  }
  let before: string;
  if (platforms.length > 1) {
    before = (await pushIndex(storeAt(repo), apps, { tag: 'v1' })).digest;
    await pushIndex(storeAt(patchRef), patches, { tag: '17.0.9' });
  } else {
    await storeAt(repo).putManifest(apps[0]!.manifest, 'v1');
    await storeAt(patchRef).putManifest(patches[0]!.manifest, '17.0.9');
    before = apps[0]!.manifest.digest;
  }
  const dir = await mkdtemp(join(tmpdir(), 'signing-'));
  const patchFile = join(dir, 'patches.json');
  await writeFile(
    patchFile,
    JSON.stringify({ patches: [{ buildpack: 'example/jvm', layer: 'jre', 'patch-image': patchRef }] }),
  );
  return { ref: `${repo}:v1`, repo, dir, patchFile, before };
}

type Report = {
  images: {
    status: string;
    digest: string;
    error: { message: string } | null;
    signing: {
      by: string;
      formats: string[];
      manifests: string[];
      stored: { digest: string; format: string; repository: string; stored: string }[];
    } | null;
  }[];
};

async function cli(dir: string, args: string[], env: Record<string, string> = {}) {
  const r = await runNode(process.execPath, [CLI, ...args, '--json'], {
    env: { PATH: process.env.PATH, HOME: dir, DOCKER_CONFIG: join(dir, 'none'), ...env },
  });
  return { ...r, report: r.stdout ? (JSON.parse(r.stdout) as Report) : undefined };
}

describe('signing with a key before the tag moves', () => {
  test('CLI, both formats, a registry without the referrers API: legacy .sig and the referrers tag verify as cosign would', async () => {
    const s = await setup(registries().open.host);
    const keys = keyPair();
    await writeFile(join(s.dir, 'cosign.key'), keys.privatePem);
    const r = await cli(s.dir, [
      '--image',
      s.ref,
      '--patches',
      s.patchFile,
      '--sign',
      'key',
      '--signing-key',
      join(s.dir, 'cosign.key'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const image = r.report!.images[0]!;
    expect(image.status).toBe('patched');
    const pushed = image.digest;
    expect((await storeAt(s.ref).getManifest('v1')).digest).toBe(pushed);
    expect(image.signing!.manifests).toEqual([pushed]);
    expect(
      image.signing!.stored.map((x) => [x.format, x.stored.replace(/^referrer [0-9a-f]{12}/, 'referrer H')]),
    ).toEqual([
      ['bundle', `referrer H in tag ${pushed.replace(':', '-')}`],
      ['legacy', `tag ${pushed.replace(':', '-')}.sig`],
    ]);
    expect(image.signing!.by).toMatch(/^key sha256:[0-9a-f]{16}$/);
    const store = storeAt(s.repo);
    expect(await verifyLegacy(store, pushed, keys.publicPem)).toEqual([s.repo]);
    expect(await verifyBundles(store, pushed, keys.publicPem)).toEqual({ verified: 1, viaApi: false });
    // Another key's public half verifies nothing: the checks above can fail.
    const other = keyPair();
    expect(await verifyLegacy(store, pushed, other.publicPem)).toEqual([]);
    expect(await verifyBundles(store, pushed, other.publicPem)).toEqual({ verified: 0, viaApi: false });
    // The replaced digest is not signed by us.
    expect(await store.headManifest(`${s.before.replace(':', '-')}.sig`)).toBeUndefined();
  });

  test('action, an encrypted cosign key, a registry with the referrers API: every signature is written before the tag moves', async () => {
    const proxy = await startRegistryProxy(
      { name: 'referrers', upstream: 'open', referrersApi: true },
      registries().open.host,
    );
    try {
      const s = await setup(proxy.host, ['amd64', 'arm64']);
      const keys = keyPair();
      const r = await runAction({
        image: s.ref,
        patches: s.patchFile,
        sign: 'key',
        'signing-key': cosignEncryptedKey(keys.privatePem, 'correct horse'),
        'signing-key-password': 'correct horse',
        'insecure-registries': proxy.host,
      });
      expect(r.code, r.stdout).toBe(0);
      // Only the mask commands (which the runner consumes) carry the secrets.
      const lines = r.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::'));
      expect(lines.join('\n')).not.toContain('correct horse');
      expect(r.stdout).toContain('::add-mask::correct horse');
      const report = r.report as Report;
      const image = report.images[0]!;
      const pushed = image.digest;
      // The two platform manifests and the index, each in both formats.
      expect(image.signing!.manifests).toHaveLength(3);
      expect(image.signing!.manifests.at(-1)).toBe(pushed);
      expect(image.signing!.stored).toHaveLength(6);
      const store = stores.storeFor(parseReference(s.ref));
      for (const digest of image.signing!.manifests) {
        expect(await verifyLegacy(store, digest, keys.publicPem)).toEqual([s.repo]);
        expect(await verifyBundles(store, digest, keys.publicPem)).toEqual({ verified: 1, viaApi: true });
      }
      expect(
        image
          .signing!.stored.filter((x) => x.format === 'bundle')
          .every((x) => /^referrer [0-9a-f]{12}$/.test(x.stored)),
      ).toBe(true);
      // Order, from the proxy's request log: the tag PUT comes after every signature write.
      const writes = proxy.stats.requests
        .filter((q) => q.method === 'PUT' && q.path.includes('/manifests/'))
        .sort((a, b) => a.at - b.at);
      // The last PUT of v1 is the run's (the fixtures pushed the app's first).
      const tagMove = writes.findLastIndex((q) => q.path.endsWith('/manifests/v1'));
      const lastSignature = writes.reduce(
        (last, q, i) => (q.path.endsWith('.sig') || /\/manifests\/sha256:/.test(q.path) ? i : last),
        -1,
      );
      expect(tagMove).toBeGreaterThan(lastSignature);
      expect(writes.filter((q) => q.path.endsWith('.sig'))).toHaveLength(3);
      expect(r.summary).toContain('🔏 signed by <code>key sha256:');
    } finally {
      await proxy.close();
    }
  });

  test('a wrong key password: exit 2 with one line saying so, nothing pushed', async () => {
    const s = await setup(registries().open.host);
    const keys = keyPair();
    await writeFile(join(s.dir, 'cosign.key'), cosignEncryptedKey(keys.privatePem, 'right'));
    const r = await cli(
      s.dir,
      [
        '--image',
        s.ref,
        '--patches',
        s.patchFile,
        '--sign',
        'key',
        '--signing-key',
        join(s.dir, 'cosign.key'),
      ],
      { COSIGN_PASSWORD: 'wrong' },
    );
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `layer-rebase: --signing-key ${join(s.dir, 'cosign.key')}: the password from COSIGN_PASSWORD does not decrypt the key`,
    ]);
    expect((await storeAt(s.ref).getManifest('v1')).digest).toBe(s.before);
    // The right password signs.
    const ok = await cli(
      s.dir,
      [
        '--image',
        s.ref,
        '--patches',
        s.patchFile,
        '--sign',
        'key',
        '--signing-key',
        join(s.dir, 'cosign.key'),
        '--signature-format',
        'legacy',
      ],
      { COSIGN_PASSWORD: 'right' },
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.report!.images[0]!.signing!.stored.map((x) => x.format)).toEqual(['legacy']);
  });

  test('a registry that refuses the signature: the image fails, its tag stays', async () => {
    const proxy = await startRegistryProxy(
      { name: 'no-subject', upstream: 'open', refuseSubject: true },
      registries().open.host,
    );
    try {
      const s = await setup(proxy.host);
      const keys = keyPair();
      await writeFile(join(s.dir, 'k.pem'), keys.privatePem);
      const r = await cli(s.dir, [
        '--image',
        s.ref,
        '--patches',
        s.patchFile,
        '--sign',
        'key',
        '--signing-key',
        join(s.dir, 'k.pem'),
        '--signature-format',
        'bundle',
        '--insecure-registries',
        proxy.host,
      ]);
      expect(r.code).toBe(1);
      const image = r.report!.images[0]!;
      expect(image.status).toBe('failed');
      expect(image.error!.message).toMatch(/MANIFEST_INVALID|subject is not supported/);
      expect((await storeAt(s.ref).getManifest('v1')).digest).toBe(s.before);
    } finally {
      await proxy.close();
    }
  });

  test("another signer's .sig layers are kept; a dry run signs nothing and says what it would sign", async () => {
    const s = await setup(registries().open.host);
    const keys = keyPair();
    await writeFile(join(s.dir, 'k.pem'), keys.privatePem);
    const base = [
      '--image',
      s.ref,
      '--patches',
      s.patchFile,
      '--sign',
      'key',
      '--signing-key',
      join(s.dir, 'k.pem'),
    ];
    const dry = await runNode(process.execPath, [CLI, ...base, '--dry-run'], {
      env: { PATH: process.env.PATH, HOME: s.dir, DOCKER_CONFIG: join(s.dir, 'none') },
    });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(
      /would sign 1 manifest\(s\) by key sha256:[0-9a-f]{16} \(Sigstore bundle \+ cosign \.sig\)/,
    );
    const r = await cli(s.dir, base);
    expect(r.code, r.stderr).toBe(0);
    const pushed = r.report!.images[0]!.digest;
    // A second signer (a re-sign with another key) adds its layer; the first stays.
    const second = keyPair();
    const { KeySigner } = await import('../../src/signing/signer.js');
    const { loadSigningKey } = await import('../../src/signing/keys.js');
    const { storeLegacy } = await import('../../src/signing/store-signatures.js');
    const signer = new KeySigner(loadSigningKey(second.privatePem, undefined, 'test'));
    await storeLegacy(storeAt(s.repo), pushed as never, await signer.legacy(s.repo, pushed as never));
    expect(await verifyLegacy(storeAt(s.repo), pushed, keys.publicPem)).toEqual([s.repo]);
    expect(await verifyLegacy(storeAt(s.repo), pushed, second.publicPem)).toEqual([s.repo]);
  });
});
