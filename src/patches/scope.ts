import { PatchFileError } from '../errors.js';
import type { PatchFile } from './types.js';

/** The error code of a scope violation: it fails the whole run, never just one image. */
export const SCOPE_VIOLATION = 'patch-scope-violation';

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
        SCOPE_VIOLATION,
      );
    }
    if (/[*?[\]\\]/.test(patch.buildpack)) {
      throw new PatchFileError(
        file.source.location,
        `${patch.where}.buildpack`,
        patch.buildpack,
        `published by buildpack ${owner}${via}: a published patch names its buildpack exactly, without glob characters`,
        SCOPE_VIOLATION,
      );
    }
    if (patch.buildpack !== owner) {
      throw new PatchFileError(
        file.source.location,
        `${patch.where}.buildpack`,
        patch.buildpack,
        `published by buildpack ${owner}${via}, which may only patch its own layers ("buildpack" must be "${owner}")`,
        SCOPE_VIOLATION,
      );
    }
  }
}
