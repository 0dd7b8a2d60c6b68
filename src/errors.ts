import type { Digest } from './oci/digest-type.js';

/**
 * Every error the engine raises on purpose. The entry points print `message` (with the cause chain)
 * and never a stack trace for these; callers branch on `code`, never on message text.
 */
export class LayerRebaseError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

export type RegistryErrorKind =
  'auth' | 'denied' | 'not-found' | 'rate-limited' | 'server' | 'network' | 'timeout' | 'protocol';

export interface RegistryErrorFields {
  registry: string;
  repository: string;
  operation: string;
  status?: number;
  digest?: string;
  registryCodes?: string[];
  kind: RegistryErrorKind;
}

export class RegistryError extends LayerRebaseError {
  readonly registry: string;
  readonly repository: string;
  readonly operation: string;
  readonly status: number | undefined;
  readonly digest: string | undefined;
  readonly registryCodes: string[];
  readonly kind: RegistryErrorKind;
  constructor(fields: RegistryErrorFields, detail: string, options?: { cause?: unknown }) {
    const target = fields.repository ? `${fields.registry}/${fields.repository}` : fields.registry;
    const status = fields.status !== undefined ? `${fields.status} ` : '';
    super(`registry-${fields.kind}`, `${fields.operation} ${target}: ${status}${detail}`, options);
    this.registry = fields.registry;
    this.repository = fields.repository;
    this.operation = fields.operation;
    this.status = fields.status;
    this.digest = fields.digest;
    this.registryCodes = fields.registryCodes ?? [];
    this.kind = fields.kind;
  }
}

export class DigestMismatchError extends LayerRebaseError {
  readonly expected: string;
  readonly actual: string;
  readonly where: string;
  constructor(expected: string, actual: string, where: string) {
    super('digest-mismatch', `${where}: content digest ${actual} does not match the expected ${expected}`);
    this.expected = expected;
    this.actual = actual;
    this.where = where;
  }
}

/** The tag no longer holds the digest the plan was made from: a release or another run moved it. */
export class TagMovedError extends LayerRebaseError {
  constructor(
    readonly tag: string,
    readonly expected: Digest | undefined,
    readonly actual: Digest | undefined,
  ) {
    super(
      'tag-moved',
      `tag moved: ${tag} now holds ${actual ?? 'nothing'}, not ${expected ?? 'nothing'} that was planned from; nothing was overwritten, re-run to patch the new image`,
    );
  }
}

/** A blob whose size is not the one its descriptor claims (a forged or broken manifest). */
export class BlobSizeError extends LayerRebaseError {
  constructor(
    readonly expected: number,
    readonly actual: number,
    readonly where: string,
  ) {
    super(
      'size-mismatch',
      `${where}: the registry has ${actual} bytes, but its descriptor claims ${expected}`,
    );
  }
}

export class InvalidReferenceError extends LayerRebaseError {
  readonly reference: string;
  constructor(reference: string, reason: string) {
    super('invalid-reference', `invalid image reference "${reference}": ${reason}`);
    this.reference = reference;
  }
}

/** A document (manifest, config, label, patch file) that does not have the shape its spec requires. */
export class FormatError extends LayerRebaseError {
  readonly file: string;
  readonly key: string;
  readonly value: unknown;
  constructor(file: string, key: string, value: unknown, reason: string) {
    const shown = key ? ` at ${key}` : '';
    super('invalid-format', `${file}${shown}: ${reason}${describeValue(value)}`);
    this.file = file;
    this.key = key;
    this.value = value;
  }
}

export class PatchFileError extends LayerRebaseError {
  readonly file: string;
  readonly key: string;
  readonly value: unknown;
  constructor(file: string, key: string, value: unknown, reason: string, code = 'invalid-patch-file') {
    const shown = key ? ` at ${key}` : '';
    super(code, `patch file ${file}${shown}: ${reason}${describeValue(value)}`);
    this.file = file;
    this.key = key;
    this.value = value;
  }
}

/** The image was refused by a safety rule (opt-in, platform mismatch, scope). Nothing was written. */
export class PolicyError extends LayerRebaseError {
  readonly image: string;
  readonly buildpack: string | undefined;
  readonly layer: string | undefined;
  constructor(image: string, reason: string, where?: { buildpack?: string; layer?: string }) {
    super('refused', `${image}: ${reason}`);
    this.image = image;
    this.buildpack = where?.buildpack;
    this.layer = where?.layer;
  }
}

export class UsageError extends LayerRebaseError {
  constructor(message: string) {
    super('usage', message);
  }
}

export function describeValue(value: unknown): string {
  if (value === undefined) return '';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  if (text.length > 120) text = `${text.slice(0, 117)}...`;
  return ` (got ${text})`;
}

/**
 * The message with its cause chain, once. Only the entry points ask for the stack, and only for
 * errors that are not ours (a bug); expected errors never print one.
 */
export function describeError(error: unknown, options: { stackForBugs?: boolean } = {}): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 6; depth++) {
    if (current instanceof Error) {
      const bug = depth === 0 && options.stackForBugs === true && !(current instanceof LayerRebaseError);
      const text = bug ? String(current.stack ?? current.message) : current.message;
      if (!parts.some((p) => p.includes(text))) parts.push(text);
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  const text = parts.join(': ');
  // Anything that is not one of our errors is a bug: say so, so that it is reported, not retried.
  return error instanceof LayerRebaseError || !(error instanceof Error)
    ? text
    : `internal error (a bug in layer-rebase, please report it): ${text}`;
}

/** A registry's 404 or a layout's missing entry. */
export function isNotFound(error: unknown): boolean {
  return (
    (error instanceof RegistryError && error.kind === 'not-found') ||
    (error instanceof LayerRebaseError && error.code === 'not-found')
  );
}
