import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../harness/processes.js';

/**
 * Reads an image back with independent clients: skopeo copies it out of the registry into an OCI
 * layout, umoci unpacks it (and checks every diffID). Returns the root filesystem's path.
 */
export async function unpackWithUmoci(
  ref: string,
  creds?: { username?: string; password?: string },
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'umoci-'));
  await run('skopeo', [
    'copy',
    '--src-tls-verify=false',
    ...(creds?.username ? ['--src-creds', `${creds.username}:${creds.password}`] : []),
    '--format',
    'oci',
    `docker://${ref}`,
    `oci:${dir}/layout:x`,
  ]);
  await run('umoci', ['unpack', '--image', `${dir}/layout:x`, `${dir}/bundle`]);
  return join(dir, 'bundle', 'rootfs');
}
