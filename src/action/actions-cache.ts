import type * as ActionsCache from '@actions/cache';
import type { Log } from '../log.js';

/**
 * The verified-layer cache on hosted runners, where nothing on disk survives a job: restored from and
 * saved to the GitHub Actions cache service. Loaded only where that service exists, and quiet when
 * it fails: the cache only ever saves a read. Entries are facts about content-addressed bytes, and
 * caches written by pull-request branches are not visible to the default branch's runs.
 */
const PREFIX = 'layer-rebase-verified-v1-';

type CacheClient = typeof ActionsCache;

async function withClient(
  env: NodeJS.ProcessEnv,
  log: Log,
  what: string,
  fn: (cache: CacheClient) => Promise<string | undefined>,
): Promise<void> {
  if (!env.ACTIONS_RESULTS_URL && !env.ACTIONS_CACHE_URL) return;
  try {
    const cache = await import('@actions/cache');
    if (!cache.isFeatureAvailable()) return;
    const done = await fn(cache);
    if (done) log.debug(`verified patch layers ${what} the Actions cache (${done})`);
  } catch (error) {
    log.debug(`verified patch layers not ${what} the Actions cache: ${(error as Error).message}`);
  }
}

export function restoreVerified(dir: string, log: Log, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return withClient(env, log, 'restored from', (cache) =>
    cache.restoreCache([dir], `${PREFIX}${env.GITHUB_RUN_ID ?? 'run'}`, [PREFIX]),
  );
}

export function saveVerified(dir: string, log: Log, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const key = `${PREFIX}${env.GITHUB_RUN_ID ?? 'run'}-${env.GITHUB_RUN_ATTEMPT ?? '1'}-${env.GITHUB_JOB ?? 'job'}`;
  return withClient(env, log, 'saved to', async (cache) =>
    (await cache.saveCache([dir], key)) >= 0 ? key : undefined,
  );
}
