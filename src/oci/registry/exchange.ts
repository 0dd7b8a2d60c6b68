import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { Agent, request } from '../../http.js';
import { currentDeadline, ImageTimeoutError } from '../../deadline.js';
import type { RegistryError, RegistryErrorKind } from '../../errors.js';
import type { Log } from '../../log.js';
import { redact } from '../../secrets.js';
import { header, isTimeout, isTransient, kindOfFailure, retryAfter } from './responses.js';

/** One HTTP exchange with a registry's hosts: deadlines, the image's time limit, and retries with backoff. */

/**
 * What a stalled or trickling server may cost. Every request: connect, time to first byte, no body
 * progress for `stallMs`, and an overall deadline that a trickle cannot extend (plus time for its
 * bytes at `minBytesPerSecond`); every operation, retries included, a budget.
 */
export interface Timeouts {
  connectMs: number;
  headersMs: number;
  stallMs: number;
  requestMs: number;
  operationMs: number;
  minBytesPerSecond: number;
  /** Attempts at a request that timed out. */
  timeoutAttempts: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = {
  connectMs: 30_000,
  headersMs: 30_000,
  stallMs: 30_000,
  requestMs: 60_000,
  operationMs: 100_000,
  minBytesPerSecond: 64 * 1024,
  timeoutAttempts: 3,
};

/** A request's own overall deadline ran out. */
class DeadlineExceeded extends Error {
  readonly code = 'LR_DEADLINE';
  constructor(readonly ms: number) {
    super(`timed out: no complete answer within ${seconds(ms)}`);
  }
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** A server's certificate that this machine does not trust, for one host: the host is in the message. */
export class UntrustedCertificate extends Error {
  readonly code = 'LR_UNTRUSTED_CERTIFICATE';
  constructor(
    readonly host: string,
    reason: string,
    cause: unknown,
  ) {
    super(
      `the TLS certificate of ${host} is not trusted (${reason}); list ${host} in insecure-registries if that is intended`,
      { cause },
    );
  }
}

/** OpenSSL's and Node's verification failures (an untrusted issuer, a self-signed or expired certificate, another name). */
const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function untrustedCertificate(error: unknown, url: URL): UntrustedCertificate | undefined {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !CERTIFICATE_CODES.has(code)) return undefined;
  const reason = ((error as Error).message || code).split('\n')[0]!.trim().replace(/\.$/, '');
  return new UntrustedCertificate(url.host, reason, error);
}

/**
 * One agent per set of timeouts and TLS policy, shared by every transport: connections are reused
 * across requests and registries. `relaxTls` turns certificate verification off, and is chosen per
 * request by its origin (see `mayRelaxTls`), never for a whole registry's traffic.
 */
const agents = new Map<string, Agent>();
export function agentFor(t: Timeouts, relaxTls: boolean): Agent {
  const key = `${t.connectMs}/${t.headersMs}/${t.stallMs}/${relaxTls}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({
      connectTimeout: t.connectMs,
      headersTimeout: t.headersMs,
      bodyTimeout: t.stallMs,
      ...(relaxTls ? { connect: { rejectUnauthorized: false } } : {}),
    });
    agents.set(key, agent);
  }
  return agent;
}

const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const MAX_RETRY_AFTER_MS = 60_000;

export type Method = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

/** What a retried request is, for messages and for whether it may be sent again. */
export interface Attempted {
  method: Method;
  operation: string;
  repository: string;
  digest?: string;
  /** Resend on connection errors, 5xx and 429. Off for requests that append data (PATCH). */
  retry?: boolean;
}

export class Exchange {
  constructor(
    private readonly options: {
      timeouts: Timeouts;
      maxAttempts: number;
      /** Multiplier for the backoff delays; tests make it small. */
      backoffMs: number;
      now: () => number;
      log: Log;
      /** The dispatcher for a request to `url`: its TLS policy depends on the URL's origin. */
      dispatcher: (url: URL) => Dispatcher;
      error: (
        spec: Pick<Attempted, 'operation' | 'repository' | 'digest'>,
        status: number | undefined,
        detail: string,
        kind?: RegistryErrorKind,
        cause?: unknown,
      ) => RegistryError;
    },
  ) {}

  private get timeouts(): Timeouts {
    return this.options.timeouts;
  }

  private now(): number {
    return this.options.now();
  }

  bytesTime(bytes: number | undefined): number {
    return bytes ? (bytes / this.timeouts.minBytesPerSecond) * 1000 : 0;
  }

  /**
   * One HTTP request with its overall deadline (`deadline` ms from now, on top of undici's connect,
   * first-byte and stall timeouts) and the image's time limit. The deadline keeps running while the
   * caller reads the body, and is cleared when the body ends.
   */
  async send(
    url: string | URL,
    options: {
      method: Method;
      headers: Record<string, string>;
      body?: Buffer | Readable | string;
    },
    deadline: number,
    bytes?: number,
  ): Promise<Dispatcher.ResponseData> {
    const image = currentDeadline();
    if (image?.aborted) throw image.reason as Error;
    const controller = new AbortController();
    const ms = Math.max(1, Math.min(deadline, this.timeouts.requestMs + this.bytesTime(bytes)));
    // setTimeout takes at most 2^31-1 ms (and fires at once above it): a descriptor's absurd size must not.
    const timer = setTimeout(() => controller.abort(new DeadlineExceeded(ms)), Math.min(ms, 2 ** 31 - 1));
    timer.unref();
    const signal = image ? AbortSignal.any([controller.signal, image]) : controller.signal;
    const target = typeof url === 'string' ? new URL(url) : url;
    try {
      const res = await request(target, {
        ...options,
        dispatcher: this.options.dispatcher(target),
        signal,
      });
      const done = () => clearTimeout(timer);
      res.body.once('end', done);
      res.body.once('close', done);
      res.body.once('error', done);
      return res;
    } catch (error) {
      clearTimeout(timer);
      throw untrustedCertificate(error, target) ?? error;
    }
  }

  /** A transport failure in words: timeouts say "timed out" and how long they waited. */
  explain(error: unknown): string {
    const code = (error as { code?: string }).code;
    if (
      error instanceof DeadlineExceeded ||
      error instanceof ImageTimeoutError ||
      error instanceof UntrustedCertificate
    )
      return error.message;
    if (code === 'UND_ERR_HEADERS_TIMEOUT')
      return `timed out: no response within ${seconds(this.timeouts.headersMs)}`;
    if (code === 'UND_ERR_BODY_TIMEOUT')
      return `timed out: the response made no progress for ${seconds(this.timeouts.stallMs)}`;
    if (code === 'UND_ERR_CONNECT_TIMEOUT')
      return `timed out: could not connect within ${seconds(this.timeouts.connectMs)}`;
    // One line: OpenSSL's messages carry a trailing newline and source paths.
    const message = redact((error as Error).message ?? String(error))
      .replace(/\s*\n\s*/g, ' ')
      .trim();
    if (/SSL routines|wrong version number|ERR_SSL/i.test(message) || /^ERR_SSL/.test(code ?? ''))
      return `TLS handshake failed (${/wrong version number/.test(message) ? 'the server speaks plain HTTP' : message.replace(/^[0-9A-F]+:error:[0-9A-F]+:/, '')})`;
    return message;
  }

  async withRetries(
    spec: Attempted,
    send: (deadline: number) => Promise<Dispatcher.ResponseData>,
    budgetEnd: number,
  ): Promise<Dispatcher.ResponseData> {
    const resendable = spec.retry !== false;
    const started = this.now();
    let timeouts = 0;
    for (let attempt = 1; ; attempt++) {
      let res: Dispatcher.ResponseData;
      const left = budgetEnd - this.now();
      try {
        if (left <= 0) throw new DeadlineExceeded(budgetEnd - started);
        res = await send(left);
      } catch (error) {
        const timedOut = isTimeout(error);
        if (timedOut) timeouts++;
        const giveUp =
          !resendable ||
          error instanceof ImageTimeoutError ||
          attempt >= this.options.maxAttempts ||
          (timedOut && timeouts >= this.timeouts.timeoutAttempts) ||
          budgetEnd - this.now() <= 0 ||
          !isTransient(error);
        if (giveUp) {
          const tries = attempt > 1 ? ` (${attempt} attempts over ${seconds(this.now() - started)})` : '';
          throw this.options.error(
            spec,
            undefined,
            `${this.explain(error)}${tries}`,
            kindOfFailure(error),
            error,
          );
        }
        this.options.log.debug(
          `${spec.operation}: ${this.explain(error)}; retrying (attempt ${attempt + 1})`,
        );
        await this.pause(this.backoff(attempt), spec);
        continue;
      }
      if (!resendable || !RETRY_STATUSES.has(res.statusCode) || attempt >= this.options.maxAttempts)
        return res;
      const wait = retryAfter(header(res.headers, 'retry-after'), this.now()) ?? this.backoff(attempt);
      await res.body.dump();
      this.options.log.debug(
        `${spec.operation}: ${res.statusCode}; retrying in ${wait} ms (attempt ${attempt + 1})`,
      );
      await this.pause(Math.min(wait, MAX_RETRY_AFTER_MS, Math.max(0, budgetEnd - this.now())), spec);
    }
  }

  /** A backoff that the image's time limit cuts short. */
  private async pause(
    ms: number,
    spec: Pick<Attempted, 'operation' | 'repository' | 'digest'>,
  ): Promise<void> {
    const image = currentDeadline();
    try {
      await sleep(ms, undefined, image ? { signal: image } : {});
    } catch (error) {
      const reason = image?.reason as Error | undefined;
      throw this.options.error(spec, undefined, this.explain(reason ?? error), 'timeout', reason ?? error);
    }
  }

  private backoff(attempt: number): number {
    return this.options.backoffMs * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5);
  }
}
