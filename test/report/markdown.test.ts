import { assessImage } from '../../src/vulns/image.js';
import { expect, test } from 'vitest';
import { escapeCell, truncateUtf8 } from '../../src/report/escape.js';
import { imagesOutput } from '../../src/report/json.js';
import { renderText } from '../../src/report/text.js';
import { renderComment } from '../../src/report/comment.js';
import { problemLine, renderSummary, SUMMARY_LIMIT } from '../../src/report/markdown.js';
import { idLink } from '../../src/report/vulns-markdown.js';
import type { ImageResult, RunResult } from '../../src/result.js';
import { d, fixedFinding, swappedPlatform } from '../fixtures/results.js';

test('cell text from registries and patch files cannot break the table or inject HTML', () => {
  expect(escapeCell('a|b<script>`x`[y](z)\nline')).toBe(
    'a&#124;b&lt;script&gt;&#96;x&#96;&#91;y&#93;(z)<br>line',
  );
});

test('truncation keeps whole lines and says so', () => {
  const text = 'line one\nline two\nline three\n'.repeat(10);
  const out = truncateUtf8(text, 60, '_cut_');
  expect(Buffer.byteLength(out)).toBeLessThanOrEqual(60);
  expect(out.endsWith('_cut_\n')).toBe(true);
  expect(out.split('\n')[0]).toBe('line one');
});

function image(i: number): ImageResult {
  return {
    input: `r.io/app-${i}:v1 | <b>`,
    status: 'patched',
    changed: true,
    digestBefore: d('a'),
    digest: d('b'),
    result: `r.io/app-${i}@${d('b')}`,
    tags: [`r.io/app-${i}:v1`],
    warnings: [],
    transfers: { exists: 0, mounted: 1, copied: 0 },
    durationMs: 5,
    platforms: [
      swappedPlatform({
        image: `r.io/app-${i}:v1`,
        buildpack: 'example/node',
        layer: 'node',
        from: '22.11.0',
        to: '22.11.1',
        patchImage: 'r.io/p:1',
        source: 'p.json',
        sbomChanged: Array.from({ length: 50 }, (_, j) => ({
          name: `lib-${j}`,
          from: '1.0.0',
          to: '1.0.1',
          purl: `pkg:npm/lib-${j}@1.0.1`,
        })),
      }),
    ],
  };
}

test('the summary shows the swap and SBOM diff, escapes, and stays under the 1 MiB cap', () => {
  const small: RunResult = {
    dryRun: false,
    startedAt: '2026-12-01T00:00:00.000Z',
    images: [image(0)],
    warnings: [],
    patchCount: 1,
    sources: ['p.json'],
    durationMs: 7,
  };
  const md = renderSummary(small);
  // The overview first: one row per image, what changed in a few words, the short digest.
  expect(md).toContain('| Image | Status | Change | New digest |');
  expect(md).toContain(
    `| r.io/app-0:v1 &#124; &lt;b&gt; | ✅ patched | node 22.11.0 → 22.11.1 | <code>${d('b').slice(7, 19)}</code> |`,
  );
  expect(md).toContain('1 image(s): **1** patched · 1 layer(s) swapped · 50 SBOM component change(s)');
  expect(md).toContain('- blobs: 1 mounted, 0 written, 0 already there');
  expect(md).toContain('22.11.0&nbsp;→&nbsp;22.11.1');
  expect(md).toContain(
    '<details><summary>SBOM example/node/node: 50 changed, 0 added, 0 removed (cyclonedx)</summary>',
  );
  expect(md).toContain('<details><summary>r.io/app-0:v1 &#124; &lt;b&gt; — ✅ patched</summary>');
  // No table wider than five columns.
  for (const line of md.split('\n').filter((l) => l.startsWith('|'))) {
    expect(line.split(' | ').length).toBeLessThanOrEqual(5);
  }

  const fleet: RunResult = { ...small, images: Array.from({ length: 400 }, (_, i) => image(i)) };
  const big = renderSummary(fleet);
  expect(Buffer.byteLength(big)).toBeLessThanOrEqual(SUMMARY_LIMIT);
  expect(big).toContain('Summary truncated to fit the 1 MiB job summary limit');
  expect(big).toContain('400 image(s): **400** patched');
});

test('a refused image shows its plan as not applied, counts nothing, and says what to do', () => {
  const refused: ImageResult = {
    ...image(1),
    status: 'refused',
    digest: undefined,
    tags: [],
    error: {
      code: 'refused',
      message:
        'r.io/app-1:v1: refused, nothing was pushed: example/node/node: layer example/node/node is not marked "io.buildpacks.rebasable": true in its data; refusing to replace it (set force to override)',
    },
  };
  delete refused.digest;
  // The same plan on two platforms: shown once.
  refused.platforms = [refused.platforms[0]!, { ...refused.platforms[0]!, platform: 'linux/arm64' }];
  const result: RunResult = {
    dryRun: false,
    startedAt: '2026-12-01T00:00:00.000Z',
    images: [image(0), refused],
    warnings: [],
    patchCount: 1,
    sources: ['p.json'],
    durationMs: 7,
  };
  const md = renderSummary(result);
  expect(md).toContain('2 image(s): **1** refused · **1** patched · 1 layer(s) swapped');
  // Refusals first in the overview.
  const rows = md.split('\n').filter((l) => l.startsWith('| r.io/'));
  // The row says what was not applied and points up: the reason is under "Needs attention", once.
  expect(rows[0]).toBe(
    '| r.io/app-1:v1 &#124; &lt;b&gt; | ⛔ refused | not applied: node 22.11.0 → 22.11.1 · ↑ see Needs attention |  |',
  );
  expect(md).toContain('### Needs attention');
  expect(md).toContain(
    '→ ask the buildpack to opt the layer in (&quot;io.buildpacks.rebasable&quot;: true), or set force',
  );
  expect(md).toContain('**linux/amd64, linux/arm64**: same plan');
  expect(md).toContain('Swaps (not applied):');
  // The CLI says the same: the refused plan is not applied.
  const text = renderText(result);
  expect(text).toContain('[linux/arm64] not applied: swap example/node/node 22.11.0 → 22.11.1');
  expect(text).toMatch(/^ {2}swapped example\/node\/node 22\.11\.0 → 22\.11\.1/m);
  const out = JSON.parse(imagesOutput(result)) as { status: string; applied: unknown[] }[];
  expect(out.map((i) => [i.status, i.applied.length])).toEqual([
    ['patched', 1],
    ['refused', 0],
  ]);
});

/** A fleet as a nightly run ends: 150 images, failures and refusals scattered through it. */
function fleet(): RunResult {
  const images = Array.from({ length: 150 }, (_, i): ImageResult => {
    const img = { ...image(i), input: `ghcr.io/acme/app-${i}:prod` };
    if (i % 37 === 5) {
      return {
        ...img,
        status: 'failed',
        changed: false,
        error: { code: 'registry-timeout', message: `get manifest prod: ghcr.io did not answer within 30 s` },
      };
    }
    if (i % 23 === 3) {
      return {
        ...img,
        status: 'refused',
        changed: false,
        error: {
          code: 'refused',
          message: `ghcr.io/acme/app-${i}:prod: refused, nothing was pushed: example/node/node: layer example/node/node is not marked "io.buildpacks.rebasable": true in its data; refusing to replace it (set force to override)`,
        },
      };
    }
    return img;
  });
  return {
    dryRun: false,
    startedAt: '2026-12-01T00:00:00.000Z',
    images,
    warnings: ['patch file p.json: patches[3] selects nothing in any image'],
    patchCount: 4,
    sources: ['p.json'],
    durationMs: 70_000,
  };
}

test('a fleet: what needs attention (failed, then refused) and the run warnings come before the table, each bad row says why', () => {
  const result = fleet();
  const md = renderSummary(result);
  const at = (s: string) => md.indexOf(s);
  expect(at('### Needs attention')).toBeGreaterThan(0);
  expect(at('### Needs attention')).toBeLessThan(at('| Image | Status |'));
  expect(at('⚠️ patch file p.json')).toBeLessThan(at('| Image | Status |'));
  expect(at('⚠️ patch file p.json')).toBeLessThan(at('### Details'));
  const attention = md.slice(at('### Needs attention'), at('| Image | Status |'));
  const bullets = attention.split('\n').filter((l) => l.startsWith('- **'));
  const failed = result.images.filter((i) => i.status === 'failed').map((i) => i.input);
  const refused = result.images.filter((i) => i.status === 'refused').map((i) => i.input);
  expect(bullets.map((b) => /\*\*(.*?)\*\*/.exec(b)![1])).toEqual([...failed, ...refused]);
  // The bullet does not repeat the image's name inside its reason.
  for (const b of bullets) expect(b.split('ghcr.io/acme/app-').length).toBe(2);
  const rows = md.split('\n').filter((l) => l.startsWith('| ghcr.io/acme/'));
  expect(rows).toHaveLength(150);
  for (const r of rows.filter((l) => /failed|refused/.test(l))) {
    expect(r).toMatch(
      /\| (❌ failed|⛔ refused) \| not applied: node 22\.11\.0 → 22\.11\.1 · ↑ see Needs attention \| {2}\|$/,
    );
  }
  expect(Buffer.byteLength(md)).toBeLessThan(SUMMARY_LIMIT + 1);
});

test("the step's error names each image once: `- img: refused, nothing was pushed: …`", () => {
  const lines = fleet()
    .images.filter((i) => i.error)
    .map(problemLine);
  expect(lines[0]).toBe(
    'ghcr.io/acme/app-3:prod: refused, nothing was pushed: example/node/node: layer example/node/node is not marked "io.buildpacks.rebasable": true in its data; refusing to replace it (set force to override)',
  );
  expect(lines[1]).toBe(
    'ghcr.io/acme/app-5:prod: failed: get manifest prod: ghcr.io did not answer within 30 s',
  );
  for (const l of lines) expect(l.split('ghcr.io/acme/app-').length).toBe(2);
});

test('the PR comment says what merging would fix; a hostile vulnerability id cannot inject Markdown', () => {
  const img = image(0);
  const finding = {
    id: 'CVE-2021-44228`\n\n# owned <img src=x>',
    aliases: [],
    group: ['CVE-2021-44228`\n\n# owned <img src=x>'],
    severity: 'critical' as const,
    package: 'log4j-core',
    target: 'example/node/node',
    from: '2.14.1',
    to: '2.17.1',
    fixedIn: ['2.15.0'],
    state: 'fixed' as const,
    reason: '2.17.1 ≥ 2.15.0',
    scheme: 'maven',
    reports: ['trivy.json'],
  };
  img.platforms[0]!.vulnerabilities = {
    reports: ['trivy.json'],
    fixed: [finding],
    open: [],
    undecided: [],
    untouched: 0,
    elsewhere: [],
  };
  img.vulnerabilities = assessImage(img.platforms)!;
  const result: RunResult = {
    dryRun: true,
    startedAt: '2026-12-01T00:00:00.000Z',
    vulnerabilityReports: ['trivy.json'],
    images: [{ ...img, status: 'planned' }],
    warnings: [],
    patchCount: 1,
    sources: ['p.json'],
    durationMs: 1,
  };
  const body = renderComment(result, { key: 'k' });
  // Not a CVE id as a whole, so no NVD link: only its id characters, as code.
  expect(body).toContain(
    '**Merging would fix 1 (1 critical) reported vulnerability, in 1 image(s):** <code>CVE-2021-44228ownedimgsrcx</code>.',
  );
  // In the details table it stays one escaped cell: no line of its own, no raw HTML.
  expect(body.split('\n').some((l) => l.startsWith('# owned'))).toBe(false);
  expect(body).not.toContain('<img');
});

/** A fleet after a failure: one image not found, one refused, two patched that fix the same two vulnerabilities. */
function afterFailure(dryRun: boolean): RunResult {
  const patched = [image(1), image(2)].map((img): ImageResult => {
    img.platforms[0]!.vulnerabilities = {
      reports: ['trivy.json'],
      fixed: [
        fixedFinding('CVE-2021-44228', 'critical', 'example/node/node'),
        fixedFinding('GHSA-7rjr-3q55-vv33', 'high', 'example/node/node'),
        fixedFinding('GO-2022-0001', 'medium', 'example/node/node', 'https://pkg.go.dev/vuln/GO-2022-0001'),
      ],
      open: [],
      undecided: [],
      untouched: 0,
      elsewhere: [],
    };
    img.vulnerabilities = assessImage(img.platforms)!;
    return { ...img, input: img.input.replace(' | <b>', ''), status: dryRun ? 'planned' : 'patched' };
  });
  const refused: ImageResult = {
    ...image(3),
    input: 'r.io/billing:prod',
    status: 'refused',
    changed: false,
    platforms: [],
    error: {
      code: 'refused',
      message:
        'r.io/billing:prod: refused, nothing was pushed: layer example/node/node is not marked "io.buildpacks.rebasable": true in its data; refusing to replace it (set force to override)',
    },
  };
  const failed: ImageResult = {
    input: 'r.io/ghost:prod',
    status: 'failed',
    changed: false,
    tags: [],
    platforms: [],
    warnings: [],
    transfers: { exists: 0, mounted: 0, copied: 0 },
    durationMs: 100,
    error: {
      code: 'image-not-found',
      message: 'image r.io/ghost:prod not found: check the name and tag [MANIFEST_UNKNOWN]',
    },
  };
  const note =
    'require-fix high: the plan fixes no vulnerability of high severity or above (it fixes 1 (1 low); 2 still open, 0 undecided); left as it is, and more words to pass the cell limit';
  const skipped: ImageResult = {
    ...image(4),
    input: 'r.io/skipped:prod',
    status: 'skipped',
    changed: false,
    note,
  };
  delete skipped.error;
  return {
    dryRun,
    startedAt: '2026-12-01T00:00:00.000Z',
    vulnerabilityReports: ['trivy.json'],
    images: [patched[0]!, failed, refused, patched[1]!, skipped],
    warnings: [],
    patchCount: 1,
    sources: ['p.json'],
    durationMs: 1,
  };
}

test('after a failure each fact is said once, in its place: the error and the advice under "Needs attention", full digests in the details', () => {
  const md = renderSummary(afterFailure(false));
  const at = (s: string) => md.indexOf(s);
  const attention = md.slice(at('### Needs attention'), at('| Image |'));
  const table = md.slice(at('| Image |'), at('### Details'));
  const details = md.slice(at('### Details'));
  // The failed image: named once, its message without "image r.io/ghost:prod" again, and the advice the
  // message gives is not given twice.
  expect(attention).toContain(
    '- **r.io/ghost:prod** ❌ failed: not found: check the name and tag &#91;MANIFEST&#95;UNKNOWN&#93;\n- ',
  );
  // The refused one: its reason once, the advice once (the step, not the message's "(set force to override)").
  expect(attention).toContain(
    '- **r.io/billing:prod** ⛔ refused: nothing was pushed: layer example/node/node is not marked &quot;io.buildpacks.rebasable&quot;: true in its data; refusing to replace it\n  <br>→ ask the buildpack',
  );
  expect(md.match(/set force/g)).toHaveLength(1);
  expect(md.match(/not found: check the name and tag/g)).toHaveLength(1);
  expect(md.match(/is not marked/g)).toHaveLength(1);
  // The table points to them; a long note is cut between words.
  expect(table).toContain('| r.io/ghost:prod | ❌ failed | ↑ see Needs attention |  |');
  expect(table).toContain('| r.io/billing:prod | ⛔ refused | ↑ see Needs attention |  |');
  const skippedRow = table.split('\n').find((l) => l.startsWith('| r.io/skipped:prod'))!;
  expect(skippedRow).toContain('not applied: node 22.11.0 → 22.11.1 · require-fix high: the plan fixes');
  expect(skippedRow).toMatch(/ \w+ … \| {2}\|$/);
  expect(skippedRow).not.toContain('limit');
  // "New digest" means one thing: what this run pushed; empty where the tag stayed.
  expect(table).toContain(
    `| ✅ patched | node 22.11.0 → 22.11.1 · fixes 3 (1 critical) | <code>${d('b').slice(7, 19)}</code> |`,
  );
  expect(table).toMatch(/\| ⏭️ skipped \| [^|]* \| {2}\|/);
  // Full digests where someone copies them; a failed image's details say more than the time.
  expect(details).toContain(`- new digest: <code>${d('b')}</code>\n- replaces: <code>${d('a')}</code>`);
  const ghost = details.slice(
    details.indexOf('r.io/ghost:prod — '),
    details.indexOf('</details>', details.indexOf('r.io/ghost:prod — ')),
  );
  expect(ghost).toContain(
    '- digest: unknown (the image was not read)\n- error code: <code>image-not-found</code>\n- time: 0.1 s',
  );
  const billing = details.slice(details.indexOf('r.io/billing:prod — '));
  expect(billing).toContain(`- digest: <code>${d('a')}</code> (as before the run)`);
});

test('the summary, the PR comment and the CLI count distinct vulnerabilities, and the images apart, in the same words', () => {
  for (const dryRun of [true, false]) {
    const result = afterFailure(dryRun);
    const verb = dryRun ? 'to fix' : 'fixed';
    // Two images fix the same three vulnerabilities: 3, not 6.
    expect(renderSummary(result)).toContain(
      `reported vulnerabilities ${verb}: 3 (1 critical), in 2 image(s)`,
    );
    expect(renderText(result)).toContain(`; reported vulnerabilities ${verb}: 3 (1 critical), in 2 image(s)`);
    const comment = renderComment(result, { key: 'k' });
    expect(comment).toContain(
      `**${dryRun ? 'Merging would fix' : 'This run fixed'} 3 (1 critical) reported vulnerabilities, in 2 image(s):** `,
    );
    // Said once above the table (whose rows count each image's): the totals line leaves it to the next.
    expect(comment.slice(0, comment.indexOf('| Image |')).match(/3 \(1 critical\)/g)).toHaveLength(1);
  }
});

test("vulnerability ids link to their advisory: GHSA to GitHub, CVE to the NVD, else the report's https page", () => {
  const comment = renderComment(afterFailure(true), { key: 'k' });
  expect(comment).toContain(
    '<a href="https://nvd.nist.gov/vuln/detail/CVE-2021-44228"><code>CVE-2021-44228</code></a>, <a href="https://github.com/advisories/GHSA-7rjr-3q55-vv33"><code>GHSA-7rjr-3q55-vv33</code></a>, <a href="https://pkg.go.dev/vuln/GO-2022-0001"><code>GO-2022-0001</code></a>',
  );
  const md = renderSummary(afterFailure(false));
  expect(md).toContain(
    '| <a href="https://nvd.nist.gov/vuln/detail/CVE-2021-44228"><code>CVE-2021-44228</code></a> | 🟥 critical |',
  );
  expect(md).toContain(
    '| <a href="https://pkg.go.dev/vuln/GO-2022-0001"><code>GO-2022-0001</code></a> | 🟨 medium |',
  );
  // Nothing hostile gets through: an id that only looks like a CVE, a URL that is not https, one with quotes.
  expect(idLink('CVE-2021-44228"><script>')).toBe('<code>CVE-2021-44228script</code>');
  expect(idLink('ALAS2-2024-001', 'javascript:alert(1)')).toBe('<code>ALAS2-2024-001</code>');
  expect(idLink('ALAS2-2024-001', 'http://alas.aws.amazon.com/x')).toBe('<code>ALAS2-2024-001</code>');
  expect(idLink('X-1', 'https://e.com/a"onmouseover=x|y z<b>')).toBe(
    '<a href="https://e.com/a&quot;onmouseover=x%7Cyz&lt;b&gt;"><code>X-1</code></a>',
  );
  expect(idLink('ghsa-7rjr-3q55-vv33')).toBe(
    '<a href="https://github.com/advisories/ghsa-7rjr-3q55-vv33"><code>ghsa-7rjr-3q55-vv33</code></a>',
  );
});

test('a refusal force cannot override is not answered with "set force": an app image as the run image, a run image without a recorded top layer', () => {
  const refusedWith = (input: string, reason: string): ImageResult => ({
    ...image(0),
    input,
    status: 'refused',
    changed: false,
    tags: [],
    error: { code: 'refused', message: `${input}: refused, nothing was pushed: run image: ${reason}` },
  });
  const result: RunResult = {
    dryRun: false,
    startedAt: '2026-12-01T00:00:00.000Z',
    images: [
      refusedWith(
        'r.io/app:1',
        'r.io/other-app:2 is an app image, not a run image: its io.buildpacks.lifecycle.metadata label lists buildpack layers (example/node: node); give the run image the app was built on (it records r.io/run:1), or auto',
      ),
      refusedWith('r.io/old:1', 'the app image records no runImage.topLayer in its lifecycle metadata'),
      refusedWith(
        'r.io/arm:1',
        'the new run image is linux/arm64 but the app image is linux/amd64 (set force to override)',
      ),
    ],
    warnings: [],
    patchCount: 0,
    sources: [],
    durationMs: 1,
  };
  for (const md of [renderSummary(result), renderComment(result, { key: 'k' })]) {
    const attention = md.slice(md.indexOf('### Needs attention'), md.indexOf('| Image |'));
    const advice = attention.split('\n').filter((l) => l.startsWith('  <br>→ '));
    expect(advice).toEqual([
      "  <br>→ give the app's run image (the one it was built on, or auto), not an app image: force does not override this",
      '  <br>→ read the reason above: force does not override it',
      // Only the refusal that says force overrides it is advised so.
      '  <br>→ read the reason above; set force only if you accept it',
    ]);
  }
});
