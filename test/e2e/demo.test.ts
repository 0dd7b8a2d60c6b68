import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';

test('npm run demo patches an image in an OCI layout without any registry', async () => {
  const root = resolve(import.meta.dirname, '../..');
  const { code, stdout } = await new Promise<{ code: number; stdout: string }>((res, rej) => {
    // No registry, no network: an empty proxy makes any accidental network use fail.
    const child = spawn(
      process.execPath,
      [resolve(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/demo.ts'],
      {
        cwd: root,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          HTTPS_PROXY: 'http://127.0.0.1:9',
          HTTP_PROXY: 'http://127.0.0.1:9',
        },
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', rej);
    child.on('close', (c) => res({ code: c ?? -1, stdout: out }));
  });
  expect(code, stdout).toBe(0);
  expect(stdout).toContain('1 image(s): 1 planned (dry run: nothing pushed)');
  expect(stdout).toContain('1 image(s): 1 patched');
  expect(stdout).toContain('sbom example/node/node: node 22.11.0 -> 22.11.1');
  expect(stdout).toContain('1 image(s): 1 unchanged');
});
