/**
 * Every credential and token this process sends, in each form it may be echoed back in (as is, and
 * base64 as in a Basic header), so that nothing we show — log, outputs, summary, report, labels —
 * ever carries one. The log port registers each with the runner too (core.setSecret).
 */
const secrets = new Set<string>();

/** Registers a secret and its encoded forms; returns every form, for the log to mask as well. */
export function registerSecret(value: string | undefined, username?: string): string[] {
  if (!value) return [];
  const forms = [value, Buffer.from(value).toString('base64')];
  if (username !== undefined) forms.push(Buffer.from(`${username}:${value}`).toString('base64'));
  for (const f of forms) secrets.add(f);
  return forms;
}

/** The text with every registered secret replaced by `***`, longest first. */
export function redact(text: string): string {
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join('***');
  return out;
}

/** A URL as it may be displayed: user-info replaced by `***`. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1***@');
}

/** Whether a URL carries user-info (credentials belong in the docker config, never in a URL). */
export function hasUserInfo(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#@]*@/i.test(url);
}

/**
 * A URL as it may be shown and recorded: scheme, host, path and the `#sha256=` pin, without its
 * query — a presigned URL's query (`X-Amz-Signature`, `sig`, `token`) is a credential, and what is
 * recorded in an image's label is readable by everyone who can pull it.
 */
export function withoutQuery(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  return `${url.slice(0, q)}${hash >= 0 ? url.slice(hash) : ''}`;
}

/** The secret parts of a URL's query: the whole query and each value, to be masked wherever they appear. */
export function querySecrets(url: string): string[] {
  const q = url.indexOf('?');
  if (q < 0) return [];
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash >= 0 ? hash : undefined);
  const values = new URLSearchParams(query);
  const parts = [query, ...[...values.values()].filter((v) => v.length >= 8)];
  for (const [, v] of values) if (v.length >= 8) parts.push(encodeURIComponent(v));
  return [...new Set(parts.filter(Boolean))];
}
