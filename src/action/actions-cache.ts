import type * as ActionsCache from '@actions/cache';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Log } from '../log.js';

/**
 * What travels through the GitHub Actions cache: on GitHub-hosted runners (where nothing on disk
 * survives a job) the content cache only — patch image configs and uncompressed SBOM layers, each used
 * only while its bytes hash to the digest a manifest names (src/oci/content-cache.ts). Never a verdict of
 * the verified-layer cache: any workflow that runs on the default branch can save an entry under any key,
 * and a restored archive is extracted wherever its member names point (@actions/cache runs tar -P), so a
 * disk that receives one keeps no verdict this tool reads (verdictsOnDisk()). Self-hosted runners keep
 * their disk between jobs and use no Actions cache at all. Loaded only where the service exists, and
 * quiet when it fails: the cache only ever saves a fetch.
 */

/** The content cache's directory under the cache root (diskContentCache's; a test pins that they agree). */
export const CONTENT_DIR = 'content-v1';
/** Caches saved under the earlier prefix (`layer-rebase-verified-v1-`) held verdicts: never restored. */
export const PREFIX = 'layer-rebase-content-v1-';

type CacheClient = Pick<typeof ActionsCache, 'isFeatureAvailable' | 'restoreCache' | 'saveCache'>;
/** The client, loaded on first use; tests pass their own. */
export type LoadClient = () => Promise<CacheClient>;
const loadActionsCache: LoadClient = () => import('@actions/cache');

/** A GitHub-hosted runner: a fresh disk for each job, filled from the Actions cache. */
export function hostedRunner(env: NodeJS.ProcessEnv): boolean {
  return env.RUNNER_ENVIRONMENT === 'github-hosted';
}

/** Whether the action keeps verdicts on this runner's disk: asked for, and no Actions cache restores onto it. */
export function verdictsOnDisk(env: NodeJS.ProcessEnv, asked: boolean): boolean {
  return asked && !hostedRunner(env);
}

/** The content cache's entries before the run: saved again only when the run added some. */
export interface ContentSnapshot {
  entries: ReadonlySet<string>;
}

async function entriesOf(dir: string): Promise<Set<string>> {
  return new Set(await readdir(dir).catch(() => []));
}

async function withClient(
  env: NodeJS.ProcessEnv,
  log: Log,
  what: string,
  load: LoadClient,
  fn: (cache: CacheClient) => Promise<string | undefined>,
): Promise<void> {
  if (!env.ACTIONS_RESULTS_URL && !env.ACTIONS_CACHE_URL) return;
  try {
    const cache = await load();
    if (!cache.isFeatureAvailable()) return;
    const done = await fn(cache);
    if (done) log.debug(`patch image configs and SBOM layers ${what} the Actions cache (${done})`);
  } catch (error) {
    log.debug(
      `patch image configs and SBOM layers not ${what} the Actions cache: ${(error as Error).message}`,
    );
  }
}

/**
 * On a GitHub-hosted runner, the content cache from the newest Actions cache entry under PREFIX, unless
 * an earlier step of the job left one on disk. Undefined elsewhere: nothing to restore or save.
 */
export async function restoreContent(
  root: string,
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
  load: LoadClient = loadActionsCache,
): Promise<ContentSnapshot | undefined> {
  if (!hostedRunner(env)) return undefined;
  const dir = join(root, CONTENT_DIR);
  const before = await entriesOf(dir);
  if (before.size === 0)
    await withClient(env, log, 'restored from', load, (cache) =>
      cache.restoreCache([dir], `${PREFIX}${env.GITHUB_RUN_ID ?? 'run'}`, [PREFIX]),
    );
  return { entries: await entriesOf(dir) };
}

/** Saves the content cache when the run added entries to what restoreContent() found. */
export async function saveContent(
  root: string,
  snapshot: ContentSnapshot | undefined,
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
  load: LoadClient = loadActionsCache,
): Promise<void> {
  if (!snapshot || !hostedRunner(env)) return;
  const dir = join(root, CONTENT_DIR);
  const now = await entriesOf(dir);
  if (![...now].some((name) => !snapshot.entries.has(name))) return;
  const key = `${PREFIX}${env.GITHUB_RUN_ID ?? 'run'}-${env.GITHUB_RUN_ATTEMPT ?? '1'}-${env.GITHUB_JOB ?? 'job'}`;
  await withClient(env, log, 'saved to', load, async (cache) =>
    (await cache.saveCache([dir], key)) >= 0 ? key : undefined,
  );
}
