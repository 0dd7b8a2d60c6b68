export const id = 683;
export const ids = [683];
export const modules = {

/***/ 57683:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   renderVex: () => (/* binding */ renderVex)
/* harmony export */ });
/* unused harmony exports OPENVEX_CONTEXT, imagePurl, buildVex */
/* harmony import */ var _oci_digest_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(68825);
/* harmony import */ var _oci_reference_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(62148);
/* harmony import */ var _result_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(51666);
/* harmony import */ var _purl_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(13467);




/** OpenVEX 0.2.0 (https://github.com/openvex/spec/blob/v0.2.0/OPENVEX-SPEC.md). */
const OPENVEX_CONTEXT = 'https://openvex.dev/ns/v0.2.0';
/**
 * The image as a purl (purl-spec `oci` type): `pkg:oci/<last name segment>@sha256%3A<hex>` with the
 * repository in `repository_url`, as Trivy and Grype name the image they scan.
 */
function imagePurl(repository, digest) {
    const at = repository.indexOf('/');
    const name = repository.slice(repository.lastIndexOf('/') + 1);
    const digestPart = encodeURIComponent(digest);
    if (repository.startsWith('oci:') || at < 0)
        return `pkg:oci/${encodeURIComponent(name)}@${digestPart}`;
    // Docker Hub images are named by the registry's API host (index.docker.io), as Trivy does.
    const url = repository.startsWith(`${_oci_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .DOCKER_HUB */ .Xb}/`)
        ? `index.docker.io${repository.slice(_oci_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .DOCKER_HUB */ .Xb.length)}`
        : repository;
    return `pkg:oci/${encodeURIComponent(name)}@${digestPart}?repository_url=${encodeURIComponent(url)}`;
}
/** Each repository the result went to (its tags'), or the one `result` names. */
function repositoriesOf(image) {
    const refs = image.tags.length > 0 ? image.tags : image.result ? [image.result] : [];
    const repos = new Set();
    for (const r of refs) {
        try {
            const ref = (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .parseReference */ .F2)(r);
            repos.add(ref.kind === 'layout' ? `oci:${ref.dir}` : `${ref.registry}/${ref.repository}`);
        }
        catch {
            // An unparsable reference cannot be named in a purl; the others still are.
        }
    }
    return [...repos];
}
function subcomponents(f) {
    if (!f.purl || !f.to)
        return [];
    return f.to.split(', ').map((v) => (0,_purl_js__WEBPACK_IMPORTED_MODULE_2__/* .withPurlVersion */ .WG)(f.purl, v));
}
/**
 * One `fixed` statement per vulnerability, naming each new platform manifest whose plan fixes it, and
 * the index only when the image as a whole does (every platform fixes it: one that no report describes,
 * or whose report does not list it, leaves the image's claim undecided), with the packages it fixes
 * there. Only pushed images are stated: a dry run's digests hold nothing. Only findings with a purl are
 * stated: a statement must say which package it is about, or it would cover
 * others in the image.
 */
function buildVex(result, version) {
    const byVuln = new Map();
    // Keyed by the name and its aliases: a statement's aliases apply to every product it names, so products
    // where the same vulnerability has other aliases (another platform's reports) get their own statement.
    const add = (f, product, notes) => {
        const key = [f.id, ...f.aliases].join('\n');
        const entry = byVuln.get(key) ?? { aliases: new Set(), products: new Map(), notes: new Set() };
        for (const a of f.aliases)
            entry.aliases.add(a);
        const subs = entry.products.get(product) ?? new Set();
        for (const s of subcomponents(f))
            subs.add(s);
        entry.products.set(product, subs);
        entry.notes.add(notes);
        byVuln.set(key, entry);
    };
    for (const image of result.images) {
        if (result.dryRun || !(0,_result_js__WEBPACK_IMPORTED_MODULE_3__/* .isPushed */ .Yx)(image) || !image.digest)
            continue;
        const repos = repositoriesOf(image);
        const isIndex = image.digest !== image.platforms[0]?.digestAfter;
        const wholeImage = new Set(image.vulnerabilities?.fixed.map((g) => g.id) ?? []);
        for (const p of image.platforms) {
            for (const f of p.vulnerabilities?.fixed ?? []) {
                if (subcomponents(f).length === 0)
                    continue;
                const notes = `${f.package} ${f.from} → ${f.to} in ${f.target}, patched by layer-rebase (${f.reason})`;
                for (const repo of repos) {
                    add(f, imagePurl(repo, p.digestAfter), notes);
                    // The index names every platform: only what the whole image fixes is stated for it.
                    if (isIndex && wholeImage.has(f.id))
                        add(f, imagePurl(repo, image.digest), notes);
                }
            }
        }
    }
    const statements = [...byVuln.keys()].sort().map((key) => {
        const entry = byVuln.get(key);
        const aliases = [...entry.aliases].sort();
        const name = key.split('\n')[0];
        return {
            vulnerability: { name, ...(aliases.length > 0 ? { aliases } : {}) },
            products: [...entry.products.keys()].sort().map((id) => ({
                '@id': id,
                subcomponents: [...entry.products.get(id)].sort().map((s) => ({ '@id': s })),
            })),
            status: 'fixed',
            status_notes: [...entry.notes].sort().join('; '),
        };
    });
    return {
        '@context': OPENVEX_CONTEXT,
        // The same statements give the same id: a re-run that changes nothing writes the same document.
        '@id': `https://openvex.dev/docs/public/vex-${(0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256 */ .sc)(JSON.stringify(statements)).slice(7)}`,
        author: 'layer-rebase',
        role: 'Document Creator',
        timestamp: result.startedAt,
        version: 1,
        tooling: `layer-rebase ${version}`,
        statements,
    };
}
function renderVex(result, version) {
    return `${JSON.stringify(buildVex(result, version), null, 2)}\n`;
}


/***/ })

};
