import { createHash, createPrivateKey, createPublicKey, scryptSync, type KeyObject } from 'node:crypto';
import nacl from 'tweetnacl';
import { LayerRebaseError } from '../errors.js';

/**
 * A private signing key: ECDSA P-256, as cosign's keys are. Read from a PEM (PKCS#8 `PRIVATE KEY`,
 * SEC1 `EC PRIVATE KEY`) or from the encrypted key `cosign generate-key-pair` writes (`ENCRYPTED SIGSTORE
 * PRIVATE KEY`, before cosign 2.x `ENCRYPTED COSIGN PRIVATE KEY`): a JSON body of scrypt parameters, a
 * NaCl secretbox nonce and the ciphertext of a PKCS#8 DER key (sigstore/sigstore pkg/encrypted).
 */
export interface SigningKey {
  privateKey: KeyObject;
  /** SubjectPublicKeyInfo PEM: what `cosign verify --key` is given. */
  publicKeyPem: string;
  /** sha256 of the public key's DER, hex: how the summary and the bundle's hint name the key. */
  keyId: string;
}

export class SigningKeyError extends LayerRebaseError {
  constructor(message: string) {
    super('signing-key', message);
  }
}

const PEM = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)\r?\n?-----END \1-----/;

export function loadSigningKey(
  text: string,
  password: string | undefined,
  where: string,
  /** Where the password came from (`COSIGN_PASSWORD`, …): a wrong one names it. */
  passwordFrom?: string,
): SigningKey {
  const pem = PEM.exec(text.trim());
  if (!pem)
    throw new SigningKeyError(
      `${where}: not a PEM private key (expected "-----BEGIN PRIVATE KEY-----", "EC PRIVATE KEY" or cosign's "ENCRYPTED SIGSTORE PRIVATE KEY")`,
    );
  const label = pem[1]!;
  let privateKey: KeyObject;
  if (label === 'ENCRYPTED SIGSTORE PRIVATE KEY' || label === 'ENCRYPTED COSIGN PRIVATE KEY') {
    // No password given: a key made with an empty one (cosign allows it) opens with '', as before.
    const opened = decryptCosignKey(pem[2]!, password ?? '', where);
    if (!opened)
      throw new SigningKeyError(
        password === undefined
          ? `${where}: the key is encrypted (cosign generate-key-pair) and no password was given: give its password as signing-key-password or in COSIGN_PASSWORD (CLI: COSIGN_PASSWORD or --signing-key-password env://VAR)`
          : passwordFrom
            ? `${where}: the password from ${passwordFrom} does not decrypt the key`
            : `${where}: the password does not decrypt the key (check signing-key-password / COSIGN_PASSWORD)`,
      );
    privateKey = opened;
  } else if (label === 'PRIVATE KEY' || label === 'EC PRIVATE KEY') {
    try {
      privateKey = createPrivateKey({ key: pem[0], format: 'pem' });
    } catch (error) {
      throw new SigningKeyError(`${where}: the PEM key cannot be read (${(error as Error).message})`);
    }
  } else if (label.includes('ENCRYPTED')) {
    throw new SigningKeyError(
      `${where}: "${label}" is not supported; use cosign's encrypted key or an unencrypted PKCS#8/SEC1 PEM`,
    );
  } else {
    throw new SigningKeyError(`${where}: a "${label}" PEM is not a private key`);
  }
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
    throw new SigningKeyError(
      `${where}: the key is ${privateKey.asymmetricKeyType}${privateKey.asymmetricKeyDetails?.namedCurve ? ` ${privateKey.asymmetricKeyDetails.namedCurve}` : ''}; signing needs an ECDSA P-256 key (what cosign generate-key-pair makes)`,
    );
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return {
    privateKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: createHash('sha256').update(der).digest('hex'),
  };
}

interface EncryptedKey {
  kdf: { name: string; params: { N: number; r: number; p: number }; salt: string };
  cipher: { name: string; nonce: string };
  ciphertext: string;
}

/** The key, or undefined when the password does not open it; any other problem is thrown. */
function decryptCosignKey(body: string, password: string, where: string): KeyObject | undefined {
  let doc: EncryptedKey;
  try {
    doc = JSON.parse(Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')) as EncryptedKey;
  } catch {
    throw new SigningKeyError(`${where}: the encrypted key's body is not cosign's JSON`);
  }
  const { kdf, cipher } = doc ?? {};
  if (kdf?.name !== 'scrypt' || cipher?.name !== 'nacl/secretbox' || typeof doc.ciphertext !== 'string')
    throw new SigningKeyError(
      `${where}: the encrypted key uses ${kdf?.name ?? '?'} + ${cipher?.name ?? '?'}; cosign's is scrypt + nacl/secretbox`,
    );
  const { N, r, p } = kdf.params ?? {};
  // What cosign writes and accepts (go-securesystemslib encrypted CheckParams): a key file must not make
  // us spend gigabytes or minutes before the password is even checked.
  if (![1 << 15, 1 << 16, 1 << 17].includes(N) || r !== 8 || p !== 1)
    throw new SigningKeyError(
      `${where}: the encrypted key's scrypt parameters N=${N} r=${r} p=${p} are not ones cosign writes (N 32768, 65536 or 131072; r 8; p 1)`,
    );
  const salt = Buffer.from(kdf.salt ?? '', 'base64');
  const nonce = Buffer.from(cipher.nonce ?? '', 'base64');
  if (nonce.length !== nacl.secretbox.nonceLength)
    throw new SigningKeyError(`${where}: the encrypted key's nonce is ${nonce.length} bytes, not 24`);
  const key = scryptSync(Buffer.from(password, 'utf8'), salt, nacl.secretbox.keyLength, {
    N,
    r,
    p,
    maxmem: 256 * N * r + 1024 * 1024,
  });
  const plain = nacl.secretbox.open(Buffer.from(doc.ciphertext, 'base64'), nonce, key);
  if (!plain) return undefined;
  try {
    return createPrivateKey({ key: Buffer.from(plain), format: 'der', type: 'pkcs8' });
  } catch (error) {
    throw new SigningKeyError(`${where}: the decrypted key is not PKCS#8 (${(error as Error).message})`);
  }
}
