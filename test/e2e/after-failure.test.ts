import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';
import { parseReference } from '../../src/oci/reference.js';
import { buildCnbImage, jreLayer, npmDepsLayer } from '../fixtures/cnb.js';
import { trivyReport } from '../fixtures/scans.js';
import { runAction, runNode } from '../helpers/action.js';
import { registries, storesFor, uniqueRepo } from '../helpers/registry.js';

const stores = storesFor(undefined);
const storeAt = (ref: string) => stores.storeFor(parseReference(ref));
const CLI = resolve(import.meta.dirname, '../../bin/layer-rebase.js');
const LOG4J = 'pkg:maven/org.apache.logging.log4j/log4j-core';

const jre = (version: string, log4j: string, rebasable: boolean) => ({
  ...jreLayer(version),
  rebasable,
  components: [{ name: 'log4j-core', version: log4j, purl: `${LOG4J}@${log4j}` }],
});

/** A patched image with a Trivy report, one not found, one refused (its jre layer did not opt in). */
async function fleet() {
  const host = registries().open.host;
  const patchRef = `${host}/${uniqueRepo('patches/jre')}:17.0.9`;
  await buildCnbImage(storeAt(patchRef), { layers: [jre('17.0.9', '2.17.1', true)] }, '17.0.9');
  const dir = await mkdtemp(join(tmpdir(), 'after-failure-'));
  await mkdir(join(dir, 'scans'));
  const refs: Record<'patched' | 'refused', string> = { patched: '', refused: '' };
  for (const kind of ['patched', 'refused'] as const) {
    const repo = `${host}/${uniqueRepo(kind)}`;
    const app = await buildCnbImage(
      storeAt(`${repo}:prod`),
      { layers: [jre('17.0.8', '2.14.1', kind === 'patched'), npmDepsLayer(kind)] },
      'prod',
    );
    refs[kind] = `${repo}:prod`;
    const vulns = [
      {
        id: 'CVE-2021-44228',
        pkg: 'log4j-core',
        purl: `${LOG4J}@2.14.1`,
        installed: '2.14.1',
        fixed: ['2.15.0'],
        severity: 'critical',
        diffId: app.diffIds['example/jvm/jre']!,
      },
    ];
    const report = {
      name: `${repo}:prod`,
      imageId: app.configDigest,
      repoDigests: [`${repo}@${app.manifest.digest}`],
      diffIds: Object.values(app.diffIds),
      vulns,
    };
    await writeFile(join(dir, 'scans', `${kind}.json`), JSON.stringify(trivyReport(report)));
  }
  const patchFile = join(dir, 'patches.json');
  await writeFile(
    patchFile,
    JSON.stringify({ patches: [{ buildpack: 'example/jvm', layer: 'jre', 'patch-image': patchRef }] }),
  );
  const missing = `${host}/${uniqueRepo('ghost')}:prod`;
  return { dir, patchFile, images: [refs.patched, missing, refs.refused], ...refs, missing };
}

test('after a failure, the action log, the summary and the CLI say each fact once, with full digests and linked ids', async () => {
  const f = await fleet();
  const r = await runAction(
    { image: f.images.join('\n'), patches: f.patchFile, 'vulnerability-reports': 'scans/*.json' },
    { cwd: f.dir },
  );
  expect(r.code).toBe(1);
  // The log: each image's reference and status once in its line.
  const lines = r.stdout.split('\n');
  expect(lines).toContain(`${f.missing}: failed: not found: check the name and tag [MANIFEST_UNKNOWN]`);
  expect(lines).toContain(
    `${f.refused}: refused, nothing was pushed: layer example/jvm/jre is not marked "io.buildpacks.rebasable": true in its data; refusing to replace it (set force to override)`,
  );
  for (const image of f.images)
    for (const line of lines.filter((l) => l.startsWith(`${image}: `)))
      expect(line.split(image).length, line).toBe(2);

  // The summary: the error and its advice under "Needs attention", a pointer in the table, full digests below.
  const s = r.summary;
  expect(s.match(/is not marked/g)).toHaveLength(2); // Needs attention, and the plan's decision table
  expect(s.match(/set force/g)).toHaveLength(1); // the advice, once
  expect(s).toContain(`| ${f.refused} | ⛔ refused | ↑ see Needs attention |  |`);
  expect(s).toContain(`| ${f.missing} | ❌ failed | ↑ see Needs attention |  |`);
  expect(s).toContain('| Image | Status | Change | New digest |');
  const digest = r.outputs.digest!;
  expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(s).toContain(`- new digest: <code>${digest}</code>`);
  expect(s).toContain(`| <code>${digest.slice(7, 19)}</code> |`);
  expect(s).toContain(
    '- digest: unknown (the image was not read)\n- error code: <code>image-not-found</code>',
  );
  expect(s).toContain(
    '| <a href="https://nvd.nist.gov/vuln/detail/CVE-2021-44228"><code>CVE-2021-44228</code></a> | 🟥 critical |',
  );
  expect(s).toContain('reported vulnerabilities fixed: 1 (1 critical), in 1 image(s)');

  // The CLI: the status line names the image; the error line under it does not again.
  const c = await runNode(process.execPath, [CLI, '--image', f.refused, '--patches', f.patchFile], {
    env: { PATH: process.env.PATH, HOME: tmpdir(), DOCKER_CONFIG: join(tmpdir(), 'none') },
    cwd: f.dir,
  });
  expect(c.code).toBe(2);
  expect(c.stdout).toContain(`${f.refused}: refused\n`);
  expect(c.stdout).toMatch(/\n {2}error: nothing was pushed: layer example\/jvm\/jre is not marked/);

  // The whole fleet through the CLI: each fact once. The refused layer's reason in the error line only (no
  // `refuse example/jvm/jre: …` after it); the missing image named by its status line only.
  const all = await runNode(
    process.execPath,
    [
      CLI,
      ...f.images.flatMap((i) => ['--image', i]),
      '--patches',
      f.patchFile,
      '--vulnerability-reports',
      'scans/*.json',
    ],
    { env: { PATH: process.env.PATH, HOME: tmpdir(), DOCKER_CONFIG: join(tmpdir(), 'none') }, cwd: f.dir },
  );
  expect(all.code, all.stderr).toBe(1);
  const out = all.stdout;
  expect(out.match(/is not marked "io\.buildpacks\.rebasable"/g)).toHaveLength(1);
  expect(out).not.toMatch(/^ {2}refuse /m);
  expect(out.split(f.missing)).toHaveLength(2);
  expect(out).toContain(
    `${f.missing}: failed\n  error: not found: check the name and tag [MANIFEST_UNKNOWN]\n`,
  );
  expect(out.match(/not found/g)).toHaveLength(1);
  expect(out.split(`${f.refused}: `)).toHaveLength(2);
  // The image the action patched is already patched: said once, as such.
  expect(out).toContain(`${f.patched}: unchanged\n`);
});
