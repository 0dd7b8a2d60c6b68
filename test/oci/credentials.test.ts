import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Log } from '../../src/log.js';
import { silentLog } from '../../src/log.js';
import { describeError } from '../../src/errors.js';
import { dockerConfigResolver } from '../../src/oci/registry/credentials.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

async function configDir(config: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'docker-config-'));
  await writeFile(join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}

let savedPath: string | undefined;
beforeEach(() => {
  savedPath = process.env.PATH;
});
afterEach(() => {
  process.env.PATH = savedPath;
});

/** A docker-credential-<name> helper on PATH that answers like the real ones. */
async function helper(
  name: string,
  answers: Record<string, { Username: string; Secret: string }>,
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'cred-helper-'));
  const script = join(dir, `docker-credential-${name}`);
  await writeFile(
    script,
    [
      '#!/usr/bin/env node',
      `const answers = ${JSON.stringify(answers)};`,
      "let input = '';",
      "process.stdin.on('data', (d) => (input += d));",
      "process.stdin.on('end', () => {",
      '  const a = answers[input.trim()];',
      "  if (!a) { process.stdout.write('credentials not found in native keychain'); process.exit(1); }",
      '  process.stdout.write(JSON.stringify({ ServerURL: input.trim(), ...a }));',
      '});',
    ].join('\n'),
  );
  await chmod(script, 0o755);
  process.env.PATH = `${dir}:${process.env.PATH}`;
}

describe('docker config credentials', () => {
  test('auths by host, Docker Hub under its legacy key, username/password fields and identity tokens', async () => {
    const dir = await configDir({
      auths: {
        'https://index.docker.io/v1/': { auth: b64('hubuser:hubpass') },
        'ghcr.io': { auth: b64('gh:token:with:colons') },
        'https://quay.io': { username: 'q', password: 'qp' },
        'registry.example.com': { identitytoken: 'refresh-123' },
      },
    });
    const secrets: string[] = [];
    const log: Log = { ...silentLog, secret: (s) => secrets.push(s) };
    const resolve = dockerConfigResolver({ log, env: { DOCKER_CONFIG: dir } });
    expect(await resolve('docker.io')).toEqual({ username: 'hubuser', password: 'hubpass' });
    expect(await resolve('ghcr.io')).toEqual({ username: 'gh', password: 'token:with:colons' });
    expect(await resolve('quay.io')).toEqual({ username: 'q', password: 'qp' });
    expect(await resolve('registry.example.com')).toEqual({ identityToken: 'refresh-123' });
    expect(await resolve('other.example.com')).toBeUndefined();
    // Each secret as is, base64 alone, and base64 of user:secret as a Basic header carries it.
    expect(secrets).toEqual([
      'hubpass',
      b64('hubpass'),
      b64('hubuser:hubpass'),
      'token:with:colons',
      b64('token:with:colons'),
      b64('gh:token:with:colons'),
      'qp',
      b64('qp'),
      b64('q:qp'),
      'refresh-123',
      b64('refresh-123'),
    ]);
  });

  test('credHelpers per registry, then credsStore; "not found" means anonymous', async () => {
    await helper('layerrebasetest', {
      'ghcr.io': { Username: 'helper-user', Secret: 'helper-secret' },
      'https://index.docker.io/v1/': { Username: '<token>', Secret: 'hub-refresh' },
    });
    const dir = await configDir({
      credHelpers: { 'ghcr.io': 'layerrebasetest' },
      credsStore: 'layerrebasetest',
      auths: {},
    });
    const resolve = dockerConfigResolver({ log: silentLog, env: { DOCKER_CONFIG: dir } });
    expect(await resolve('ghcr.io')).toEqual({ username: 'helper-user', password: 'helper-secret' });
    expect(await resolve('docker.io')).toEqual({ identityToken: 'hub-refresh' });
    expect(await resolve('nothing.example.com')).toBeUndefined();
  });

  test('a missing config file means anonymous; a broken one is an error naming it', async () => {
    const none = dockerConfigResolver({
      log: silentLog,
      env: { DOCKER_CONFIG: join(tmpdir(), 'does-not-exist-xyz') },
    });
    expect(await none('ghcr.io')).toBeUndefined();
    const dir = await mkdtemp(join(tmpdir(), 'docker-config-'));
    await writeFile(join(dir, 'config.json'), '{not json');
    const broken = dockerConfigResolver({ log: silentLog, env: { DOCKER_CONFIG: dir } });
    await expect(broken('ghcr.io')).rejects.toThrow(`${join(dir, 'config.json')}: not valid JSON`);
  });
});

test('a credential helper that is not installed is named, with the config entry that asks for it', async () => {
  const dir = await configDir({ credsStore: 'layer-rebase-test-missing' });
  const resolve = dockerConfigResolver({ log: silentLog, env: { DOCKER_CONFIG: dir } });
  await expect(resolve('ghcr.io')).rejects.toThrow(
    `credential helper docker-credential-layer-rebase-test-missing is not installed (the docker config ${join(dir, 'config.json')} credsStore names "layer-rebase-test-missing"); install it, or remove that entry and log in with docker login ghcr.io`,
  );
});

describe('what a failing credential helper says stays out of our messages', () => {
  /** A helper that writes `stdout` and `stderr`, then exits with `code`. */
  async function failing(name: string, stdout: string, stderr: string, code: number) {
    const dir = await mkdtemp(join(tmpdir(), 'cred-helper-'));
    const script = join(dir, `docker-credential-${name}`);
    await writeFile(
      script,
      [
        '#!/usr/bin/env node',
        "process.stdin.resume(); process.stdin.on('end', () => {",
        `  process.stdout.write(${JSON.stringify(stdout)}); process.stderr.write(${JSON.stringify(stderr)});`,
        `  process.exit(${code});`,
        '});',
      ].join('\n'),
    );
    await chmod(script, 0o755);
    process.env.PATH = `${dir}:${process.env.PATH}`;
    const config = await configDir({ credsStore: name });
    return dockerConfigResolver({ log: silentLog, env: { DOCKER_CONFIG: config } });
  }

  test('its stderr is never shown: the exit status is', async () => {
    const resolve = await failing('lrfail1', '', 'error: token ghp_s3cr3tT0ken expired', 3);
    const error = (await resolve('ghcr.io').catch((e: Error) => e)) as Error;
    expect(error.message).toBe(
      'credential helper docker-credential-lrfail1 failed for ghcr.io (exited with status 3); run "docker-credential-lrfail1 get" by hand to see why',
    );
    expect(describeError(error)).not.toContain('ghp_');
  });

  test('"not found" on stderr is a failure, not anonymous; only stdout says "credentials not found"', async () => {
    const resolve = await failing('lrfail2', '', 'helper binary not found: gpg', 1);
    await expect(resolve('ghcr.io')).rejects.toThrow('exited with status 1');
  });

  test('garbage on stdout is not quoted', async () => {
    const resolve = await failing('lrfail3', 'ghp_leakedTokenInGarbage not json', '', 0);
    const error = (await resolve('ghcr.io').catch((e: Error) => e)) as Error;
    expect(error.message).toBe(
      'credential helper docker-credential-lrfail3 printed something that is not JSON for ghcr.io',
    );
    expect(describeError(error)).not.toContain('ghp_');
  });
});

test('an empty DOCKER_CONFIG means unset, as for docker: ~/.docker/config.json, never ./config.json', async () => {
  const home = await mkdtemp(join(tmpdir(), 'home-'));
  const resolve = dockerConfigResolver({ log: silentLog, env: { DOCKER_CONFIG: '', HOME: home } });
  expect(resolve.source).toBe(join(home, '.docker', 'config.json'));
});
