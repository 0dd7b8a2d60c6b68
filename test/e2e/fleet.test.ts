import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { parseReference } from '../../src/oci/reference.js';
import { run } from '../harness/processes.js';
import { buildCnbImage, nodeLayer, npmDepsLayer } from '../fixtures/cnb.js';
import { runAction, runNode } from '../helpers/action.js';
import { registries, storesFor, uniqueRepo } from '../helpers/registry.js';

const stores = storesFor(undefined);
const storeAt = (ref: string) => stores.storeFor(parseReference(ref));
const CLI = resolve(import.meta.dirname, '../../bin/layer-rebase.js');

let closeApi: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeApi?.();
  closeApi = undefined;
});

async function setup(count: number, options: { rebasable?: (i: number) => boolean } = {}) {
  const host = registries().open.host;
  const patchRef = `${host}/${uniqueRepo('fleet-patch')}:22.11.1`;
  await buildCnbImage(storeAt(patchRef), { layers: [nodeLayer('22.11.1')] }, '22.11.1');
  const apps: { ref: string; digest: string }[] = [];
  for (let i = 0; i < count; i++) {
    const ref = `${host}/${uniqueRepo(`fleet-app-${i}`)}:v1`;
    const built = await buildCnbImage(
      storeAt(ref),
      {
        layers: [
          nodeLayer('22.11.0', { rebasable: options.rebasable?.(i) ?? true }),
          npmDepsLayer(`deps ${i}`),
        ],
      },
      'v1',
    );
    apps.push({ ref, digest: built.manifest.digest });
  }
  const dir = await mkdtemp(join(tmpdir(), 'fleet-'));
  const patchFile = join(dir, 'patches.json');
  await writeFile(
    patchFile,
    JSON.stringify({ patches: [{ buildpack: 'example/node', layer: 'node', 'patch-image': patchRef }] }),
  );
  return { host, patchRef, apps, patchFile, dir };
}

function cli(args: string[]) {
  return runNode(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH, HOME: tmpdir(), DOCKER_CONFIG: join(tmpdir(), 'none') },
  });
}

describe('fleets', () => {
  test('ten images, one failing: the other nine are pushed, the step fails, the outputs list all ten', async () => {
    const f = await setup(9);
    const missing = `${f.host}/${uniqueRepo('not-there')}:v1`;
    const images = [...f.apps.slice(0, 4).map((a) => a.ref), missing, ...f.apps.slice(4).map((a) => a.ref)];
    const r = await runAction({ image: images.join('\n'), patches: f.patchFile, concurrency: '3' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`::error::1 of 10 image(s) not patched:%0A- ${missing}:`);
    const out = JSON.parse(r.outputs.images!) as {
      input: string;
      status: string;
      changed: boolean;
      digest: string | null;
    }[];
    expect(out.map((o) => o.input)).toEqual(images);
    expect(out.filter((o) => o.status === 'patched')).toHaveLength(9);
    expect(out[4]).toMatchObject({ input: missing, status: 'failed', changed: false, digest: null });
    for (const app of f.apps) {
      const now = await storeAt(app.ref).getManifest('v1');
      expect(now.digest).not.toBe(app.digest);
      expect(out.find((o) => o.input === app.ref)!.digest).toBe(now.digest);
    }
    expect(r.outputs.changed).toBe('true');
    // One log group per image, in input order, each saying what changed.
    const groups = [...r.stdout.matchAll(/::group::layer-rebase (\S+)/g)].map((m) => m[1]);
    expect(groups).toEqual(images);
    const first = r.stdout.split(`::group::layer-rebase ${images[0]}`)[1]!.split('::endgroup::')[0]!;
    expect(first).toMatch(/swapped example\/node\/node 22\.11\.0 → 22\.11\.1 from /);
  });
});

describe('the CLI', () => {
  test('gives the same digest as the action for the same inputs', async () => {
    const f = await setup(1);
    const copy = `${f.host}/${uniqueRepo('cli-copy')}:v1`;
    await run('skopeo', [
      'copy',
      '--src-tls-verify=false',
      '--dest-tls-verify=false',
      '--preserve-digests',
      `docker://${f.apps[0]!.ref}`,
      `docker://${copy}`,
    ]);
    // The action as GitHub runs it (Node 24 when CI provides it), the CLI on this Node: same digest,
    // so gzip output and JSON serialisation do not depend on the runtime.
    const action = await runAction(
      { image: f.apps[0]!.ref, patches: f.patchFile },
      { node: process.env.LAYER_REBASE_NODE24 ?? process.execPath },
    );
    expect(action.code, action.stdout).toBe(0);
    const fromCli = await cli(['--image', copy, '--patches', f.patchFile, '--json']);
    expect(fromCli.code, fromCli.stderr).toBe(0);
    const report = JSON.parse(fromCli.stdout) as { images: { digest: string; status: string }[] };
    expect(report.images[0]).toMatchObject({ status: 'patched', digest: action.outputs.digest });
    expect((await storeAt(copy).getManifest('v1')).digest).toBe(action.outputs.digest);
  });

  test('prints the plan in a dry run and documents its exit codes: 0, 1 failed, 2 refused or usage', async () => {
    const f = await setup(2, { rebasable: (i) => i === 0 });
    const dry = await cli(['--image', f.apps[0]!.ref, '--patches', f.patchFile, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`${f.apps[0]!.ref}: would patch`);
    expect(dry.stdout).toMatch(/would swap example\/node\/node 22\.11\.0 → 22\.11\.1/);
    expect(dry.stdout).toContain('sbom example/node/node: node 22.11.0 → 22.11.1');
    expect(dry.stdout).toContain('(dry run: nothing pushed)');
    const refused = await cli(['--image', f.apps[1]!.ref, '--patches', f.patchFile]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain('error: nothing was pushed: layer example/node/node is not marked');
    const failed = await cli(['--image', `${f.host}/${uniqueRepo('nope')}:v1`, '--patches', f.patchFile]);
    expect(failed.code).toBe(1);
    expect((await cli(['--image'])).code).toBe(2);
    expect((await cli([])).code).toBe(2);
  });

  test('each status once, on stdout, images in input order; refusal reason once; diagnostics on stderr', async () => {
    const f = await setup(2, { rebasable: (i) => i === 1 });
    const r = await cli(['--image', f.apps[0]!.ref, '--image', f.apps[1]!.ref, '--patches', f.patchFile]);
    expect(r.code).toBe(2);
    const statusLines = r.stdout.split('\n').filter((l) => /^\S+: (refused|patched)$/.test(l));
    expect(statusLines).toEqual([`${f.apps[0]!.ref}: refused`, `${f.apps[1]!.ref}: patched`]);
    expect(r.stderr).not.toContain(': refused');
    expect(r.stderr).not.toContain(': patched');
    expect(r.stdout.match(/not marked "io.buildpacks.rebasable"/g)).toHaveLength(1); // the error line, not again
    expect(r.stdout).toContain('(use --force to override)');
    // The refused image's plan is not presented as done; the patched one's is.
    const [refusedBlock, patchedBlock] = r.stdout.split('\n\n');
    expect(refusedBlock).not.toMatch(/^ {2}swapped /m);
    expect(patchedBlock).toMatch(/^ {2}swapped example\/node\/node 22\.11\.0 → 22\.11\.1/m);
    expect(r.stdout).not.toContain('set force');
  });

  test('--version, a mistyped flag with a hint, no patch source warned about, image not found said plainly', async () => {
    const version = await cli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(
      (
        JSON.parse(await readFile(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as {
          version: string;
        }
      ).version,
    );
    const typo = await cli(['--image', 'x', '--patch', 'p.json']);
    expect(typo.code).toBe(2);
    expect(typo.stderr.trim().split('\n')).toEqual([
      'layer-rebase: unknown option --patch (did you mean --patches?)',
    ]);
    const f = await setup(1);
    const none = await cli(['--image', f.apps[0]!.ref]);
    expect(none.code).toBe(0);
    expect(none.stderr).toContain(
      'warning: no patches, builders or run image given: every image is left as it is',
    );
    const repo = `${f.host}/${uniqueRepo('missing')}`;
    const missing = await cli(['--image', repo, '--patches', f.patchFile]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain(
      // The status line names the image; the error under it does not again.
      `${repo}: failed\n  error: not found: check the name and tag; no tag was given, so "latest" was assumed [MANIFEST_UNKNOWN]`,
    );
    const prefixed = await cli(['--image', `docker://${f.apps[0]!.ref}`, '--patches', f.patchFile]);
    expect(prefixed.stdout + prefixed.stderr).toContain(
      `drop the "docker://" prefix: write ${f.apps[0]!.ref}`,
    );
  });
});

describe('the pull request comment', () => {
  /** A loopback stand-in for the GitHub issues-comments API. */
  async function fakeGitHub(options: { forbid?: boolean } = {}) {
    const comments: { id: number; body: string }[] = [];
    const calls: string[] = [];
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        calls.push(`${req.method} ${req.url}`);
        const json = (status: number, value: unknown) =>
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
        if (options.forbid) return json(403, { message: 'Resource not accessible by integration' });
        const path = new URL(req.url!, 'http://x').pathname;
        if (path === '/repos/acme/app/issues/7/comments' && req.method === 'GET') return json(200, comments);
        if (path === '/repos/acme/app/issues/7/comments' && req.method === 'POST') {
          const c = { id: 100 + comments.length, body: (JSON.parse(body) as { body: string }).body };
          comments.push(c);
          return json(201, c);
        }
        const update = /^\/repos\/acme\/app\/issues\/comments\/(\d+)$/.exec(path);
        if (update && req.method === 'PATCH') {
          const c = comments.find((x) => x.id === Number(update[1]))!;
          c.body = (JSON.parse(body) as { body: string }).body;
          return json(200, c);
        }
        json(404, {});
      });
    };
    const api = createServer(handler);
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    closeApi = () => new Promise<void>((r) => api.close(() => r()));
    const url = `http://127.0.0.1:${(api.address() as { port: number }).port}`;
    const dir = await mkdtemp(join(tmpdir(), 'gh-event-'));
    const event = join(dir, 'event.json');
    await writeFile(
      event,
      JSON.stringify({ pull_request: { number: 7 }, repository: { name: 'app', owner: { login: 'acme' } } }),
    );
    const env = {
      GITHUB_API_URL: url,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event,
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_RUN_ID: '42',
    };
    return { comments, calls, env };
  }

  test('one sticky comment: created, then updated in place, never duplicated', async () => {
    const f = await setup(1);
    const gh = await fakeGitHub();
    const inputs = {
      image: f.apps[0]!.ref,
      patches: f.patchFile,
      'dry-run': 'true',
      'github-token': 'ghs_test_token',
    };
    const first = await runAction(inputs, { env: gh.env });
    expect(first.code, first.stdout).toBe(0);
    expect(gh.comments).toHaveLength(1);
    expect(gh.comments[0]!.body).toMatch(/^<!-- layer-rebase:plan:job:[0-9a-f]{12} -->/);
    expect(gh.comments[0]!.body).toContain('dry run: nothing pushed');
    expect(gh.comments[0]!.body).toContain(
      '[workflow run and full summary](https://github.com/acme/app/actions/runs/42)',
    );
    expect(gh.comments[0]!.body).toContain('22.11.0 → 22.11.1');
    const second = await runAction({ ...inputs, 'dry-run': 'false' }, { env: gh.env });
    expect(second.code, second.stdout).toBe(0);
    expect(gh.comments).toHaveLength(1);
    expect(gh.comments[0]!.id).toBe(100);
    expect(gh.comments[0]!.body).toContain('patched');
    expect(gh.calls.filter((c) => c.startsWith('POST'))).toHaveLength(1);
    expect(gh.calls.filter((c) => c.startsWith('PATCH'))).toHaveLength(1);
    // The token is registered for masking (the runner hides it) and never printed otherwise.
    expect(first.stdout).toContain('::add-mask::ghs_test_token');
    expect(first.stdout.replace(/^::add-mask::.*$/gm, '')).not.toContain('ghs_test_token');
  });

  test('matrix jobs each keep their own sticky comment; a re-run updates its own', async () => {
    const f = await setup(2);
    const gh = await fakeGitHub();
    const job = (i: number) =>
      runAction(
        { image: f.apps[i]!.ref, patches: f.patchFile, 'dry-run': 'true', 'github-token': 'ghs_x' },
        { env: { ...gh.env, GITHUB_JOB: 'patch' } },
      );
    expect((await job(0)).code).toBe(0);
    expect((await job(1)).code).toBe(0);
    expect(gh.comments).toHaveLength(2);
    expect(gh.comments[0]!.body).toContain(f.apps[0]!.ref);
    expect(gh.comments[1]!.body).toContain(f.apps[1]!.ref);
    expect(gh.comments[0]!.body).not.toContain(f.apps[1]!.ref);
    expect((await job(0)).code).toBe(0);
    expect(gh.comments).toHaveLength(2);
    expect(gh.calls.filter((c) => c.startsWith('PATCH'))).toHaveLength(1);
  });

  test('a 403 is a warning that names the permission, not a failure', async () => {
    const f = await setup(1);
    const gh = await fakeGitHub({ forbid: true });
    const r = await runAction(
      { image: f.apps[0]!.ref, patches: f.patchFile, 'dry-run': 'true', 'github-token': 'ghs_x' },
      { env: gh.env },
    );
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(
      /::warning::could not write the plan comment on pull request #7 \(403\): the token needs "pull-requests: write"/,
    );
  });

  test('comment: false never calls the API', async () => {
    const f = await setup(1);
    const gh = await fakeGitHub();
    const r = await runAction(
      {
        image: f.apps[0]!.ref,
        patches: f.patchFile,
        'dry-run': 'true',
        comment: 'false',
        'github-token': 'x',
      },
      { env: gh.env },
    );
    expect(r.code).toBe(0);
    expect(gh.calls).toEqual([]);
  });
});
