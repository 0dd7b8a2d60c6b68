import { resolve } from 'node:path';
import { expect, test } from 'vitest';
import { runNode } from '../helpers/action.js';

test('npm run demo patches an image in an OCI layout without any registry', async () => {
  const root = resolve(import.meta.dirname, '../..');
  // No registry, no network: a dead proxy makes any accidental network use fail.
  const { code, stdout } = await runNode(
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
  expect(code, stdout).toBe(0);
  expect(stdout).toContain('1 image(s): 1 would patch (dry run: nothing pushed)');
  expect(stdout).toContain('1 image(s): 1 patched');
  expect(stdout).toContain('sbom example/node/node: node 22.11.0 → 22.11.1');
  expect(stdout).toContain('1 image(s): 1 unchanged');
});
