import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { parseReference } from '../../src/oci/reference.js';
import { buildCnbImage, nodeLayer } from '../fixtures/cnb.js';
import { trivyReport } from '../fixtures/scans.js';
import { runAction, runNode } from '../helpers/action.js';
import { serveFiles, type FileServer } from '../helpers/http.js';
import { registries, storesFor, uniqueRepo } from '../helpers/registry.js';

const stores = storesFor(undefined);
const storeAt = (ref: string) => stores.storeFor(parseReference(ref));
const CLI = resolve(import.meta.dirname, '../../bin/layer-rebase.js');

let server: FileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function cli(args: string[], cwd?: string) {
  const home = await mkdtemp(join(tmpdir(), 'usage-home-'));
  return runNode(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH, HOME: home, DOCKER_CONFIG: join(home, 'none') },
    cwd: cwd ?? home,
  });
}

/** An app on node 22.11.0, a patch image with 22.11.1, and a patch file for it in a directory of its own. */
async function setup() {
  const host = registries().open.host;
  const ref = `${host}/${uniqueRepo('usage-app')}:v1`;
  const patchRef = `${host}/${uniqueRepo('usage-patch')}:22.11.1`;
  const app = await buildCnbImage(storeAt(ref), { layers: [nodeLayer('22.11.0')] }, 'v1');
  await buildCnbImage(storeAt(patchRef), { layers: [nodeLayer('22.11.1')] }, '22.11.1');
  const dir = await mkdtemp(join(tmpdir(), 'usage-'));
  const text = JSON.stringify({
    patches: [{ buildpack: 'example/node', layer: 'node', 'patch-image': patchRef }],
  });
  const patchFile = join(dir, 'patches.json');
  await writeFile(patchFile, text);
  return { host, ref, patchRef, app, dir, text, patchFile };
}

const tagHolds = async (ref: string) => (await storeAt(ref).getManifest('v1')).digest;

type Setup = Awaited<ReturnType<typeof setup>>;

describe('every usage mistake: exit 2, one line saying what is wrong and what to do', () => {
  // Each case: the CLI's arguments and the action's inputs for the same mistake, and the line both print.
  const cases: [
    string,
    (s: Setup) => Promise<{ args: string[]; inputs: Record<string, string>; line: RegExp }>,
  ][] = [
    [
      'an invalid image reference',
      async (s) => {
        const bad = s.ref.replace('usage-app', 'Usage-App');
        return {
          args: ['--image', bad, '--patches', s.patchFile],
          inputs: { image: bad, patches: s.patchFile },
          line: new RegExp(
            `invalid image reference "${esc(bad)}": repository name must be lowercase: write ${esc(s.ref)}$`,
          ),
        };
      },
    ],
    [
      'a registry URL as the image',
      async (s) => ({
        args: ['--image', `https://${s.ref}`, '--patches', s.patchFile],
        inputs: { image: `https://${s.ref}`, patches: s.patchFile },
        line: new RegExp(`drop the "https://" scheme: write ${esc(s.ref)}$`),
      }),
    ],
    [
      'a malformed pin',
      async () => ({
        args: ['--image', 'x.io/a:1', '--patches', 'https://patches.example.com/p.json#sha256=abcd'],
        inputs: { image: 'x.io/a:1', patches: 'https://patches.example.com/p.json#sha256=abcd' },
        line: /patch file https:\/\/patches\.example\.com\/p\.json#sha256=abcd: "#sha256=abcd" is not a pin: after #sha256= write the file's whole sha256, 64 hex digits \(sha256sum prints it\)$/,
      }),
    ],
    [
      'a plain http:// patch URL',
      async (s) => ({
        args: ['--image', s.ref, '--patches', 'http://patches.example.com/p.json'],
        inputs: { image: s.ref, patches: 'http://patches.example.com/p.json' },
        line: /patch file http:\/\/patches\.example\.com\/p\.json: only https:\/\/ URLs are allowed \(plain http only for loopback hosts\): serve the file over https:\/\/ and write https:\/\/patches\.example\.com\/p\.json$/,
      }),
    ],
    [
      'require-fix without a vulnerability report',
      async (s) => ({
        args: ['--image', s.ref, '--patches', s.patchFile, '--require-fix', 'high'],
        inputs: { image: s.ref, patches: s.patchFile, 'require-fix': 'high' },
        line: /-?-?require-fix needs -?-?vulnerability-reports: give the scanner's JSON report of each image \(Trivy --format json, Grype -o json\), or drop -?-?require-fix$/,
      }),
    ],
    [
      'require-fix with reports that match no file',
      async (s) => ({
        args: [
          '--image',
          s.ref,
          '--patches',
          s.patchFile,
          '--require-fix',
          'high',
          '--vulnerability-report',
          join(s.dir, 'scans/*.json'),
        ],
        inputs: {
          image: s.ref,
          patches: s.patchFile,
          'require-fix': 'high',
          'vulnerability-reports': join(s.dir, 'scans/*.json'),
        },
        line: /require-fix: -?-?vulnerability-reports ".*scans\/\*\.json" found no report, so every image would be left as it is: check the paths \(did the scan step run\?\), or drop -?-?require-fix$/,
      }),
    ],
    [
      'a YAML patch file',
      async (s) => {
        const yaml = join(s.dir, 'patches.yaml');
        await writeFile(
          yaml,
          `patches:\n  - buildpack: example/node\n    layer: node\n    patch-image: ${s.patchRef}\n`,
        );
        return {
          args: ['--image', s.ref, '--patches', yaml],
          inputs: { image: s.ref, patches: yaml },
          line: /patch file .*patches\.yaml: YAML is not supported: write the patch file as JSON or TOML, with the same keys \(README: "Patch files"\)$/,
        };
      },
    ],
    [
      'a JSON syntax error',
      async (s) => {
        const broken = join(s.dir, 'broken.json');
        await writeFile(
          broken,
          `{\n  "patches": [\n    { "buildpack": "example/node", "layer": "node" "patch-image": "${s.patchRef}" }\n  ]\n}\n`,
        );
        return {
          args: ['--image', s.ref, '--patches', broken],
          inputs: { image: s.ref, patches: broken },
          line: /patch file .*broken\.json: not valid JSON: expected ',' or '}' at line 3, column 52$/,
        };
      },
    ],
  ];

  test.each(cases)('%s', async (_name, make) => {
    const s = await setup();
    const c = await make(s);
    const r = await cli(c.args);
    expect(r.code, r.stderr).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^layer-rebase: /);
    expect(lines[0]).toMatch(c.line);
    expect(r.stdout).toBe('');
    expect(await tagHolds(s.ref)).toBe(s.app.manifest.digest);

    const action = await runAction(c.inputs);
    expect(action.code).toBe(1);
    const errors = action.stdout.split('\n').filter((l) => l.startsWith('::error::'));
    expect(errors, action.stdout).toHaveLength(1);
    expect(errors[0]).toMatch(c.line);
    expect(action.stdout).not.toMatch(/^\s+at /m);
    expect(await tagHolds(s.ref)).toBe(s.app.manifest.digest);
  });

  test('an app image given as the run image is refused, naming why; nothing is pushed', async () => {
    const s = await setup();
    const other = `${s.host}/${uniqueRepo('usage-other-app')}:v1`;
    await buildCnbImage(storeAt(other), { layers: [nodeLayer('22.12.0')] }, 'v1');
    const r = await cli(['--image', s.ref, '--run-image', other]);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    const why = `${other} is an app image, not a run image: its io.buildpacks.lifecycle.metadata label lists buildpack layers (example/node: node); give the run image the app was built on`;
    expect(r.stdout).toContain(`${s.ref}: refused`);
    expect(r.stdout).toContain(why);
    // Said once: the error line, not again as a `run image refused:` line.
    expect(r.stdout.split(why)).toHaveLength(2);
    expect(r.stdout).not.toContain('run image refused');
    expect(await tagHolds(s.ref)).toBe(s.app.manifest.digest);
    const action = await runAction({ image: s.ref, 'run-image': other });
    expect(action.code).toBe(1);
    expect(action.stdout).toContain(why);
    expect(await tagHolds(s.ref)).toBe(s.app.manifest.digest);
    // Force does not override this refusal: the advice does not suggest it.
    expect(action.summary).toContain(
      "→ give the app's run image (the one it was built on, or auto), not an app image: force does not override this",
    );
    expect(action.summary).not.toContain('set force');
  });

  test('an unpinned patch URL is used, with one warning that prints the pin of what was downloaded', async () => {
    const s = await setup();
    server = await serveFiles({ '/p.json': s.text });
    const sha = createHash('sha256').update(s.text).digest('hex');
    const url = `${server.url}/p.json`;
    const warning = `patch file ${url} is not pinned: whoever can change the file there changes what is patched; pin the file that was downloaded by writing ${url}#sha256=${sha}`;
    const r = await cli(['--image', s.ref, '--patches', url, '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.split('\n').filter((l) => l.includes('is not pinned'))).toEqual([`warning: ${warning}`]);
    const action = await runAction({ image: s.ref, patches: url, 'dry-run': 'true' });
    expect(action.code, action.stdout).toBe(0);
    expect(action.stdout.split('\n').filter((l) => l.includes('is not pinned'))).toEqual([
      `::warning::${warning}`,
    ]);
    // Pinned as it says: no warning.
    const pinned = await cli(['--image', s.ref, '--patches', `${url}#sha256=${sha}`, '--dry-run']);
    expect(pinned.code, pinned.stderr).toBe(0);
    expect(pinned.stderr).not.toContain('not pinned');
  });
});

describe('run-level warnings', () => {
  test('print once in the CLI, as in the action: unknown key, a report glob that finds nothing, a report of no input image', async () => {
    const s = await setup();
    const file = join(s.dir, 'with-extra.json');
    await writeFile(file, JSON.stringify({ ...JSON.parse(s.text), comment: 'nightly' }));
    const report = join(s.dir, 'other-image.json');
    const other = `sha256:${'e'.repeat(64)}`;
    await writeFile(
      report,
      JSON.stringify(
        trivyReport({ name: 'other:1', imageId: other, repoDigests: [], diffIds: [], vulns: [] }),
      ),
    );
    const warnings = [
      `unknown key "comment" ignored`,
      `vulnerability-reports: "${join(s.dir, 'nothing-*.json')}" matches no file`,
      `vulnerability report ${report} describes none of the input images`,
    ];
    const args = ['--image', s.ref, '--patches', file, '--dry-run'];
    const r = await cli([
      ...args,
      '--vulnerability-reports',
      join(s.dir, 'nothing-*.json'),
      '--vulnerability-reports',
      report,
    ]);
    expect(r.code, r.stderr).toBe(0);
    for (const w of warnings) {
      const lines = r.stderr.split('\n').filter((l) => l.includes(w.replace(/^vulnerability-reports/, '')));
      expect(lines, `${w}\n${r.stderr}`).toHaveLength(1);
      expect(lines[0]).toMatch(/^warning: /);
    }
    const action = await runAction({
      image: s.ref,
      patches: file,
      'dry-run': 'true',
      'vulnerability-reports': `${join(s.dir, 'nothing-*.json')}\n${report}`,
    });
    expect(action.code, action.stdout).toBe(0);
    for (const w of warnings)
      expect(
        action.stdout.split('\n').filter((l) => l.startsWith('::warning::') && l.includes(w)),
      ).toHaveLength(1);
  });
});

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
