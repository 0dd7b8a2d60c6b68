export const id = 663;
export const ids = [663];
export const modules = {

/***/ 6663:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SigningKeyError: () => (/* binding */ SigningKeyError),
/* harmony export */   loadSigningKey: () => (/* binding */ loadSigningKey)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var tweetnacl__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(80668);
/* harmony import */ var tweetnacl__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(tweetnacl__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(83916);



class SigningKeyError extends _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .LayerRebaseError */ .wN {
    constructor(message) {
        super('signing-key', message);
    }
}
const PEM = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)\r?\n?-----END \1-----/;
function loadSigningKey(text, password, where, 
/** Where the password came from (`COSIGN_PASSWORD`, …): a wrong one names it. */
passwordFrom) {
    const pem = PEM.exec(text.trim());
    if (!pem)
        throw new SigningKeyError(`${where}: not a PEM private key (expected "-----BEGIN PRIVATE KEY-----", "EC PRIVATE KEY" or cosign's "ENCRYPTED SIGSTORE PRIVATE KEY")`);
    const label = pem[1];
    let privateKey;
    if (label === 'ENCRYPTED SIGSTORE PRIVATE KEY' || label === 'ENCRYPTED COSIGN PRIVATE KEY') {
        // No password given: a key made with an empty one (cosign allows it) opens with '', as before.
        const opened = decryptCosignKey(pem[2], password ?? '', where);
        if (!opened)
            throw new SigningKeyError(password === undefined
                ? `${where}: the key is encrypted (cosign generate-key-pair) and no password was given: give its password as signing-key-password or in COSIGN_PASSWORD (CLI: COSIGN_PASSWORD or --signing-key-password env://VAR)`
                : passwordFrom
                    ? `${where}: the password from ${passwordFrom} does not decrypt the key`
                    : `${where}: the password does not decrypt the key (check signing-key-password / COSIGN_PASSWORD)`);
        privateKey = opened;
    }
    else if (label === 'PRIVATE KEY' || label === 'EC PRIVATE KEY') {
        try {
            privateKey = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPrivateKey)({ key: pem[0], format: 'pem' });
        }
        catch (error) {
            throw new SigningKeyError(`${where}: the PEM key cannot be read (${error.message})`);
        }
    }
    else if (label.includes('ENCRYPTED')) {
        throw new SigningKeyError(`${where}: "${label}" is not supported; use cosign's encrypted key or an unencrypted PKCS#8/SEC1 PEM`);
    }
    else {
        throw new SigningKeyError(`${where}: a "${label}" PEM is not a private key`);
    }
    if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
        throw new SigningKeyError(`${where}: the key is ${privateKey.asymmetricKeyType}${privateKey.asymmetricKeyDetails?.namedCurve ? ` ${privateKey.asymmetricKeyDetails.namedCurve}` : ''}; signing needs an ECDSA P-256 key (what cosign generate-key-pair makes)`);
    const publicKey = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)(privateKey);
    const der = publicKey.export({ type: 'spki', format: 'der' });
    return {
        privateKey,
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        keyId: (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(der).digest('hex'),
    };
}
/** The key, or undefined when the password does not open it; any other problem is thrown. */
function decryptCosignKey(body, password, where) {
    let doc;
    try {
        doc = JSON.parse(Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8'));
    }
    catch {
        throw new SigningKeyError(`${where}: the encrypted key's body is not cosign's JSON`);
    }
    const { kdf, cipher } = doc ?? {};
    if (kdf?.name !== 'scrypt' || cipher?.name !== 'nacl/secretbox' || typeof doc.ciphertext !== 'string')
        throw new SigningKeyError(`${where}: the encrypted key uses ${kdf?.name ?? '?'} + ${cipher?.name ?? '?'}; cosign's is scrypt + nacl/secretbox`);
    const { N, r, p } = kdf.params ?? {};
    // What cosign writes and accepts (go-securesystemslib encrypted CheckParams): a key file must not make
    // us spend gigabytes or minutes before the password is even checked.
    if (![1 << 15, 1 << 16, 1 << 17].includes(N) || r !== 8 || p !== 1)
        throw new SigningKeyError(`${where}: the encrypted key's scrypt parameters N=${N} r=${r} p=${p} are not ones cosign writes (N 32768, 65536 or 131072; r 8; p 1)`);
    const salt = Buffer.from(kdf.salt ?? '', 'base64');
    const nonce = Buffer.from(cipher.nonce ?? '', 'base64');
    if (nonce.length !== (tweetnacl__WEBPACK_IMPORTED_MODULE_1___default().secretbox).nonceLength)
        throw new SigningKeyError(`${where}: the encrypted key's nonce is ${nonce.length} bytes, not 24`);
    const key = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.scryptSync)(Buffer.from(password, 'utf8'), salt, (tweetnacl__WEBPACK_IMPORTED_MODULE_1___default().secretbox).keyLength, {
        N,
        r,
        p,
        maxmem: 256 * N * r + 1024 * 1024,
    });
    const plain = tweetnacl__WEBPACK_IMPORTED_MODULE_1___default().secretbox.open(Buffer.from(doc.ciphertext, 'base64'), nonce, key);
    if (!plain)
        return undefined;
    try {
        return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPrivateKey)({ key: Buffer.from(plain), format: 'der', type: 'pkcs8' });
    }
    catch (error) {
        throw new SigningKeyError(`${where}: the decrypted key is not PKCS#8 (${error.message})`);
    }
}


/***/ })

};
