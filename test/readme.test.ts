import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';
import { parse } from 'smol-toml';

// action.yml is YAML; the subset it uses (two-space maps, quoted scalars) reads fine line by line.
function actionEntries(
  section: 'inputs' | 'outputs',
): { name: string; description: string; default?: string; required?: string }[] {
  const text = readFileSync(resolve(import.meta.dirname, '../action.yml'), 'utf8');
  const lines = text.split('\n');
  const start = lines.indexOf(`${section}:`);
  const out: { name: string; description: string; default?: string; required?: string }[] = [];
  for (let i = start + 1; i < lines.length && /^( {2}|$)/.test(lines[i]!); i++) {
    const name = /^ {2}([a-z-]+):$/.exec(lines[i]!);
    if (name) out.push({ name: name[1]!, description: '' });
    const field = /^ {4}(description|default|required): (.*)$/.exec(lines[i]!);
    if (field && out.length) {
      const value = field[2]!.replace(/^'(.*)'$/, '$1').replace(/''/g, "'");
      (out[out.length - 1] as Record<string, string>)[field[1]!] = value;
    }
  }
  return out;
}

/** Rows of a README table as trimmed cells, so that prettier's column alignment does not matter. */
function readmeTable(marker: string): string[][] {
  const readme = readFileSync(resolve(import.meta.dirname, '../README.md'), 'utf8');
  const block = readme.split(`<!-- ${marker}:start -->`)[1]!.split(`<!-- ${marker}:end -->`)[0]!;
  return block.trim().split('\n').slice(2).map(cells);
}

function cells(row: string): string[] {
  return row
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(' | ')
    .map((c) => c.trim());
}

test('the README inputs table equals action.yml', () => {
  const expected = actionEntries('inputs').map((i) => [
    `\`${i.name}\``,
    i.required === 'true' ? '(required)' : `\`${i.default ?? ''}\``,
    i.description,
  ]);
  expect(readmeTable('inputs')).toEqual(expected);
});

test('the README outputs table equals action.yml', () => {
  expect(readmeTable('outputs')).toEqual(
    actionEntries('outputs').map((o) => cells(`| \`${o.name}\` | ${o.description} |`)),
  );
});

test('the TOML example in the README parses', () => {
  const readme = readFileSync(resolve(import.meta.dirname, '../README.md'), 'utf8');
  const toml = readme.split('```toml\n')[1]!.split('```')[0]!;
  expect(parse(toml)).toMatchObject({
    patches: [{ 'patch-image.mirrors': ['mirror.example.com/patches/node:22.11.1'] }],
  });
});

test('the signing section: each format verified by cosign v2 and v3, Kyverno and policy-controller, keyless and key', () => {
  const readme = readFileSync(resolve(import.meta.dirname, '../README.md'), 'utf8');
  const section = readme.split('### Signing patched images')[1]!.split('\n### ')[0]!;
  // cosign v3 reads the bundle first: the .sig needs the old format asked for (with a key and keyless).
  expect(section).toContain('cosign verify --new-bundle-format=false --key cosign.pub');
  expect(section).toMatch(
    /cosign verify --new-bundle-format=false ghcr\.io\S+ \\\n\s+--certificate-identity/,
  );
  const manifests = [...section.matchAll(/```yaml\n(apiVersion: [\s\S]*?)```/g)].map((m) => m[1]!);
  const kyverno = manifests.filter((m) => m.startsWith('apiVersion: kyverno.io/'));
  const cip = manifests.filter((m) => m.includes('kind: ClusterImagePolicy'));
  // Kyverno refuses a keyless attestor with neither rekor nor roots.
  for (const m of kyverno.filter((k) => k.includes('keyless:'))) expect(m).toMatch(/rekor: \{ url: /);
  expect(kyverno.filter((m) => /type: Cosign\b/.test(m) && m.includes('- keyless:'))).toHaveLength(1);
  expect(
    kyverno.filter(
      (m) => /type: Cosign\b/.test(m) && m.includes('- keys:') && m.includes('ignoreTlog: true'),
    ),
  ).toHaveLength(1);
  expect(kyverno.filter((m) => m.includes('type: SigstoreBundle'))).toHaveLength(1);
  // policy-controller: bundle mode is keyless only; a key authority reads the legacy .sig.
  for (const m of cip.filter((c) => c.includes('signatureFormat: bundle'))) {
    expect(m).toContain('- keyless:');
    expect(m).not.toContain('- key:');
  }
  expect(cip.filter((m) => m.includes('- key:') && !m.includes('signatureFormat'))).toHaveLength(1);
});
