import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { silentLog } from '../../src/log.js';
import { dockerConfigResolver } from '../../src/oci/registry/credentials.js';
import type { RequestEvent } from '../../src/oci/registry/transport.js';
import { Stores } from '../../src/oci/stores.js';
import type { RegistryInfo } from '../harness/global-setup.js';

export const registries = () => inject('registries');

let counter = 0;
/** A repository name no other test uses. */
export function uniqueRepo(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter++}`;
}

/** A docker config dir like the one docker/login-action leaves, for the given registries. */
export async function dockerConfig(entries: RegistryInfo[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'layer-rebase-docker-config-'));
  const auths: Record<string, { auth: string }> = {};
  for (const e of entries) {
    if (e.username && e.password)
      auths[e.host] = { auth: Buffer.from(`${e.username}:${e.password}`).toString('base64') };
  }
  await writeFile(join(dir, 'config.json'), JSON.stringify({ auths }));
  return dir;
}

export function storesFor(
  configDir: string | undefined,
  events?: RequestEvent[],
  chunkSize?: number,
): Stores {
  return new Stores({
    credentials: dockerConfigResolver({
      log: silentLog,
      env: { DOCKER_CONFIG: configDir ?? join(tmpdir(), 'layer-rebase-no-docker-config') },
    }),
    log: silentLog,
    ...(chunkSize ? { chunkSize } : {}),
    transport: {
      backoffMs: 20,
      // An explicit chunk size asks for the chunked upload path.
      ...(chunkSize ? { chunkedUploads: true } : {}),
      ...(events ? { onRequest: (e: RequestEvent) => events.push(e) } : {}),
    },
  });
}
