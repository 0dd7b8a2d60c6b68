import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { sha256 } from '../../src/oci/digest.js';
import { parseReference } from '../../src/oci/reference.js';
import { pushIndex } from '../fixtures/images.js';
import {
  buildCnbImage,
  jreLayer,
  npmDepsLayer,
  type BuildpackLayerSpec,
  type BuiltCnbImage,
} from '../fixtures/cnb.js';
import { grypeReport, trivyReport, type ScannedVuln } from '../fixtures/scans.js';
import { runAction, runNode } from '../helpers/action.js';
import { registries, storesFor, uniqueRepo } from '../helpers/registry.js';
import { openVexErrors } from '../helpers/openvex.js';

const stores = storesFor(undefined);
const storeAt = (ref: string) => stores.storeFor(parseReference(ref));
const CLI = resolve(import.meta.dirname, '../../bin/layer-rebase.js');

const LOG4J = 'pkg:maven/org.apache.logging.log4j/log4j-core';

/** The fixtures' JRE layer, whose SBOM lists the JRE and a bundled log4j. */
function jre(version: string, log4j: string): BuildpackLayerSpec {
  return {
    ...jreLayer(version),
    components: [
      { name: 'bellsoft-jre', version, purl: `pkg:generic/bellsoft-jre@${version}?arch=amd64` },
      { name: 'log4j-core', version: log4j, purl: `${LOG4J}@${log4j}` },
    ],
  };
}

async function setup(options: { platforms?: ('amd64' | 'arm64')[] } = {}) {
  const host = registries().open.host;
  const repo = `${host}/${uniqueRepo('vuln-app')}`;
  const patchRef = `${host}/${uniqueRepo('vuln-patch')}:17.0.9`;
  const platforms = options.platforms ?? ['amd64'];
  const apps: BuiltCnbImage[] = [];
  const patches: BuiltCnbImage[] = [];
  for (const arch of platforms) {
    const platform = { os: 'linux', architecture: arch };
    apps.push(
      await buildCnbImage(storeAt(repo), {
        platform,
        layers: [jre('17.0.8', '2.14.1'), npmDepsLayer(`deps ${arch}`)],
      }),
    );
    patches.push(await buildCnbImage(storeAt(patchRef), { platform, layers: [jre('17.0.9', '2.17.1')] }));
  }
  if (platforms.length > 1) {
    await pushIndex(storeAt(repo), apps, { tag: 'v1' });
    await pushIndex(storeAt(patchRef), patches, { tag: '17.0.9' });
  } else {
    await storeAt(repo).putManifest(apps[0]!.manifest, 'v1');
    await storeAt(patchRef).putManifest(patches[0]!.manifest, '17.0.9');
  }
  const dir = await mkdtemp(join(tmpdir(), 'vulns-'));
  const patchFile = join(dir, 'patches.json');
  await writeFile(
    patchFile,
    JSON.stringify({ patches: [{ buildpack: 'example/jvm', layer: 'jre', 'patch-image': patchRef }] }),
  );
  return { ref: `${repo}:v1`, repo, apps, dir, patchFile };
}

/** The findings a scanner makes in the app: log4j and the JRE in the jre layer, express in the deps layer. */
function findings(
  app: BuiltCnbImage,
  options: { jreFix?: string; log4jSeverity?: string } = {},
): ScannedVuln[] {
  const jreLayer = app.diffIds['example/jvm/jre']!;
  return [
    {
      id: 'CVE-2021-44228',
      pkg: 'log4j-core',
      purl: `${LOG4J}@2.14.1`,
      installed: '2.14.1',
      fixed: ['2.15.0', '2.12.2'],
      severity: options.log4jSeverity ?? 'critical',
      diffId: jreLayer,
    },
    {
      id: 'CVE-2024-21011',
      pkg: 'bellsoft-jre',
      purl: 'pkg:generic/bellsoft-jre@17.0.8?arch=amd64',
      installed: '17.0.8',
      fixed: [options.jreFix ?? '17.0.11'],
      severity: 'low',
      diffId: jreLayer,
      type: 'binary',
    },
    {
      id: 'CVE-2024-29041',
      pkg: 'express',
      purl: 'pkg:npm/express@4.17.1',
      installed: '4.17.1',
      fixed: ['4.19.2'],
      severity: 'medium',
      diffId: app.diffIds['example/node/deps']!,
      type: 'node-pkg',
    },
  ];
}

function scanned(app: BuiltCnbImage, repo: string, vulns: ScannedVuln[]) {
  return {
    name: `${repo}:v1`,
    imageId: app.configDigest,
    repoDigests: [`${repo}@${app.manifest.digest}`],
    diffIds: Object.values(app.diffIds).filter((d, i, all) => all.indexOf(d) === i),
    vulns,
  };
}

interface Finding {
  id: string;
  state: string;
}
type Report = {
  vulnerabilityReports: string[];
  images: {
    status: string;
    note: string | null;
    platforms: {
      vulnerabilities: Record<'fixed' | 'open' | 'undecided', Finding[]> & { elsewhere: string[] };
    }[];
    vulnerabilities: Record<'fixed' | 'open' | 'undecided', Finding[]> | null;
  }[];
};

describe('vulnerability reports', () => {
  test('Trivy and Grype reports: the summary, comment and VEX say what the patch fixes; a foreign report is a warning', async () => {
    const s = await setup();
    const app = s.apps[0]!;
    await mkdir(join(s.dir, 'scans'));
    await writeFile(
      join(s.dir, 'scans', 'trivy.json'),
      JSON.stringify(trivyReport(scanned(app, s.repo, findings(app)))),
    );
    await writeFile(
      join(s.dir, 'scans', 'grype.json'),
      JSON.stringify(grypeReport(scanned(app, s.repo, findings(app)))),
    );
    const foreign = {
      ...scanned(app, s.repo, findings(app)),
      imageId: sha256('someone else'),
      repoDigests: [],
    };
    await writeFile(join(s.dir, 'scans', 'other.json'), JSON.stringify(trivyReport(foreign)));
    const r = await runAction(
      {
        image: s.ref,
        patches: s.patchFile,
        'vulnerability-reports': 'scans/*.json',
        'require-fix': 'critical',
      },
      { cwd: s.dir },
    );
    expect(r.stderr).toBe('');
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs.changed).toBe('true');
    expect(r.stdout).toContain(
      `::warning::vulnerability report scans${'/'}other.json describes none of the input images (it names ${foreign.imageId}); it was not used`,
    );
    expect(r.stdout).toContain('fixes CVE-2021-44228 (critical) in log4j-core 2.14.1 → 2.17.1');

    const report = r.report as Report;
    expect(report.vulnerabilityReports).toEqual(['scans/grype.json', 'scans/other.json', 'scans/trivy.json']);
    const v = report.images[0]!.platforms[0]!.vulnerabilities;
    expect(v.fixed.map((f) => f.id)).toEqual(['CVE-2021-44228']);
    // The JRE's fix (17.0.11) is newer than the patch (17.0.9): still open. express is in a kept layer.
    expect(v.open.map((f) => f.id)).toEqual(['CVE-2024-21011']);
    expect(JSON.stringify([v.fixed, v.open, v.undecided])).not.toContain('CVE-2024-29041');
    expect(v.elsewhere).toEqual(['CVE-2024-29041']);
    expect(JSON.parse(r.outputs.images!)[0].fixed).toEqual(['CVE-2021-44228']);

    expect(r.summary).toMatch(
      /\| 🟥 critical \| log4j-core<br><sub>example\/jvm\/jre<\/sub> \| 2\.14\.1&nbsp;→&nbsp;2\.17\.1 \| 2\.15\.0, 2\.12\.2 \|/,
    );
    expect(r.summary).toContain('fixes 1 (1 critical)');
    expect(r.summary).toContain('**Not fixed** (1 open, 0 undecided)');
    expect(r.summary).toContain('reported vulnerabilities fixed: 1 (1 critical), in 1 image(s)');

    const vex = JSON.parse(await readFile(r.outputs.vex!, 'utf8')) as {
      statements: {
        vulnerability: { name: string };
        products: { '@id': string; subcomponents: { '@id': string }[] }[];
      }[];
    };
    expect(openVexErrors(vex)).toEqual([]);
    expect(vex.statements.map((st) => st.vulnerability.name)).toEqual(['CVE-2021-44228']);
    const pushed = r.outputs.digest!;
    expect(vex.statements[0]!.products).toEqual([
      {
        '@id': `pkg:oci/${s.repo.split('/').pop()}@${encodeURIComponent(pushed)}?repository_url=${encodeURIComponent(s.repo)}`,
        subcomponents: [{ '@id': `${LOG4J}@2.17.1` }],
      },
    ]);
    expect((await storeAt(s.ref).getManifest('v1')).digest).toBe(pushed);
  });

  test('require-fix: an image whose plan fixes nothing that severe is left as it is, and the run succeeds', async () => {
    const s = await setup();
    const app = s.apps[0]!;
    const file = join(s.dir, 'trivy.json');
    await writeFile(
      file,
      JSON.stringify(trivyReport(scanned(app, s.repo, findings(app, { log4jSeverity: 'low' })))),
    );
    const r = await runAction({
      image: s.ref,
      patches: s.patchFile,
      'vulnerability-reports': file,
      'require-fix': 'high',
    });
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs.changed).toBe('false');
    expect((await storeAt(s.ref).getManifest('v1')).digest).toBe(app.manifest.digest);
    const image = (r.report as Report).images[0]!;
    expect(image.status).toBe('skipped');
    expect(image.note).toBe(
      'require-fix high: the plan fixes no vulnerability of high severity or above (it fixes 1 (1 low); 1 still open, 0 undecided); left as it is',
    );
    expect(r.summary).toContain('⏭️ skipped');
    expect(r.stdout).not.toContain('::error');
    // No report at all: a usage mistake (every image would be skipped), refused before anything is read.
    const none = await runAction({ image: s.ref, patches: s.patchFile, 'require-fix': 'low' });
    expect(none.code).toBe(1);
    expect(none.stdout).toMatch(/::error::require-fix needs vulnerability-reports/);
    expect((await storeAt(s.ref).getManifest('v1')).digest).toBe(app.manifest.digest);
  });

  test('a malformed report fails the run before anything is pushed, naming the file and what is wrong', async () => {
    const s = await setup();
    const file = join(s.dir, 'broken.json');
    await writeFile(
      file,
      JSON.stringify({ SchemaVersion: 2, Results: [{ Vulnerabilities: [{ PkgName: 'x' }] }] }),
    );
    const r = await runAction({ image: s.ref, patches: s.patchFile, 'vulnerability-reports': file });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `::error::vulnerability report ${file} at Results[0].Vulnerabilities[0].VulnerabilityID: is missing`,
    );
    expect((await storeAt(s.ref).getManifest('v1')).digest).toBe(s.apps[0]!.manifest.digest);
  });

  test('a multi-platform image with one report per platform; the CLI prints what each fixes and writes the VEX', async () => {
    const s = await setup({ platforms: ['amd64', 'arm64'] });
    const files: string[] = [];
    for (const [i, app] of s.apps.entries()) {
      // arm64's scan names the index digest and its own layers, as Trivy does for a tag of an index.
      const vulns = findings(app).filter((v) => i === 0 || v.id !== 'CVE-2021-44228');
      const doc = scanned(app, s.repo, vulns);
      const file = join(s.dir, `scan-${i}.json`);
      await writeFile(
        file,
        JSON.stringify(
          i === 0
            ? trivyReport(doc)
            : grypeReport({ ...doc, imageId: '', repoDigests: [], manifestDigest: app.manifest.digest }),
        ),
      );
      files.push(file);
    }
    const vexFile = join(s.dir, 'out.vex.json');
    const r = await runNode(
      process.execPath,
      [
        CLI,
        '--image',
        s.ref,
        '--patches',
        s.patchFile,
        ...files.flatMap((f) => ['--vulnerability-report', f]),
        '--vex',
        vexFile,
      ],
      { env: { PATH: process.env.PATH, HOME: s.dir, DOCKER_CONFIG: join(s.dir, 'none') } },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /\[linux\/amd64\] fixes CVE-2021-44228 critical log4j-core 2\.14\.1 → 2\.17\.1 \(fixed in 2\.15\.0, 2\.12\.2; example\/jvm\/jre\)/,
    );
    expect(r.stdout).not.toMatch(/\[linux\/arm64\] fixes/);
    expect(r.stdout).toMatch(/\[linux\/arm64\] not fixed: 1 open, 0 undecided/);
    const vex = JSON.parse(await readFile(vexFile, 'utf8')) as {
      statements: { products: { '@id': string }[] }[];
    };
    expect(openVexErrors(vex)).toEqual([]);
    // Fixed on amd64 only: the amd64 manifest is named, not the index (nothing shows arm64 is fixed).
    expect(vex.statements).toHaveLength(1);
    expect(vex.statements[0]!.products).toHaveLength(1);
    const index = await storeAt(s.ref).getManifest('v1');
    expect(vex.statements[0]!.products[0]!['@id']).not.toContain(encodeURIComponent(index.digest));
  });
});

/** The CLI as a user runs it, `--json` on stdout, the VEX written beside. */
async function cli(dir: string, args: string[]) {
  const vexFile = join(dir, `vex-${Math.random().toString(36).slice(2)}.json`);
  const r = await runNode(process.execPath, [CLI, ...args, '--vex', vexFile, '--json'], {
    env: { PATH: process.env.PATH, HOME: dir, DOCKER_CONFIG: join(dir, 'none') },
  });
  const vex = JSON.parse(await readFile(vexFile, 'utf8')) as {
    statements: { vulnerability: { name: string; aliases?: string[] }; products: { '@id': string }[] }[];
  };
  expect(openVexErrors(vex)).toEqual([]);
  return { ...r, report: JSON.parse(r.stdout) as Report, vex };
}

/** An app whose jre layer (swapped) and deps layer (kept) list the given components, a patch image, a report. */
async function evidenceCase(options: {
  app: BuildpackLayerSpec[];
  patch: BuildpackLayerSpec[];
  patches: { buildpack: string; layer: string }[];
  vulns: (app: BuiltCnbImage) => ScannedVuln[];
}) {
  const host = registries().open.host;
  const repo = `${host}/${uniqueRepo('evidence-app')}`;
  const patchRef = `${host}/${uniqueRepo('evidence-patch')}:1`;
  const app = await buildCnbImage(storeAt(repo), { layers: options.app });
  await storeAt(repo).putManifest(app.manifest, 'v1');
  const patch = await buildCnbImage(storeAt(patchRef), { layers: options.patch });
  await storeAt(patchRef).putManifest(patch.manifest, '1');
  const dir = await mkdtemp(join(tmpdir(), 'evidence-'));
  const patchFile = join(dir, 'patches.json');
  await writeFile(
    patchFile,
    JSON.stringify({ patches: options.patches.map((p) => ({ ...p, 'patch-image': patchRef })) }),
  );
  const reportFile = join(dir, 'trivy.json');
  await writeFile(reportFile, JSON.stringify(trivyReport(scanned(app, repo, options.vulns(app)))));
  const args = ['--image', `${repo}:v1`, '--patches', patchFile, '--vulnerability-report', reportFile];
  return { app, repo, dir, args };
}

const withLog4j = (layer: BuildpackLayerSpec, version: string, content = version): BuildpackLayerSpec => ({
  ...layer,
  files: { ...layer.files, 'lib/log4j-core.jar': `log4j ${content}` },
  components: [{ name: 'log4j-core', version, purl: `${LOG4J}@${version}` }],
});

describe('evidence that cannot lie: fixed only when the report proves it (CLI, real registry)', () => {
  const log4jVuln = (diffId: string, fixed: string[], installed = '2.14.1'): ScannedVuln => ({
    id: 'CVE-2021-44228',
    pkg: 'log4j-core',
    purl: `${LOG4J}@${installed}`,
    installed,
    fixed,
    severity: 'critical',
    diffId,
  });

  test('a fix from another release line does not count: undecided, no VEX statement, require-fix holds', async () => {
    const c = await evidenceCase({
      app: [withLog4j(jreLayer('17.0.8'), '2.0.1'), npmDepsLayer()],
      patch: [withLog4j(jreLayer('17.0.9'), '2.0.3')],
      patches: [{ buildpack: 'example/jvm', layer: 'jre' }],
      // Trivy lists 1.2.3, the fix of the 1.x line; the 2.x line has none.
      vulns: (app) => [log4jVuln(app.diffIds['example/jvm/jre']!, ['1.2.3'], '2.0.1')],
    });
    const held = await cli(c.dir, [...c.args, '--require-fix', 'critical']);
    expect(held.code, held.stderr).toBe(0);
    expect(held.report.images[0]!.status).toBe('skipped');
    expect((await storeAt(`${c.repo}:v1`).getManifest('v1')).digest).toBe(c.app.manifest.digest);
    const pushed = await cli(c.dir, c.args);
    expect(pushed.code, pushed.stderr).toBe(0);
    const image = pushed.report.images[0]!;
    expect(image.status).toBe('patched');
    expect(image.platforms[0]!.vulnerabilities.undecided).toEqual([
      expect.objectContaining({
        id: 'CVE-2021-44228',
        state: 'undecided',
        reason: 'no fixed version above the installed 2.0.1 (fixed in 1.2.3: other release lines)',
      }),
    ]);
    expect(image.vulnerabilities!.fixed).toEqual([]);
    expect(pushed.vex.statements).toEqual([]);
  });

  test('a finding in the SBOM layer that a kept layer lists is not charged to the JRE: not fixed', async () => {
    const c = await evidenceCase({
      // The JRE lists log4j 2.17.0; the kept deps layer lists the reported 2.14.1.
      app: [withLog4j(jreLayer('17.0.8'), '2.17.0'), withLog4j(npmDepsLayer(), '2.14.1')],
      patch: [withLog4j(jreLayer('17.0.9'), '2.17.1')],
      patches: [{ buildpack: 'example/jvm', layer: 'jre' }],
      vulns: (app) => [log4jVuln(app.diffIds.sbom!, ['2.15.0'])],
    });
    const held = await cli(c.dir, [...c.args, '--require-fix', 'critical']);
    expect(held.code, held.stderr).toBe(0);
    expect(held.report.images[0]!.status).toBe('skipped');
    const pushed = await cli(c.dir, c.args);
    const image = pushed.report.images[0]!;
    expect(image.status).toBe('patched');
    expect(image.platforms[0]!.vulnerabilities.fixed).toEqual([]);
    expect(image.platforms[0]!.vulnerabilities.elsewhere).toEqual(['CVE-2021-44228']);
    expect(pushed.vex.statements).toEqual([]);
  });

  test('positive control: the JRE alone lists the reported version → fixed, stated, require-fix patches', async () => {
    const c = await evidenceCase({
      app: [withLog4j(jreLayer('17.0.8'), '2.14.1'), npmDepsLayer()],
      patch: [withLog4j(jreLayer('17.0.9'), '2.17.1')],
      patches: [{ buildpack: 'example/jvm', layer: 'jre' }],
      vulns: (app) => [log4jVuln(app.diffIds.sbom!, ['2.15.0', '2.12.2'])],
    });
    const r = await cli(c.dir, [...c.args, '--require-fix', 'critical']);
    expect(r.code, r.stderr).toBe(0);
    const image = r.report.images[0]!;
    expect(image.status).toBe('patched');
    expect(image.vulnerabilities!.fixed.map((f) => f.id)).toEqual(['CVE-2021-44228']);
    expect(r.vex.statements.map((st) => st.vulnerability.name)).toEqual(['CVE-2021-44228']);
  });

  test('two swapped layers carry it, one patch keeps 2.14.1: open for the image, require-fix holds', async () => {
    const helper = (log4j: string): BuildpackLayerSpec =>
      withLog4j(
        { ...jreLayer('1'), name: 'helper', files: { 'bin/helper': `helper ${log4j}` } },
        '2.14.1',
        log4j,
      );
    const c = await evidenceCase({
      app: [withLog4j(jreLayer('17.0.8'), '2.14.1'), helper('old'), npmDepsLayer()],
      // The helper patch layer changes, but still bundles log4j 2.14.1.
      patch: [withLog4j(jreLayer('17.0.9'), '2.17.1'), helper('rebuilt')],
      patches: [
        { buildpack: 'example/jvm', layer: 'jre' },
        { buildpack: 'example/jvm', layer: 'helper' },
      ],
      vulns: (app) => [
        log4jVuln(app.diffIds['example/jvm/jre']!, ['2.15.0']),
        log4jVuln(app.diffIds['example/jvm/helper']!, ['2.15.0']),
      ],
    });
    const held = await cli(c.dir, [...c.args, '--require-fix', 'critical']);
    expect(held.code, held.stderr).toBe(0);
    expect(held.report.images[0]!.status).toBe('skipped');
    const pushed = await cli(c.dir, c.args);
    const v = pushed.report.images[0]!.platforms[0]!.vulnerabilities;
    expect(v.fixed).toEqual([]);
    expect(v.open.map((f) => f.state)).toEqual(['open', 'open']);
    expect(pushed.vex.statements).toEqual([]);
  });
});

describe('signed images', () => {
  test('a cosign signature of the replaced digest: a warning and a summary line; nothing is copied to the new digest', async () => {
    const s = await setup();
    const old = s.apps[0]!.manifest.digest;
    // What `cosign sign` leaves: a manifest tagged sha256-<hex>.sig next to the image.
    const sig = await buildCnbImage(storeAt(s.repo), { layers: [npmDepsLayer('signature')] });
    await storeAt(s.repo).putManifest(sig.manifest, `${old.replace(':', '-')}.sig`);
    const r = await runAction({ image: s.ref, patches: s.patchFile });
    expect(r.code, r.stdout).toBe(0);
    const pushed = r.outputs.digest!;
    expect(r.stdout).toContain(
      `::warning::${s.ref}: ${old.slice(7, 19)} is signed or attested (cosign signature ${old.replace(':', '-')}.sig); the new digest ${pushed.slice(7, 19)} is not covered by them: sign it after the push (README: "Signing patched images")`,
    );
    expect(r.summary).toContain('🔏 the replaced digest is signed or attested');
    expect(await storeAt(s.repo).headManifest(`${pushed.replace(':', '-')}.sig`)).toBeUndefined();
    expect((r.report as { images: { signatures: string[] }[] }).images[0]!.signatures).toEqual([
      `cosign signature ${old.replace(':', '-')}.sig`,
    ]);
  });
});
