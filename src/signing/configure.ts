import { UsageError } from '../errors.js';
import type { SignatureFormat } from './formats.js';
import type { SigningOptions } from './sign-image.js';
import { GITHUB, parseSigningConfig, PUBLIC_GOOD, type SigstoreServices } from './sigstore-config.js';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { runnerIdentity } from './attestations.js';

/** The signing inputs as the action and the CLI take them, before they are checked. */
export interface SigningInputs {
  /** '' (no signing), `key` or `keyless`. */
  sign: string;
  /** The private key's text, and where it came from (for messages: never the text itself). */
  key?: { text: string; where: string };
  password?: string;
  /** Where the password came from, for messages (`input "signing-key-password"`, `COSIGN_PASSWORD`). */
  passwordFrom?: string;
  /** `bundle`, `legacy` or `both` ('' is both). */
  format: string;
  /** `public-good`, `github` or a SigningConfig path ('' is public-good). */
  sigstore: string;
  /** The CLI's --identity-token; else SIGSTORE_ID_TOKEN, else the runner's token. */
  identityToken?: string;
  /** Also attest (SLSA provenance, applied patches) what is signed. */
  attest?: boolean;
  /** The action's github-token: attestations also go to GitHub's attestations API (keyless). */
  githubToken?: string;
}

/** What keyless signing reads from its surroundings. */
export interface SigningEnvironment {
  env: NodeJS.ProcessEnv;
  cwd: string;
  readFile: (path: string) => Promise<string>;
}

export function parseSignatureFormat(name: string, value: string): SignatureFormat[] {
  const v = value.trim().toLowerCase() || 'both';
  if (v === 'both') return ['bundle', 'legacy'];
  if (v === 'bundle' || v === 'legacy') return [v];
  throw new UsageError(`${name} must be bundle, legacy or both, got "${value}"`);
}

/** The run's signing, or undefined when `sign` is empty; every mistake is a usage error naming the input. */
export async function signingOptions(
  inputs: SigningInputs,
  names = ACTION_NAMES,
  environment?: SigningEnvironment,
): Promise<SigningOptions | undefined> {
  const mode = inputs.sign.trim().toLowerCase();
  const formats = parseSignatureFormat(names.format, inputs.format);
  if (mode === '') {
    if (inputs.key)
      throw new UsageError(
        `${names.key} is set but ${names.sign} is empty: set ${names.sign} to key to sign with it`,
      );
    if (inputs.attest)
      throw new UsageError(`${names.attest} needs ${names.sign}: attestations are signed by the same signer`);
    return undefined;
  }
  const options = await signer(mode, inputs, names, formats, environment);
  if (inputs.attest) {
    const env = environment?.env ?? process.env;
    const github =
      inputs.githubToken && env.GITHUB_REPOSITORY
        ? {
            github: {
              api: env.GITHUB_API_URL ?? 'https://api.github.com',
              repository: env.GITHUB_REPOSITORY,
              token: inputs.githubToken,
            },
          }
        : {};
    options.attest = { ...runnerIdentity(env), ...github };
  }
  return options;
}

async function signer(
  mode: string,
  inputs: SigningInputs,
  names: typeof ACTION_NAMES,
  formats: SignatureFormat[],
  environment: SigningEnvironment | undefined,
): Promise<SigningOptions> {
  if (mode === 'key') {
    if (!inputs.key)
      throw new UsageError(
        `${names.sign} key needs ${names.key}: an ECDSA P-256 private key (cosign generate-key-pair), from a secret`,
      );
    const logged = inputs.sigstore.trim();
    if (logged === 'public-good' || logged === 'github')
      throw new UsageError(
        `${names.sigstore} ${logged} is for keyless signing; with a key, name a Sigstore SigningConfig that has the transparency log or timestamp authority to record in (or leave ${names.sigstore} empty: no log, verify with cosign verify --key … --insecure-ignore-tlog)`,
      );
    if (inputs.identityToken)
      throw new UsageError('--identity-token is for keyless signing; with a key it is not used');
    // Loaded only when signing: the key formats and bundle builders are no weight for other runs.
    const [{ loadSigningKey }, { KeySigner }] = await Promise.all([
      import('./keys.js'),
      import('./signer.js'),
    ]);
    const key = loadSigningKey(inputs.key.text, inputs.password, inputs.key.where, inputs.passwordFrom);
    if (!logged) return { signer: new KeySigner(key), formats };
    const env = environment ?? { env: process.env, cwd: process.cwd(), readFile: (p) => readFile(p, 'utf8') };
    const services = await sigstoreServices(logged, names, env);
    checkLegacyLog(formats, services, names);
    const { LoggedKeySigner } = await import('./keyless.js');
    return { signer: new LoggedKeySigner(key, services), formats };
  }
  if (mode === 'keyless') {
    if (inputs.key)
      throw new UsageError(
        `${names.key} is for ${names.sign} key; keyless signing uses the workflow's identity`,
      );
    const env = environment ?? { env: process.env, cwd: process.cwd(), readFile: (p) => readFile(p, 'utf8') };
    const services = await sigstoreServices(inputs.sigstore, names, env);
    checkLegacyLog(formats, services, names);
    // Loaded only when used: the Sigstore client libraries are most of the signing code's weight.
    const { KeylessSigner, identityTokenFrom } = await import('./keyless.js');
    return { signer: new KeylessSigner(services, identityTokenFrom(env.env, inputs.identityToken)), formats };
  }
  throw new UsageError(`${names.sign} must be key or keyless (or empty), got "${inputs.sign}"`);
}

/**
 * cosign's legacy .sig carries a Rekor entry's signed timestamp, which Rekor v2 no longer gives (cosign
 * itself refuses legacy output with such a log): a verifier could not check it offline.
 */
function checkLegacyLog(
  formats: SignatureFormat[],
  services: SigstoreServices,
  names: typeof ACTION_NAMES,
): void {
  if (formats.includes('legacy') && services.rekor.some((r) => r.majorApiVersion === 2))
    throw new UsageError(
      `${names.format} legacy needs a Rekor v1 log; ${services.name} names a Rekor v2 one: use ${names.format} bundle`,
    );
}

async function sigstoreServices(
  value: string,
  names: typeof ACTION_NAMES,
  environment: SigningEnvironment,
): Promise<SigstoreServices> {
  const v = value.trim();
  if (v === '' || v === 'public-good') return PUBLIC_GOOD;
  if (v === 'github') return GITHUB;
  const path = resolve(environment.cwd, v);
  let text: string;
  try {
    text = await environment.readFile(path);
  } catch (error) {
    throw new UsageError(
      `${names.sigstore} must be public-good, github or the path of a Sigstore SigningConfig JSON; ${v}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  return parseSigningConfig(text, v);
}

export const ACTION_NAMES = {
  sign: 'input "sign"',
  attest: 'input "attest"',
  key: 'input "signing-key"',
  format: 'input "signature-format"',
  sigstore: 'input "sigstore"',
};

export const CLI_NAMES = {
  sign: '--sign',
  attest: '--attest',
  key: '--signing-key',
  format: '--signature-format',
  sigstore: '--sigstore',
};
