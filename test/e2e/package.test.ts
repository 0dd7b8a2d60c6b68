import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';
import { run } from '../harness/processes.js';

const ROOT = resolve(import.meta.dirname, '../..');

test('npm pack ships only what users run, and the installed tarball answers layer-rebase --version', async () => {
  const out = await mkdtemp(join(tmpdir(), 'pack-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', out], { cwd: ROOT });
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  const files = packed!.files.map((f) => f.path).sort();
  expect(files.filter((f) => !f.startsWith('dist/'))).toEqual([
    'CHANGELOG.md',
    'LICENSE',
    'README.md',
    'SECURITY.md',
    'action.yml',
    'bin/layer-rebase.js',
    'package.json',
  ]);
  expect(files).toContain('dist/index.js');
  expect(files).toContain('dist/cli/index.js');
  const prefix = await mkdtemp(join(tmpdir(), 'global-'));
  await run(
    'npm',
    [
      'install',
      '-g',
      '--prefix',
      prefix,
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      join(out, packed!.filename),
    ],
    {
      cwd: out,
    },
  );
  const version = await run(join(prefix, 'bin', 'layer-rebase'), ['--version'], { cwd: out });
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  expect(version.stdout.trim()).toContain(pkg.version);
}, 180_000);

test('the CLI bundle holds undici’s dispatcher and request only, not its fetch, WebSocket, caches or mocks; neither bundle evaluates undici at start', async () => {
  // The bundler splits what is imported when needed into chunk files next to the entry point.
  const files = async (dir: string) =>
    (await readdir(join(ROOT, dir))).filter((f) => f.endsWith('.js')).map((f) => join(ROOT, dir, f));
  const cli = (await Promise.all((await files('dist/cli')).map((f) => readFile(f, 'utf8')))).join('\n');
  expect(cli).toContain('class Agent extends');
  for (const unused of [
    'new CacheStorage(',
    'class WebSocket extends',
    'class MockAgent',
    'function fetch (',
  ])
    expect(cli, unused).not.toContain(unused);
  // undici's Agent is loaded by the first request; the action's start file no longer holds undici whole
  // (@actions/core imported it through @actions/http-client; @actions/cache and @actions/github, which
  // still do, are loaded when the cache is restored or a comment written).
  for (const start of ['dist/index.js', 'dist/cli/index.js']) {
    const text = await readFile(join(ROOT, start), 'utf8');
    for (const marker of ['class Agent extends', 'new CacheStorage(', 'class WebSocket extends'])
      expect(text, `${start}: ${marker}`).not.toContain(marker);
  }
});
