import { historyIndexByLayer } from '../cnb/history.js';
import { findLayer, isRebasable, legacyBomOf, type LayerMetadata } from '../cnb/metadata.js';
import type { Digest } from '../oci/digest.js';
import { familyOf, layerMediaTypeFor } from '../oci/media-types.js';
import { formatPlatform, platformOf, type ImageConfig, type ImageManifest } from '../oci/types.js';
import { lookupDataPath, type Match, type MatchResult } from '../patches/match.js';
import type { Patch } from '../patches/types.js';
import type {
  AppImage,
  Decision,
  LayerSide,
  LayerSwap,
  PatchImageResolution,
  Plan,
  ResolvedPatchImage,
} from './types.js';

export interface PlanOptions {
  force: boolean;
}

/** The key under which a patch's image is resolved once per run and platform. */
export function patchImageKey(patch: Pick<Patch, 'patchImage' | 'mirrors'>): string {
  return [patch.patchImage, ...patch.mirrors].join('\n');
}

const VERSION_KEYS = ['artifact.version', 'dependency.version', 'version', 'metadata.version'];

/** A human version for the summary: a version-like selector key first, then the usual keys. */
export function layerVersion(data: unknown, patch?: Patch): string | undefined {
  const keys = [
    ...(patch?.kind === 'layer' ? Object.keys(patch.data).filter((k) => /version/i.test(k)) : []),
    ...VERSION_KEYS,
  ];
  for (const key of keys) {
    // Also a literal dotted key (Paketo writes "artifact.version" nowhere, libpak does): display only.
    const { value } = lookupDataPath(data, key);
    const literal =
      typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[key] : undefined;
    for (const v of [value, literal]) if (typeof v === 'string' || typeof v === 'number') return String(v);
  }
  return undefined;
}

/**
 * Where a diffID sits in an image. A diffID listed twice (identical layers) is told apart by the
 * lifecycle `created_by` history entry when there is one; otherwise it is ambiguous.
 */
function locateLayer(
  config: ImageConfig,
  diffId: Digest,
  createdByHint?: RegExp,
): { index: number } | { error: string } {
  const indexes: number[] = [];
  config.rootfs.diff_ids.forEach((d, i) => d === diffId && indexes.push(i));
  if (indexes.length === 0) return { error: `diffID ${diffId} is not in the image's rootfs.diff_ids` };
  if (indexes.length === 1) return { index: indexes[0]! };
  const history = historyIndexByLayer(config.history, config.rootfs.diff_ids.length);
  const named = indexes.filter((i) => {
    const h = history[i];
    return h !== undefined && createdByHint?.test(config.history?.[h]?.created_by ?? '');
  });
  if (named.length === 1) return { index: named[0]! };
  return {
    error: `diffID ${diffId} appears ${indexes.length} times in rootfs.diff_ids and cannot be told apart`,
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function side(
  image: { config: ImageConfig; manifest: ImageManifest },
  index: number,
  fields: Omit<LayerSide, 'descriptor' | 'diffId' | 'createdBy'>,
): LayerSide {
  const historyIndex = historyIndexByLayer(image.config.history, image.config.rootfs.diff_ids.length)[index];
  const createdBy = historyIndex === undefined ? undefined : image.config.history?.[historyIndex]?.created_by;
  const out: LayerSide = {
    descriptor: image.manifest.layers[index]!,
    diffId: image.config.rootfs.diff_ids[index]!,
    ...fields,
  };
  if (createdBy !== undefined) out.createdBy = createdBy;
  return out;
}

function withoutUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/**
 * The plan for one app image and platform: a pure function of the image, the matches and the
 * resolved patch images. No I/O, no clock.
 */
export function planRebase(
  app: AppImage,
  matched: MatchResult,
  resolutions: ReadonlyMap<string, PatchImageResolution>,
  options: PlanOptions,
): Plan {
  const platform = platformOf(app.config);
  const plan: Plan = {
    image: app.reference,
    platform,
    swaps: [],
    skipped: [],
    refused: [],
    unpatched: [],
    overrides: matched.matches.flatMap((m) => m.overridden),
    unmatched: matched.unmatched,
    warnings: [],
  };
  const family = familyOf(app.manifest.mediaType);
  if (app.manifest.layers.length !== app.config.rootfs.diff_ids.length) {
    plan.refused.push(
      ...matched.matches.map((m) => ({
        target: m.target,
        patch: m.patch,
        reason: `the manifest lists ${app.manifest.layers.length} layers but the config ${app.config.rootfs.diff_ids.length} diffIDs`,
      })),
    );
    return plan;
  }
  const usedIndexes = new Set<number>();
  for (const match of matched.matches) {
    const decision = (reason: string): Decision => ({ target: match.target, patch: match.patch, reason });
    const resolution = resolutions.get(patchImageKey(match.patch));
    if (!resolution) {
      plan.refused.push(decision(`patch image ${match.patch.patchImage} was not resolved`));
      continue;
    }
    if (resolution.status === 'missing-platform') {
      // Pushing the other platforms would report success while this one keeps the vulnerable layer.
      const reason = `patch image ${resolution.reference} has no ${formatPlatform(platform)} image (it has: ${resolution.available.join(', ') || 'none'}), so ${formatPlatform(platform)} would stay unpatched`;
      if (!options.force) {
        plan.refused.push(
          decision(`${reason} (add that platform to the patch image, or set force to patch the others)`),
        );
        continue;
      }
      plan.unpatched.push(decision(reason));
      plan.warnings.push(
        `${app.reference}: ${reason}; ${describeTarget(match)} left as it is because force is set`,
      );
      continue;
    }
    if (resolution.manifest.layers.length !== resolution.config.rootfs.diff_ids.length) {
      plan.refused.push(
        decision(`patch image ${resolution.reference}: manifest and config disagree on the number of layers`),
      );
      continue;
    }
    const outcome =
      match.target.kind === 'launcher'
        ? planLauncher(app, match, resolution)
        : planLayer(app, match, resolution, options);
    if ('skip' in outcome) {
      plan.skipped.push(decision(outcome.skip));
      continue;
    }
    if ('refuse' in outcome) {
      plan.refused.push(decision(outcome.refuse));
      continue;
    }
    const swap = outcome.swap;
    if (usedIndexes.has(swap.layerIndex)) {
      plan.refused.push(
        decision(`layer ${swap.layerIndex} is already replaced by another patch in this plan`),
      );
      continue;
    }
    try {
      swap.to.descriptor = {
        ...swap.to.descriptor,
        mediaType: layerMediaTypeFor(swap.to.descriptor.mediaType, family),
      };
    } catch (error) {
      plan.refused.push(decision(`patch layer from ${resolution.reference}: ${(error as Error).message}`));
      continue;
    }
    if (swap.forced) {
      plan.warnings.push(
        `${app.reference}: ${describeTarget(match)} is not marked "io.buildpacks.rebasable": true; replaced anyway because force is set`,
      );
    }
    if (outcome.warning) plan.warnings.push(outcome.warning);
    usedIndexes.add(swap.layerIndex);
    plan.swaps.push(swap);
  }
  return plan;
}

function describeTarget(match: Match): string {
  return match.target.kind === 'launcher'
    ? 'the launcher'
    : `layer ${match.target.buildpack}/${match.target.layer}`;
}

type Outcome = { swap: LayerSwap; warning?: string } | { skip: string } | { refuse: string };

/** A swap of the app's layer at `fromIndex` for the patch image's layer at `toIndex`. */
function makeSwap(
  app: AppImage,
  patchImage: ResolvedPatchImage,
  match: Match,
  at: { from: number; to: number },
  fields: {
    from: Omit<LayerSide, 'descriptor' | 'diffId' | 'createdBy'>;
    to: Omit<LayerSide, 'descriptor' | 'diffId' | 'createdBy'>;
  },
  forced: boolean,
): LayerSwap {
  return {
    target: match.target,
    patch: match.patch,
    layerIndex: at.from,
    historyIndex: historyIndexByLayer(app.config.history, app.config.rootfs.diff_ids.length)[at.from],
    from: side(app, at.from, withoutUndefined(fields.from)),
    to: side(patchImage, at.to, withoutUndefined(fields.to)),
    patchImage: {
      requested: match.patch.patchImage,
      reference: patchImage.reference,
      digest: patchImage.digest,
    },
    forced,
  };
}

function planLayer(
  app: AppImage,
  match: Match,
  patchImage: ResolvedPatchImage,
  options: PlanOptions,
): Outcome {
  if (match.target.kind !== 'layer') throw new Error('unreachable');
  const { buildpack, layer, index } = match.target;
  const entry = app.metadata.buildpacks![index]!;
  const current = { buildpack: entry, layer: entry.layers![layer]! };
  if (current.layer.launch === false && !app.config.rootfs.diff_ids.includes(current.layer.sha)) {
    return { skip: 'not a launch layer: the app image does not contain it' };
  }
  const offered = findLayer(patchImage.metadata, buildpack, layer);
  if (!offered) {
    return {
      refuse: `patch image ${patchImage.reference} has no layer "${layer}" of buildpack ${buildpack} in its lifecycle metadata`,
    };
  }
  if (offered.layer.sha === current.layer.sha) return { skip: `already up to date (${offered.layer.sha})` };
  if (offered.layer.launch === false) {
    return {
      refuse: `patch image ${patchImage.reference}: layer ${buildpack}/${layer} is not a launch layer`,
    };
  }
  const forced = !isRebasable(current.layer);
  if (forced && !options.force) {
    return {
      refuse: `layer ${buildpack}/${layer} is not marked "io.buildpacks.rebasable": true in its data; refusing to replace it (set force to override)`,
    };
  }
  const hint = new RegExp(
    `^Layer: '${escapeRegExp(layer)}', Created by buildpack: ${escapeRegExp(buildpack)}@`,
  );
  const from = locateLayer(app.config, current.layer.sha, hint);
  if ('error' in from) return { refuse: `app image: layer ${buildpack}/${layer}: ${from.error}` };
  const to = locateLayer(patchImage.config, offered.layer.sha, hint);
  if ('error' in to)
    return { refuse: `patch image ${patchImage.reference}: layer ${buildpack}/${layer}: ${to.error}` };
  const fields = {
    from: {
      metadata: current.layer,
      version: layerVersion(current.layer.data, match.patch),
      buildpackVersion: current.buildpack.version,
    },
    to: {
      metadata: offered.layer as LayerMetadata,
      version: layerVersion(offered.layer.data, match.patch),
      buildpackVersion: offered.buildpack.version,
    },
  };
  const swap = makeSwap(app, patchImage, match, { from: from.index, to: to.index }, fields, forced);
  if (legacyBomOf(app.buildMetadata, buildpack).length > 0) {
    const offeredBom = legacyBomOf(patchImage.buildMetadata, buildpack);
    if (offeredBom.length > 0) swap.to.legacyBom = offeredBom;
    else
      return {
        swap,
        warning: `${app.reference}: the legacy BOM (io.buildpacks.build.metadata "bom") still lists ${buildpack} as it was before the patch, and the patch image has no entries to replace them: it is stale`,
      };
  }
  return { swap };
}

function planLauncher(app: AppImage, match: Match, patchImage: ResolvedPatchImage): Outcome {
  const currentSha = app.metadata.launcher?.sha;
  const offeredSha = patchImage.metadata.launcher?.sha;
  if (!currentSha) return { skip: 'the app image records no launcher' };
  if (!offeredSha)
    return { refuse: `patch image ${patchImage.reference} records no launcher in its lifecycle metadata` };
  if (offeredSha === currentSha) return { skip: `already up to date (${offeredSha})` };
  const from = locateLayer(app.config, currentSha, /^Layer: 'launcher'/);
  if ('error' in from) return { refuse: `app image: launcher: ${from.error}` };
  const to = locateLayer(patchImage.config, offeredSha, /^Layer: 'launcher'/);
  if ('error' in to) return { refuse: `patch image ${patchImage.reference}: launcher: ${to.error}` };
  const fields = {
    from: { version: app.buildMetadata?.launcher?.version },
    to: { version: patchImage.buildMetadata?.launcher?.version },
  };
  return { swap: makeSwap(app, patchImage, match, { from: from.index, to: to.index }, fields, false) };
}
