import type { LifecycleMetadata } from '../cnb/metadata.js';
import { globMatch } from './glob.js';
import type { LauncherPatch, LayerPatch, Patch, SelectorValue } from './types.js';

/** One target in the app image that a patch selected. */
export type MatchTarget = { kind: 'layer'; buildpack: string; layer: string } | { kind: 'launcher' };

export interface Override {
  patch: Patch;
  /** The patch that won. */
  by: Patch;
}

export interface Match {
  target: MatchTarget;
  patch: Patch;
  /** Later patches that selected the same target with a different patch image. */
  overridden: Override[];
}

export interface MatchResult {
  matches: Match[];
  /** Patches that selected nothing in this image. */
  unmatched: Patch[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Every value a dot path can reach: `artifact.version` finds `{"artifact": {"version": …}}` and the
 * literal key `{"artifact.version": …}` alike (and mixtures such as `{"io.buildpacks": {"rebasable": …}}`).
 */
export function lookupDataPath(data: unknown, path: string): unknown[] {
  const parts = path.split('.');
  const found: unknown[] = [];
  const walk = (node: unknown, from: number) => {
    if (from === parts.length) {
      found.push(node);
      return;
    }
    if (!isObject(node)) return;
    for (let to = from + 1; to <= parts.length; to++) {
      const key = parts.slice(from, to).join('.');
      if (Object.prototype.hasOwnProperty.call(node, key)) walk(node[key], to);
    }
  };
  walk(data, 0);
  return found;
}

/** Strings match by glob; numbers and booleans by their JSON text, on either side. */
export function selectorMatches(selector: SelectorValue, value: unknown): boolean {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean') text = JSON.stringify(value);
  else return false;
  return typeof selector === 'string' ? globMatch(selector, text) : JSON.stringify(selector) === text;
}

export function dataMatches(selectors: Record<string, SelectorValue>, data: unknown): boolean {
  return Object.entries(selectors).every(([path, selector]) =>
    lookupDataPath(data, path).some((value) => selectorMatches(selector, value)),
  );
}

export function layerPatchMatches(
  patch: LayerPatch,
  buildpack: string,
  layer: string,
  data: unknown,
): boolean {
  // A published patch names its own buildpack exactly (scope.ts refuses glob characters there);
  // comparing strings here too means a glob can never widen it, whatever slipped through.
  const buildpackMatches =
    patch.source.kind === 'buildpack' ? patch.buildpack === buildpack : globMatch(patch.buildpack, buildpack);
  return buildpackMatches && globMatch(patch.layer, layer) && dataMatches(patch.data, data);
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

/**
 * Matches an ordered patch list against an app image's lifecycle metadata. For each layer the first
 * matching patch wins (explicit sources come first in the list); a later one with another patch image
 * is reported as overridden, an identical one is merged silently.
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
    const [winner, ...rest] = candidates;
    if (!winner) return;
    for (const p of candidates) used.add(p);
    matches.push({
      target,
      patch: winner,
      overridden: rest.filter((p) => !samePatchImage(p, winner)).map((p) => ({ patch: p, by: winner })),
    });
  };
  for (const bp of metadata.buildpacks ?? []) {
    for (const [name, layer] of Object.entries(bp.layers ?? {})) {
      pick(
        { kind: 'layer', buildpack: bp.key, layer: name },
        patches.filter(
          (p): p is LayerPatch => p.kind === 'layer' && layerPatchMatches(p, bp.key, name, layer.data),
        ),
      );
    }
  }
  pick(
    { kind: 'launcher' },
    patches.filter(
      (p): p is LauncherPatch => p.kind === 'launcher' && launcherPatchMatches(p, metadata.launcher?.sha),
    ),
  );
  return { matches, unmatched: patches.filter((p) => !used.has(p)) };
}
