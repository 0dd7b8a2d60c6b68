import type { LifecycleMetadata } from '../cnb/metadata.js';
import { suggestNames } from '../suggest.js';
import { globMatch } from './glob.js';
import type { LauncherPatch, LayerPatch, Patch } from './types.js';

/**
 * One target in the app image that a patch selected. A layer is named by its buildpack entry's
 * position too: lifecycle matches every `buildpacks[]` entry on its own, also when two share an id.
 */
export type MatchTarget =
  { kind: 'layer'; buildpack: string; layer: string; index: number } | { kind: 'launcher' };

export interface Override {
  patch: Patch;
  /** The patch that won: the later one. */
  by: Patch;
}

export interface Match {
  target: MatchTarget;
  patch: Patch;
  /** Earlier patches that selected the same target with another patch image (the later one wins). */
  overridden: Override[];
}

/**
 * Why a patch selected nothing in one image: no buildpack id or no layer name fits its globs, its data
 * selectors fit no layer, the launcher is not in must-match-sha (or there is none), or the target is
 * already what this patch's image put there in an earlier run (`already-patched`: nothing is wrong).
 */
export type UnmatchedKind = 'buildpack' | 'layer' | 'data' | 'launcher' | 'already-patched';

/** A patch that selected nothing in one image, and why, where that is knowable. */
export interface Unmatched {
  patch: Patch;
  kind: UnmatchedKind;
  reason: string;
  /** The selector the image's ids or layer names suggest: `"buildpack": "example/node"`. */
  didYouMean?: string;
}

export interface MatchResult {
  matches: Match[];
  unmatched: Unmatched[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The value a selector path reaches, as lifecycle finds it: the key is split on every `.` and each
 * part looked up in a nested object (a literal key `"artifact.version"` is never found); `found` is
 * false when a part is missing or the path runs into something that is not an object.
 */
export function lookupDataPath(data: unknown, path: string): { found: boolean; value?: unknown } {
  let node = data;
  for (const part of path.split('.')) {
    if (!isObject(node) || !Object.prototype.hasOwnProperty.call(node, part)) return { found: false };
    node = node[part];
  }
  return { found: true, value: node };
}

/** Why one data selector does not match, or undefined when it does. Only strings match (lifecycle). */
export function selectorMismatch(data: unknown, path: string, pattern: string): string | undefined {
  const { found, value } = lookupDataPath(data, path);
  if (!found) return `data.${path} is missing`;
  if (typeof value === 'string') {
    return globMatch(pattern, value) ? undefined : `data.${path} is "${value}", not "${pattern}"`;
  }
  const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
  const shown = typeof value === 'object' && value !== null ? '' : ` (${JSON.stringify(value)})`;
  return `data.${path} is ${kind}${shown}; lifecycle matches strings only`;
}

export function dataMatches(selectors: Record<string, string>, data: unknown): boolean {
  return Object.entries(selectors).every(([path, pattern]) => !selectorMismatch(data, path, pattern));
}

function buildpackMatches(patch: LayerPatch, id: string): boolean {
  // A published patch names its own buildpack exactly (scope.ts refuses glob characters there);
  // comparing strings here too means a glob can never widen it, whatever slipped through.
  return patch.source.kind === 'buildpack' ? patch.buildpack === id : globMatch(patch.buildpack, id);
}

export function layerPatchMatches(
  patch: LayerPatch,
  buildpack: string,
  layer: string,
  data: unknown,
): boolean {
  return buildpackMatches(patch, buildpack) && globMatch(patch.layer, layer) && dataMatches(patch.data, data);
}

export function launcherPatchMatches(patch: LauncherPatch, launcherSha: string | undefined): boolean {
  if (!launcherSha) return false;
  return patch.mustMatchSha === undefined || patch.mustMatchSha.includes(launcherSha as never);
}

/** A patch file from a buildpack's `[[targets]]` entry applies only to images of that os/arch/variant. */
export function sourceAppliesTo(
  patch: Patch,
  platform: { os: string; architecture: string; variant?: string },
): boolean {
  const only = patch.source.platform;
  if (!only) return true;
  if (only.os !== undefined && only.os !== platform.os) return false;
  if (only.arch !== undefined && only.arch !== platform.architecture) return false;
  return only.variant === undefined || only.variant === platform.variant;
}

function samePatchImage(a: Patch, b: Patch): boolean {
  return a.patchImage === b.patchImage && a.mirrors.join('\n') === b.mirrors.join('\n');
}

const list = (names: string[]) => (names.length === 0 ? 'none' : names.map((n) => `"${n}"`).join(', '));

/** `did you mean "buildpack": "example/node"?` for a selector the image's names suggest, or nothing. */
function nearest(key: 'buildpack' | 'layer', pattern: string, names: string[]): string | undefined {
  const near = suggestNames(pattern, names, globMatch);
  return near.length === 0 ? undefined : near.map((n) => `"${key}": "${n}"`).join(' or ');
}

/** Why a layer patch selected nothing in this image, as precisely as the metadata tells. */
function whyLayerUnmatched(patch: LayerPatch, metadata: LifecycleMetadata): Omit<Unmatched, 'patch'> {
  const buildpacks = metadata.buildpacks ?? [];
  const bps = buildpacks.filter((bp) => buildpackMatches(patch, bp.key));
  if (bps.length === 0) {
    const ids = buildpacks.map((b) => b.key);
    const didYouMean = nearest('buildpack', patch.buildpack, ids);
    return {
      kind: 'buildpack',
      reason: `no buildpack matches "${patch.buildpack}"${didYouMean ? ` (did you mean ${didYouMean}?)` : ''}; the image has ${list(ids)}`,
      ...(didYouMean ? { didYouMean } : {}),
    };
  }
  const layers = bps.flatMap((bp) =>
    Object.entries(bp.layers ?? {})
      .filter(([name]) => globMatch(patch.layer, name))
      .map(([name, layer]) => ({ bp: bp.key, name, data: layer.data })),
  );
  if (layers.length === 0) {
    const names = bps.flatMap((bp) => Object.keys(bp.layers ?? {}).map((n) => `${bp.key}/${n}`));
    const layerNames = bps.flatMap((bp) => Object.keys(bp.layers ?? {}));
    const didYouMean = nearest('layer', patch.layer, layerNames);
    return {
      kind: 'layer',
      reason: `no layer matches "${patch.layer}" in ${list([...new Set(bps.map((b) => b.key))])}${didYouMean ? ` (did you mean ${didYouMean}?)` : ''}; it has ${list(names)}`,
      ...(didYouMean ? { didYouMean } : {}),
    };
  }
  return {
    kind: 'data',
    reason: layers
      .map((l) => {
        const why = Object.entries(patch.data)
          .map(([path, pattern]) => selectorMismatch(l.data, path, pattern))
          .filter((w): w is string => w !== undefined);
        return `${l.bp}/${l.name}: ${why.join(', ')}`;
      })
      .join('; '),
  };
}

/**
 * Matches an ordered patch list against an app image's lifecycle metadata the way lifecycle does:
 * every patch against every `buildpacks[]` entry and layer, in order, so that when two select the
 * same layer the later one is what the image ends with. An earlier one with another patch image is
 * reported as overridden; an identical one is merged silently.
 */
export function matchPatches(
  metadata: LifecycleMetadata,
  allPatches: Patch[],
  platform?: { os: string; architecture: string; variant?: string },
): MatchResult {
  const patches = platform ? allPatches.filter((p) => sourceAppliesTo(p, platform)) : allPatches;
  const matches: Match[] = [];
  const used = new Set<Patch>();
  const pick = (target: MatchTarget, candidates: Patch[]) => {
    const winner = candidates[candidates.length - 1];
    if (!winner) return;
    for (const p of candidates) used.add(p);
    matches.push({
      target,
      patch: winner,
      overridden: candidates
        .slice(0, -1)
        .filter((p) => !samePatchImage(p, winner))
        .map((p) => ({ patch: p, by: winner })),
    });
  };
  (metadata.buildpacks ?? []).forEach((bp, index) => {
    for (const [name, layer] of Object.entries(bp.layers ?? {})) {
      pick(
        { kind: 'layer', buildpack: bp.key, layer: name, index },
        patches.filter(
          (p): p is LayerPatch =>
            p.kind === 'layer' &&
            layerPatchMatches(p, bp.key, name, layer.data) &&
            (p.only === undefined ||
              (p.only.buildpack === bp.key &&
                p.only.layer === name &&
                (p.only.index === undefined || p.only.index === index))),
        ),
      );
    }
  });
  pick(
    { kind: 'launcher' },
    patches.filter(
      (p): p is LauncherPatch => p.kind === 'launcher' && launcherPatchMatches(p, metadata.launcher?.sha),
    ),
  );
  const unmatched = patches
    .filter((p) => !used.has(p))
    .map((patch): Unmatched =>
      patch.kind === 'layer'
        ? { patch, ...whyLayerUnmatched(patch, metadata) }
        : {
            patch,
            kind: 'launcher',
            reason: metadata.launcher?.sha
              ? `the launcher ${metadata.launcher.sha} is not in must-match-sha`
              : 'the image records no launcher',
          },
    );
  return { matches, unmatched };
}
