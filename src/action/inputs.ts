import * as core from './core.js';
import { parseTimeout } from '../deadline.js';
import { UsageError } from '../errors.js';
import { parseFailOn, type FailOn } from '../fail-on.js';
import type { CommentMode } from './comment.js';
import { parseRequireFix, type RequiredSeverity } from '../vulns/reports.js';
import type { SigningInputs } from '../signing/configure.js';

/** Every input of action.yml, read once, validated, typed. Nothing else calls core.getInput. */
export interface ActionInputs {
  image: string[];
  patches: string[];
  buildpacks: string[];
  builder: string[];
  tags: string[];
  runImage: string;
  force: boolean;
  dryRun: boolean;
  insecureRegistries: string[];
  summary: boolean;
  comment: CommentMode;
  githubToken: string;
  concurrency: number;
  timeoutMs: number;
  shardSize: number;
  commentKey: string;
  vulnerabilityReports: string[];
  requireFix: RequiredSeverity | undefined;
  undo: boolean;
  /** Verify each image against what it records instead of patching (layer-rebase verify). */
  verify: boolean;
  /** Which image outcomes fail the step. */
  failOn: FailOn[];
  /** Keep verdicts on patch layers in the runner's tool cache (self-hosted runners). */
  verifiedCache: boolean;
  /** Checked by signingOptions() once the secrets are masked. */
  signing: SigningInputs;
}

/** Newline- (or comma-) separated list, trimmed, without blanks and `#` comments. */
export function parseList(value: string): string[] {
  return value
    .split(/\r?\n/)
    .flatMap((line) => (line.includes('://') || line.startsWith('oci:') ? [line] : line.split(',')))
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'));
}

export function parseBoolean(name: string, value: string): boolean {
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  throw new UsageError(`input "${name}" must be true or false, got "${value}"`);
}

export function readInputs(
  get: (name: string) => string = (n) => core.getInput(n),
  /** An input as given, not trimmed (a password). */
  getRaw: (name: string) => string = (n) => core.getInput(n, { trimWhitespace: false }),
  /** The step's environment: COSIGN_PASSWORD when signing-key-password is not given. */
  env: NodeJS.ProcessEnv = process.env,
): ActionInputs {
  return {
    image: parseList(get('image')),
    patches: parseList(get('patches')),
    buildpacks: parseList(get('buildpacks')),
    builder: parseList(get('builder')),
    tags: parseList(get('tags')),
    runImage: get('run-image').trim(),
    force: parseBoolean('force', get('force')),
    dryRun: parseBoolean('dry-run', get('dry-run')),
    insecureRegistries: parseList(get('insecure-registries')),
    summary: parseBoolean('summary', get('summary') || 'true'),
    comment: parseCommentMode(get('comment')),
    githubToken: get('github-token'),
    concurrency: parsePositiveInt('concurrency', get('concurrency') || '4'),
    timeoutMs: parseTimeout('timeout', get('timeout') || '10m'),
    shardSize: parseShardSize(get('shard-size') || '1'),
    commentKey: get('comment-key'),
    vulnerabilityReports: parseList(get('vulnerability-reports')),
    requireFix: parseRequireFix('input "require-fix"', get('require-fix')),
    undo: parseBoolean('undo', get('undo')),
    verify: parseBoolean('verify', get('verify')),
    failOn: parseFailOn('input "fail-on"', get('fail-on')),
    verifiedCache: parseBoolean('verified-cache', get('verified-cache') || 'true'),
    signing: {
      sign: get('sign'),
      ...(get('signing-key').trim()
        ? { key: { text: get('signing-key'), where: 'input "signing-key"' } }
        : {}),
      ...(get('signing-key').trim() ? keyPassword(getRaw('signing-key-password'), env) : {}),
      format: get('signature-format'),
      sigstore: get('sigstore'),
      attest: parseBoolean('attest', get('attest')),
      ...(get('github-token') ? { githubToken: get('github-token') } : {}),
    },
  };
}

/**
 * The key's password: the input, else cosign's COSIGN_PASSWORD from the step's env (an empty one set
 * there is still one: a key made with an empty password). Taken as given, not trimmed. The runner
 * passes an input it was not given as '', so an empty input is no password.
 */
function keyPassword(input: string, env: NodeJS.ProcessEnv): { password?: string; passwordFrom?: string } {
  if (input !== '') return { password: input, passwordFrom: 'input "signing-key-password"' };
  if (env.COSIGN_PASSWORD !== undefined)
    return { password: env.COSIGN_PASSWORD, passwordFrom: 'COSIGN_PASSWORD' };
  return {};
}

export function parseCommentMode(value: string): CommentMode {
  const v = value.trim().toLowerCase() || 'auto';
  if (v === 'auto' || v === 'true' || v === 'false') return v;
  throw new UsageError(`input "comment" must be auto, true or false, got "${value}"`);
}

export function parsePositiveInt(name: string, value: string): number {
  const n = Number(value.trim());
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new UsageError(`input "${name}" must be an integer from 1 to 64, got "${value}"`);
  return n;
}

export function parseShardSize(value: string): number {
  const n = Number(value.trim());
  if (!Number.isInteger(n) || n < 1 || n > 10_000)
    throw new UsageError(`input "shard-size" must be an integer from 1 to 10000, got "${value}"`);
  return n;
}
