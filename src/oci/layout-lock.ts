import { open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LayerRebaseError } from '../errors.js';

/**
 * A lock file in an OCI layout around every read-modify-write of its `index.json`, so that runs in
 * other processes (six CLI runs on six tags of one layout) never drop each other's entries: each
 * rename would otherwise replace an index read before another run's write. Created with O_EXCL; a
 * lock left by a process that is gone (same host, pid not running) or older than ten minutes is stale.
 */
const LOCK = 'index.json.lock';
const WAIT_MS = 60_000;
const STALE_MS = 10 * 60_000;

interface Holder {
  pid: number;
  host: string;
  at: number;
}

async function stale(path: string): Promise<boolean> {
  let holder: Partial<Holder>;
  try {
    holder = JSON.parse(await readFile(path, 'utf8')) as Partial<Holder>;
  } catch {
    // Being written this instant, or unreadable: judge it by age on the next look.
    return false;
  }
  if (typeof holder.at === 'number' && Date.now() - holder.at > STALE_MS) return true;
  if (holder.host !== hostname() || typeof holder.pid !== 'number') return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export async function withLayoutLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const path = join(dir, LOCK);
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      const handle = await open(path, 'wx');
      const holder: Holder = { pid: process.pid, host: hostname(), at: Date.now() };
      await handle.writeFile(JSON.stringify(holder));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await stale(path)) {
        await rm(path, { force: true });
        continue;
      }
      if (Date.now() - started > WAIT_MS)
        throw new LayerRebaseError(
          'layout-locked',
          `oci:${dir}: ${LOCK} has been held by another process for over ${WAIT_MS / 1000} s; if no layer-rebase is running on this layout, remove ${path}`,
        );
      await sleep(Math.min(200, 5 * attempt) + Math.random() * 10);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(path, { force: true });
  }
}
