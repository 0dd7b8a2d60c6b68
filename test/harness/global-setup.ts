import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { freePort, run, waitFor } from './processes.js';
import { startTokenServer, type TokenServer } from './token-server.js';

export interface RegistryInfo {
  /** host:port, usable in image references. */
  host: string;
  username?: string;
  password?: string;
}

export interface Registries {
  open: RegistryInfo;
  basic: RegistryInfo;
  token: RegistryInfo;
  tokenServerUrl: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    registries: Registries;
  }
}

const USER = 'alice';
const PASSWORD = 'correct-horse-battery-staple';

async function startRegistry(
  dir: string,
  name: string,
  auth: string,
): Promise<{ host: string; child: ChildProcess }> {
  const port = await freePort();
  const config = join(dir, `${name}.yml`);
  await writeFile(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: error',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(dir, `${name}-data`)}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: 127.0.0.1:${port}`,
      auth,
    ].join('\n'),
  );
  const child = spawn('docker-registry', ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  try {
    await waitFor(`http://127.0.0.1:${port}/v2/`, (s) => s === 200 || s === 401, child);
  } catch (error) {
    child.kill();
    throw new Error(`docker-registry (${name}) did not start: ${(error as Error).message}\n${stderr}`, {
      cause: error,
    });
  }
  return { host: `127.0.0.1:${port}`, child };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'layer-rebase-registries-'));
  const children: ChildProcess[] = [];
  let tokenServer: TokenServer | undefined;
  try {
    const open = await startRegistry(dir, 'open', '');
    children.push(open.child);

    await writeFile(join(dir, 'htpasswd'), `${USER}:${bcrypt.hashSync(PASSWORD, 10)}\n`);
    const basic = await startRegistry(
      dir,
      'basic',
      ['auth:', '  htpasswd:', '    realm: layer-rebase-test', `    path: ${join(dir, 'htpasswd')}`].join(
        '\n',
      ),
    );
    children.push(basic.child);

    const keyPath = join(dir, 'token.key');
    const certPath = join(dir, 'token.crt');
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '2',
      '-subj',
      '/CN=layer-rebase test token issuer',
    ]);
    const tokenPort = await freePort();
    tokenServer = await startTokenServer({
      port: tokenPort,
      keyPem: await readFile(keyPath, 'utf8'),
      certPem: await readFile(certPath, 'utf8'),
      issuer: 'layer-rebase-test-issuer',
      service: 'layer-rebase-test-registry',
      users: { [USER]: PASSWORD },
    });
    const token = await startRegistry(
      dir,
      'token',
      [
        'auth:',
        '  token:',
        `    realm: ${tokenServer.url}`,
        '    service: layer-rebase-test-registry',
        '    issuer: layer-rebase-test-issuer',
        `    rootcertbundle: ${certPath}`,
      ].join('\n'),
    );
    children.push(token.child);

    project.provide('registries', {
      open: { host: open.host },
      basic: { host: basic.host, username: USER, password: PASSWORD },
      token: { host: token.host, username: USER, password: PASSWORD },
      tokenServerUrl: tokenServer.url,
    });
  } catch (error) {
    for (const c of children) c.kill();
    await tokenServer?.close();
    throw error;
  }
  return async () => {
    for (const c of children) c.kill();
    await tokenServer?.close();
    await rm(dir, { recursive: true, force: true });
  };
}
