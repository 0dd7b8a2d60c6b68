import { UsageError } from '../errors.js';
import type { SignatureFormat } from './formats.js';
import { loadSigningKey } from './keys.js';
import type { SigningOptions } from './sign-image.js';
import { KeySigner } from './signer.js';

/** The signing inputs as the action and the CLI take them, before they are checked. */
export interface SigningInputs {
  /** '' (no signing), `key` or `keyless`. */
  sign: string;
  /** The private key's text, and where it came from (for messages: never the text itself). */
  key?: { text: string; where: string };
  password?: string;
  /** `bundle`, `legacy` or `both` ('' is both). */
  format: string;
  /** `public-good`, `github` or a SigningConfig path ('' is public-good). */
  sigstore: string;
}

export function parseSignatureFormat(name: string, value: string): SignatureFormat[] {
  const v = value.trim().toLowerCase() || 'both';
  if (v === 'both') return ['bundle', 'legacy'];
  if (v === 'bundle' || v === 'legacy') return [v];
  throw new UsageError(`${name} must be bundle, legacy or both, got "${value}"`);
}

/** The run's signing, or undefined when `sign` is empty; every mistake is a usage error naming the input. */
export function signingOptions(inputs: SigningInputs, names = ACTION_NAMES): SigningOptions | undefined {
  const mode = inputs.sign.trim().toLowerCase();
  const formats = parseSignatureFormat(names.format, inputs.format);
  if (mode === '') {
    if (inputs.key)
      throw new UsageError(
        `${names.key} is set but ${names.sign} is empty: set ${names.sign} to key to sign with it`,
      );
    return undefined;
  }
  if (mode === 'key') {
    if (!inputs.key)
      throw new UsageError(
        `${names.sign} key needs ${names.key}: an ECDSA P-256 private key (cosign generate-key-pair), from a secret`,
      );
    if (inputs.sigstore.trim() !== '')
      throw new UsageError(
        `${names.sigstore} is for keyless signing; with a key nothing is written to a transparency log in this version (verify with cosign verify --key … --insecure-ignore-tlog)`,
      );
    const key = loadSigningKey(inputs.key.text, inputs.password, inputs.key.where);
    return { signer: new KeySigner(key), formats };
  }
  if (mode === 'keyless')
    throw new UsageError(
      `${names.sign} keyless is not available in this version of layer-rebase; use ${names.sign} key with ${names.key}, or sign after the run (README: "Signing patched images")`,
    );
  throw new UsageError(`${names.sign} must be key or keyless (or empty), got "${inputs.sign}"`);
}

export const ACTION_NAMES = {
  sign: 'input "sign"',
  key: 'input "signing-key"',
  format: 'input "signature-format"',
  sigstore: 'input "sigstore"',
};

export const CLI_NAMES = {
  sign: '--sign',
  key: '--signing-key',
  format: '--signature-format',
  sigstore: '--sigstore',
};
