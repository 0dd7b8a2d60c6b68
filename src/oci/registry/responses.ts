import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { ImageTimeoutError } from '../../deadline.js';
import { RegistryError, type RegistryErrorKind } from '../../errors.js';

/** What the registry answered, and the URL that answered it (after redirects): Locations resolve against it. */
export interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData['body'];
  url: string;
}

export function header(headers: Response['headers'], name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export const STATUS_TEXT: Record<number, string> = {
  400: 'bad request',
  401: 'authentication required',
  403: 'access denied',
  404: 'not found',
  405: 'operation not supported by this registry',
  411: 'length required',
  413: 'payload too large',
  415: 'unsupported media type',
  416: 'range not satisfiable',
  429: 'too many requests',
  500: 'internal server error',
  501: 'not implemented',
  502: 'bad gateway',
  503: 'service unavailable',
};

export function kindOfStatus(status: number | undefined): RegistryErrorKind {
  if (status === undefined) return 'network';
  if (status === 401) return 'auth';
  if (status === 403) return 'denied';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server';
  return 'protocol';
}

const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
  'LR_DEADLINE',
]);

export function isTransient(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return (
    TRANSIENT_CODES.has(code) || /other side closed|socket hang up/i.test((error as Error).message ?? '')
  );
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'LR_DEADLINE',
]);

export function isTimeout(error: unknown): boolean {
  return error instanceof ImageTimeoutError || TIMEOUT_CODES.has((error as { code?: string }).code ?? '');
}

export function kindOfFailure(error: unknown): RegistryErrorKind {
  if (error instanceof RegistryError) return error.kind;
  return isTimeout(error) ? 'timeout' : 'network';
}

/** A RegistryError's message without its "operation target: " prefix. */
export function explainMessage(error: RegistryError): string {
  const prefix = `${error.operation} ${error.repository ? `${error.registry}/${error.repository}` : error.registry}: `;
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds from `now`. */
export function retryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export async function readCapped(body: Readable, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    if (total + buf.length > limit) {
      chunks.push(buf.subarray(0, limit - total));
      body.destroy();
      break;
    }
    chunks.push(buf);
    total += buf.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `CODE: message (detail)` for each of the registry's `errors[]`, or the start of a plain-text body. */
export function summariseBody(text: string, codes: string[] = []): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  try {
    const parsed = JSON.parse(trimmed) as {
      errors?: { code?: string; message?: string; detail?: unknown }[];
    };
    if (Array.isArray(parsed.errors) && parsed.errors.length > 0) {
      return parsed.errors
        .map((e) => {
          if (e.code) codes.push(e.code);
          const detail =
            e.detail === undefined || e.detail === null ? '' : ` (${JSON.stringify(e.detail).slice(0, 200)})`;
          return `${e.code ?? 'ERROR'}: ${e.message ?? ''}${detail}`;
        })
        .join('; ');
    }
  } catch {
    // Not JSON (Docker Hub's old 429 page, a proxy's HTML): fall through to the raw text.
  }
  const oneLine = trimmed.replace(/\s*\n\s*/g, ' ');
  return oneLine.length > 300 ? `${oneLine.slice(0, 300)}...` : oneLine;
}
