import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CONTENT_DIR, PREFIX } from '../../src/action/actions-cache.js';
import { parseReference } from '../../src/oci/reference.js';
import type { ImageManifest } from '../../src/oci/types.js';
import { containmentFor } from '../../src/rebase/containment.js';
import { RULES, verifiedDir } from '../../src/rebase/verified-cache.js';
import { buildCnbImage, nodeLayer } from '../fixtures/cnb.js';
import { runAction, runNode } from '../helpers/action.js';
import { scriptedServers } from '../helpers/http.js';
import { nodePatchFile } from '../helpers/patch-file.js';
import { registries, storesFor, uniqueRepo } from '../helpers/registry.js';

const CLI = resolve(import.meta.dirname, '../../bin/layer-rebase.js');
const stores = storesFor(undefined);
const storeAt = (ref: string) => stores.storeFor(parseReference(ref));
const { serve } = scriptedServers();

/** How @actions/cache compresses its archives on this machine: zstd when the binary is there, else gzip. */
const zstd = spawnSync('zstd', ['--quiet', '--version']).status === 0;
const compress = zstd ? ['--use-compress-program', 'zstdmt'] : ['-z'];
const decompress = zstd ? ['--use-compress-program', 'unzstd'] : ['-z'];

interface Stored {
  key: string;
  version: string;
  archive: Buffer;
}

/**
 * The Actions cache service (v1, the REST protocol @actions/cache speaks where ACTIONS_CACHE_URL is set):
 * entries by key and version, restored newest first by exact key, then by prefix. It keeps what anyone
 * saves, as the real one does for any workflow of the default branch.
 */
async function cacheService() {
  const entries: Stored[] = [];
  const lookups: string[][] = [];
  const uploads = new Map<number, { key: string; version: string; chunks: Buffer[] }>();
  const body = (req: IncomingMessage) =>
    new Promise<Buffer>((ok) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => ok(Buffer.concat(chunks)));
    });
  const json = (res: ServerResponse, status: number, value: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
  const host = await serve((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const data = await body(req);
      const api = url.pathname.replace(/^\/_apis\/artifactcache\//, '');
      if (req.method === 'GET' && api === 'cache') {
        const keys = (url.searchParams.get('keys') ?? '').split(',');
        const version = url.searchParams.get('version');
        lookups.push(keys);
        const newest = [...entries].reverse().filter((e) => e.version === version);
        for (const k of keys) {
          const hit = newest.find((e) => e.key === k) ?? newest.find((e) => e.key.startsWith(k));
          if (hit)
            return json(res, 200, {
              cacheKey: hit.key,
              archiveLocation: `http://${req.headers.host}/archive/${entries.indexOf(hit)}`,
            });
        }
        return res.writeHead(204).end();
      }
      if (req.method === 'GET' && url.pathname.startsWith('/archive/')) {
        const archive = entries[Number(url.pathname.split('/')[2])]!.archive;
        return res.writeHead(200, { 'content-length': archive.length }).end(archive);
      }
      if (req.method === 'POST' && api === 'caches') {
        const { key, version } = JSON.parse(data.toString()) as { key: string; version: string };
        const id = uploads.size + 1;
        uploads.set(id, { key, version, chunks: [] });
        return json(res, 201, { cacheId: id });
      }
      const upload = uploads.get(Number(/^caches\/(\d+)$/.exec(api)?.[1]));
      if (upload && req.method === 'PATCH') {
        upload.chunks.push(data);
        return res.writeHead(204).end();
      }
      if (upload && req.method === 'POST') {
        entries.push({ key: upload.key, version: upload.version, archive: Buffer.concat(upload.chunks) });
        return res.writeHead(204).end();
      }
      res.writeHead(404).end();
    })();
  });
  return { url: `http://${host}/`, entries, lookups };
}

/** The member names of a saved archive. */
async function members(archive: Buffer): Promise<string[]> {
  const path = join(await mkdtemp(join(tmpdir(), 'cache-archive-')), 'cache.tar');
  await writeFile(path, archive);
  return execFileSync('tar', ['-tf', path, '-P', ...decompress], { encoding: 'utf8' })
    .trim()
    .split('\n');
}

/** An archive such as a hostile workflow uploads: member names are absolute, and tar -P keeps them. */
async function archiveOf(paths: string[]): Promise<Buffer> {
  const path = join(await mkdtemp(join(tmpdir(), 'planted-')), 'cache.tar');
  execFileSync('tar', ['-cf', path, '-P', ...compress, ...paths]);
  return readFile(path);
}

async function listing(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [])).sort();
}

const host = () => registries().open.host;

async function appImage(prefix: string) {
  const ref = `${host()}/${uniqueRepo(prefix)}:v1`;
  await buildCnbImage(storeAt(ref), { layers: [nodeLayer('22.11.0')] }, 'v1');
  return ref;
}

/** A patch image whose node layer also writes /etc/ld.so.preload: reading it refuses it. */
async function escapingPatch() {
  const ref = `${host()}/${uniqueRepo('verdict-evil')}:1`;
  const built = await buildCnbImage(
    storeAt(ref),
    {
      layers: [
        {
          ...nodeLayer('22.11.1'),
          extra: [
            { path: '/etc', type: 'directory' },
            { path: '/etc/ld.so.preload', content: '/tmp/x.so' },
          ],
        },
      ],
    },
    '1',
  );
  const layer = (JSON.parse(built.manifest.bytes.toString()) as ImageManifest).layers[
    built.index['example/node/node']!
  ]!;
  return { ref, layer, diffId: built.diffIds['example/node/node']!, file: await nodePatchFile(ref, 'evil-') };
}

/** The verdict "this layer stays under its directory", as this tool writes it under today's rules. */
async function plantVerdict(root: string, p: Awaited<ReturnType<typeof escapingPatch>>): Promise<string> {
  const { dir } = containmentFor({ kind: 'layer', buildpack: 'example/node', layer: 'node' }, '/layers');
  const name = createHash('sha256')
    .update(`${p.layer.digest}\n${p.layer.size}\n${p.diffId}\n${dir}`)
    .digest('hex');
  const path = join(verifiedDir(root), name);
  await mkdir(verifiedDir(root), { recursive: true });
  const entry = { digest: p.layer.digest, size: p.layer.size, diffId: p.diffId, dir, violations: [] };
  await writeFile(path, JSON.stringify({ version: 3, rules: RULES, ...entry }));
  return path;
}

const statusOf = (r: Awaited<ReturnType<typeof runAction>>) =>
  (JSON.parse(r.outputs.images!) as { status: string; error?: string }[])[0]!;

describe('verdicts are local and versioned (#6, #7)', () => {
  test('a GitHub-hosted run saves patch image content to the Actions cache, never a verdict; a verdict planted through that cache is never read', async () => {
    const service = await cacheService();
    const tool = await mkdtemp(join(tmpdir(), 'verdict-tool-'));
    const root = join(tool, 'layer-rebase');
    const env = {
      RUNNER_ENVIRONMENT: 'github-hosted',
      RUNNER_TOOL_CACHE: tool,
      ACTIONS_CACHE_URL: service.url,
      ACTIONS_RUNTIME_TOKEN: 'x',
      GITHUB_RUN_ID: '41',
      GITHUB_JOB: 'nightly',
    };
    // An old cache under the earlier prefix, which held verdicts: never asked for.
    service.entries.push({ key: 'layer-rebase-verified-v1-40', version: 'any', archive: Buffer.alloc(0) });

    const patchRef = `${host()}/${uniqueRepo('verdict-patch')}:22.11.1`;
    await buildCnbImage(storeAt(patchRef), { layers: [nodeLayer('22.11.1')] }, '22.11.1');
    const first = await runAction(
      { image: await appImage('verdict-app'), patches: await nodePatchFile(patchRef, 'verdict-') },
      { env },
    );
    expect(first.code, first.stdout).toBe(0);
    expect(statusOf(first).status).toBe('patched');
    // The run read and judged the patch layer; on a hosted runner that verdict stays in memory.
    expect(await listing(root)).toEqual([CONTENT_DIR]);
    const saved = service.entries.filter((e) => e.key.startsWith(PREFIX));
    expect(saved.map((e) => e.key)).toEqual([`${PREFIX}41-1-nightly`]);
    const names = await members(saved[0]!.archive);
    expect(names.length).toBeGreaterThan(1);
    for (const name of names) expect(name).toMatch(/\/layer-rebase\/content-v1(\/[0-9a-f]{64})?\/?$/);
    expect(names.join('\n')).not.toContain('verified');
    expect(service.lookups.flat().every((k) => k.startsWith(PREFIX))).toBe(true);

    // A workflow on the default branch (a lint job, a third-party action in it) saves an entry under the
    // same prefix and version: a verdict that the escaping layer stays in its directory, written where
    // the nightly job's tool cache is (and the old verified-v2 directory too).
    const evil = await escapingPatch();
    await rm(root, { recursive: true, force: true });
    const planted = await plantVerdict(root, evil);
    const oldDir = join(root, 'verified-v2');
    await mkdir(oldDir);
    await writeFile(join(oldDir, 'x'), '{}');
    service.entries.push({
      key: `${PREFIX}planted`,
      version: saved[0]!.version,
      archive: await archiveOf([verifiedDir(root), oldDir]),
    });
    await rm(root, { recursive: true, force: true });

    const target = await appImage('verdict-target');
    const before = (await storeAt(target).getManifest('v1')).digest;
    const second = await runAction(
      { image: target, patches: evil.file },
      { env: { ...env, GITHUB_RUN_ID: '42' } },
    );
    // The archive was restored: the planted verdict is on disk. It was not read: the layer was, and refused.
    expect(JSON.parse(await readFile(planted, 'utf8'))).toMatchObject({ rules: RULES, violations: [] });
    expect(statusOf(second).status, second.stdout).toBe('refused');
    expect(statusOf(second).error).toContain('"/etc/ld.so.preload" is outside /layers/example_node/node/');
    expect((await storeAt(target).getManifest('v1')).digest).toBe(before);

    // The same planted verdict on a self-hosted runner's disk would be trusted (whoever can write that
    // directory decides): what `verified-cache: false` is for. Off, the layer is read and refused.
    const selfHosted = { RUNNER_ENVIRONMENT: 'self-hosted', RUNNER_TOOL_CACHE: tool };
    const trusted = await runAction(
      { image: await appImage('verdict-shared'), patches: evil.file },
      {
        env: selfHosted,
      },
    );
    expect(statusOf(trusted).status, trusted.stdout).toBe('patched');
    const off = await runAction(
      { image: target, patches: evil.file, 'verified-cache': 'false' },
      { env: selfHosted },
    );
    expect(statusOf(off).status, off.stdout).toBe('refused');
    expect((await storeAt(target).getManifest('v1')).digest).toBe(before);
  });

  test('self-hosted: verdicts are kept in the tool cache unless verified-cache is false; the CLI alike with --no-verified-cache', async () => {
    const patchRef = `${host()}/${uniqueRepo('verdict-switch')}:22.11.1`;
    await buildCnbImage(storeAt(patchRef), { layers: [nodeLayer('22.11.1')] }, '22.11.1');
    const file = await nodePatchFile(patchRef, 'switch-');
    for (const [input, kept] of [
      ['true', true],
      ['false', false],
    ] as const) {
      const tool = await mkdtemp(join(tmpdir(), 'verdict-switch-'));
      const r = await runAction(
        { image: await appImage('verdict-switch-app'), patches: file, 'verified-cache': input },
        { env: { RUNNER_ENVIRONMENT: 'self-hosted', RUNNER_TOOL_CACHE: tool } },
      );
      expect(r.code, r.stdout).toBe(0);
      expect(await listing(join(tool, 'layer-rebase')), input).toEqual(
        kept ? [CONTENT_DIR, `verified-v3-${RULES}`] : [CONTENT_DIR],
      );
    }
    for (const [flags, kept] of [
      [[], true],
      [['--no-verified-cache'], false],
    ] as const) {
      const home = await mkdtemp(join(tmpdir(), 'verdict-cli-'));
      const r = await runNode(
        process.execPath,
        [CLI, '--image', await appImage('verdict-cli-app'), '--patches', file, ...flags],
        { env: { PATH: process.env.PATH, HOME: home, DOCKER_CONFIG: join(home, 'none') }, cwd: home },
      );
      expect(r.code, r.stderr).toBe(0);
      expect(await listing(join(home, '.cache', 'layer-rebase')), flags.join()).toEqual(
        kept ? [CONTENT_DIR, `verified-v3-${RULES}`] : [CONTENT_DIR],
      );
    }
  });
});
