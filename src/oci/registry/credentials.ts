import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { LayerRebaseError } from '../../errors.js';
import type { Log } from '../../log.js';
import { DOCKER_HUB } from '../reference.js';
import { registerSecret } from '../../secrets.js';
import { once } from '../../memo.js';

/** What a registry login left behind for one registry. */
export interface Credentials {
  username?: string;
  password?: string;
  /** An OAuth2 refresh token (docker's `identitytoken`), exchanged at the token realm. */
  identityToken?: string;
  /** docker's `registrytoken`: a Bearer token for the registry itself, sent without a token exchange. */
  registryToken?: string;
}

export type CredentialResolver = ((registry: string) => Promise<Credentials | undefined>) & {
  /** Where credentials come from, for messages: the docker config file's path. */
  source?: string;
};

interface DockerConfig {
  auths?: Record<
    string,
    { auth?: string; username?: string; password?: string; identitytoken?: string; registrytoken?: string }
  >;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** The keys under which docker (and docker/login-action) file credentials for a registry. */
function configKeys(registry: string): string[] {
  if (registry === DOCKER_HUB) {
    return [
      'https://index.docker.io/v1/',
      'index.docker.io',
      'docker.io',
      'registry-1.docker.io',
      'https://index.docker.io/v1',
    ];
  }
  return [
    registry,
    `https://${registry}`,
    `http://${registry}`,
    `https://${registry}/v1/`,
    `https://${registry}/v2/`,
  ];
}

function normaliseKey(key: string): string {
  return key.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
}

function findAuthEntry(config: DockerConfig, registry: string) {
  const auths = config.auths ?? {};
  for (const key of configKeys(registry)) if (auths[key]) return auths[key];
  const host = registry === DOCKER_HUB ? 'index.docker.io' : registry;
  for (const [key, entry] of Object.entries(auths)) if (normaliseKey(key) === host) return entry;
  return undefined;
}

function decodeAuthEntry(
  entry: NonNullable<DockerConfig['auths']>[string],
  where: string,
): Credentials | undefined {
  const creds: Credentials = {};
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0)
      throw new LayerRebaseError('invalid-credentials', `${where}: "auth" is not base64 of "user:password"`);
    creds.username = decoded.slice(0, colon);
    creds.password = decoded.slice(colon + 1);
  }
  if (entry.username) creds.username = entry.username;
  if (entry.password) creds.password = entry.password;
  if (entry.identitytoken) creds.identityToken = entry.identitytoken;
  if (entry.registrytoken) creds.registryToken = entry.registrytoken;
  return creds.password || creds.identityToken || creds.registryToken ? creds : undefined;
}

async function runHelper(helper: string, registry: string, entry: string): Promise<Credentials | undefined> {
  const program = `docker-credential-${helper}`;
  const server = registry === DOCKER_HUB ? 'https://index.docker.io/v1/' : registry;
  // Loaded here, not at start: most runs name no helper.
  const { execFile } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = execFile(program, ['get'], { timeout: 30_000, maxBuffer: 1024 * 1024 }, (error, stdout) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        return reject(
          new LayerRebaseError(
            'credential-helper',
            `credential helper ${program} is not installed (the docker config ${entry} names "${helper}"); install it, or remove that entry and log in with docker login ${registry}`,
          ),
        );
      }
      if (error) {
        // Helpers answer "credentials not found" on stdout with a non-zero exit; that means anonymous.
        // Their stderr is never shown: it may carry the very token that failed (`token ghp_… expired`).
        if (/credentials not found/i.test(stdout)) return resolve(undefined);
        const { code, signal, killed } = error as NodeJS.ErrnoException & {
          signal?: string;
          killed?: boolean;
        };
        const how = killed
          ? 'timed out after 30 s'
          : signal
            ? `was killed by ${signal}`
            : `exited with status ${code}`;
        return reject(
          new LayerRebaseError(
            'credential-helper',
            `credential helper ${program} failed for ${registry} (${how}); run "${program} get" by hand to see why`,
          ),
        );
      }
      try {
        const parsed = JSON.parse(stdout) as { Username?: string; Secret?: string };
        if (!parsed.Secret) return resolve(undefined);
        resolve(
          parsed.Username === '<token>'
            ? { identityToken: parsed.Secret }
            : { username: parsed.Username ?? '', password: parsed.Secret },
        );
      } catch {
        // Not quoted: what a helper prints is a secret until proven otherwise.
        reject(
          new LayerRebaseError(
            'credential-helper',
            `credential helper ${program} printed something that is not JSON for ${registry}`,
          ),
        );
      }
    });
    child.stdin?.end(server);
  });
}

/**
 * Reads `$DOCKER_CONFIG/config.json` (or `~/.docker/config.json`): `credHelpers` for the registry,
 * then `auths`, then `credsStore`. Every secret found is registered with the log for masking.
 */
export function dockerConfigResolver(options: {
  env?: NodeJS.ProcessEnv;
  log: Log;
  configPath?: string;
}): CredentialResolver {
  const env = options.env ?? process.env;
  // Docker reads an empty DOCKER_CONFIG as unset: never `./config.json` from the working directory
  // (in the action, the checked-out repository, where a pull request could name a credsStore to run).
  const path =
    options.configPath ?? join(env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker'), 'config.json');
  let configPromise: Promise<DockerConfig> | undefined;
  const loadConfig = () =>
    (configPromise ??= readFile(path, 'utf8').then(
      (text) => {
        try {
          return JSON.parse(text) as DockerConfig;
        } catch (e) {
          throw new LayerRebaseError('invalid-credentials', `${path}: not valid JSON`, { cause: e });
        }
      },
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return {} as DockerConfig;
        throw error;
      },
    ));
  const cache = new Map<string, Promise<Credentials | undefined>>();
  const resolveOnce = async (registry: string): Promise<Credentials | undefined> => {
    const config = await loadConfig();
    const helper =
      config.credHelpers?.[registry] ??
      (registry === DOCKER_HUB ? config.credHelpers?.['index.docker.io'] : undefined);
    let creds: Credentials | undefined;
    if (helper) creds = await runHelper(helper, registry, `${path} credHelpers["${registry}"]`);
    else {
      const entry = findAuthEntry(config, registry);
      if (entry) creds = decodeAuthEntry(entry, `${path} auths["${registry}"]`);
      if (!creds && config.credsStore)
        creds = await runHelper(config.credsStore, registry, `${path} credsStore`);
    }
    // Each secret in every form it is sent in (a Basic header is base64 of user:password).
    for (const form of [
      ...registerSecret(creds?.password, creds?.username ?? ''),
      ...registerSecret(creds?.identityToken),
      ...registerSecret(creds?.registryToken),
    ])
      options.log.secret(form);
    return creds;
  };
  const resolver: CredentialResolver = (registry) => once(cache, registry, () => resolveOnce(registry));
  resolver.source = path;
  return resolver;
}
