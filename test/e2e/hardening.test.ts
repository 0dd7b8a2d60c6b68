import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { scriptedServers } from '../helpers/http.js';
import { MediaType } from '../../src/oci/media-types.js';
import { containmentFor } from '../../src/rebase/containment.js';
import { inspectPatchLayer } from '../../src/rebase/inspect-layer.js';
import { parseReference } from '../../src/oci/reference.js';
import { readBlob } from '../../src/oci/store.js';
import { buildCnbImage, nodeLayer } from '../fixtures/cnb.js';
import { pushBlob, pushImage } from '../fixtures/images.js';
import { buildLayer } from '../fixtures/layers.js';
import { runAction, runNode } from '../helpers/action.js';
import { nodePatchFile } from '../helpers/patch-file.js';
import { registries, storesFor, uniqueRepo } from '../helpers/registry.js';

const CLI = resolve(import.meta.dirname, '../../bin/layer-rebase.js');
const stores = storesFor(undefined);
const storeAt = (ref: string) => stores.storeFor(parseReference(ref));

const { serve } = scriptedServers();

async function cli(args: string[], env: Record<string, string> = {}) {
  const home = await mkdtemp(join(tmpdir(), 'cli-home-'));
  return runNode(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH, HOME: home, DOCKER_CONFIG: join(home, 'none'), ...env },
    cwd: home,
  });
}

/** One line of cause, no stack frames. */
function expectOneLine(text: string): void {
  expect(text).not.toMatch(/^\s+at /m);
  expect(text).not.toMatch(/RangeError|TypeError|EISDIR|Maximum call stack/);
}

async function app() {
  const host = registries().open.host;
  const ref = `${host}/${uniqueRepo('hardening')}:v1`;
  const built = await buildCnbImage(storeAt(ref), { layers: [nodeLayer('22.11.0')] }, 'v1');
  return { ref, built };
}

const tagDigest = async (ref: string) => (await storeAt(ref).getManifest('v1')).digest;

describe('bad local inputs: one line, exit 2, nothing pushed', () => {
  test.each([
    ['/dev/zero', /patch file \/dev\/zero is a device, not a regular file/],
    ['a directory', /patch file .* is a directory, not a regular file/],
    ['a FIFO', /patch file .* is a FIFO, not a regular file/],
    ['a missing file', /patch file .*missing.json does not exist/],
    ['nested 150,000 deep', /patch file .*deep.json: nested too deeply \(more than 64 levels\)/],
    ['over 1 MiB', /patch file .*big.json is more than the 1048576 bytes allowed/],
  ])('--patches %s', async (kind, message) => {
    const a = await app();
    const dir = await mkdtemp(join(tmpdir(), 'bad-input-'));
    let path = '/dev/zero';
    if (kind === 'a directory') path = dir;
    if (kind === 'a FIFO') {
      path = join(dir, 'fifo.json');
      execFileSync('mkfifo', [path]);
    }
    if (kind === 'a missing file') path = join(dir, 'missing.json');
    if (kind === 'nested 150,000 deep') {
      path = join(dir, 'deep.json');
      const deep = `${'{"a":'.repeat(150_000)}"x"${'}'.repeat(150_000)}`;
      await writeFile(
        path,
        `{"patches":[{"buildpack":"a/b","layer":"c","patch-image":"r.io/x:1","data":${deep}}]}`,
      );
    }
    if (kind === 'over 1 MiB') {
      path = join(dir, 'big.json');
      await writeFile(path, `{"patches":[]}${' '.repeat(2 * 1024 * 1024)}`);
    }
    const r = await cli(['--image', a.ref, '--patches', path]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expectOneLine(r.stderr);
    expect(await tagDigest(a.ref)).toBe(a.built.manifest.digest);

    const action = await runAction({ image: a.ref, patches: path });
    expect(action.code).toBe(1);
    expect(action.stdout).toMatch(new RegExp(`::error::${message.source}`));
    expectOneLine(action.stdout);
  });

  test('a selector key __proto__ is kept: the patch does not apply without its condition', async () => {
    const a = await app();
    const patchRef = `${registries().open.host}/${uniqueRepo('proto-patch')}:1`;
    await buildCnbImage(storeAt(patchRef), { layers: [nodeLayer('22.11.1')] }, '1');
    const file = join(await mkdtemp(join(tmpdir(), 'proto-')), 'p.json');
    await writeFile(
      file,
      `{"patches":[{"buildpack":"example/node","layer":"node","patch-image":"${patchRef}","data":{"__proto__":"x"}}]}`,
    );
    const r = await cli(['--image', a.ref, '--patches', file]);
    expect(r.code, r.stderr).toBe(0);
    // Selecting nothing in the only image is the run's warning, with the reason.
    expect(r.stderr).toMatch(
      /selects no layer in the image: example\/node\/node: data\.__proto__ is missing/,
    );
    expect(await tagDigest(a.ref)).toBe(a.built.manifest.digest);
  });
});

describe('hostile images and layouts', () => {
  test('a lifecycle label nested 100,000 deep is refused by name, in one line', async () => {
    const host = registries().open.host;
    const ref = `${host}/${uniqueRepo('deep-label')}:v1`;
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    await pushImage(
      storeAt(ref),
      {
        layers: [await buildLayer([{ path: 'x', content: 'x' }])],
        labels: { 'io.buildpacks.lifecycle.metadata': deep },
      },
      'v1',
    );
    const file = join(await mkdtemp(join(tmpdir(), 'deep-')), 'p.json');
    await writeFile(file, '{"patches":[]}');
    const r = await cli(['--image', ref, '--patches', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /label io.buildpacks.lifecycle.metadata: nested too deeply \(more than 64 levels\)/,
    );
    expectOneLine(r.stdout + r.stderr);
  });

  test('a layer that is not gzip despite its media type names the layer and its media type', async () => {
    const ref = `${registries().open.host}/${uniqueRepo('not-gzip')}:1`;
    const store = storeAt(ref);
    const layer = await buildLayer([{ path: 'layers/example_node/node/bin/node', content: 'node' }]);
    // The tar's own bytes, declared as gzip.
    const digest = await pushBlob(store, layer.tar);
    const descriptor = { mediaType: MediaType.ociLayerGzip, digest, size: layer.tar.length };
    const rule = containmentFor({ kind: 'layer', buildpack: 'example/node', layer: 'node' }, '/layers');
    await expect(inspectPatchLayer(store, descriptor, layer.diffId, rule)).rejects.toThrow(
      new RegExp(
        `^${ref.split(':1')[0]!.replace(/\./g, '\\.')}: layer ${digest} cannot be decompressed as its media type application/vnd.oci.image.layer.v1.tar\\+gzip says: incorrect header check$`,
      ),
    );
  });

  test('an OCI layout blob that is a symlink to /dev/zero is refused, not read without end', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'layout-zero-'));
    const built = await buildCnbImage(storeAt(`oci:${dir}`), { layers: [nodeLayer('22.11.0')] }, 'app');
    const patchDir = await mkdtemp(join(tmpdir(), 'layout-zero-patch-'));
    const patch = await buildCnbImage(storeAt(`oci:${patchDir}`), { layers: [nodeLayer('22.11.1')] }, 'p');
    // The patch layer's blob replaced by a link to an endless device.
    const layerDigest = JSON.parse(patch.manifest.bytes.toString()).layers[patch.index['example/node/node']!]
      .digest as string;
    const blob = join(patchDir, 'blobs', 'sha256', layerDigest.slice('sha256:'.length));
    await rm(blob);
    await symlink('/dev/zero', blob);
    const file = join(dir, 'p.json');
    await writeFile(
      file,
      JSON.stringify({
        patches: [{ buildpack: 'example/node', layer: 'node', 'patch-image': `oci:${patchDir}:p` }],
      }),
    );
    const r = await cli(['--image', `oci:${dir}:app`, '--patches', file]);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/blob .* is a device, not a regular file/);
    expectOneLine(r.stdout + r.stderr);
    expect((await storeAt(`oci:${dir}`).getManifest('app')).digest).toBe(built.manifest.digest);
    expect((await readdir(join(dir, 'blobs', 'sha256'))).length).toBeGreaterThan(0);
  });
});

describe('no secret in any output', () => {
  const password = 'pa55-w0rd-SECRET';
  const token = 'tok-ABCDEF-0123456789-SECRET';
  const basic = Buffer.from(`robot:${password}`).toString('base64');

  /** Every form a secret could leak in, checked over everything the action and the CLI write. */
  function expectClean(...texts: string[]): void {
    for (const text of texts) {
      // The runner masks what follows ::add-mask::; those lines carry the secret by design.
      const shown = text
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n');
      for (const secret of [password, token, basic, Buffer.from(password).toString('base64')])
        expect(shown).not.toContain(secret);
    }
  }

  async function dockerConfigFor(host: string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'secret-config-'));
    await writeFile(join(dir, 'config.json'), JSON.stringify({ auths: { [host]: { auth: basic } } }));
    return dir;
  }

  test('a registry that echoes the Basic credentials and the bearer token in its error bodies', async () => {
    let realm = '';
    const host = await serve((req, res) => {
      if (req.url?.startsWith('/token')) {
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token }));
      }
      if (!req.headers.authorization?.startsWith('Bearer'))
        return void res
          .writeHead(401, { 'www-authenticate': `Bearer realm="${realm}",service="echo"` })
          .end();
      // A careless registry: its error repeats what it was sent.
      res.writeHead(400, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          errors: [
            {
              code: 'DENIED',
              message: `not allowed for ${req.headers.authorization} (basic was ${basic}, password ${password})`,
            },
          ],
        }),
      );
    });
    realm = `http://${host}/token`;
    const config = await dockerConfigFor(host);
    const file = join(await mkdtemp(join(tmpdir(), 'echo-')), 'p.json');
    await writeFile(file, '{"patches":[]}');
    const action = await runAction({ image: `${host}/acme/app:v1`, patches: file }, { dockerConfig: config });
    expect(action.code).toBe(1);
    expect(action.outputs.images).toContain('DENIED');
    expect(action.outputs.images).toContain('***');
    expectClean(
      action.stdout,
      action.stderr,
      action.outputs.images!,
      action.summary,
      JSON.stringify(action.report),
    );

    const r = await cli(['--image', `${host}/acme/app:v1`, '--patches', file, '--json'], {
      DOCKER_CONFIG: config,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('DENIED');
    expectClean(r.stdout, r.stderr);
  });

  test('a patch file URL with credentials in it is refused, and the password is shown nowhere', async () => {
    const a = await app();
    const url = `https://robot:${password}@patches.example.com/p.json`;
    const action = await runAction({ image: a.ref, patches: url });
    expect(action.code).toBe(1);
    expect(action.stdout).toContain(
      '::error::patch file https://***@patches.example.com/p.json: a URL with credentials in it is refused',
    );
    expectClean(action.stdout, action.stderr, action.summary);
    const r = await cli(['--image', a.ref, '--patches', url]);
    expect(r.code).toBe(2);
    expectClean(r.stdout, r.stderr);
    expect(await tagDigest(a.ref)).toBe(a.built.manifest.digest);
  });

  test('a reference_uri with credentials in a buildpack.toml is refused the same way', async () => {
    const a = await app();
    const dir = await mkdtemp(join(tmpdir(), 'bp-creds-'));
    await writeFile(
      join(dir, 'buildpack.toml'),
      `[buildpack]\nid = "example/node"\nversion = "1.0.0"\n[layer-patch]\nreference_uri = "https://robot:${password}@patches.example.com/p.json"\n`,
    );
    const action = await runAction({ image: a.ref, buildpacks: join(dir, 'buildpack.toml') });
    expect(action.code).toBe(1);
    expect(action.stdout).toContain('https://***@patches.example.com/p.json');
    expectClean(action.stdout, action.stderr, action.summary);
  });
});

describe('the timeout input', () => {
  test('a registry that never answers fails the image within its time limit, saying where it waited', async () => {
    const host = await serve(() => {
      // Accept the connection, never answer anything.
    });
    const file = join(await mkdtemp(join(tmpdir(), 'silent-')), 'p.json');
    await writeFile(file, '{"patches":[]}');
    const started = Date.now();
    const action = await runAction({ image: `${host}/acme/app:v1`, patches: file, timeout: '2s' });
    const ms = Date.now() - started;
    expect(action.code).toBe(1);
    const images = JSON.parse(action.outputs.images!) as { status: string; error: string }[];
    expect(images[0]!.status).toBe('failed');
    expect(images[0]!.error).toMatch(
      new RegExp(
        `^ping ${host}: cannot reach the registry \\(.*timed out: the image took longer than its time limit of 2s`,
      ),
    );
    // Two seconds of limit plus a process start: far from the transport's own 100 s budget.
    expect(ms).toBeLessThan(10_000);
    expectOneLine(action.stdout);

    const r = await cli(['--image', `${host}/acme/app:v1`, '--patches', file, '--timeout', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--timeout must be a duration such as 10m, 90s or 1h (1s to 24h), got "soon"');
  });
});

describe('the Actions cache for patch image content', () => {
  test('on a GitHub-hosted runner the cache service is asked through the lazily loaded client; a miss and a refused save change nothing', async () => {
    const a = await app();
    const patchRef = `${registries().open.host}/${uniqueRepo('cache-patch')}:1`;
    await buildCnbImage(storeAt(patchRef), { layers: [nodeLayer('22.11.1')] }, '1');
    const file = await nodePatchFile(patchRef, 'cache-svc-');
    const asked: string[] = [];
    // A Twirp cache service that has nothing and stores nothing.
    const service = await serve((req, res) => {
      asked.push((req.url ?? '').split('/').pop()!);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":false}');
    });
    const started = Date.now();
    const r = await runAction(
      { image: a.ref, patches: file },
      {
        env: {
          ACTIONS_RESULTS_URL: `http://${service}/`,
          ACTIONS_CACHE_SERVICE_V2: 'true',
          ACTIONS_RUNTIME_TOKEN: 'x',
          GITHUB_RUN_ID: '1',
          RUNNER_ENVIRONMENT: 'github-hosted',
        },
      },
    );
    expect(r.code, r.stdout).toBe(0);
    expect(JSON.parse(r.outputs.images!)[0].status).toBe('patched');
    expect(r.stdout).not.toMatch(/::(error|warning)::/);
    expect(asked).toEqual(['GetCacheEntryDownloadURL', 'CreateCacheEntry']);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

describe('a presigned patch-file URL', () => {
  test('its query (the signature) appears nowhere: not in the pushed image, the report, the summary, the outputs or the log', async () => {
    const a = await app();
    const patchRef = `${registries().open.host}/${uniqueRepo('patches/node')}:22.11.1`;
    await buildCnbImage(storeAt(patchRef), { layers: [nodeLayer('22.11.1')] }, '22.11.1');
    const signature = 'f00dfeedcafe0123456789abcdef0123456789abcdef0123456789abcdef0123';
    const credential = 'AKIAIOSFODNN7EXAMPLE%2F20261201%2Fus-east-1%2Fs3%2Faws4_request';
    const body = JSON.stringify({
      patches: [{ buildpack: 'example/node', layer: 'node', 'patch-image': patchRef }],
    });
    const host = await serve((req, res) => {
      if (!req.url?.includes(`X-Amz-Signature=${signature}`)) return void res.writeHead(403).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    const url = `http://${host}/bucket/p.json?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${credential}&X-Amz-Signature=${signature}`;
    const action = await runAction({ image: a.ref, patches: url });
    expect(action.code, action.stdout).toBe(0);
    const cliRef = (await app()).ref;
    const cliRun = await cli(['--image', cliRef, '--patches', url, '--json', '--verbose']);
    expect(cliRun.code, cliRun.stderr).toBe(0);
    // What everyone who can pull the image reads: its config, labels included.
    const labels: string[] = [];
    for (const ref of [a.ref, cliRef]) {
      const store = storeAt(ref);
      const manifest = JSON.parse((await store.getManifest('v1')).bytes.toString()) as {
        config: { digest: string; size: number };
      };
      labels.push((await readBlob(store, manifest.config as never, 1 << 22)).toString());
    }
    const everything = [
      // ::add-mask:: lines are the runner's instructions to hide a value; it never shows them.
      action.stdout.replace(/^::add-mask::.*$/gm, ''),
      action.stderr,
      action.summary,
      JSON.stringify(action.outputs),
      JSON.stringify(action.report),
      cliRun.stdout,
      cliRun.stderr,
      ...labels,
    ].join('\n');
    for (const secret of [signature, 'AKIAIOSFODNN7EXAMPLE', 'X-Amz-Signature', 'X-Amz-Credential'])
      expect(everything).not.toContain(secret);
    // Masked as a secret for the runner too.
    expect(action.stdout).toContain(`::add-mask::${signature}`);
    // The file is still named, by scheme, host and path.
    expect(labels[0]).toContain(`http://${host}/bucket/p.json`);
    expect(action.summary).toContain(`${host}/bucket/p.json`);
  });
});

describe('reporting never fails a push', () => {
  test('an unwritable step summary: exit 0 after the push, one warning line, the outputs set', async () => {
    const a = await app();
    const patchRef = `${registries().open.host}/${uniqueRepo('patches/node')}:22.11.1`;
    await buildCnbImage(storeAt(patchRef), { layers: [nodeLayer('22.11.1')] }, '22.11.1');
    const file = await nodePatchFile(patchRef, 'unwritable-summary-');
    // A directory where the runner's summary file should be: every write to it fails.
    const summaryDir = await mkdtemp(join(tmpdir(), 'summary-is-a-dir-'));
    const r = await runAction({ image: a.ref, patches: file }, { env: { GITHUB_STEP_SUMMARY: summaryDir } });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).not.toMatch(/::error::/);
    expect(r.stdout).not.toMatch(/^\s+at /m);
    const warnings = r.stdout.split('\n').filter((l) => l.startsWith('::warning::could not'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^::warning::could not write the job summary: .*EISDIR/);
    expect(r.outputs.changed).toBe('true');
    expect(r.outputs.digest).toMatch(/^sha256:/);
    expect(await tagDigest(a.ref)).toBe(r.outputs.digest);
  });
});
