import { PatchFileError } from '../errors.js';
import type { PatchFile } from './types.js';

/**
 * A patch file that buildpack X publishes may patch only X's own layers: every entry's `buildpack`
 * must be X exactly (no glob reaching other buildpacks) and there is no launcher patch. A careless or
 * compromised buildpack must not be able to swap another buildpack's layers.
 */
export function checkScope(file: PatchFile): void {
  const owner = file.source.buildpack;
  if (file.source.kind !== 'buildpack' || owner === undefined) return;
  const via = file.source.via ? ` (via ${file.source.via})` : '';
  for (const patch of file.patches) {
    if (patch.kind === 'launcher') {
      throw new PatchFileError(
        file.source.location,
        patch.where,
        undefined,
        `published by buildpack ${owner}${via}, which may only patch its own layers, not the launcher`,
      );
    }
    if (patch.buildpack !== owner) {
      throw new PatchFileError(
        file.source.location,
        `${patch.where}.buildpack`,
        patch.buildpack,
        `published by buildpack ${owner}${via}, which may only patch its own layers ("buildpack" must be "${owner}")`,
      );
    }
  }
}
