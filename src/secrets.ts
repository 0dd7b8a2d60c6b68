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
