import { describeError, LayerRebaseError, PolicyError } from '../errors.js';
import { sha256, shortDigest, type Digest } from '../oci/digest.js';
import { formatReference, parseReference, repositoryOf, type Reference } from '../oci/reference.js';
import type { ManifestBytes } from '../oci/store.js';
import { formatPlatform, type ImageIndex } from '../oci/types.js';
import { emptyResult, type ImageResult } from '../result.js';
import { pushImage, TagMovedError, type PushPlan, type PushTarget } from './push.js';
import { appliedRecord, rewriteImage, type AppliedRecord } from './rewrite.js';
import { planSbom } from './sbom-step.js';
import { targetName } from './types.js';
import { forPush, type PlatformWork } from './work.js';
import { inspectPatchLayers } from './verify-layers.js';
import { readAndPlan } from './read-image.js';
import { signatureLookups, signaturesOf } from '../signing/lookups.js';
import { assessWork, reportsDescribing, requireFixHold } from './vuln-step.js';
import { assessImage } from '../vulns/image.js';
import { signManifests, type Attestation, type SigningOptions } from '../signing/sign-image.js';
import {
  APPLIED_PATCHES_V1,
  appliedPatchesStatement,
  provenanceStatement,
  SLSA_PROVENANCE_V1,
} from '../signing/attestations.js';
import { VERSION } from '../version.js';

import type { EngineOptions } from './engine-options.js';

export type { EngineOptions, PublishedFiles } from './engine-options.js';

/** An image read, planned, verified and rewritten in memory: ready to push, or already decided. */
export interface PreparedImage {
  result: ImageResult;
  /** Present only when there is something to push (never for dry runs, refusals or failures). */
  push?: PushPlan;
  startedAt: number;
}

/** Patches one app image (or every platform of an index) all or nothing: prepare, then push. */
export async function rebaseImage(input: string, options: EngineOptions): Promise<ImageResult> {
  return commitImage(await prepareImage(input, options), options);
}

function fail(result: ImageResult, error: unknown): void {
  result.status = error instanceof PolicyError || error instanceof TagMovedError ? 'refused' : 'failed';
  result.changed = false;
  result.error = {
    code: error instanceof LayerRebaseError ? error.code : 'internal',
    message: describeError(error),
  };
}

/**
 * Everything up to the first write: resolve, plan, verify every patch layer (its diffID and where it
 * writes), rewrite SBOM, config and manifests in memory, and note what each target tag holds.
 * Never throws: a failure is recorded in the result.
 */
export async function prepareImage(input: string, options: EngineOptions): Promise<PreparedImage> {
  const startedAt = Date.now();
  const result = emptyResult(input);
  const prepared: PreparedImage = { result, startedAt };
  try {
    const push = await prepareInto(input, options, result);
    if (push) prepared.push = push;
  } catch (error) {
    fail(result, error);
  }
  result.durationMs = Date.now() - startedAt;
  return prepared;
}

/** Pushes a prepared image (when it has anything to push) and completes its result. */
export async function commitImage(prepared: PreparedImage, options: EngineOptions): Promise<ImageResult> {
  const { result, push } = prepared;
  if (push) {
    try {
      const outcome = await pushImage(push, options.log, result.transfers, options.uploads);
      if (outcome === 'already-there') result.status = 'unchanged';
      else {
        if (result.status !== 'partial') result.status = 'patched';
        result.changed = true;
      }
    } catch (error) {
      fail(result, error);
    }
  }
  result.durationMs = Date.now() - prepared.startedAt;
  return result;
}

async function prepareInto(
  input: string,
  options: EngineOptions,
  result: ImageResult,
): Promise<PushPlan | undefined> {
  const { log } = options;
  const ref = parseReference(input);
  const shown = formatReference(ref);
  const store = options.stores.storeFor(ref);
  const { top, index, work } = await readAndPlan(ref, shown, store, options);
  result.digestBefore = top.digest;

  for (const w of work) {
    result.warnings.push(...w.plan.warnings);
    result.platforms.push({
      platform: formatPlatform(w.plan.platform),
      digestBefore: w.before.digest,
      digestAfter: w.before.digest,
      plan: w.plan,
    });
  }
  if (options.reports) result.reports = reportsDescribing(work, options.reports, index && top.digest);
  refuseIfAnyRefusal(shown, work);
  const partial = work.some((w) => w.plan.unpatched.length > 0);

  const changedWork = work.filter((w) => w.plan.swaps.length > 0 || w.plan.runImage?.status === 'rebase');
  // SBOMs first: they say which versions the patch layers bring, and so what the plan fixes.
  for (const w of changedWork) {
    w.sbom = await planSbom(w.app, store, w.plan, w.patchImages, options.readTar);
    result.warnings.push(...w.sbom.warnings);
  }
  if (options.reports) {
    for (const w of work) {
      const platform = result.platforms.find((p) => p.plan === w.plan)!;
      platform.vulnerabilities = assessWork(w, options.reports, index ? top.digest : undefined);
    }
    const image = assessImage(result.platforms);
    if (image) result.vulnerabilities = image;
  }
  if (changedWork.length === 0) {
    result.status = partial ? 'partial' : 'unchanged';
    result.digest = top.digest;
    result.result = `${repositoryOf(ref)}@${top.digest}`;
    log.info(`${shown}: nothing to patch (${top.digest})`);
    return undefined;
  }

  const hold = options.requireFix && requireFixHold(result, options.requireFix);
  if (hold) {
    result.status = 'skipped';
    result.note = hold.reason;
    if (hold.warn) result.warnings.push(`${shown}: ${hold.reason}`);
    result.digest = top.digest;
    result.result = `${repositoryOf(ref)}@${top.digest}`;
    log.info(`${shown}: ${hold.reason}`);
    return undefined;
  }

  const targetRefs = targetReferences(ref, options.tags);
  if (!options.dryRun) {
    const targetStores = targetRefs.map((t) => options.stores.storeFor(t));
    for (const w of changedWork) await inspectPatchLayers(w, options, result, targetStores);
  }
  for (const w of changedWork) {
    const sbom = w.sbom!;
    // What this patch replaces is recorded in the image: `undo` moves the tag back to it.
    const replacedIndex = index ? top.digest : options.recordReplacedIndex;
    const replaced = { manifest: w.before.digest, ...(replacedIndex ? { index: replacedIndex } : {}) };
    w.rewritten = rewriteImage(
      w.plan,
      w.app.manifest,
      w.app.config,
      sbom.change ? [sbom.change] : [],
      replaced,
      options.recordFormat,
    );
    const platform = result.platforms.find((p) => p.plan === w.plan)!;
    platform.digestAfter = w.rewritten.manifest.digest;
    platform.sbom = {
      layerIndex: sbom.change?.layerIndex ?? null,
      from: sbom.from ?? null,
      to: sbom.change?.diffId ?? null,
      layers: sbom.layers,
    };
  }
  if (index) {
    // Build attestations (provenance, SBOM) describe the image as it was built; they are kept as they
    // are, and the summary says so rather than letting them silently describe another image.
    const patched = new Set(changedWork.map((w) => w.descriptor?.digest));
    for (const d of index.manifests) {
      const subject = d.annotations?.['vnd.docker.reference.digest'];
      if (subject && patched.has(subject as never)) {
        result.warnings.push(
          `${shown}: attestation manifest ${d.digest} describes ${subject} before the patch; kept unchanged`,
        );
      }
    }
  }
  const final: ManifestBytes = index
    ? rewriteIndex(index, work)
    : (changedWork[0]!.rewritten!.manifest as ManifestBytes);

  result.digest = final.digest;
  result.result = `${repositoryOf(targetRefs[0] ?? ref)}@${final.digest}`;
  result.tags = targetRefs.filter((t) => t.tag !== undefined).map(formatReference);
  result.status = partial ? 'partial' : 'planned';
  // What signs the digest being replaced does not sign the new one: say so, never copy it over.
  const replaced = [top.digest, ...(index ? changedWork.map((w) => w.before.digest) : [])];
  const signatures = await signaturesOf(store, replaced, options.signatureLookups ?? signatureLookups(), log);
  if (signatures.length > 0) {
    result.signatures = signatures;
    if (!options.signing)
      result.warnings.push(
        `${shown}: ${shortDigest(top.digest)} is signed or attested (${signatures.join('; ')}); the new digest ${shortDigest(final.digest)} is not covered by them: sign it after the push (README: "Signing patched images")`,
      );
  }
  // Each platform manifest of an index, then the index (as `cosign sign --recursive`); else the manifest.
  const toSign = index ? [...work.map((w) => w.rewritten?.manifest ?? w.before), final] : [final];
  if (options.signing)
    result.signing = {
      by: options.signing.signer.identity,
      formats: options.signing.formats,
      attestations: options.signing.attest ? [SLSA_PROVENANCE_V1, APPLIED_PATCHES_V1] : [],
      manifests: toSign.map((m) => m.digest),
      stored: [],
    };
  if (options.dryRun) return undefined;

  const targets: PushTarget[] = [];
  for (const target of targetRefs) {
    const targetStore = options.stores.storeFor(target);
    const entry: PushTarget = { ref: target, store: targetStore };
    // The plan was made from what the input tag held; any other tag is compared with what it holds now.
    const expected = sameTag(target, ref)
      ? top.digest
      : target.tag !== undefined
        ? (await targetStore.headManifest(target.tag))?.digest
        : undefined;
    if (expected) entry.expected = expected;
    targets.push(entry);
  }
  const pushWork = work.map(forPush);
  const plan: PushPlan = {
    appStore: store,
    work: pushWork,
    final,
    targets,
    // Layers verified in transit are judged after the uploads, before the tags move.
    verify: async () => {
      for (const w of pushWork) for (const entry of w.inTransit?.values() ?? []) await entry.settle();
    },
  };
  if (index) plan.index = index;
  const signing = options.signing;
  if (signing) {
    const startedOn = options.startedAt ?? new Date().toISOString();
    const attestations = signing.attest
      ? attestationsFor(input, index ? top.digest : undefined, work, options, signing, startedOn)
      : undefined;
    plan.sign = async () => {
      const signed = await signManifests(
        targets.map((t) => t.store),
        toSign,
        signing,
        log,
        startedOn,
        attestations,
        result.signing!.stored,
      );
      result.warnings.push(...signed.warnings);
      // Keyless: who signed is known once the certificate is issued.
      result.signing!.by = signing.signer.identity;
    };
  }
  return plan;
}

/**
 * The attestations of each pushed manifest: SLSA provenance (what it was made from, by digest) and the
 * applied patches. A platform manifest names its own replaced manifest and patch images; the index
 * names the replaced index and every platform's.
 */
function attestationsFor(
  input: string,
  replacedIndex: Digest | undefined,
  work: PlatformWork[],
  options: EngineOptions,
  signing: SigningOptions,
  startedOn: string,
): (manifest: ManifestBytes, repository: string) => Attestation[] {
  const runImageOf = (w: PlatformWork) => {
    const r = w.plan.runImage;
    return r?.status === 'rebase' && r.to ? `${r.to.reference.split('@')[0]}@${r.to.digest}` : undefined;
  };
  // The label's records of every platform, made once: each manifest's attestations read their share.
  // And what an unpinned URL gave this run, by its recorded name: the provenance names the bytes used.
  const applied: (AppliedRecord & { platform: string })[] = [];
  const fetched = new Map<string, string[]>();
  for (const w of work)
    for (const s of w.plan.swaps) {
      const record = appliedRecord(s);
      applied.push({ platform: formatPlatform(w.plan.platform), ...record });
      const sha = s.patch.source.fetchedSha256;
      if (sha) fetched.set(record.source, [...(fetched.get(record.source) ?? []), sha]);
    }
  return (manifest, repository) => {
    const own = work.find((w) => (w.rewritten?.manifest ?? w.before).digest === manifest.digest);
    const scope = own ? [own] : work;
    const records = own ? applied.filter((a) => a.platform === formatPlatform(own.plan.platform)) : applied;
    const replaced = own ? own.before.digest : (replacedIndex ?? work[0]!.before.digest);
    const runImage = scope.map(runImageOf).find(Boolean);
    const provenance = provenanceStatement({
      subject: { repository, digest: manifest.digest },
      image: input,
      patchSources: records.map((r) => r.source),
      fetched,
      force: options.force,
      runImage: options.runImage ?? '',
      replaced: { repository, digest: replaced },
      patchImages: records.map((r) => r.patchImage),
      ...(runImage ? { runImageResolved: runImage } : {}),
      builderId: signing.attest?.builderId ?? signing.signer.identity,
      ...(signing.attest?.invocationId ? { invocationId: signing.attest.invocationId } : {}),
      startedOn,
      version: VERSION,
    });
    return [
      { predicateType: SLSA_PROVENANCE_V1, statement: provenance },
      {
        predicateType: APPLIED_PATCHES_V1,
        statement: appliedPatchesStatement(
          { repository, digest: manifest.digest },
          {
            tool: { name: 'layer-rebase', version: VERSION },
            input,
            replaced,
            applied: records,
          },
        ),
      },
    ];
  };
}

function sameTag(a: Reference, b: Reference): boolean {
  return formatReference(a) === formatReference(b) && b.digest === undefined;
}

/** Safety rules and broken inputs stop the whole image before anything is written. */
function refuseIfAnyRefusal(shown: string, work: PlatformWork[]): void {
  const refusals = work.flatMap((w) => [
    // `example/node/node: layer example/node/node is not marked …` names the layer once.
    ...w.plan.refused.map((d) =>
      d.reason.startsWith(`layer ${targetName(d.target)} `)
        ? d.reason
        : `${targetName(d.target)}: ${d.reason}`,
    ),
    ...(w.plan.runImage?.status === 'refused' ? [`run image: ${w.plan.runImage.reason}`] : []),
  ]);
  if (refusals.length === 0) return;
  const first = work.flatMap((w) => w.plan.refused)[0];
  throw new PolicyError(
    shown,
    `refused, nothing was pushed: ${refusals.join('; ')}`,
    first?.target.kind === 'layer' ? { buildpack: first.target.buildpack, layer: first.target.layer } : {},
  );
}

/** The index with each patched child's descriptor pointing at its new manifest; annotations kept. */
function rewriteIndex(index: ImageIndex, work: PlatformWork[]): ManifestBytes {
  const replacements = new Map<string, ManifestBytes>();
  for (const w of work)
    if (w.rewritten && w.descriptor) replacements.set(w.descriptor.digest, w.rewritten.manifest);
  return indexWithChildren(index, replacements);
}

/** An index whose children (by old digest) point at new manifests; everything else as it was. */
export function indexWithChildren(
  index: ImageIndex,
  replacements: ReadonlyMap<string, ManifestBytes>,
): ManifestBytes {
  const next = structuredClone(index);
  for (const [old, neu] of replacements) {
    // The first entry of that digest, as every earlier version wrote it: the same inputs, the same bytes.
    const entry = next.manifests.find((d) => d.digest === old);
    if (!entry) continue;
    entry.digest = neu.digest;
    entry.size = neu.bytes.length;
  }
  const bytes = Buffer.from(JSON.stringify(next));
  return { bytes, mediaType: next.mediaType, digest: sha256(bytes) };
}

/** `tags` as given, or the input's own tag, or (for a digest input) its repository by digest. */
export function targetReferences(input: Reference, tags: string[]): Reference[] {
  if (tags.length > 0) return tags.map((t) => parseReference(t));
  if (input.tag !== undefined && input.digest === undefined) return [input];
  const byDigest = { ...input };
  delete byDigest.tag;
  delete byDigest.digest;
  return [byDigest];
}
