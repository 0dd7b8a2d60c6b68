import { historyIndexByLayer } from '../cnb/history.js';
import { LIFECYCLE_METADATA_LABEL, labelsOf } from '../cnb/metadata.js';
import type { Digest } from '../oci/digest.js';
import { familyOf, layerMediaTypeFor } from '../oci/media-types.js';
import {
  formatPlatform,
  platformOf,
  type Descriptor,
  type ImageConfig,
  type ImageManifest,
} from '../oci/types.js';
import type { AppImage, RunImageChange, RunImagePlan } from './types.js';

export type { RunImageChange, RunImagePlan } from './types.js';

export const BASE_ID_LABEL = 'io.buildpacks.base.id';
export const STACK_ID_LABEL = 'io.buildpacks.stack.id';
export const REBASABLE_LABEL = 'io.buildpacks.rebasable';
/** Labels that describe the base image: replaced by the new run image's on a rebase, as lifecycle does. */
export const BASE_LABEL_PREFIXES = ['io.buildpacks.base.', 'io.buildpacks.stack.'];

export interface RunImageCandidate {
  reference: string;
  digest: Digest;
  manifest: ImageManifest;
  config: ImageConfig;
}

function baseId(config: ImageConfig): string | undefined {
  const labels = labelsOf(config);
  return labels[BASE_ID_LABEL] ?? labels[STACK_ID_LABEL];
}

/**
 * The buildpack layers an image's lifecycle label lists (`example/node: node, deps`): an app image has
 * them, a run image never does. Empty when the label is absent or unreadable.
 */
function buildpackLayersOf(config: ImageConfig): string[] {
  const text = labelsOf(config)[LIFECYCLE_METADATA_LABEL];
  if (text === undefined) return [];
  let metadata: unknown;
  try {
    metadata = JSON.parse(text);
  } catch {
    return [];
  }
  const buildpacks = (metadata as { buildpacks?: unknown }).buildpacks;
  if (!Array.isArray(buildpacks)) return [];
  return buildpacks.flatMap((bp: { key?: unknown; layers?: unknown }) => {
    const layers = bp && typeof bp.layers === 'object' && bp.layers !== null ? Object.keys(bp.layers) : [];
    return layers.length > 0 && typeof bp.key === 'string' ? [`${bp.key}: ${layers.join(', ')}`] : [];
  });
}

/**
 * The platform spec's rebase, planned: the layers up to `runImage.topLayer` are the old base and are
 * replaced by the new run image's layers. Refused (unless forced) on an os/architecture or base id
 * mismatch, and when the app says it is not rebasable (its run image was extended). Pure.
 */
export function planRunImage(
  app: AppImage,
  run: RunImageCandidate,
  options: { force: boolean },
): RunImagePlan {
  const topLayer = app.metadata.runImage?.topLayer;
  const topIndex = topLayer ? app.config.rootfs.diff_ids.indexOf(topLayer) : -1;
  const newTop = run.config.rootfs.diff_ids[run.config.rootfs.diff_ids.length - 1] ?? null;
  const plan: RunImagePlan = {
    status: 'rebase',
    forced: false,
    warnings: [],
    from: {
      reference: app.metadata.runImage?.reference ?? null,
      topLayer: topLayer ?? null,
      layers: topIndex + 1,
    },
    to: {
      reference: `${run.reference.replace(/[:@][^/]*$/, '')}@${run.digest}`,
      digest: run.digest,
      topLayer: newTop,
      layers: run.manifest.layers.length,
    },
  };
  const refuse = (reason: string): RunImagePlan => ({ ...plan, status: 'refused', reason });
  // An app image given as the run image would put one app's layers under another: never, force or not.
  const appLayers = buildpackLayersOf(run.config);
  if (appLayers.length > 0) {
    const recorded = app.metadata.runImage?.image ?? app.metadata.runImage?.reference;
    return refuse(
      `${run.reference} is an app image, not a run image: its ${LIFECYCLE_METADATA_LABEL} label lists buildpack layers (${appLayers.slice(0, 3).join('; ')}${appLayers.length > 3 ? '; …' : ''}); give the run image the app was built on${recorded ? ` (it records ${recorded})` : ''}, or auto`,
    );
  }
  if (!topLayer) return refuse('the app image records no runImage.topLayer in its lifecycle metadata');
  if (topIndex < 0) return refuse(`runImage.topLayer ${topLayer} is not one of the app image's layers`);
  if (run.manifest.layers.length !== run.config.rootfs.diff_ids.length || run.manifest.layers.length === 0) {
    return refuse(`run image ${run.reference}: its manifest and config disagree on the layers`);
  }

  const oldBase = app.config.rootfs.diff_ids.slice(0, topIndex + 1);
  if (
    oldBase.length === run.config.rootfs.diff_ids.length &&
    oldBase.every((d, i) => d === run.config.rootfs.diff_ids[i])
  ) {
    return { ...plan, status: 'current', reason: `already on ${run.reference} (${run.digest})` };
  }

  const problems: string[] = [];
  if (labelsOf(app.config)[REBASABLE_LABEL] === 'false') {
    problems.push(
      `the app image is labelled ${REBASABLE_LABEL}=false (its run image was extended by image extensions)`,
    );
  }
  const appPlatform = formatPlatform(platformOf(app.config));
  const runPlatform = formatPlatform(platformOf(run.config));
  if (app.config.os !== run.config.os || app.config.architecture !== run.config.architecture) {
    problems.push(`the new run image is ${runPlatform} but the app image is ${appPlatform}`);
  }
  const appBase = baseId(app.config);
  const runBase = baseId(run.config);
  if (appBase !== runBase) {
    problems.push(
      `the new run image has base id ${runBase ?? '(none)'} but the app image has ${appBase ?? '(none)'}`,
    );
  }
  if (problems.length > 0) {
    if (!options.force) return refuse(`${problems.join('; ')} (set force to override)`);
    plan.forced = true;
    plan.warnings.push(...problems.map((p) => `${app.reference}: ${p}; rebased anyway because force is set`));
  }

  const family = familyOf(app.manifest.mediaType);
  let layers: Descriptor[];
  try {
    layers = run.manifest.layers.map((l) => ({
      mediaType: layerMediaTypeFor(l.mediaType, family),
      digest: l.digest,
      size: l.size,
    }));
  } catch (error) {
    return refuse(`run image ${run.reference}: ${(error as Error).message}`);
  }
  // The old base's history runs up to the entry of the first layer above it (its trailing empty
  // entries, such as USER, belong to the base too).
  const appHistory = historyIndexByLayer(app.config.history, app.config.rootfs.diff_ids.length);
  const firstAbove = appHistory[topIndex + 1];
  const historyEnd =
    appHistory[topIndex] === undefined
      ? undefined
      : firstAbove !== undefined
        ? firstAbove - 1
        : (app.config.history?.length ?? 0) - 1;
  const baseLabels = Object.fromEntries(
    Object.entries(labelsOf(run.config)).filter(([k]) => BASE_LABEL_PREFIXES.some((p) => k.startsWith(p))),
  );
  const runPlatformFields: RunImageChange['platform'] = {
    os: run.config.os,
    architecture: run.config.architecture,
  };
  if (run.config.variant) runPlatformFields.variant = run.config.variant;
  if (run.config['os.version']) runPlatformFields['os.version'] = run.config['os.version'];
  plan.change = {
    topIndex,
    historyEnd,
    layers,
    diffIds: [...run.config.rootfs.diff_ids],
    history: structuredClone(run.config.history ?? []),
    platform: runPlatformFields,
    baseLabels,
    topLayer: newTop!,
    reference: plan.to!.reference,
  };
  return plan;
}
