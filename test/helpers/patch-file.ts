import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes, in a directory of its own, a patch file that takes example/node's node layer from `patchRef`. */
export async function nodePatchFile(patchRef: string, prefix = 'patches-'): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), prefix)), 'p.json');
  await writeFile(
    path,
    JSON.stringify({ patches: [{ buildpack: 'example/node', layer: 'node', 'patch-image': patchRef }] }),
  );
  return path;
}
