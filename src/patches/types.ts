import type { Digest } from '../oci/digest.js';

/** Where a patch came from, shown in every summary line and recorded in the provenance label. */
export interface PatchSource {
  kind: 'file' | 'url' | 'buildpack';
  /** The path or URL of the patch file, as given (for messages and the summary). */
  location: string;
  /**
   * How the provenance label records a local file: its canonical name and content sha256
   * (`.github/patches/security.json#sha256=<hex>`), the same for every spelling of the path and every
   * working directory. Absent for URLs, which are recorded as `location` (no query, with their pin).
   */
  recorded?: string;
  /**
   * The sha256 of the bytes a URL gave this run: the provenance's dependency digest for a URL recorded
   * without a pin (the label keeps the URL as given).
   */
  fetchedSha256?: string;
  /** For buildpack-published files: the publishing buildpack id (scope of the file). */
  buildpack?: string;
  /** For buildpack-published files: the buildpack.toml or builder image it was found through. */
  via?: string;
  /** From a `[[targets]]` entry of a buildpack.toml: the file applies only to images of this platform. */
  platform?: { os?: string; arch?: string; variant?: string };
}

interface PatchCommon {
  patchImage: string;
  mirrors: string[];
  source: PatchSource;
  /** Position in its file, for messages: `patches[2]`, `patches.launcher`. */
  where: string;
}

export interface LayerPatch extends PatchCommon {
  kind: 'layer';
  buildpack: string;
  layer: string;
  /**
   * Dot paths into the layer's `data` -> glob, flattened from nested spellings. A null-prototype
   * object, so that keys such as `__proto__` are kept like any other.
   */
  data: Record<string, string>;
  /**
   * Set only by `verify` for a patch rebuilt from a label record: the one target the record names (its
   * `buildpacks[]` position when recorded). The selector must still select it; the patch selects nothing
   * else, so records re-apply where they were applied, whatever the order of patches the run had.
   */
  only?: { buildpack: string; layer: string; index?: number };
}

export interface LauncherPatch extends PatchCommon {
  kind: 'launcher';
  /** Absent: any launcher is patched. */
  mustMatchSha?: Digest[];
}

export type Patch = LayerPatch | LauncherPatch;

export interface PatchFile {
  source: PatchSource;
  patches: Patch[];
  /** Unknown keys and other remarks that do not stop the run. */
  warnings: string[];
}

export function describeSource(source: PatchSource): string {
  if (source.kind === 'buildpack') {
    return `${source.location} (published by ${source.buildpack}${source.via ? ` via ${source.via}` : ''})`;
  }
  return source.location;
}

export function describeSelector(patch: Patch): string {
  if (patch.kind === 'launcher') {
    return patch.mustMatchSha ? `launcher (must-match-sha: ${patch.mustMatchSha.length})` : 'launcher';
  }
  const data = Object.entries(patch.data)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return `${patch.buildpack} / ${patch.layer}${data ? ` [${data}]` : ''}`;
}
