import { normaliseTarPath } from '../cnb/tar.js';
import type { TarEntry } from '../cnb/tar-reader.js';

/**
 * Where a patch layer may write: a buildpack layer only under `<layers>/<bp id, / as _>/<layer>/`,
 * the launcher only under `cnb/lifecycle/`. The ancestors of that directory may appear, as
 * directories only (lifecycle writes them). Pure: the engine feeds it each tar header it reads.
 */
export interface Containment {
  /** The allowed directory, normalised (`layers/acme_jre/jre`). */
  dir: string;
}

export function containmentFor(
  target: { kind: 'layer'; buildpack: string; layer: string } | { kind: 'launcher' },
  layersRoot: string,
): Containment {
  if (target.kind === 'launcher') return { dir: 'cnb/lifecycle' };
  return {
    dir: normaliseTarPath(`${layersRoot}/${target.buildpack.replace(/\//g, '_')}/${target.layer}`),
  };
}

export type TarHeaderView = Pick<TarEntry, 'name' | 'type' | 'linkname'>;

const inside = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);

/**
 * Checks one entry against the containment rule; returns why it breaks it, or undefined.
 * `symlinks` collects the symlinks seen so far in this layer: an entry below one of them would be
 * written through it, wherever it points.
 */
export function containmentViolation(
  header: TarHeaderView,
  rule: Containment,
  symlinks: Set<string>,
): string | undefined {
  const path = normaliseTarPath(header.name);
  const shown = `"${header.name}"`;
  if (path.split('/').includes('..')) return `${shown} contains ".."`;
  if (path === '' || path === '.')
    return header.type === 'directory' ? undefined : `${shown} is not a directory`;
  if (inside(rule.dir, path) && path !== rule.dir) {
    return header.type === 'directory'
      ? undefined
      : `${shown} is a ${header.type}, where only a directory may be`;
  }
  if (!inside(path, rule.dir)) return `${shown} is outside /${rule.dir}/`;
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) {
    if (symlinks.has(parts.slice(0, i).join('/')))
      return `${shown} is written through the symlink /${parts.slice(0, i).join('/')}`;
  }
  switch (header.type) {
    case 'file':
    case 'directory':
      return undefined;
    case 'symlink':
      symlinks.add(path);
      return undefined;
    case 'link': {
      const target = normaliseTarPath(header.linkname);
      if (target.split('/').includes('..') || !inside(target, rule.dir))
        return `${shown} is a hard link to "${header.linkname}", outside /${rule.dir}/`;
      return undefined;
    }
    default:
      return `${shown} is a ${header.type}`;
  }
}
