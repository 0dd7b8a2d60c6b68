export const id = 45;
export const ids = [45,997];
export const modules = {

/***/ 22045:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KeylessSigner: () => (/* binding */ KeylessSigner),
/* harmony export */   LoggedKeySigner: () => (/* binding */ LoggedKeySigner),
/* harmony export */   identityTokenFrom: () => (/* binding */ identityTokenFrom)
/* harmony export */ });
/* unused harmony export KeylessSigningError */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _sigstore_sign__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(15179);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(83916);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(27194);
/* harmony import */ var _bounded_fetch_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(75975);
/* harmony import */ var _version_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(311);
/* harmony import */ var _formats_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2207);
/* harmony import */ var _signer_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(70997);








/** A keyless signing step that failed: the service, what it said, and what to do. */
class KeylessSigningError extends _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .LayerRebaseError */ .wN {
    constructor(message, cause) {
        super('keyless-signing', message, { cause });
    }
}
/**
 * The OIDC token for keyless signing: `SIGSTORE_ID_TOKEN` (or the CLI's --identity-token) when set,
 * else, in GitHub Actions, the runner's token for audience `sigstore` (needs `id-token: write`).
 */
function identityTokenFrom(env, given) {
    return fetchToken;
    async function fetchToken() {
        const direct = given ?? env.SIGSTORE_ID_TOKEN;
        if (direct)
            return direct.trim();
        const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
        const bearer = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
        if (!url || !bearer)
            throw new KeylessSigningError('keyless signing needs an OIDC identity token: give the job `permissions: id-token: write` (GitHub Actions), or set SIGSTORE_ID_TOKEN (GitLab CI: id_tokens with aud sigstore)');
        const request = new URL(url);
        request.searchParams.set('audience', 'sigstore');
        let res;
        try {
            res = await (0,_bounded_fetch_js__WEBPACK_IMPORTED_MODULE_6__/* .boundedFetch */ .A)(request, {
                headers: { accept: 'application/json', authorization: `Bearer ${bearer}` },
            });
        }
        catch (error) {
            throw new KeylessSigningError(`the runner's OIDC token service ${error.message}`, error);
        }
        let body = {};
        try {
            body = JSON.parse(res.text);
        }
        catch {
            // not JSON: said below as the status
        }
        if (!res.ok || typeof body.value !== 'string')
            throw new KeylessSigningError(`the runner's OIDC token service answered ${res.status}: check that the job has permissions: id-token: write`);
        return body.value;
    }
}
/** The claims of a JWT, unverified: only to say whose identity a certificate will carry. */
function claims(token) {
    try {
        return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    }
    catch {
        throw new KeylessSigningError('the OIDC identity token is not a JWT');
    }
}
/** An ephemeral P-256 key that signs like cosign (ECDSA, SHA-256, DER). */
class EphemeralKey {
    privateKey;
    publicKey;
    publicKeyPem;
    constructor() {
        const pair = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.generateKeyPairSync)('ec', { namedCurve: 'prime256v1' });
        this.privateKey = pair.privateKey;
        this.publicKey = pair.publicKey;
        this.publicKeyPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    }
    async sign(data) {
        return {
            signature: (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.sign)('sha256', data, this.privateKey),
            key: { $case: 'publicKey', publicKey: this.publicKeyPem },
        };
    }
}
/** Renew the certificate when less than this is left of it: Fulcio's live 10 minutes. */
const RENEW_BEFORE_MS = 60_000;
/**
 * Asks Fulcio's v2 API (`POST /api/v2/signingCert`) for a certificate for `publicKeyPem`, proving
 * possession with a signature over the token's subject. Its answer is the whole chain, leaf first
 * (`signedCertificateEmbeddedSct` or `signedCertificateDetachedSct` `.chain.certificates`): asked here
 * rather than through `@sigstore/sign`'s FulcioSigner, which keeps the leaf only, because cosign's .sig
 * carries the rest in `dev.sigstore.cosign/chain`.
 */
async function fulcioCertificates(fulcio, token, publicKeyPem, proof) {
    const res = await (0,_bounded_fetch_js__WEBPACK_IMPORTED_MODULE_6__/* .boundedFetch */ .A)(`${fulcio.replace(/\/+$/, '')}/api/v2/signingCert`, {
        method: 'POST',
        headers: {
            accept: 'application/json',
            'content-type': 'application/json',
            'user-agent': `layer-rebase/${_version_js__WEBPACK_IMPORTED_MODULE_7__/* .VERSION */ .x}`,
        },
        body: JSON.stringify({
            credentials: { oidcIdentityToken: token },
            publicKeyRequest: {
                publicKey: { algorithm: 'ECDSA', content: publicKeyPem },
                proofOfPossession: proof.toString('base64'),
            },
        }),
    });
    const text = res.text;
    if (!res.ok) {
        let message = text;
        try {
            message = JSON.parse(text).message ?? text;
        }
        catch {
            // not JSON: the text as it is
        }
        throw new Error(`answered ${res.status}${message.trim() ? ` (${message.trim()})` : ''}`);
    }
    let body;
    try {
        body = JSON.parse(text);
    }
    catch {
        throw new Error('answered with something that is not JSON');
    }
    const certificates = (body.signedCertificateEmbeddedSct ?? body.signedCertificateDetachedSct)?.chain
        ?.certificates;
    if (!Array.isArray(certificates) ||
        certificates.length === 0 ||
        !certificates.every((c) => typeof c === 'string'))
        throw new Error('no certificate chain in the answer');
    return certificates;
}
/** Fulcio's chains are an intermediate and a root; more than this is no chain Fulcio gives. */
const MAX_CHAIN = 8;
/**
 * The certificates after the leaf must be a chain that issued it (each one signed by the next): what
 * goes into every `.sig`'s `dev.sigstore.cosign/chain` is read by cosign and Kyverno, and text that is
 * not a certificate, or certificates that did not issue the leaf, would make them refuse every
 * signature of the run (or, with a careless reader, vouch for the wrong issuer).
 */
function checkChain(leaf, rest) {
    if (rest.length > MAX_CHAIN)
        throw new Error(`the chain has ${rest.length} certificates (at most ${MAX_CHAIN})`);
    let child = leaf;
    for (const [i, text] of rest.entries()) {
        let parent;
        try {
            parent = new node_crypto__WEBPACK_IMPORTED_MODULE_0__.X509Certificate(text);
        }
        catch {
            throw new Error(`chain entry ${i + 1} is not a certificate`);
        }
        if (!child.verify(parent.publicKey))
            throw new Error(`chain entry ${i + 1} did not issue the certificate before it`);
        child = parent;
    }
}
/** What Fulcio's challenge signs: the token's email when it has one, else its subject. */
function challengeSubject(token) {
    const { email, sub } = claims(token);
    if (typeof email === 'string' && email)
        return email;
    if (typeof sub === 'string' && sub)
        return sub;
    throw new KeylessSigningError('the OIDC identity token has no subject (sub) for Fulcio to certify');
}
/**
 * Keyless signing: one ephemeral key and one Fulcio certificate per run (a new one only when it would
 * expire before the next signature), one transparency-log entry or timestamp per signature: the
 * certificate is presented for each signature made with the same key.
 */
class KeylessSigner {
    services;
    token;
    now;
    keyless = true;
    key = new EphemeralKey();
    certificate;
    witnesses;
    label = '';
    constructor(services, token, now = Date.now) {
        this.services = services;
        this.token = token;
        this.now = now;
        this.witnesses = witnessesFor(services);
    }
    get identity() {
        return this.label || `keyless (${this.services.name})`;
    }
    /** The identity is the certificate's: known once Fulcio issued it. */
    async ready() {
        await this.cert();
    }
    /**
     * Asks Fulcio (via the token) once per run, again only near expiry. Images that reach their first
     * signature at the same moment wait for the same request; after a failure the next one asks again.
     */
    async cert() {
        this.certificate ??= this.requestCertificate();
        const pending = this.certificate;
        let current;
        try {
            current = await pending;
        }
        catch (error) {
            if (this.certificate === pending)
                this.certificate = undefined;
            throw error;
        }
        if (current.notAfter - this.now() > RENEW_BEFORE_MS)
            return current;
        if (this.certificate === pending)
            this.certificate = this.requestCertificate();
        return this.certificate;
    }
    async requestCertificate() {
        const token = await this.token();
        // Never shown: not in an error a service quotes it in, not in the report or the summary.
        (0,_secrets_js__WEBPACK_IMPORTED_MODULE_3__/* .registerSecret */ .cl)(token);
        const { iss } = claims(token);
        const proof = (await this.key.sign(Buffer.from(challengeSubject(token)))).signature;
        let pem;
        let x509;
        let rest;
        try {
            [pem, ...rest] = (await fulcioCertificates(this.services.fulcio, token, this.key.publicKeyPem, proof));
            x509 = new node_crypto__WEBPACK_IMPORTED_MODULE_0__.X509Certificate(pem);
            if (!x509.publicKey.equals(this.key.publicKey))
                throw new Error('the certificate is for another key than the one it was asked for');
            checkChain(x509, rest);
        }
        catch (error) {
            throw new KeylessSigningError(`Fulcio (${this.services.fulcio}) gave no signing certificate: ${describeSigstoreError(error)}; the tag was not moved`, error);
        }
        const san = (x509.subjectAltName ?? '').replace(/^(URI|email):/, '').split(', ')[0] ?? '';
        this.label = `${san}${typeof iss === 'string' ? ` (issuer ${iss})` : ''}`;
        // cosign's chain annotation: each certificate after the leaf, PEM, one after another.
        const chain = rest.map((c) => `${c.trim()}\n`).join('');
        return { pem, chain, notAfter: Date.parse(x509.validTo), identity: this.label };
    }
    /** A signer that presents the current certificate with each signature of the ephemeral key. */
    async certifiedSigner() {
        const { pem, chain } = await this.cert();
        return {
            pem,
            chain,
            signer: {
                sign: async (data) => ({
                    signature: (await this.key.sign(data)).signature,
                    key: { $case: 'x509Certificate', certificate: pem },
                }),
            },
        };
    }
    async bundle(digest) {
        return this.attest((0,_formats_js__WEBPACK_IMPORTED_MODULE_4__/* .cosignSignStatement */ .O2)(digest));
    }
    async attest(statement) {
        const { signer } = await this.certifiedSigner();
        const builder = new _sigstore_sign__WEBPACK_IMPORTED_MODULE_1__/* .DSSEBundleBuilder */ .VV({ signer, witnesses: this.witnesses });
        const bundle = await recorded(this.services, () => builder.create({ data: statement, type: _formats_js__WEBPACK_IMPORTED_MODULE_4__/* .IN_TOTO_PAYLOAD_TYPE */ .T4 }));
        return (0,_signer_js__WEBPACK_IMPORTED_MODULE_5__.bundleBytes)(bundle);
    }
    async legacy(repository, digest) {
        const payload = (0,_formats_js__WEBPACK_IMPORTED_MODULE_4__/* .simpleSigningPayload */ .Kq)(repository, digest);
        const { signer, pem, chain } = await this.certifiedSigner();
        const builder = new _sigstore_sign__WEBPACK_IMPORTED_MODULE_1__/* .MessageSignatureBundleBuilder */ .z3({ signer, witnesses: this.witnesses });
        const bundle = await recorded(this.services, () => builder.create({ data: payload }));
        if (bundle.content.$case !== 'messageSignature')
            throw new KeylessSigningError('unexpected bundle content');
        return {
            payload,
            annotations: legacyAnnotations(bundle, bundle.content.messageSignature.signature, pem, chain),
        };
    }
}
/**
 * cosign's `dev.sigstore.cosign/bundle` annotation (pkg/cosign/bundle RekorBundle): the log's signed
 * entry timestamp and the entry, as the verifier checks it offline.
 */
function cosignRekorBundle(entry) {
    return JSON.stringify({
        SignedEntryTimestamp: entry.inclusionPromise
            ? Buffer.from(entry.inclusionPromise.signedEntryTimestamp).toString('base64')
            : '',
        Payload: {
            body: Buffer.from(entry.canonicalizedBody).toString('base64'),
            integratedTime: Number(entry.integratedTime),
            logIndex: Number(entry.logIndex),
            logID: Buffer.from(entry.logId.keyId).toString('hex'),
        },
    });
}
/** @sigstore/sign's errors carry the HTTP answer in their cause; one line of it. */
function describeSigstoreError(error) {
    const parts = [];
    let e = error;
    for (let depth = 0; e && depth < 4; depth++) {
        const message = e instanceof Error ? e.message : String(e);
        if (message && !parts.includes(message))
            parts.push(message);
        e = e instanceof Error ? e.cause : undefined;
    }
    return parts.join(': ').replace(/\s+/g, ' ').slice(0, 400) || 'unknown error';
}
/**
 * Signing with a private key whose signatures are also recorded in the transparency log or timestamp
 * authority a SigningConfig names (cosign `sign --key … --signing-config`): `cosign verify --key` then
 * checks the log entry instead of needing `--insecure-ignore-tlog`.
 */
class LoggedKeySigner {
    key;
    services;
    keyless = false;
    identity;
    witnesses;
    signer;
    constructor(key, services) {
        this.key = key;
        this.services = services;
        this.identity = `key sha256:${key.keyId.slice(0, 16)} (logged in ${services.name})`;
        this.witnesses = witnessesFor(services);
        const hint = Buffer.from(key.keyId, 'hex').toString('base64');
        this.signer = {
            sign: async (data) => ({
                signature: (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.sign)('sha256', data, key.privateKey),
                key: { $case: 'publicKey', publicKey: key.publicKeyPem, hint },
            }),
        };
    }
    async ready() { }
    async bundle(digest) {
        return this.attest((0,_formats_js__WEBPACK_IMPORTED_MODULE_4__/* .cosignSignStatement */ .O2)(digest));
    }
    async attest(statement) {
        const builder = new _sigstore_sign__WEBPACK_IMPORTED_MODULE_1__/* .DSSEBundleBuilder */ .VV({ signer: this.signer, witnesses: this.witnesses });
        const bundle = await recorded(this.services, () => builder.create({ data: statement, type: _formats_js__WEBPACK_IMPORTED_MODULE_4__/* .IN_TOTO_PAYLOAD_TYPE */ .T4 }));
        return (0,_signer_js__WEBPACK_IMPORTED_MODULE_5__.bundleBytes)(bundle);
    }
    async legacy(repository, digest) {
        const payload = (0,_formats_js__WEBPACK_IMPORTED_MODULE_4__/* .simpleSigningPayload */ .Kq)(repository, digest);
        const builder = new _sigstore_sign__WEBPACK_IMPORTED_MODULE_1__/* .MessageSignatureBundleBuilder */ .z3({ signer: this.signer, witnesses: this.witnesses });
        const bundle = await recorded(this.services, () => builder.create({ data: payload }));
        if (bundle.content.$case !== 'messageSignature')
            throw new KeylessSigningError('unexpected bundle content');
        return { payload, annotations: legacyAnnotations(bundle, bundle.content.messageSignature.signature) };
    }
}
/** The .sig layer annotations for a witnessed message signature: the signature, its log entry or timestamp. */
function legacyAnnotations(bundle, signature, certificate, chain) {
    const annotations = {
        [_formats_js__WEBPACK_IMPORTED_MODULE_4__/* .ANNOTATION */ .YX.signature]: Buffer.from(signature).toString('base64'),
        ...(certificate ? { [_formats_js__WEBPACK_IMPORTED_MODULE_4__/* .ANNOTATION */ .YX.certificate]: certificate } : {}),
        ...(certificate && chain ? { [_formats_js__WEBPACK_IMPORTED_MODULE_4__/* .ANNOTATION */ .YX.chain]: chain } : {}),
    };
    const entry = bundle.verificationMaterial.tlogEntries[0];
    if (entry)
        annotations[_formats_js__WEBPACK_IMPORTED_MODULE_4__/* .ANNOTATION */ .YX.bundle] = cosignRekorBundle(entry);
    const stamp = bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps[0];
    if (stamp)
        annotations[_formats_js__WEBPACK_IMPORTED_MODULE_4__/* .ANNOTATION */ .YX.timestamp] = JSON.stringify({
            SignedRFC3161Timestamp: Buffer.from(stamp.signedTimestamp).toString('base64'),
        });
    return annotations;
}
/** The transparency logs and timestamp authorities that record each signature. */
function witnessesFor(services) {
    return [
        ...services.rekor.map((r) => new _sigstore_sign__WEBPACK_IMPORTED_MODULE_1__/* .RekorWitness */ .fU({ rekorBaseURL: r.url, majorApiVersion: r.majorApiVersion })),
        ...services.tsa.map((url) => new _sigstore_sign__WEBPACK_IMPORTED_MODULE_1__/* .TSAWitness */ .gs({ tsaBaseURL: url })),
    ];
}
/** A bundle built with witnesses; a failure names the log or timestamp authority. */
async function recorded(services, create) {
    try {
        return await create();
    }
    catch (error) {
        const where = [
            ...services.rekor.map((r) => `Rekor ${r.url}`),
            ...services.tsa.map((u) => `the timestamp authority ${u}`),
        ].join(', ');
        throw new KeylessSigningError(`${where} did not record the signature: ${describeSigstoreError(error)}; the tag was not moved`, error);
    }
}


/***/ }),

/***/ 70997:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KeySigner: () => (/* binding */ KeySigner),
/* harmony export */   bundleBytes: () => (/* binding */ bundleBytes)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _sigstore_bundle__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(61040);
/* harmony import */ var _formats_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2207);



/** Signs with a private key, no transparency log: `cosign verify --key KEY --insecure-ignore-tlog` verifies it. */
class KeySigner {
    key;
    identity;
    keyless = false;
    constructor(key) {
        this.key = key;
        this.identity = `key sha256:${key.keyId.slice(0, 16)}`;
    }
    async ready() { }
    /** ECDSA P-256 over SHA-256, ASN.1 DER: what cosign writes and verifies. */
    sign(data) {
        return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.sign)('sha256', data, this.key.privateKey);
    }
    async legacy(repository, digest) {
        const payload = (0,_formats_js__WEBPACK_IMPORTED_MODULE_2__/* .simpleSigningPayload */ .Kq)(repository, digest);
        return {
            payload,
            annotations: { [_formats_js__WEBPACK_IMPORTED_MODULE_2__/* .ANNOTATION */ .YX.signature]: this.sign(payload).toString('base64') },
            // ECDSA signatures differ every time: a layer this key already signed is found by verifying it.
            signedAlready: (existing) => {
                try {
                    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.verify)('sha256', payload, this.key.publicKeyPem, Buffer.from(existing, 'base64'));
                }
                catch {
                    return false;
                }
            },
        };
    }
    async bundle(digest) {
        return this.attest((0,_formats_js__WEBPACK_IMPORTED_MODULE_2__/* .cosignSignStatement */ .O2)(digest));
    }
    async attest(statement) {
        const signature = this.sign((0,_formats_js__WEBPACK_IMPORTED_MODULE_2__/* .dssePae */ .Am)(_formats_js__WEBPACK_IMPORTED_MODULE_2__/* .IN_TOTO_PAYLOAD_TYPE */ .T4, statement));
        const bundle = (0,_sigstore_bundle__WEBPACK_IMPORTED_MODULE_1__.toDSSEBundle)({
            artifact: statement,
            artifactType: _formats_js__WEBPACK_IMPORTED_MODULE_2__/* .IN_TOTO_PAYLOAD_TYPE */ .T4,
            signature,
            keyHint: Buffer.from(this.key.keyId, 'hex').toString('base64'),
            certificateChain: false,
        });
        return bundleBytes(bundle);
    }
}
/**
 * A bundle as it is stored, in the JSON cosign writes. A key's hint names it in the verification
 * material; the DSSE signature's keyid stays empty, as cosign writes it: sigstore-go skips a signature
 * whose keyid is not the one its verifier expects (a certificate's is empty already).
 */
function bundleBytes(bundle) {
    const json = (0,_sigstore_bundle__WEBPACK_IMPORTED_MODULE_1__.bundleToJSON)(bundle);
    for (const sig of json.dsseEnvelope?.signatures ?? [])
        sig.keyid = '';
    return Buffer.from(JSON.stringify(json));
}


/***/ })

};
