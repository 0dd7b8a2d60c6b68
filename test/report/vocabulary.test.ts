import { expect, test } from 'vitest';
import { renderComment } from '../../src/report/comment.js';
import { logLines } from '../../src/report/log-lines.js';
import { renderImage, renderSummary } from '../../src/report/markdown.js';
import { renderText } from '../../src/report/text.js';
import type { ImageResult, RunResult } from '../../src/result.js';
import { d, fixedFinding, swappedPlatform } from '../fixtures/results.js';
import { assessImage } from '../../src/vulns/image.js';

/** One app image whose JRE is swapped 17.0.8 → 17.0.9, fixing two reported vulnerabilities. */
function image(dryRun: boolean): ImageResult {
  const platforms: ImageResult['platforms'] = [
    {
      ...swappedPlatform({
        image: 'r.io/app:prod',
        buildpack: 'example/jvm',
        layer: 'jre',
        from: '17.0.8',
        to: '17.0.9',
        patchImage: 'r.io/jre:17.0.9',
        source: 'patches.json',
        sbomChanged: [{ name: 'log4j-core', from: '2.14.1', to: '2.17.1' }],
      }),
      vulnerabilities: {
        reports: ['trivy.json'],
        fixed: [
          fixedFinding('CVE-2021-44228', 'critical', 'example/jvm/jre'),
          fixedFinding('CVE-2021-45046', 'high', 'example/jvm/jre'),
        ],
        open: [],
        undecided: [],
        untouched: 0,
        elsewhere: [],
      },
    },
  ];
  return {
    input: 'r.io/app:prod',
    status: dryRun ? 'planned' : 'patched',
    changed: !dryRun,
    digestBefore: d('a'),
    digest: d('b'),
    result: `r.io/app@${d('b')}`,
    tags: ['r.io/app:prod'],
    warnings: [],
    transfers: { exists: 0, mounted: 1, copied: 0 },
    durationMs: 5,
    platforms,
    vulnerabilities: assessImage(platforms)!,
  };
}

function run(dryRun: boolean): RunResult {
  return {
    dryRun,
    startedAt: '2026-12-01T00:00:00.000Z',
    vulnerabilityReports: ['trivy.json'],
    images: [image(dryRun)],
    warnings: [],
    patchCount: 1,
    sources: ['patches.json'],
    durationMs: 1,
  };
}

/** Everything a person reads about one run: the CLI's text, the action log, the summary, the PR comment. */
function renderings(dryRun: boolean): { cli: string; log: string; summary: string; comment: string } {
  const result = run(dryRun);
  return {
    cli: renderText(result),
    log: result.images.flatMap((i) => logLines(i, dryRun)).join('\n'),
    summary: renderSummary(result),
    comment: renderComment(result, { key: 'k' }),
  };
}

test('a dry run reads "would swap", "would patch", "would fix" everywhere, with → and never ->', () => {
  const r = renderings(true);
  for (const [where, text] of Object.entries(r)) {
    // `-->` closes the PR comment's HTML marker; an arrow is `→`.
    expect(text, where).not.toMatch(/(?<!-)->/);
    // The JSON report's `planned` is a machine word; people read "would patch".
    expect(text, where).not.toMatch(/\bplanned\b/);
    expect(text, where).not.toMatch(/\bswapped\b|\bfixes\b|\*\*Fixed\*\*|\bpatched\b/);
    expect(text, where).toContain('would patch');
  }
  expect(r.cli).toContain('r.io/app:prod: would patch\n');
  expect(r.cli).toContain(`  ${d('a')} → ${d('b')} (would be)`);
  expect(r.cli).toMatch(/^ {2}would swap example\/jvm\/jre 17\.0\.8 → 17\.0\.9 \(\w{12} → \w{12}\) from /m);
  expect(r.cli).toContain('  sbom example/jvm/jre: log4j-core 2.14.1 → 2.17.1');
  expect(r.cli).toContain('  would fix CVE-2021-44228 critical log4j-core 2.14.1 → 2.17.1');
  expect(r.cli).toContain('1 image(s): 1 would patch;');
  expect(r.log.split('\n')).toEqual([
    'would swap example/jvm/jre 17.0.8 → 17.0.9 from r.io/jre:17.0.9',
    'would fix CVE-2021-44228 (critical) in log4j-core 2.14.1 → 2.17.1',
    'would fix CVE-2021-45046 (high) in log4j-core 2.14.1 → 2.17.1',
    `r.io/app:prod: would patch ${d('b')}`,
  ]);
  for (const md of [r.summary, r.comment]) {
    expect(md).toContain('1 image(s): **1** would patch · would swap 1 layer(s)');
    expect(md).toContain(
      '| r.io/app:prod | 📝 would patch | jre 17.0.8 → 17.0.9 · would fix 2 (1 critical) |',
    );
    expect(md).toContain('**Would fix** (2, from trivy.json):');
  }
  expect(r.comment).toContain(
    '**Merging would fix 2 (1 critical) reported vulnerabilities, in 1 image(s):**',
  );
});

test('a real run reads "swapped", "patched", "fixes" and "Fixed" everywhere, with →', () => {
  const r = renderings(false);
  for (const [where, text] of Object.entries(r)) {
    // `-->` closes the PR comment's HTML marker; an arrow is `→`.
    expect(text, where).not.toMatch(/(?<!-)->/);
    expect(text, where).not.toMatch(/\bwould\b|\bWould\b/);
    expect(text, where).toContain('patched');
  }
  expect(r.cli).toContain('r.io/app:prod: patched\n');
  expect(r.cli).toContain(`  ${d('a')} → ${d('b')}\n`);
  expect(r.cli).toMatch(/^ {2}swapped example\/jvm\/jre 17\.0\.8 → 17\.0\.9 \(\w{12} → \w{12}\) from /m);
  expect(r.cli).toContain('  fixes CVE-2021-44228 critical log4j-core 2.14.1 → 2.17.1');
  expect(r.log.split('\n')).toEqual([
    'swapped example/jvm/jre 17.0.8 → 17.0.9 from r.io/jre:17.0.9',
    'fixes CVE-2021-44228 (critical) in log4j-core 2.14.1 → 2.17.1',
    'fixes CVE-2021-45046 (high) in log4j-core 2.14.1 → 2.17.1',
    `r.io/app:prod: patched ${d('b')}`,
  ]);
  for (const md of [r.summary, r.comment]) {
    expect(md).toContain('1 image(s): **1** patched · 1 layer(s) swapped');
    expect(md).toContain('| r.io/app:prod | ✅ patched | jre 17.0.8 → 17.0.9 · fixes 2 (1 critical) |');
    expect(md).toContain('**Fixed** (2, from trivy.json):');
  }
});

test('an undo dry run would restore, in the CLI and the summary alike', () => {
  const result: RunResult = {
    ...run(true),
    undo: true,
    images: [{ ...image(true), platforms: [], note: `would restore ${d('a')}: jre 17.0.9 back to 17.0.8` }],
  };
  delete result.images[0]!.vulnerabilities;
  delete result.vulnerabilityReports;
  expect(renderText(result)).toContain('r.io/app:prod: would restore\n');
  expect(renderText(result)).toContain('1 image(s): 1 would restore');
  const md = renderSummary(result);
  expect(md).toContain('**1** would restore');
  expect(md).toContain('| 📝 would restore |');
  expect(md).toContain('r.io/app:prod — 📝 would restore</summary>');
  expect(md).not.toContain('would patch');
});

test("a dry run's image whose platforms were only partly planned still reads 'would push', never 'pushed'", () => {
  const partial = { ...image(true), status: 'partial' as const };
  const details = renderImage(partial, { dryRun: true });
  expect(details).toContain('- new digest (would be):');
  expect(details).toContain('- would push: <code>r.io/app:prod</code>');
  expect(details).not.toMatch(/- pushed:/);
  expect(renderImage({ ...image(false), status: 'partial' }, { dryRun: false })).toMatch(/- pushed:/);
});
