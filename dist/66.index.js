export const id = 66;
export const ids = [66];
export const modules = {

/***/ 84066:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  reproduceNewestStep: () => (/* binding */ reproduceNewestStep),
  verifyImage: () => (/* binding */ verifyImage)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(25625);
// EXTERNAL MODULE: ./src/cnb/metadata.ts
var cnb_metadata = __webpack_require__(92556);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
// EXTERNAL MODULE: ./src/oci/config.ts
var oci_config = __webpack_require__(5335);
// EXTERNAL MODULE: ./src/rebase/sbom-step.ts + 1 modules
var sbom_step = __webpack_require__(75954);
// EXTERNAL MODULE: ./src/oci/reference.ts
var reference = __webpack_require__(62148);
// EXTERNAL MODULE: ./src/oci/stores.ts + 6 modules
var oci_stores = __webpack_require__(54288);
// EXTERNAL MODULE: ./src/oci/types.ts
var types = __webpack_require__(3048);
// EXTERNAL MODULE: ./src/rebase/engine.ts + 6 modules
var engine = __webpack_require__(28801);
// EXTERNAL MODULE: ./src/undo/history.ts
var undo_history = __webpack_require__(82254);
// EXTERNAL MODULE: ./src/rebase/read-image.ts
var read_image = __webpack_require__(14478);
// EXTERNAL MODULE: ./src/rebase/readers.ts
var readers = __webpack_require__(77384);
// EXTERNAL MODULE: ./src/rebase/types.ts
var rebase_types = __webpack_require__(74693);
// EXTERNAL MODULE: ./src/patches/types.ts
var patches_types = __webpack_require__(34527);
// EXTERNAL MODULE: ./src/rebase/rewrite.ts + 1 modules
var rewrite = __webpack_require__(8753);
// EXTERNAL MODULE: ./src/oci/digest.ts
var digest = __webpack_require__(68825);
;// CONCATENATED MODULE: ./src/verify/recorded-patches.ts

class CannotVerifyError extends Error {
}
/** More launcher shas than any patch file lists: a label claiming so was not written by this tool. */
const MAX_MUST_MATCH = 256;
/** `example/node / node [version=22.*, arch=amd64]` back into buildpack, layer and data selectors. */
function parseLayerSelector(selector, readData = true) {
    const m = /^(.+?) \/ (.+?)(?: \[(.*)\])?$/.exec(selector);
    if (!m)
        throw new CannotVerifyError(`the recorded selector "${selector}" is not one this tool writes`);
    const data = Object.create(null);
    if (m[3] && readData) {
        // Entries are `key=glob` joined by ", "; a glob may itself hold ", ", so split only before `key=`.
        for (const part of m[3].split(/, (?=[^,=\s]+=)/)) {
            const eq = part.indexOf('=');
            if (eq <= 0)
                throw new CannotVerifyError(`the recorded selector "${selector}" has an unreadable data entry`);
            data[part.slice(0, eq)] = part.slice(eq + 1);
        }
    }
    return { buildpack: m[1], layer: m[2], data };
}
function recordedInputs(records) {
    const patches = [];
    let runImage = '';
    for (const r of records) {
        if (r.target === 'run-image') {
            runImage = r.patchImage;
            continue;
        }
        const at = r.patchImage.lastIndexOf('@');
        if (at < 0 || !(0,digest/* isDigest */.Bc)(r.patchImage.slice(at + 1)))
            throw new CannotVerifyError(`the patch image of ${r.target} is recorded without its digest (${r.patchImage})`);
        // The reference as it was given, pinned to the manifest that was used: a tag is resolved by the
        // recorded digest; a reference pinned by its own digest (an index) resolves to the same child again.
        const given = r.patchImage.slice(0, at);
        const patchImage = given.includes('@') ? given : r.patchImage;
        // The source exactly as recorded: the label a re-derivation writes must be byte-identical.
        const common = {
            patchImage,
            mirrors: [],
            source: { kind: 'file', location: r.source, recorded: r.source },
            where: `label record ${r.target}`,
        };
        if (r.target === 'launcher') {
            const count = /^launcher \(must-match-sha: (\d+)\)$/.exec(r.selector);
            if (!count && r.selector !== 'launcher')
                throw new CannotVerifyError(`the recorded selector "${r.selector}" is not one this tool writes`);
            // must-match-sha only admits the launcher being replaced; the label keeps how many shas it listed.
            // A real must-match-sha lists a few launcher shas; a count beyond that is no label this tool wrote.
            const n = count ? Number(count[1]) : 0;
            if (n > MAX_MUST_MATCH)
                throw new CannotVerifyError(`the recorded selector "${r.selector}" lists more shas than a patch file can`);
            patches.push({
                kind: 'launcher',
                ...common,
                ...(count ? { mustMatchSha: Array(n).fill(r.from) } : {}),
            });
            continue;
        }
        const selector = parseLayerSelector(r.selector, !r.data);
        // Newer labels record the data selectors exactly; the selector text is read only for older ones.
        if (r.data) {
            const data = Object.create(null);
            for (const [k, v] of Object.entries(r.data)) {
                if (typeof v !== 'string')
                    throw new CannotVerifyError(`the recorded data selector ${k} is not a glob`);
                data[k] = v;
            }
            selector.data = data;
        }
        // The record's own target: buildpack ids hold '/', layer names (directory names) do not.
        const slash = r.target.lastIndexOf('/');
        if (slash <= 0 || slash === r.target.length - 1)
            throw new CannotVerifyError(`the recorded target "${r.target}" is not one this tool writes`);
        const only = {
            buildpack: r.target.slice(0, slash),
            layer: r.target.slice(slash + 1),
            ...(r.position !== undefined ? { index: r.position } : {}),
        };
        patches.push({ kind: 'layer', ...common, ...selector, only });
    }
    return { patches, runImage };
}
/**
 * When records carry no `buildpacks[]` position and the re-derived swaps reach two entries that share an
 * id, the label does not say which entry each record is: a difference cannot be told from a guess.
 */
function unrecordedPosition(step, swaps) {
    if (step.records.some((r) => r.position !== undefined))
        return undefined;
    const positions = new Map();
    for (const s of swaps) {
        if (s.target.kind !== 'layer')
            continue;
        const set = positions.get(s.target.buildpack) ?? new Set();
        set.add(s.target.index);
        positions.set(s.target.buildpack, set);
    }
    for (const [id, set] of positions)
        if (set.size > 1)
            return `the label does not record which of the buildpacks[] entries with id ${id} each swap changed (made by a layer-rebase before positions were recorded)`;
    return undefined;
}

// EXTERNAL MODULE: ./src/cnb/tar-reader.ts
var tar_reader = __webpack_require__(96880);
;// CONCATENATED MODULE: ./src/verify/difference.ts

/**
 * The first place a pushed image differs from what its recorded patches give, in words an auditor can
 * check: a layer at index N, a label key, a config field, a manifest field. Pure.
 */
function firstDifference(expected, actual, sbomIndex, 
/** The layers the recorded patches swap, by index: `example/jvm/jre`. */
swapped = new Map()) {
    const el = expected.manifest.layers;
    const al = actual.manifest.layers;
    if (el.length !== al.length)
        return `it has ${al.length} layers where the recorded patches give ${el.length}`;
    for (let i = 0; i < el.length; i++) {
        if (el[i].digest === al[i].digest && el[i].mediaType === al[i].mediaType)
            continue;
        const target = swapped.get(i);
        const what = i === sbomIndex
            ? 'the SBOM layer'
            : target
                ? `${target}, not the layer its recorded patch image gives`
                : 'a layer no recorded patch swapped';
        return `layer ${i} (${what}) is ${al[i].digest} where the recorded patches give ${el[i].digest}`;
    }
    const labels = (c) => c.config?.Labels ?? {};
    const keys = [
        ...new Set([...Object.keys(labels(expected.config)), ...Object.keys(labels(actual.config))]),
    ].sort();
    for (const key of keys) {
        const e = labels(expected.config)[key];
        const a = labels(actual.config)[key];
        if (e === a)
            continue;
        if (a === undefined)
            return `label ${key} is missing`;
        if (e === undefined)
            return `label ${key} is not one the recorded patches write`;
        return `label ${key} differs from what the recorded patches write: ${around(a, e)}`;
    }
    const { config: ec, ...erest } = expected.config;
    const { config: ac, ...arest } = actual.config;
    const field = firstField(erest, arest) ??
        firstField({ ...ec, Labels: undefined }, { ...ac, Labels: undefined }, 'config.');
    if (field)
        return `config field ${field} differs`;
    const { layers: _e, config: _ec, ...em } = expected.manifest;
    const { layers: _a, config: _ac, ...am } = actual.manifest;
    const mfield = firstField(em, am, 'manifest ');
    if (mfield)
        return `${mfield} differs`;
    if (expected.manifest.config.digest !== actual.manifest.config.digest)
        return 'the config differs in its encoding (same values, other bytes)';
    return 'the manifest differs in its encoding (same values, other bytes)';
}
function firstField(a, b, prefix = '') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys)
        if (JSON.stringify(a[k]) !== JSON.stringify(b[k]))
            return `${prefix}${k}`;
    return undefined;
}
/** Where two texts part, with a little context: `…"source":"x.json#sha256=ab…" where they write …"source":"y…"`. */
function around(actual, expected) {
    let i = 0;
    while (i < actual.length && i < expected.length && actual[i] === expected[i])
        i++;
    const from = Math.max(0, i - 30);
    const cut = (t) => `${from > 0 ? '…' : ''}${t.slice(from, i + 40)}${t.length > i + 40 ? '…' : ''}`;
    return `it has ${JSON.stringify(cut(actual))} where they write ${JSON.stringify(cut(expected))}`;
}
/**
 * Which file of two SBOM layer tars (the derived one, the pushed one) differs first, in the derived
 * layer's order, then files only the pushed one has: `file layers/sbom/…/sbom.cdx.json differs`. Pure.
 */
function sbomFileDifference(expected, actual, where) {
    const files = (tar) => {
        const map = new Map();
        for (const e of (0,tar_reader/* readTar */.sB)(tar, { where }))
            map.set(e.name, {
                type: e.type,
                linkname: e.linkname,
                data: tar.subarray(e.dataStart, e.dataStart + e.size),
            });
        return map;
    };
    const e = files(expected);
    const a = files(actual);
    for (const [name, want] of e) {
        const got = a.get(name);
        if (!got)
            return `its file ${name} is missing`;
        if (got.type !== want.type || got.linkname !== want.linkname || !got.data.equals(want.data))
            return `its file ${name} differs`;
    }
    for (const name of a.keys())
        if (!e.has(name))
            return `its file ${name} is not one the recorded patches write`;
    return undefined;
}

;// CONCATENATED MODULE: ./src/verify/verify.ts



















const NEVER_PATCHED = 'layer-rebase never patched this image';
function swapWords(step) {
    return step.records.map((r) => {
        const versions = r.fromVersion && r.toVersion ? ` ${r.fromVersion} → ${r.toVersion}` : '';
        return `${r.target}${versions} from ${r.patchImage}`;
    });
}
/** One platform manifest's newest step, re-derived from the image it replaced. */
async function verifyManifest(ctx, bytes, platform) {
    const where = `${ctx.repository}@${bytes.digest}`;
    const parsed = (0,types/* parseManifest */.Ng)(bytes.bytes, where, bytes.mediaType);
    if (parsed.kind !== 'image')
        throw new CannotVerifyError(`${where} is not an image manifest`);
    const config = await (0,oci_config/* loadConfig */.Z)(ctx.store, parsed.value, where);
    const records = (0,undo_history/* appliedRecords */.my)(config);
    const base = {
        platform: platform || (0,types/* formatPlatform */.Bq)((0,types/* platformOf */.tj)(config)),
        digest: bytes.digest,
        swaps: [],
    };
    if (!records || records.length === 0)
        return { result: { ...base, outcome: 'cannot-verify', detail: NEVER_PATCHED } };
    const step = (0,undo_history/* stepsOf */.B_)(records).at(-1);
    const swaps = swapWords(step);
    if (!step.replaced)
        return {
            result: {
                ...base,
                swaps,
                outcome: 'cannot-verify',
                detail: 'made by a layer-rebase that did not yet record the image it replaced',
            },
            step,
        };
    let inputs;
    try {
        inputs = recordedInputs(step.records);
    }
    catch (error) {
        if (!(error instanceof CannotVerifyError))
            throw error;
        return {
            result: {
                ...base,
                swaps,
                replaced: step.replaced.manifest,
                outcome: 'cannot-verify',
                detail: error.message,
            },
            step,
        };
    }
    const format = recordFormatOf(step);
    if (format.tool)
        base.madeBy = format.tool;
    const prepared = await deriveStep(ctx, step.replaced, inputs.patches, inputs.runImage, format);
    const replaced = step.replaced.manifest;
    // Every answer from here on names the replaced image and what the step swapped.
    const answer = (outcome, detail, derived) => ({
        result: {
            ...base,
            swaps,
            replaced,
            ...(derived ? { derived: derived.digest } : {}),
            outcome,
            ...(detail !== undefined ? { detail } : {}),
        },
        step,
        ...(derived ? { derived } : {}),
    });
    if (prepared.result.error)
        return answer('cannot-verify', `the recorded patches cannot be applied again: ${prepared.result.error.message}`);
    const work = prepared.push?.work[0];
    if (!work?.rewritten)
        return answer('differs', `the recorded patches change nothing in ${replaced}: ${prepared.result.platforms[0]?.plan.skipped.map((d) => `${(0,rebase_types/* targetName */.j)(d.target)}: ${d.reason}`).join('; ') || `they select no layer there (${step.records.map(recordTarget).join(', ')})`}${otherRelease(format)}`);
    const derived = work.rewritten.manifest;
    if (derived.digest === bytes.digest) {
        const uncovered = await unrecordedSelection(ctx, step, inputs, format, work.plan.swaps);
        return uncovered
            ? answer(uncovered.outcome, uncovered.detail, derived)
            : answer('reproduced', undefined, derived);
    }
    const unsaid = unrecordedPosition(step, work.plan.swaps);
    if (unsaid)
        return answer('cannot-verify', unsaid, derived);
    const expectedManifest = JSON.parse(derived.bytes.toString('utf8'));
    const expectedConfig = JSON.parse(work.rewritten.config.bytes.toString('utf8'));
    // Where the SBOM layer is in what the recorded patches give: a forged sbom.sha in the pushed image
    // would otherwise name another layer "the SBOM layer".
    const metadata = (0,cnb_metadata/* parseLifecycleMetadata */.F8)(expectedConfig, `the re-derivation of ${where}`);
    const sbom = metadata ? (0,cnb_metadata/* sbomRef */.FC)(metadata)?.sha : undefined;
    const sbomIndex = sbom ? expectedConfig.rootfs.diff_ids.indexOf(sbom) : -1;
    const sbomFile = sbomIndex >= 0 && firstLayerDifference(expectedManifest, parsed.value) === sbomIndex
        ? await sbomDifference(ctx, work.sbom?.blob, expectedManifest, expectedConfig, parsed.value, config, sbomIndex)
        : undefined;
    const difference = firstDifference({ manifest: expectedManifest, config: expectedConfig }, { manifest: parsed.value, config }, sbomIndex >= 0 ? sbomIndex : undefined, new Map(work.plan.swaps.map((s) => [s.layerIndex, (0,rebase_types/* targetName */.j)(s.target)])));
    return answer('differs', `${difference}${sbomFile ? `: ${sbomFile}` : ''}${otherRelease(format)}`, derived);
}
/** What a run with these patches makes of the image a step replaced, written in the step's record format. */
function deriveStep(ctx, replaced, patches, runImage, format, 
/** Only what it would swap: no patch layer is read again, no log line written. */
planOnly = false) {
    return (0,engine/* prepareImage */.Fs)(`${ctx.repository}@${replaced.manifest}`, {
        ...ctx.engine,
        ...(planOnly ? { log: log/* silentLog */.aB, dryRun: true } : {}),
        patches,
        runImage,
        ...(replaced.index ? { recordReplacedIndex: replaced.index } : {}),
        recordFormat: format,
    });
}
const targetKey = (t) => t.kind === 'launcher' ? 'launcher' : `${t.buildpack}\u0000${t.layer}\u0000${t.index}`;
/**
 * Each record is re-applied at the target it names; but its selector is a claim too. Applied as a run
 * applies patches (every selector against every entry), the recorded patches must swap no target that
 * no record names: else the label says a patch was applied (`example/* / jre`) that would have swapped a
 * layer the image still has as it was, and verify would vouch for a coverage the image does not have.
 */
async function unrecordedSelection(ctx, step, inputs, format, pinnedSwaps) {
    const patches = inputs.patches.map((p) => {
        if (p.kind !== 'layer')
            return p;
        const { only: _only, ...unpinned } = p;
        return unpinned;
    });
    const unpinned = await deriveStep(ctx, step.replaced, patches, inputs.runImage, format, true);
    if (unpinned.result.error)
        return {
            outcome: 'cannot-verify',
            detail: `the recorded patches, applied as a run applies them, cannot be applied: ${unpinned.result.error.message}`,
        };
    const recorded = new Set(pinnedSwaps.map((s) => targetKey(s.target)));
    for (const platform of unpinned.result.platforms)
        for (const s of platform.plan.swaps)
            if (!recorded.has(targetKey(s.target)))
                return {
                    outcome: 'differs',
                    detail: `the recorded patch ${(0,patches_types/* describeSelector */.r)(s.patch)} also selects ${(0,rebase_types/* targetName */.j)(s.target)}${s.target.kind === 'layer' ? ` (buildpacks[${s.target.index}])` : ''}, which no record swaps: the image keeps it as it was, so the label claims more than was applied`,
                };
    return undefined;
}
function firstLayerDifference(expected, actual) {
    if (expected.layers.length !== actual.layers.length)
        return undefined;
    const i = expected.layers.findIndex((l, n) => l.digest !== actual.layers[n].digest);
    return i < 0 ? undefined : i;
}
/**
 * The first file in which the pushed SBOM layer differs from the one the recorded patches give (the
 * rewritten layer's bytes, or the replaced image's own when the patches leave it), or undefined when it
 * cannot be told: a layer that cannot be read, or is not the tar its diffID says, keeps the layer's words.
 */
async function sbomDifference(ctx, rewritten, expectedManifest, expectedConfig, actualManifest, actualConfig, index) {
    try {
        const expected = rewritten
            ? (0,external_node_zlib_.gunzipSync)(rewritten, { maxOutputLength: sbom_step/* MAX_SBOM_LAYER_BYTES */.rt })
            : await ctx.engine.readTar(ctx.store, expectedManifest.layers[index], expectedConfig.rootfs.diff_ids[index]);
        const actual = await ctx.engine.readTar(ctx.store, actualManifest.layers[index], actualConfig.rootfs.diff_ids[index]);
        return sbomFileDifference(expected, actual, `the SBOM layer of ${ctx.repository}`);
    }
    catch {
        return undefined;
    }
}
/**
 * The format the step's records were written in: the release they name, and positions when they carry
 * a release (every release that names itself records positions). Earlier records are re-derived as
 * they were written, without either.
 */
function recordFormatOf(step) {
    const tool = step.records.find((r) => typeof r.tool === 'string')?.tool;
    return tool ? { tool, positions: true } : { positions: false };
}
/** `example/jvm/jre (buildpacks[1])`: a record's target as the label names it. */
function recordTarget(r) {
    return r.position === undefined ? r.target : `${r.target} (buildpacks[${r.position}])`;
}
/** A re-derivation by another release may differ for that reason alone: say which release to use. */
function otherRelease(format) {
    if (format.tool === rewrite/* CURRENT_RECORD_FORMAT */.y_.tool)
        return '';
    if (!format.tool)
        return ` (made by a layer-rebase that did not record its release; re-derived by ${rewrite/* CURRENT_RECORD_FORMAT */.y_.tool})`;
    return ` (made by ${format.tool}; re-derived by ${rewrite/* CURRENT_RECORD_FORMAT */.y_.tool}: verify with that release too)`;
}
async function getManifest(ctx, digest, what) {
    try {
        return await ctx.store.getManifest(digest);
    }
    catch (error) {
        if (!(0,errors/* isNotFound */.c4)(error))
            throw error;
        throw new CannotVerifyError(`${what} ${digest} is no longer in ${ctx.repository} (registries garbage-collect untagged manifests)`);
    }
}
/** Verifies one image (a manifest or an index and each of its platforms) at `reference`. */
async function verifyOnce(ctx, top) {
    const parsed = (0,types/* parseManifest */.Ng)(top.bytes, `${ctx.repository}@${top.digest}`, top.mediaType);
    if (parsed.kind === 'image') {
        const { result } = await verifyManifest(ctx, top, '');
        return {
            step: { digest: top.digest, manifests: [result] },
            ...(result.outcome === 'reproduced' && result.replaced ? { previous: result.replaced } : {}),
        };
    }
    const index = parsed.value;
    const manifests = [];
    const derivedByIndex = new Map();
    for (const d of index.manifests) {
        if (!(0,read_image/* mayBePlatformImage */.VU)(d))
            continue;
        const child = await getManifest(ctx, d.digest, 'the platform manifest');
        const { result, step, derived } = await verifyManifest(ctx, child, d.platform ? (0,types/* formatPlatform */.Bq)(d.platform) : '');
        if (result.outcome === 'cannot-verify' && result.detail === NEVER_PATCHED)
            continue;
        manifests.push(result);
        const replacedIndex = step?.replaced?.index;
        if (replacedIndex && derived && step?.replaced) {
            const map = derivedByIndex.get(replacedIndex) ?? new Map();
            map.set(step.replaced.manifest, derived);
            derivedByIndex.set(replacedIndex, map);
        }
    }
    if (manifests.length === 0)
        return {
            step: {
                digest: top.digest,
                manifests: [
                    {
                        platform: 'index',
                        digest: top.digest,
                        swaps: [],
                        outcome: 'cannot-verify',
                        detail: NEVER_PATCHED,
                    },
                ],
            },
        };
    // The index the newest step replaced, with each re-derived child in place, must be this index.
    const candidates = [...derivedByIndex.keys()];
    let entry = {
        platform: 'index',
        digest: top.digest,
        swaps: [],
        outcome: 'cannot-verify',
        detail: 'no platform records the index it replaced',
    };
    for (const candidate of candidates) {
        const old = await getManifest(ctx, candidate, 'the index the patch replaced');
        const oldIndex = (0,types/* parseManifest */.Ng)(old.bytes, `${ctx.repository}@${candidate}`, old.mediaType);
        if (oldIndex.kind !== 'index')
            continue;
        const derived = (0,engine/* indexWithChildren */.kx)(oldIndex.value, derivedByIndex.get(candidate));
        entry = {
            platform: 'index',
            digest: top.digest,
            swaps: [],
            replaced: candidate,
            derived: derived.digest,
            outcome: derived.digest === top.digest ? 'reproduced' : 'differs',
            ...(derived.digest === top.digest ? {} : { detail: indexDifference(oldIndex.value, derived, index) }),
        };
        if (entry.outcome === 'reproduced')
            break;
    }
    manifests.push(entry);
    const all = manifests.every((m) => m.outcome === 'reproduced');
    return {
        step: { digest: top.digest, manifests },
        ...(all && entry.replaced ? { previous: entry.replaced } : {}),
    };
}
function indexDifference(_old, derived, actual) {
    const expected = JSON.parse(derived.bytes.toString('utf8'));
    if (expected.manifests.length !== actual.manifests.length)
        return `it lists ${actual.manifests.length} manifests where the recorded patches give ${expected.manifests.length}`;
    for (let i = 0; i < expected.manifests.length; i++) {
        const e = expected.manifests[i];
        const a = actual.manifests[i];
        if (JSON.stringify(e) !== JSON.stringify(a))
            return `entry ${i} (${a.platform ? (0,types/* formatPlatform */.Bq)(a.platform) : a.digest}) differs: ${a.digest} where the recorded patches give ${e.digest}`;
    }
    return 'the index differs in a field other than its entries (annotations, media type) or in its encoding';
}
function contextFor(stores, store, repository, log, cacheDir, verdicts = true) {
    return {
        store,
        repository,
        engine: {
            stores,
            ...(0,readers/* patchImageReaders */.C)(stores, log, cacheDir, verdicts),
            patches: [],
            log,
            // The recorded swaps are what is reproduced; whether a layer opted in was judged when they were made.
            force: true,
            dryRun: false,
            tags: [],
        },
    };
}
/**
 * Whether `top` (in `ref`'s repository) is exactly what its newest recorded patch makes from the image
 * it replaced: what `undo` proves before it moves a tag back. `derived` is the digest the recorded
 * patch gives (the whole index for an index), when it could be applied.
 */
async function reproduceNewestStep(stores, ref, top, log, cacheDir) {
    const ctx = contextFor(stores, stores.storeFor(ref), (0,reference/* repositoryOf */._M)(ref), log, cacheDir);
    let step;
    try {
        step = (await verifyOnce(ctx, top)).step;
    }
    catch (error) {
        if (!(error instanceof CannotVerifyError))
            throw error;
        return { outcome: 'cannot-verify', detail: error.message };
    }
    const whole = step.manifests.at(-1);
    const first = step.manifests.find((m) => m.outcome !== 'reproduced');
    if (!first)
        return { outcome: 'reproduced', ...(whole.derived ? { derived: whole.derived } : {}) };
    return {
        outcome: first.outcome,
        ...(whole.derived ? { derived: whole.derived } : {}),
        detail: `${first.platform ? `${first.platform}: ` : ''}${first.detail ?? ''}`,
    };
}
async function verifyImage(options) {
    let ref;
    try {
        ref = (0,reference/* parseReference */.F2)(options.image);
    }
    catch (error) {
        throw new errors/* UsageError */.eb((0,errors/* describeError */.Uc)(error));
    }
    const stores = new oci_stores/* Stores */.F({
        credentials: options.credentials,
        log: options.log,
        insecureRegistries: options.insecureRegistries,
        ...(options.transport ? { transport: options.transport } : {}),
    });
    const ctx = contextFor(stores, stores.storeFor(ref), (0,reference/* repositoryOf */._M)(ref), options.log, options.cacheDir, options.verifiedCache !== false);
    const shown = (0,reference/* formatReference */.FH)(ref);
    const steps = [];
    let origin;
    let next = ref.digest ?? ref.tag;
    for (;;) {
        let top;
        try {
            top = await getManifest(ctx, next, steps.length === 0 ? 'the image' : 'the image a patch replaced');
        }
        catch (error) {
            if (!(error instanceof CannotVerifyError))
                throw error;
            steps.push({
                digest: next,
                manifests: [
                    {
                        platform: '',
                        digest: next,
                        swaps: [],
                        outcome: 'cannot-verify',
                        detail: error.message,
                    },
                ],
            });
            break;
        }
        let once;
        try {
            once = await verifyOnce(ctx, top);
        }
        catch (error) {
            // A replaced index or a child that is gone (garbage-collected): named, in the result, not a crash.
            if (!(error instanceof CannotVerifyError))
                throw error;
            steps.push({
                digest: top.digest,
                manifests: [
                    { platform: '', digest: top.digest, swaps: [], outcome: 'cannot-verify', detail: error.message },
                ],
            });
            break;
        }
        const { step, previous } = once;
        // Walking back ends at the first image this tool did not make: that one is the start, not a failure.
        if (steps.length > 0 && step.manifests.every((m) => m.detail === NEVER_PATCHED)) {
            origin = top.digest;
            break;
        }
        steps.push(step);
        if (!options.all || !previous)
            break;
        next = previous;
    }
    const reproduced = steps.every((s) => s.manifests.every((m) => m.outcome === 'reproduced'));
    return { image: shown, reproduced, steps, ...(origin ? { origin } : {}) };
}


/***/ })

};
