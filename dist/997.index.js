export const id = 997;
export const ids = [997];
export const modules = {

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
