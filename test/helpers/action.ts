import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const DIST = resolve(import.meta.dirname, '../../dist/index.js');

/** The Node binaries to run dist/ under: this one, and Node 24 (GitHub's runtime) when CI provides it. */
export function nodeBinaries(): { name: string; path: string }[] {
  const out = [{ name: `node ${process.version}`, path: process.execPath }];
  if (process.env.LAYER_REBASE_NODE24) out.push({ name: 'node 24', path: process.env.LAYER_REBASE_NODE24 });
  return out;
}

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  report: unknown;
}

/** Parses the GITHUB_OUTPUT file format (`name<<delimiter` blocks). */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (m) {
      const [, name, delimiter] = m;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!);
      out[name!] = value.join('\n');
    } else if (lines[i]!.includes('=')) {
      const [name, ...rest] = lines[i]!.split('=');
      out[name!] = rest.join('=');
    }
  }
  return out;
}

/** Runs dist/index.js the way the GitHub runner does: inputs as INPUT_* env, files for outputs and summary. */
export async function runAction(
  inputs: Record<string, string>,
  options: { dockerConfig?: string; node?: string; cwd?: string; env?: Record<string, string> } = {},
): Promise<ActionRun> {
  const dir = await mkdtemp(join(tmpdir(), 'layer-rebase-action-'));
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: options.cwd ?? dir,
    RUNNER_TEMP: dir,
    DOCKER_CONFIG: options.dockerConfig ?? join(dir, 'no-docker-config'),
    ...options.env,
  };
  for (const [name, value] of Object.entries(inputs))
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  const { code, stdout, stderr } = await runNode(options.node ?? process.execPath, [DIST], {
    env,
    cwd: options.cwd ?? dir,
  });
  const outputs = parseOutputFile(await readFile(outputFile, 'utf8'));
  const summary = await readFile(summaryFile, 'utf8');
  const report = outputs.report ? (JSON.parse(await readFile(outputs.report, 'utf8')) as unknown) : undefined;
  return { code, stdout, stderr, outputs, summary, report };
}

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a Node program to completion and collects what it printed. */
export function runNode(
  node: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string },
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, args, { env: options.env, ...(options.cwd ? { cwd: options.cwd } : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
