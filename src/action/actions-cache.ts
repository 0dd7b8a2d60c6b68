import type { Log } from '../log.js';

/**
 * The verified-layer cache on hosted runners, where nothing on disk survives a job: restored from and
 * saved to the GitHub Actions cache service. Loaded only where that service exists, and quiet when
 * it fails: the cache only ever saves a read. Entries are facts about content-addressed bytes, and
 * caches written by pull-request branches are not visible to the default branch's runs.
 */
const PREFIX = 'layer-rebase-verified-v1-';

function available(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.ACTIONS_RESULTS_URL || env.ACTIONS_CACHE_URL);
}

export async function restoreVerified(
  dir: string,
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  if (!available(env)) return;
  try {
    const cache = await import('@actions/cache');
    if (!cache.isFeatureAvailable()) return;
    const hit = await cache.restoreCache([dir], `${PREFIX}${env.GITHUB_RUN_ID ?? 'run'}`, [PREFIX]);
    if (hit) log.debug(`verified patch layers restored from the Actions cache (${hit})`);
  } catch (error) {
    log.debug(`verified patch layers not restored from the Actions cache: ${(error as Error).message}`);
  }
}

export async function saveVerified(
  dir: string,
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  if (!available(env)) return;
  try {
    const cache = await import('@actions/cache');
    if (!cache.isFeatureAvailable()) return;
    const key = `${PREFIX}${env.GITHUB_RUN_ID ?? 'run'}-${env.GITHUB_RUN_ATTEMPT ?? '1'}-${env.GITHUB_JOB ?? 'job'}`;
    await cache.saveCache([dir], key);
    log.debug(`verified patch layers saved to the Actions cache (${key})`);
  } catch (error) {
    log.debug(`verified patch layers not saved to the Actions cache: ${(error as Error).message}`);
  }
}
