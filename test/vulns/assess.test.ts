import { describe, expect, test } from 'vitest';
import { sha256, type Digest } from '../../src/oci/digest.js';
import type { ImageResult, PlatformResult, RunResult } from '../../src/result.js';
import { assessPlatform, describes, type PlatformFacts } from '../../src/vulns/assess.js';
import { parseVulnerabilityReport, type VulnerabilityReport } from '../../src/vulns/reports.js';
import { buildVex, imagePurl } from '../../src/vulns/vex.js';
import { assessImage } from '../../src/vulns/image.js';
import { openVexErrors } from '../helpers/openvex.js';
import { grypeReport, trivyReport, type ScannedImage, type ScannedVuln } from '../fixtures/scans.js';

const d = (name: string) => sha256(name);
const RUN = d('run');
const JRE = d('jre 17.0.8');
const DEPS = d('deps');
const LAUNCHER = d('launcher');
const SBOM = d('sbom');
const CONFIG = d('config amd64');
const MANIFEST = d('manifest amd64');

const after = [
  { name: 'bellsoft-jre', version: '17.0.9', purl: 'pkg:generic/bellsoft-jre@17.0.9?arch=amd64' },
  { name: 'log4j-core', version: '2.17.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1' },
  { name: 'jackson-databind', version: '1.3.16', purl: 'pkg:maven/com.fasterxml/jackson-databind@1.3.16' },
  { name: 'netty', version: '1.4.0', purl: 'pkg:maven/io.netty/netty@1.4.0' },
  { name: 'snakeyaml', version: '1.33', purl: 'pkg:maven/org.yaml/snakeyaml@1.33' },
  { name: 'commons-text', version: '1.9', purl: 'pkg:maven/org.apache.commons/commons-text@1.9' },
  { name: 'guava', version: '32.0.1-jre', purl: 'pkg:maven/com.google.guava/guava@32.0.1-jre' },
  { name: 'weird', version: 'build 7', purl: 'pkg:maven/x/weird@build%207' },
];

const facts: PlatformFacts = {
  configDigest: CONFIG,
  manifestDigest: MANIFEST,
  diffIds: [RUN, JRE, DEPS, LAUNCHER, SBOM],
  swapped: [{ target: 'paketo-buildpacks/bellsoft-liberica/jre', from: JRE, before: [], after }],
  sbomLayer: SBOM,
};

const vuln = (v: Partial<ScannedVuln> & Pick<ScannedVuln, 'id' | 'pkg'>): ScannedVuln => ({
  installed: '1.0',
  fixed: [],
  severity: 'high',
  diffId: JRE,
  type: 'jar',
  ...v,
});

const VULNS: ScannedVuln[] = [
  vuln({
    id: 'CVE-2021-44228',
    pkg: 'log4j-core',
    purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
    installed: '2.14.1',
    fixed: ['2.15.0', '2.12.2'],
    severity: 'critical',
  }),
  // Several release lines: 1.3.16 is on the line of the 1.3.15 fix.
  vuln({
    id: 'CVE-2022-42003',
    pkg: 'jackson-databind',
    purl: 'pkg:maven/com.fasterxml/jackson-databind@1.3.10',
    installed: '1.3.10',
    fixed: ['1.5.13', '1.3.15'],
  }),
  // 1.4.0 is past 1.3.15 but below 1.5.13, on neither line: not decided.
  vuln({
    id: 'CVE-2023-0001',
    pkg: 'netty',
    purl: 'pkg:maven/io.netty/netty@1.3.1',
    installed: '1.3.1',
    fixed: ['1.5.13', '1.3.15'],
  }),
  // The fix is newer than what the patch brings.
  vuln({
    id: 'CVE-2022-1471',
    pkg: 'snakeyaml',
    purl: 'pkg:maven/org.yaml/snakeyaml@1.30',
    installed: '1.30',
    fixed: ['2.0'],
  }),
  // No fix at all.
  vuln({
    id: 'CVE-2024-0002',
    pkg: 'commons-text',
    purl: 'pkg:maven/org.apache.commons/commons-text@1.9',
    installed: '1.9',
    severity: 'medium',
  }),
  // In a layer the plan does not swap.
  vuln({
    id: 'CVE-2024-0003',
    pkg: 'express',
    purl: 'pkg:npm/express@4.17.1',
    installed: '4.17.1',
    fixed: ['4.19.2'],
    diffId: DEPS,
    type: 'node-pkg',
  }),
  // The patch layer's SBOM does not list it.
  vuln({ id: 'CVE-2024-0004', pkg: 'gone', purl: 'pkg:maven/x/gone@1.0', fixed: ['1.1'] }),
  // Found without a purl: matched by name; the JRE itself, ordered by numeric segments.
  vuln({
    id: 'CVE-2023-22081',
    pkg: 'bellsoft-jre',
    installed: '17.0.8',
    fixed: ['17.0.9'],
    severity: 'medium',
    type: 'binary',
  }),
  // Versions that cannot be ordered.
  vuln({
    id: 'CVE-2024-0005',
    pkg: 'weird',
    purl: 'pkg:maven/x/weird@build%206',
    installed: 'build 6',
    fixed: ['build 7'],
  }),
  // Qualifiers Maven orders as strings: 32.0.1-jre ≥ 32.0.1-android, on the installed 32.x line.
  vuln({
    id: 'CVE-2023-2976',
    pkg: 'guava',
    purl: 'pkg:maven/com.google.guava/guava@32.0.0-android',
    installed: '32.0.0-android',
    fixed: ['32.0.1-android'],
    severity: 'low',
  }),
];

const image = (vulns: ScannedVuln[], over: Partial<ScannedImage> = {}): ScannedImage => ({
  name: 'ghcr.io/acme/app:1',
  imageId: CONFIG,
  repoDigests: [`ghcr.io/acme/app@${MANIFEST}`],
  diffIds: facts.diffIds,
  vulns,
  ...over,
});

const parse = (doc: unknown, file = 'trivy.json') => parseVulnerabilityReport(JSON.stringify(doc), file);

describe.each([
  ['Trivy', (i: ScannedImage) => parse(trivyReport(i), 'trivy.json')],
  ['Grype', (i: ScannedImage) => parse(grypeReport(i), 'grype.json')],
])('a %s report', (_, read) => {
  const out = assessPlatform([read(image(VULNS))], facts);
  const state = (id: string) =>
    out.fixed.some((f) => f.id === id)
      ? 'fixed'
      : out.open.some((f) => f.id === id)
        ? 'open'
        : out.undecided.some((f) => f.id === id)
          ? 'undecided'
          : 'absent';

  test('fixed: at or above every fixed version, or above the one on its release line', () => {
    expect(state('CVE-2021-44228')).toBe('fixed');
    expect(state('CVE-2022-42003')).toBe('fixed');
    expect(state('CVE-2023-22081')).toBe('fixed');
    expect(state('CVE-2023-2976')).toBe('fixed');
    const log4j = out.fixed.find((f) => f.id === 'CVE-2021-44228')!;
    expect(log4j).toMatchObject({
      severity: 'critical',
      package: 'log4j-core',
      from: '2.14.1',
      to: '2.17.1',
      scheme: 'maven',
    });
    expect(log4j.fixedIn).toEqual(['2.15.0', '2.12.2']);
    expect(out.fixed.find((f) => f.id === 'CVE-2023-22081')!.scheme).toBe('generic');
  });

  test('open: a fix newer than the patch, or no fix', () => {
    expect(state('CVE-2022-1471')).toBe('open');
    expect(out.open.find((f) => f.id === 'CVE-2022-1471')!.reason).toBe(
      '1.33 < 2.0, the lowest fix above 1.30',
    );
    expect(state('CVE-2024-0002')).toBe('open');
    expect(out.open.find((f) => f.id === 'CVE-2024-0002')!.reason).toBe('no fix released');
  });

  test('undecided: between release lines, not in the new SBOM, or versions that cannot be ordered', () => {
    expect(state('CVE-2023-0001')).toBe('undecided');
    expect(state('CVE-2024-0004')).toBe('undecided');
    expect(out.undecided.find((f) => f.id === 'CVE-2024-0004')!.reason).toMatch(/does not list it/);
    expect(state('CVE-2024-0005')).toBe('undecided');
  });

  test('a vulnerability in a layer that is not swapped is untouched', () => {
    expect(state('CVE-2024-0003')).toBe('absent');
    expect(out.untouched).toBe(1);
  });

  test('findings are ordered by severity, then id', () => {
    expect(out.fixed.map((f) => f.id)).toEqual([
      'CVE-2021-44228',
      'CVE-2022-42003',
      'CVE-2023-22081',
      'CVE-2023-2976',
    ]);
  });
});

test('a package also found in a kept layer stays open: the image still has it', () => {
  const v = vuln({
    id: 'CVE-2021-44228',
    pkg: 'log4j-core',
    purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
    installed: '2.14.1',
    fixed: ['2.15.0'],
    alsoIn: [DEPS],
  });
  const grype = assessPlatform([parse(grypeReport(image([v])), 'g.json')], facts);
  expect(grype.fixed).toEqual([]);
  expect(grype.open[0]!.reason).toMatch(
    /^2\.17\.1 ≥ 2\.15\.0 on the 2\.x line here, but log4j-core 2\.14\.1 is also in layer [0-9a-f]{12}, which the plan keeps$/,
  );
  // Trivy reports the second copy as its own entry.
  const trivy = assessPlatform(
    [
      parse(
        trivyReport(
          image([
            { ...v, alsoIn: [] },
            { ...v, alsoIn: [], diffId: DEPS },
          ]),
        ),
      ),
    ],
    facts,
  );
  expect(trivy.fixed).toEqual([]);
  expect(trivy.open).toHaveLength(1);
});

test('a package found in the SBOM layer is judged by the swapped layer whose SBOM listed it', () => {
  const withBefore: PlatformFacts = {
    ...facts,
    swapped: [
      {
        ...facts.swapped[0]!,
        before: [
          {
            name: 'log4j-core',
            version: '2.14.1',
            purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
          },
        ],
      },
    ],
  };
  const inSbom = vuln({
    id: 'CVE-2021-44228',
    pkg: 'log4j-core',
    purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
    installed: '2.14.1',
    fixed: ['2.15.0'],
    diffId: SBOM,
  });
  const other = vuln({
    id: 'CVE-2024-0009',
    pkg: 'app-lib',
    purl: 'pkg:maven/acme/app-lib@1.0',
    fixed: ['1.1'],
    diffId: SBOM,
  });
  const out = assessPlatform([parse(trivyReport(image([inSbom, other])))], withBefore);
  expect(out.fixed.map((f) => f.id)).toEqual(['CVE-2021-44228']);
  expect(out.untouched).toBe(1);
});

test('Trivy and Grype reporting the same vulnerability: one finding, both reports, the less certain answer', () => {
  const v = VULNS[0]!;
  const out = assessPlatform(
    [parse(trivyReport(image([v])), 't.json'), parse(grypeReport(image([v])), 'g.json')],
    facts,
  );
  expect(out.fixed).toHaveLength(1);
  expect(out.fixed[0]!.reports).toEqual(['t.json', 'g.json']);
  const stale = parse(grypeReport(image([{ ...v, fixed: ['3.0.0'] }])), 'g2.json');
  const mixed = assessPlatform([parse(trivyReport(image([v])), 't.json'), stale], facts);
  expect(mixed.fixed).toEqual([]);
  expect(mixed.open).toHaveLength(1);
});

describe('which image a report describes', () => {
  const index = d('index');
  const arm: PlatformFacts = {
    ...facts,
    configDigest: d('config arm64'),
    manifestDigest: d('manifest arm64'),
    diffIds: [RUN, d('jre arm')],
    indexDigest: index,
  };
  const amd: PlatformFacts = { ...facts, indexDigest: index };

  test('by config digest (ImageID), whatever the repo digests say', () => {
    const r = parse(trivyReport(image([], { repoDigests: [`ghcr.io/acme/app@${index}`] })));
    expect(describes(r, amd)).toBe(true);
    expect(describes(r, arm)).toBe(false);
  });

  test('by platform manifest digest, or by the index digest plus the layers scanned', () => {
    const byManifest: VulnerabilityReport = { ...parse(trivyReport(image([]))), manifestDigests: [MANIFEST] };
    delete byManifest.imageId;
    expect(describes(byManifest, amd)).toBe(true);
    const byIndex: VulnerabilityReport = {
      file: 'x',
      format: 'trivy',
      manifestDigests: [index],
      diffIds: arm.diffIds,
      vulnerabilities: [],
    };
    expect(describes(byIndex, arm)).toBe(true);
    expect(describes(byIndex, amd)).toBe(false);
    expect(describes({ ...byIndex, diffIds: [] }, arm)).toBe(false);
  });

  test('one report per platform of an index: each platform gets its own findings', () => {
    const armVuln = vuln({ ...VULNS[0]!, diffId: d('jre arm') });
    const amdReport = parse(trivyReport(image([VULNS[0]!])), 'amd64.json');
    const armReport = parse(
      trivyReport(image([armVuln], { imageId: arm.configDigest, diffIds: arm.diffIds })),
      'arm64.json',
    );
    const armFacts: PlatformFacts = {
      ...arm,
      swapped: [{ ...facts.swapped[0]!, from: d('jre arm'), after: [after[0]!] }],
    };
    const a = assessPlatform([amdReport, armReport], amd);
    const b = assessPlatform([amdReport, armReport], armFacts);
    expect(a.reports).toEqual(['amd64.json']);
    expect(b.reports).toEqual(['arm64.json']);
    expect(a.fixed.map((f) => f.id)).toEqual(['CVE-2021-44228']);
    // The arm64 patch layer's SBOM does not list log4j: not decided, never "fixed".
    expect(b.fixed).toEqual([]);
    expect(b.undecided.map((f) => f.id)).toEqual(['CVE-2021-44228']);
  });
});

describe('malformed reports fail naming the file, the key and the value', () => {
  const trivy = trivyReport(image([VULNS[0]!])) as {
    Results: { Vulnerabilities?: Record<string, unknown>[] }[];
  };
  test.each<[string, string, RegExp]>([
    ['not JSON', '{"SchemaVersion": 2,', /^vulnerability report r\.json: is not JSON/],
    ['an old Trivy schema', '{"SchemaVersion": 1, "Results": []}', /at SchemaVersion: must be 2 .*\(got 1\)/],
    [
      'neither format',
      '{"bomFormat": "CycloneDX"}',
      /neither a Trivy JSON report .* nor a Grype JSON report/,
    ],
    ['an array', '[]', /must be a JSON object/],
    [
      'Results not a list',
      '{"SchemaVersion": 2, "Results": {}}',
      /at Results: must be an array \(got \{\}\)/,
    ],
    [
      'a vulnerability without an id',
      JSON.stringify({ ...trivy, Results: [{ Vulnerabilities: [{ PkgName: 'x', InstalledVersion: '1' }] }] }),
      /at Results\[0\]\.Vulnerabilities\[0\]\.VulnerabilityID: is missing/,
    ],
    [
      'a layer that is no digest',
      JSON.stringify({
        ...trivy,
        Results: [
          { Vulnerabilities: [{ VulnerabilityID: 'CVE-1', PkgName: 'x', Layer: { DiffID: 'sha256:zz' } }] },
        ],
      }),
      /at Results\[0\]\.Vulnerabilities\[0\]\.Layer\.DiffID: is not a digest .*\(got "sha256:zz"\)/,
    ],
    ['Grype matches not a list', '{"matches": 3}', /at matches: must be an array \(got 3\)/],
    [
      'nested too deeply',
      `{"SchemaVersion": 2, "x": ${'['.repeat(100)}${']'.repeat(100)}}`,
      /nested too deeply/,
    ],
  ])('%s', (_, text, message) => {
    expect(() => parseVulnerabilityReport(text, 'r.json')).toThrow(message);
  });
});

describe('the OpenVEX document', () => {
  const amdAfter = d('new amd64');
  const armAfter = d('new arm64');
  const indexAfter = d('new index');
  const report = parse(
    grypeReport(
      image([{ ...VULNS[0]!, id: 'GHSA-jfh8-c2jp-5v3q', related: ['CVE-2021-44228'] }, VULNS[1]!, VULNS[3]!]),
    ),
    'grype.json',
  );
  const platform = (
    name: string,
    digestAfter: Digest,
    vulnerabilities: ReturnType<typeof assessPlatform>,
  ): PlatformResult =>
    ({
      platform: name,
      digestBefore: d(`old ${name}`),
      digestAfter,
      vulnerabilities,
      plan: {},
    }) as unknown as PlatformResult;
  const amdFindings = assessPlatform([report], facts);
  // arm64's patch keeps the vulnerable jackson-databind.
  const jackson = amdFindings.fixed.find((f) => f.id === 'CVE-2022-42003')!;
  const armFindings = {
    ...amdFindings,
    fixed: amdFindings.fixed.filter((f) => f !== jackson),
    open: [...amdFindings.open, { ...jackson, state: 'open' as const, to: '1.3.10', reason: 'still 1.3.10' }],
  };
  const result = (images: Partial<ImageResult>[]): RunResult =>
    ({
      dryRun: false,
      startedAt: '2026-12-01T02:03:04.567Z',
      images,
      warnings: [],
      patchCount: 1,
      sources: [],
      durationMs: 1,
    }) as RunResult;
  const platforms = [
    platform('linux/amd64', amdAfter, amdFindings),
    platform('linux/arm64', armAfter, armFindings),
  ];
  const multi: Partial<ImageResult> = {
    input: 'ghcr.io/acme/app:1',
    status: 'patched',
    changed: true,
    digest: indexAfter,
    tags: ['ghcr.io/acme/app:1'],
    platforms,
    vulnerabilities: assessImage(platforms)!,
  };

  test('meets the specification: one fixed statement per vulnerability, stable order, products as OCI purls', () => {
    const vex = buildVex(result([multi]), '1.0.0');
    expect(openVexErrors(vex)).toEqual([]);
    expect(vex.timestamp).toBe('2026-12-01T02:03:04.567Z');
    // The GHSA and its CVE are one vulnerability, named by its CVE.
    expect(vex.statements.map((s) => s.vulnerability.name)).toEqual(['CVE-2021-44228', 'CVE-2022-42003']);
    const log4j = vex.statements[0]!;
    expect(log4j.status).toBe('fixed');
    expect(log4j.vulnerability.aliases).toEqual(['GHSA-jfh8-c2jp-5v3q']);
    // Fixed on both platforms: the index is named too.
    expect(log4j.products.map((p) => p['@id'])).toEqual(
      [
        imagePurl('ghcr.io/acme/app', amdAfter),
        imagePurl('ghcr.io/acme/app', armAfter),
        imagePurl('ghcr.io/acme/app', indexAfter),
      ].sort(),
    );
    expect(log4j.products[0]!.subcomponents).toEqual([
      { '@id': 'pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1' },
    ]);
    // Fixed on amd64 only: the index (whose arm64 image still has it) is not named.
    expect(vex.statements[1]!.products.map((p) => p['@id'])).toEqual([
      imagePurl('ghcr.io/acme/app', amdAfter),
    ]);
    expect(imagePurl('ghcr.io/acme/app', amdAfter)).toBe(
      `pkg:oci/app@sha256%3A${amdAfter.slice(7)}?repository_url=ghcr.io%2Facme%2Fapp`,
    );
    // Open ones (snakeyaml) are never stated.
    expect(JSON.stringify(vex)).not.toContain('snakeyaml');
  });

  test('the same inputs give the same document; unapplied images give no statements', () => {
    expect(JSON.stringify(buildVex(result([multi]), '1.0.0'))).toBe(
      JSON.stringify(buildVex(result([multi]), '1.0.0')),
    );
    const refused = buildVex(result([{ ...multi, status: 'refused', changed: false }]), '1.0.0');
    expect(refused.statements).toEqual([]);
    // A dry run pushed nothing: its digests are stated nothing of.
    const dry = buildVex(
      { ...result([{ ...multi, status: 'planned', changed: false }]), dryRun: true },
      '1.0.0',
    );
    expect(dry.statements).toEqual([]);
    expect(openVexErrors(refused)).toEqual([]);
    expect(imagePurl('docker.io/library/app', amdAfter)).toContain(
      'repository_url=index.docker.io%2Flibrary%2Fapp',
    );
  });

  test('the checker itself catches what the specification forbids', () => {
    const vex = buildVex(result([multi]), '1.0.0') as unknown as Record<string, unknown>;
    expect(openVexErrors({ ...vex, '@context': 'https://openvex.dev/ns/v0.1.0' })).toHaveLength(1);
    expect(openVexErrors({ ...vex, version: 0 })).toHaveLength(1);
    expect(openVexErrors({ ...vex, timestamp: 'yesterday' })).toHaveLength(1);
    expect(
      openVexErrors({ ...vex, statements: [{ vulnerability: {}, products: [], status: 'done' }] }),
    ).toHaveLength(3);
    expect(
      openVexErrors({
        ...vex,
        statements: [{ vulnerability: { name: 'x' }, products: [{ '@id': 'p' }], status: 'not_affected' }],
      }),
    ).toHaveLength(1);
  });
});
