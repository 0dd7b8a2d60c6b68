import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli } from '../src/cli.js';

/** Runs the CLI in this process (no registry needed: every case stops at the arguments). */
async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await cli(argv, {
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
    env: { HOME: tmpdir(), DOCKER_CONFIG: resolve(tmpdir(), 'no-docker-config') },
    cwd: tmpdir(),
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** The action's inputs, and which of them are booleans (default 'true' or 'false'). */
function actionInputs(): { name: string; boolean: boolean }[] {
  const lines = readFileSync(resolve(import.meta.dirname, '../action.yml'), 'utf8').split('\n');
  const out: { name: string; boolean: boolean }[] = [];
  for (let i = lines.indexOf('inputs:') + 1; i < lines.length && /^( {2}|$)/.test(lines[i]!); i++) {
    const name = /^ {2}([a-z-]+):$/.exec(lines[i]!);
    if (name) out.push({ name: name[1]!, boolean: false });
    if (/^ {4}default: '?(true|false)'?$/.test(lines[i]!)) out[out.length - 1]!.boolean = true;
  }
  return out;
}

const ACTION_ONLY = ['summary', 'comment', 'comment-key', 'github-token', 'shard-size', 'undo', 'verify'];

describe('the CLI is the action’s twin', () => {
  test('every action input is a CLI option of the same name, or says in one line what to do instead', async () => {
    const inputs = actionInputs();
    expect(inputs.map((i) => i.name)).toEqual(
      expect.arrayContaining(['image', 'vulnerability-reports', 'undo']),
    );
    for (const input of inputs) {
      const argv = input.boolean ? [`--${input.name}`] : [`--${input.name}`, 'x'];
      const r = await run([...argv, '--help']);
      if (!ACTION_ONLY.includes(input.name)) {
        expect(r.code, `--${input.name}: ${r.stderr}`).toBe(0);
        expect(r.stdout).toMatch(/^usage: layer-rebase /);
        continue;
      }
      expect(r.code, `--${input.name}`).toBe(2);
      expect(r.stderr.split('\n'), `--${input.name}`).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`^layer-rebase: --${input.name} is the action's`));
      expect(r.stderr).not.toContain('unknown option');
    }
    expect((await run(['--undo'])).stderr).toBe(
      "layer-rebase: --undo is the action's input; on the command line undo is a command: layer-rebase undo --image <ref> [--dry-run]",
    );
  });

  test('--vulnerability-reports (the input) and --vulnerability-report (the older flag) both work', async () => {
    for (const flag of ['--vulnerability-reports', '--vulnerability-report']) {
      // Reports are read before any image: a missing one fails the run there, naming the file.
      const r = await run(['--image', 'x.io/a:1', flag, 'missing-report.json']);
      expect(r.stderr).toMatch(/vulnerability report .*missing-report\.json does not exist/);
      expect(r.code).toBe(2);
    }
  });

  test('undo --help and history --help print their own help', async () => {
    const undo = await run(['undo', '--help']);
    expect(undo.code, undo.stderr).toBe(0);
    expect(undo.stdout).toMatch(/^usage: layer-rebase undo --image <ref>/);
    expect(undo.stdout).toContain('--dry-run');
    const history = await run(['history', '-h']);
    expect(history.code, history.stderr).toBe(0);
    expect(history.stdout).toMatch(/^usage: layer-rebase history --image <ref>/);
    expect((await run(['--help'])).stdout).toContain('layer-rebase undo --help');
  });

  test.each([
    [['--patch', 'p.json'], 'layer-rebase: unknown option --patch (did you mean --patches?)'],
    [['--frobnicate'], 'layer-rebase: unknown option --frobnicate (layer-rebase --help lists the options)'],
    [['--image'], 'layer-rebase: --image needs a value (layer-rebase --help lists the options)'],
    [['--force=yes'], 'layer-rebase: --force takes no value: write --force alone'],
    [
      ['ghcr.io/acme/app:1'],
      'layer-rebase: unexpected argument "ghcr.io/acme/app:1": every value follows its option, as in --image <ref> (layer-rebase --help lists the options)',
    ],
    [['history', '--images', 'x'], 'layer-rebase history: unknown option --images (did you mean --image?)'],
    [
      ['undo', '--patches', 'p.json'],
      'layer-rebase undo: unknown option --patches (layer-rebase undo --help lists the options)',
    ],
    [['undo', '--dry'], 'layer-rebase undo: unknown option --dry (did you mean --dry-run?)'],
  ])('%j: exit 2, one line', async (argv, line) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(line);
    expect(r.stdout).toBe('');
  });
});
