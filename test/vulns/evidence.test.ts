/**
 * The rule behind every `fixed`: a review reproduced nine ways the tool stated a vulnerability fixed
 * that the image still had (issue "Evidence that cannot lie"). Each has its case here, beside a positive
 * control: the conservative rule must not turn into "never fixed".
 */
import { describe, expect, test } from 'vitest';
import type { Component } from '../../src/cnb/sbom-diff.js';
import type { Digest } from '../../src/oci/digest.js';
import { requireFixHold } from '../../src/rebase/vuln-step.js';
import { renderComment } from '../../src/report/comment.js';
import { imagesOutput } from '../../src/report/json.js';
import { renderSummary } from '../../src/report/markdown.js';
import { emptyResult, type ImageResult, type PlatformResult, type RunResult } from '../../src/result.js';
import { canonicalId, statedAliases, trueAliases } from '../../src/vulns/aliases.js';
import { assessPlatform, type PlatformVulnerabilities } from '../../src/vulns/assess.js';
import { inRange, parseRange } from '../../src/vulns/constraint.js';
import { assessImage } from '../../src/vulns/image.js';
import { judgeVersion, releaseLine } from '../../src/vulns/judge.js';
import { parseVulnerabilityReport } from '../../src/vulns/reports.js';
import { comparatorFor } from '../../src/vulns/versions.js';
import { buildVex } from '../../src/vulns/vex.js';
import { emptyPlan } from '../fixtures/results.js';
import { trivyReport } from '../fixtures/scans.js';
import {
  d,
  JRE,
  NODE,
  DEPS,
  SBOM,
  log4j,
  facts,
  vuln,
  scan,
  trivy,
  grype,
  stateOf,
} from '../fixtures/evidence.js';

const LIB = 'pkg:maven/acme/lib';
const lib = (version: string): Component => ({ name: 'lib', version, purl: `${LIB}@${version}` });

/** One library's judgement through the whole assessment: installed → the patch layer's version. */
function judgeLib(installed: string, fixed: string[], to: string, ranges?: string[]) {
  const v = vuln({ id: 'CVE-2099-0001', pkg: 'lib', purl: `${LIB}@${installed}`, installed, fixed });
  const f = facts({
    swapped: [{ target: 'example/jvm/jre', from: JRE, before: [lib(installed)], after: [lib(to)] }],
  });
  const report = ranges
    ? grype([v], 'grype.json', (doc) => {
        doc.matches[0]!.matchDetails = ranges.map((r) => ({ found: { versionConstraint: r } }));
      })
    : trivy([v]);
  const out = assessPlatform([report], f);
  const finding = [...out.fixed, ...out.open, ...out.undecided][0]!;
  return { state: finding.state, reason: finding.reason };
}

describe("1. the fix must be on the installed version's release line", () => {
  test('a fix of another line does not count: 2.0.1 → 2.0.3 with only 1.2.3 fixed is undecided', () => {
    expect(judgeLib('2.0.1', ['1.2.3'], '2.0.3')).toEqual({
      state: 'undecided',
      reason: 'no fixed version above the installed 2.0.1 (fixed in 1.2.3: other release lines)',
    });
  });

  test('below the lowest fix above the installed version: 2.6.0 → 2.7.0 with 2.0, 3.1 is open', () => {
    expect(judgeLib('2.6.0', ['2.0', '3.1'], '2.7.0')).toEqual({
      state: 'open',
      reason: '2.7.0 < 3.1, the lowest fix above 2.6.0',
    });
  });

  test('moving into another line: 1.0.0 → 2.0.3 with 1.2.3 fixed is undecided', () => {
    expect(judgeLib('1.0.0', ['1.2.3'], '2.0.3').state).toBe('undecided');
    expect(judgeLib('1.0.0', ['1.2.3'], '2.0.3').reason).toMatch(/leaves the installed 1\.0\.0's 1\.x line/);
  });

  test('positive controls: a same-line fix reached is fixed, also past it and between fixes of other lines', () => {
    expect(judgeLib('2.14.1', ['2.15.0', '2.12.2'], '2.17.1')).toEqual({
      state: 'fixed',
      reason: '2.17.1 ≥ 2.15.0 on the 2.x line',
    });
    expect(judgeLib('1.3.10', ['1.5.13', '1.3.15'], '1.3.16').state).toBe('fixed');
    expect(judgeLib('2.14.1', ['2.15.0', '3.0.1'], '2.16.0').state).toBe('fixed');
    // 1.4.0 is past 1.3.15 but 1.5.13 fixes the 1.4/1.5 line: not proven.
    expect(judgeLib('1.3.10', ['1.5.13', '1.3.15'], '1.4.0').state).toBe('undecided');
    // 0.x: the minor is the line.
    expect(judgeLib('0.9.1', ['0.9.5'], '0.9.5').state).toBe('fixed');
    expect(judgeLib('0.9.1', ['0.9.5'], '0.10.0').state).toBe('undecided');
  });

  test("a report's vulnerable range decides, whatever the line rule says", () => {
    // snakeyaml 1.x has no fix; 2.0 is outside Grype's range: fixed, though it leaves the 1.x line.
    expect(judgeLib('1.30', ['2.0'], '2.0', ['< 2.0 (maven)'])).toEqual({
      state: 'fixed',
      reason: '2.0 is outside the vulnerable range < 2.0 (maven)',
    });
    expect(judgeLib('1.30', ['2.0'], '2.0').state).toBe('undecided');
    // Inside the range: open, even where the fixed versions alone would say fixed.
    expect(
      judgeLib('2.14.1', ['2.15.0'], '2.16.0', ['>= 2.0-beta9, < 2.15.0 || >= 2.16.0, < 2.16.1 (maven)']),
    ).toMatchObject({ state: 'open' });
    // A range that does not hold the installed version is not this finding's: undecided.
    expect(judgeLib('2.14.1', ['2.15.0'], '2.17.1', ['< 2.0 (maven)']).state).toBe('undecided');
    // A range in an order we do not share with Grype is not used: the line rule decides.
    expect(judgeLib('2.14.1', ['2.15.0'], '2.17.1', ['< 2.15.0 (unknown)']).state).toBe('fixed');
    expect(judgeLib('2.0.1', ['1.2.3'], '2.0.3', ['< 1.2.3 (unknown)']).state).toBe('undecided');
  });

  test('release lines by scheme', () => {
    expect(releaseLine('17.0.9+7', 'generic')).toBe('17.x');
    expect(releaseLine('0.21.3', 'npm')).toBe('0.21.x');
    expect(releaseLine('1:2.36-9+deb12u4', 'deb')).toBe('1:2.x');
    expect(releaseLine('2.36-9+deb12u4', 'deb')).toBe('2.x');
    expect(releaseLine('go1.21.3', 'golang', 'stdlib')).toBe('1.21.x');
    expect(releaseLine('v1.21.3', 'golang', 'golang.org/x/net')).toBe('1.x');
    expect(releaseLine('1!2.0', 'pypi')).toBe('1!2.x');
    expect(releaseLine('RELEASE', 'maven')).toBeUndefined();
    const { compare } = comparatorFor('golang');
    const go = (to: string) =>
      judgeVersion(to, {
        installed: 'go1.21.3',
        fixedIn: ['1.21.5', '1.20.12'],
        ranges: [],
        scheme: 'golang',
        compare,
        package: 'stdlib',
      });
    expect(go('go1.21.5').state).toBe('fixed');
    expect(go('go1.22.0').state).toBe('undecided');
  });

  test('Grype constraints parse as Grype writes them', () => {
    const r = parseRange('>= 2.0-beta9, < 2.3.1 || >= 2.4, < 2.12.2 || >= 2.13.0, < 2.15.0 (maven)')!;
    expect(r.format).toBe('maven');
    expect(r.alternatives).toHaveLength(3);
    const { compare } = comparatorFor('maven');
    expect(inRange(r, '2.14.1', compare)).toBe(true);
    expect(inRange(r, '2.12.2', compare)).toBe(false);
    expect(inRange(r, '2.17.1', compare)).toBe(false);
    expect(parseRange('none (unknown)')).toBeUndefined();
    expect(parseRange('< 2.0,, > 1 (maven)')).toBeUndefined();
    expect(parseRange('~> 2.0 (gem)')).toBeUndefined();
  });
});

describe('2. every copy: a finding in the SBOM layer belongs to a swapped layer only when provable', () => {
  const inSbom = vuln({ diffId: SBOM, fixed: ['2.15.0'] });

  test("a kept layer's SBOM lists the installed version: not the JRE's, open, never fixed", () => {
    // The JRE's old SBOM lists 2.17.0; a kept layer's lists the reported 2.14.1.
    const f = facts({
      swapped: [
        { target: 'example/jvm/jre', from: JRE, before: [log4j('2.17.0')], after: [log4j('2.17.1')] },
      ],
      keptSbom: [log4j('2.14.1')],
    });
    const out = assessPlatform([trivy([inSbom])], f);
    expect(out.fixed).toEqual([]);
    expect(out.elsewhere).toEqual(['CVE-2021-44228']);
    // And when the JRE listed it too: the kept copy keeps it open.
    const both = assessPlatform([trivy([inSbom])], facts({ keptSbom: [log4j('2.14.1')] }));
    expect(stateOf(both, 'CVE-2021-44228')).toEqual(['open']);
    expect(both.open[0]!.reason).toMatch(/but the SBOM of a layer the plan keeps lists log4j-core 2\.14\.1$/);
  });

  test("a kept layer's SBOM lists the package at another version: not tied to one layer, undecided", () => {
    const out = assessPlatform([trivy([inSbom])], facts({ keptSbom: [log4j('2.20.0')] }));
    expect(stateOf(out, 'CVE-2021-44228')).toEqual(['undecided']);
  });

  test('positive control: only the swapped layer lists it at the installed version → judged there, fixed', () => {
    const out = assessPlatform([trivy([inSbom])], facts({ keptSbom: [lib('1.0')] }));
    expect(stateOf(out, 'CVE-2021-44228')).toEqual(['fixed']);
    expect(out.fixed[0]!.target).toBe('example/jvm/jre');
  });
});

describe('3. two swapped layers carry the package: both must be fixed', () => {
  const two = facts({
    swapped: [
      { target: 'example/jvm/jre', from: JRE, before: [log4j('2.14.1')], after: [log4j('2.17.1')] },
      { target: 'example/node/node', from: NODE, before: [log4j('2.14.1')], after: [log4j('2.14.1')] },
    ],
  });

  test('one patch fixes it, the other keeps 2.14.1: open on the platform, for both rows', () => {
    const out = assessPlatform([trivy([vuln({}), vuln({ diffId: NODE })])], two);
    expect(out.fixed).toEqual([]);
    expect(out.open.map((f) => f.target)).toEqual(['example/jvm/jre', 'example/node/node']);
    expect(out.open[0]!.reason).toMatch(
      /^2\.17\.1 ≥ 2\.15\.0 on the 2\.x line here, but open in example\/node\/node/,
    );
    const image = assessImage([{ platform: 'linux/amd64', vulnerabilities: out }])!;
    expect(image.fixed).toEqual([]);
    expect(
      requireFixHold({ platforms: [platformResult('linux/amd64', out)], vulnerabilities: image }, 'critical'),
    ).toMatchObject({ warn: false });
  });

  test('positive control: both patches fix it → fixed, and require-fix lets it through', () => {
    const fixedBoth = facts({
      swapped: two.swapped.map((s) => ({ ...s, after: [log4j('2.17.1')] })),
    });
    const out = assessPlatform([trivy([vuln({}), vuln({ diffId: NODE })])], fixedBoth);
    expect(out.fixed).toHaveLength(2);
    const image = assessImage([{ platform: 'linux/amd64', vulnerabilities: out }])!;
    expect(image.fixed.map((f) => f.id)).toEqual(['CVE-2021-44228']);
    expect(
      requireFixHold({ platforms: [platformResult('linux/amd64', out)], vulnerabilities: image }, 'critical'),
    ).toBeUndefined();
  });
});

describe('4. aliases are one vulnerability', () => {
  test("Trivy's CVE in the JRE, Grype's GHSA of it also in a kept layer: the CVE is open", () => {
    const t = trivy([vuln({})]);
    const g = grype([vuln({ id: 'GHSA-jfh8-c2jp-5v3q', related: ['CVE-2021-44228'], alsoIn: [DEPS] })]);
    const out = assessPlatform([t, g], facts());
    expect(out.fixed).toEqual([]);
    expect(out.open).toHaveLength(1);
    expect(out.open[0]).toMatchObject({ id: 'CVE-2021-44228', aliases: ['GHSA-jfh8-c2jp-5v3q'] });
    expect(out.open[0]!.reports).toEqual(['trivy.json', 'grype.json']);
  });

  test('ids are one vulnerability however a report spells them (cve-…, ghsa-…)', () => {
    const t = trivy([vuln({})]);
    const g = grype([vuln({ id: 'ghsa-JFH8-C2JP-5V3Q', related: ['cve-2021-44228'], alsoIn: [DEPS] })]);
    const out = assessPlatform([t, g], facts());
    expect(stateOf(out, 'CVE-2021-44228')).toEqual(['open']);
    expect(out.open[0]).toMatchObject({ id: 'CVE-2021-44228', aliases: ['GHSA-jfh8-c2jp-5v3q'] });
    expect(canonicalId('go-2022-0001')).toBe('GO-2022-0001');
    expect(canonicalId('ALAS-2023-1234')).toBe('ALAS-2023-1234');
  });

  test('positive control: both fixed in the JRE alone → one fixed finding, named by its CVE', () => {
    const t = trivy([vuln({})]);
    const g = grype([vuln({ id: 'GHSA-jfh8-c2jp-5v3q', related: ['CVE-2021-44228'] })]);
    const out = assessPlatform([t, g], facts());
    expect(out.fixed).toHaveLength(1);
    expect(out.fixed[0]).toMatchObject({ id: 'CVE-2021-44228', aliases: ['GHSA-jfh8-c2jp-5v3q'] });
  });

  test('distro advisories relate to many CVEs: never merged, never an alias', () => {
    expect(trueAliases('ALAS-2023-1234', ['CVE-2023-11111', 'CVE-2023-22222'])).toEqual([]);
    expect(trueAliases('RHSA-2023:1234', ['CVE-2023-11111'])).toEqual([]);
    expect(trueAliases('DSA-5555-1', ['CVE-2023-11111'])).toEqual([]);
    expect(trueAliases('CVE-2023-11111', ['ALAS-2023-1234', 'GHSA-jfh8-c2jp-5v3q'])).toEqual([
      'GHSA-jfh8-c2jp-5v3q',
    ]);
    // A GHSA that relates to two CVEs links both for judging (conservative), but no CVE is named as
    // another's alias, and such a group names no aliases at all.
    expect(trueAliases('GHSA-jfh8-c2jp-5v3q', ['CVE-2023-11111', 'CVE-2023-22222'])).toEqual([
      'CVE-2023-11111',
      'CVE-2023-22222',
    ]);
    expect(
      statedAliases('CVE-2023-11111', ['CVE-2023-11111', 'CVE-2023-22222', 'GHSA-jfh8-c2jp-5v3q']),
    ).toEqual([]);
    expect(statedAliases('CVE-2021-44228', ['CVE-2021-44228', 'GHSA-jfh8-c2jp-5v3q'])).toEqual([
      'GHSA-jfh8-c2jp-5v3q',
    ]);
    // An advisory open in a kept layer does not turn the CVE it relates to open, nor join it.
    const g = grype([
      vuln({}),
      vuln({ id: 'ALAS-2021-1234', related: ['CVE-2021-44228', 'CVE-2021-45046'], diffId: DEPS }),
    ]);
    const out = assessPlatform([g], facts());
    expect(out.fixed.map((f) => [f.id, f.aliases])).toEqual([['CVE-2021-44228', []]]);
    expect(out.elsewhere).toEqual(['ALAS-2021-1234']);
  });
});

describe('5. and 6. version orders as the reference tools order them', () => {
  test('Maven 3.8.7+: 1.0.0.RC1 < 1.0.0-RC2, so an RC1 patch does not fix what RC2 fixed', () => {
    const { compare } = comparatorFor('maven');
    expect(compare('1.0.0.RC1', '1.0.0-RC2')).toBeLessThan(0);
    expect(judgeLib('1.0.0-RC1', ['1.0.0-RC2'], '1.0.0.RC1').state).not.toBe('fixed');
  });

  test('rpm: a version without release is not equal to a build of it', () => {
    const { compare } = comparatorFor('rpm');
    expect(compare('3.0.7', '3.0.7-27.el9')).toBeUndefined();
    const v = vuln({
      id: 'CVE-2023-0286',
      pkg: 'openssl',
      purl: 'pkg:rpm/redhat/openssl@3.0.7-25.el9',
      installed: '3.0.7-25.el9',
      fixed: ['3.0.7-27.el9'],
      type: 'redhat',
    });
    const rpm = (version: string): Component => ({
      name: 'openssl',
      version,
      purl: `pkg:rpm/redhat/openssl@${version}`,
    });
    const f = (to: string) =>
      facts({
        swapped: [{ target: 'example/jvm/jre', from: JRE, before: [rpm('3.0.7-25.el9')], after: [rpm(to)] }],
      });
    expect(stateOf(assessPlatform([trivy([v])], f('3.0.7')), 'CVE-2023-0286')).toEqual(['undecided']);
    expect(stateOf(assessPlatform([trivy([v])], f('3.0.7-27.el9')), 'CVE-2023-0286')).toEqual(['fixed']);
  });
});

function platformResult(platform: string, vulnerabilities: PlatformVulnerabilities, digestAfter?: Digest) {
  return {
    platform,
    digestBefore: d(`old ${platform}`),
    digestAfter: digestAfter ?? d(`new ${platform}`),
    vulnerabilities,
    plan: emptyPlan('ghcr.io/acme/app:1', platform.split('/')[1]),
  } as unknown as PlatformResult;
}

describe('7. an index fixes only what every platform fixes', () => {
  const amd = assessPlatform([trivy([vuln({})])], facts());
  const armFacts = facts({
    configDigest: d('config arm64'),
    swapped: [{ target: 'example/jvm/jre', from: JRE, before: [log4j('2.14.1')], after: [log4j('2.14.1')] }],
  });
  const armReport = parseVulnerabilityReport(
    JSON.stringify(trivyReport({ ...scan([vuln({})]), imageId: armFacts.configDigest })),
    'arm64.json',
  );
  const arm = assessPlatform([armReport], armFacts);
  const platforms = [platformResult('linux/amd64', amd), platformResult('linux/arm64', arm)];
  const image = {
    ...emptyResult('ghcr.io/acme/app:1'),
    digestBefore: d('old index'),
    durationMs: 100,
    status: 'patched',
    changed: true,
    digest: d('new index'),
    result: `ghcr.io/acme/app@${d('new index')}`,
    tags: ['ghcr.io/acme/app:1'],
    platforms,
    warnings: [],
    vulnerabilities: assessImage(platforms)!,
  } as unknown as ImageResult;
  const run: RunResult = {
    dryRun: false,
    startedAt: '2026-12-01T00:00:00.000Z',
    images: [image],
    warnings: [],
    patchCount: 1,
    sources: ['patches.json'],
    durationMs: 1000,
    vulnerabilityReports: ['trivy.json', 'arm64.json'],
  };

  test('fixed on amd64, open on arm64: the image does not fix it (outputs, require-fix); the VEX names amd64 only', () => {
    expect(stateOf(amd, 'CVE-2021-44228')).toEqual(['fixed']);
    expect(image.vulnerabilities!.fixed).toEqual([]);
    expect(image.vulnerabilities!.open[0]).toMatchObject({
      id: 'CVE-2021-44228',
      fixedOn: ['linux/amd64'],
      reason: 'open: still 2.14.1 on linux/arm64',
    });
    expect(JSON.parse(imagesOutput(run))[0].fixed).toEqual([]);
    expect(requireFixHold(image, 'critical')).toMatchObject({ warn: false });
    const vex = buildVex(run, '1.0.0');
    expect(vex.statements.flatMap((s) => s.products.map((p) => p['@id']))).toEqual([
      expect.stringContaining(encodeURIComponent(d('new linux/amd64'))),
    ]);
    // The summary and the PR comment say it as the outputs do: not fixed by the image, fixed on amd64 only.
    const summary = renderSummary(run);
    expect(summary).toContain('fixes none reported');
    expect(summary).toMatch(/Fixed on some platforms only, so not for the image\*\* \(1\)/);
    expect(summary).not.toMatch(/fix(es)? 1 \(1 critical\)/);
    const comment = renderComment(run, { key: 'k' });
    expect(comment).not.toMatch(/fix(es|ed)? 1 \(1 critical\)/);
    expect(comment).toMatch(/no reported vulnerability/);
  });

  test('a platform no report describes, or whose report does not list it, leaves the claim undecided', () => {
    const none = assessImage([platformResult('linux/amd64', amd), { platform: 'linux/arm64' }])!;
    expect(none.undecided[0]!.reason).toBe('no vulnerability report describes linux/arm64');
    const silent = assessImage([
      platformResult('linux/amd64', amd),
      platformResult('linux/arm64', { ...arm, open: [], elsewhere: [] }),
    ])!;
    expect(silent.fixed).toEqual([]);
    expect(silent.undecided[0]!.reason).toMatch(/linux\/arm64's reports do not list it/);
  });

  test('positive control: fixed on both platforms → fixed for the image, and the index is in the VEX', () => {
    const both = [platformResult('linux/amd64', amd), platformResult('linux/arm64', amd)];
    const whole = { ...image, platforms: both, vulnerabilities: assessImage(both)! };
    expect(whole.vulnerabilities.fixed.map((f) => f.reason)).toEqual([
      'fixed on every platform (linux/amd64, linux/arm64)',
    ]);
    const vex = buildVex({ ...run, images: [whole] }, '1.0.0');
    expect(vex.statements[0]!.products.map((p) => p['@id'])).toContainEqual(
      expect.stringContaining(encodeURIComponent(d('new index'))),
    );
  });
});

describe('8. a copy placed in no layer is counted', () => {
  test('Trivy "Layer": {} beside the JRE copy: undecided', () => {
    const doc = trivyReport(scan([vuln({}), vuln({})])) as {
      Results: { Vulnerabilities?: { Layer?: unknown }[] }[];
    };
    doc.Results.find((r) => r.Vulnerabilities)!.Vulnerabilities![1]!.Layer = {};
    const out = assessPlatform([parseVulnerabilityReport(JSON.stringify(doc), 't.json')], facts());
    expect(stateOf(out, 'CVE-2021-44228')).toEqual(['undecided']);
    expect(out.undecided[0]!.reason).toMatch(/also reported where no layer is named$/);
  });

  test('a Grype location without layerID: undecided', () => {
    const g = grype([vuln({})], 'g.json', (doc) => {
      doc.matches[0]!.artifact.locations.push({ path: '/app/lib/log4j-core.jar' });
    });
    expect(stateOf(assessPlatform([g], facts()), 'CVE-2021-44228')).toEqual(['undecided']);
  });

  test('positive control: every location in the JRE layer → fixed', () => {
    expect(stateOf(assessPlatform([grype([vuln({})])], facts()), 'CVE-2021-44228')).toEqual(['fixed']);
  });
});
