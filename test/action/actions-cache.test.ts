import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  CONTENT_DIR,
  PREFIX,
  restoreContent,
  saveContent,
  verdictsOnDisk,
  type LoadClient,
} from '../../src/action/actions-cache.js';
import { silentLog } from '../../src/log.js';
import type { Digest } from '../../src/oci/digest.js';
import { diskContentCache } from '../../src/oci/content-cache.js';
import { diskCache } from '../../src/rebase/verified-cache.js';

/** A cache service client that records what it is asked; restoring "extracts" `restores` files. */
function fakeClient(restores: Record<string, string> = {}) {
  const calls: { op: 'restore' | 'save'; paths: string[]; key: string; restoreKeys?: string[] }[] = [];
  const load: LoadClient = async () => ({
    isFeatureAvailable: () => true,
    restoreCache: async (paths: string[], key: string, restoreKeys?: string[]) => {
      calls.push({ op: 'restore', paths, key, ...(restoreKeys ? { restoreKeys } : {}) });
      for (const [path, text] of Object.entries(restores)) {
        await mkdir(join(path, '..'), { recursive: true });
        await writeFile(path, text);
      }
      return Object.keys(restores).length > 0 ? `${PREFIX}earlier` : undefined;
    },
    saveCache: async (paths: string[], key: string) => {
      calls.push({ op: 'save', paths, key });
      return 1;
    },
  });
  return { calls, load };
}

const hosted = {
  RUNNER_ENVIRONMENT: 'github-hosted',
  ACTIONS_RESULTS_URL: 'http://cache.invalid/',
  GITHUB_RUN_ID: '7',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_JOB: 'patch',
};

/** A run of the action as main.ts wires it: restore, the run's caches write, save. */
async function actionRun(root: string, env: NodeJS.ProcessEnv, load: LoadClient) {
  const snapshot = await restoreContent(root, silentLog, env, load);
  const digest = `sha256:${'c'.repeat(64)}` as Digest;
  await diskContentCache(root).put(`config ${digest}`, Buffer.from('{}'));
  // What the verified-layer cache writes when it is on: saving must leave it behind.
  await diskCache(root).put({ digest, size: 2 }, digest, 'layers/x', { violations: [] });
  await saveContent(root, snapshot, silentLog, env, load);
}

describe('the action saves no verdict to the Actions cache', () => {
  test('on a GitHub-hosted runner only content-v1/ is restored and saved, under the content prefix', async () => {
    const root = await mkdtemp(join(tmpdir(), 'actions-cache-'));
    const { calls, load } = fakeClient();
    await actionRun(root, hosted, load);
    const content = join(root, CONTENT_DIR);
    expect(calls).toEqual([
      { op: 'restore', paths: [content], key: `${PREFIX}7`, restoreKeys: [PREFIX] },
      { op: 'save', paths: [content], key: `${PREFIX}7-2-patch` },
    ]);
    expect(PREFIX).toBe('layer-rebase-content-v1-');
    // A verdict was written to the disk, and is in no path the cache service was given.
    expect((await readdir(root)).sort()).toEqual([CONTENT_DIR, expect.stringMatching(/^verified-v3-/)]);
    for (const call of calls) {
      for (const path of call.paths) expect(path).not.toMatch(/verified|^\/?$/);
      expect([call.key, ...(call.restoreKeys ?? [])].join()).not.toContain('verified');
    }
  });

  test('CONTENT_DIR is where the content cache keeps its entries', async () => {
    const root = await mkdtemp(join(tmpdir(), 'actions-cache-dir-'));
    await diskContentCache(root).put('k', Buffer.from('bytes'));
    expect(await readdir(root)).toEqual([CONTENT_DIR]);
    expect(await readdir(join(root, CONTENT_DIR))).toHaveLength(1);
  });

  test('self-hosted runners (and runners that do not say) use no Actions cache: their disk is kept', async () => {
    for (const environment of ['self-hosted', undefined]) {
      const root = await mkdtemp(join(tmpdir(), 'actions-cache-self-'));
      const { calls, load } = fakeClient();
      await actionRun(root, { ...hosted, RUNNER_ENVIRONMENT: environment }, load);
      expect(calls, String(environment)).toEqual([]);
    }
  });

  test('verdicts are kept on disk only where no Actions cache restores onto it, and only when asked', () => {
    expect(verdictsOnDisk({ RUNNER_ENVIRONMENT: 'self-hosted' }, true)).toBe(true);
    expect(verdictsOnDisk({}, true)).toBe(true);
    expect(verdictsOnDisk({ RUNNER_ENVIRONMENT: 'github-hosted' }, true)).toBe(false);
    expect(verdictsOnDisk({ RUNNER_ENVIRONMENT: 'self-hosted' }, false)).toBe(false);
  });

  test('content restored by an earlier step is not restored again; a run that added nothing saves nothing', async () => {
    const root = await mkdtemp(join(tmpdir(), 'actions-cache-warm-'));
    const restored = join(root, CONTENT_DIR, 'a'.repeat(64));
    const first = fakeClient({ [restored]: 'x' });
    const snapshot = await restoreContent(root, silentLog, hosted, first.load);
    expect(snapshot?.entries).toEqual(new Set(['a'.repeat(64)]));
    await saveContent(root, snapshot, silentLog, hosted, first.load);
    expect(first.calls.map((c) => c.op)).toEqual(['restore']);
    const second = fakeClient();
    await actionRun(root, hosted, second.load);
    expect(second.calls.map((c) => c.op)).toEqual(['save']);
  });

  test('no cache service: nothing is asked', async () => {
    const root = await mkdtemp(join(tmpdir(), 'actions-cache-none-'));
    const { calls, load } = fakeClient();
    await actionRun(root, { RUNNER_ENVIRONMENT: 'github-hosted' }, load);
    expect(calls).toEqual([]);
  });
});
