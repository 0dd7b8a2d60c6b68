import { Transform, type Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request, type Dispatcher } from 'undici';
import { currentDeadline, ImageTimeoutError } from '../../deadline.js';
import { RegistryError, type RegistryErrorKind } from '../../errors.js';
import { redact, registerSecret } from '../../secrets.js';
import type { Log } from '../../log.js';
import { apiHost, isLoopbackHost } from '../reference.js';
import { parseChallenges } from './challenge.js';
import type { CredentialResolver, Credentials } from './credentials.js';

/** One registry host: base URL discovery, authentication, retries, redirects and error decoding. */

export type Body = Buffer | (() => Readable);

export interface RequestSpec {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  /** A path below the registry (`/v2/...`) or an absolute URL the registry handed out (upload `Location`). */
  url: string;
  repository: string;
  operation: string;
  /** Token scopes this request needs, e.g. `repository:a/b:pull,push`. */
  scopes: string[];
  headers?: Record<string, string>;
  body?: Body;
  digest?: string;
  /** Resend on connection errors, 5xx and 429. Off for requests that append data (PATCH). */
  retry?: boolean;
  followRedirects?: boolean;
  /** Bytes the request moves (a blob), to give it time in proportion on top of the deadline. */
  bytes?: number;
}

export interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData['body'];
  url: string;
}

export interface RequestEvent {
  registry: string;
  method: string;
  path: string;
  status: number;
  bytesSent: number;
}

export interface TransportOptions {
  credentials: CredentialResolver;
  log: Log;
  /** host[:port] entries for which plain HTTP and unverified TLS are allowed. */
  insecureRegistries?: string[];
  maxAttempts?: number;
  /** Multiplier for the backoff delays; tests make it small. */
  backoffMs?: number;
  dispatcher?: Dispatcher;
  onRequest?: (event: RequestEvent) => void;
  now?: () => number;
  timeouts?: Partial<Timeouts>;
  /** false: upload big blobs in sized chunks from the start (tests of that path). */
  streamUploads?: boolean;
}

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

const agents = new Map<string, Agent>();
function agentFor(t: Timeouts, insecure: boolean): Agent {
  const key = `${t.connectMs}/${t.headersMs}/${t.stallMs}/${insecure}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({
      connectTimeout: t.connectMs,
      headersTimeout: t.headersMs,
      bodyTimeout: t.stallMs,
      ...(insecure ? { connect: { rejectUnauthorized: false } } : {}),
    });
    agents.set(key, agent);
  }
  return agent;
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

type AuthScheme = { kind: 'none' } | { kind: 'basic' } | { kind: 'bearer'; realm: string; service?: string };

const USER_AGENT = 'layer-rebase/0.1 (+https://github.com/buildpacks/rfcs/pull/333)';
const MAX_ERROR_BODY = 64 * 1024;
const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const MAX_RETRY_AFTER_MS = 60_000;

export function header(headers: Response['headers'], name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export class RegistryTransport {
  readonly registry: string;
  private readonly host: string;
  private readonly insecure: boolean;
  private base: Promise<{ url: string; auth: AuthScheme }> | undefined;
  private readonly tokens = new Map<string, CachedToken>();
  private credentials: Promise<Credentials | undefined> | undefined;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly now: () => number;
  readonly timeouts: Timeouts;
  /** Big blobs go up in one streamed PATCH until this registry shows it wants sized chunks. */
  streamUploads: boolean;

  constructor(
    registry: string,
    private readonly options: TransportOptions,
  ) {
    this.registry = registry;
    this.host = apiHost(registry);
    this.insecure = (options.insecureRegistries ?? []).includes(registry) || isLoopbackHost(registry);
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoffMs = options.backoffMs ?? 500;
    this.now = options.now ?? Date.now;
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.streamUploads = options.streamUploads ?? true;
  }

  private dispatcher(): Dispatcher {
    if (this.options.dispatcher) return this.options.dispatcher;
    const explicitlyInsecure = (this.options.insecureRegistries ?? []).includes(this.registry);
    return agentFor(this.timeouts, explicitlyInsecure);
  }

  private creds(): Promise<Credentials | undefined> {
    return (this.credentials ??= this.options.credentials(this.registry));
  }

  /** `GET /v2/`: learns whether the registry speaks HTTPS and which auth scheme it wants. */
  private ping(): Promise<{ url: string; auth: AuthScheme }> {
    this.base ??= (async () => {
      const schemes = this.insecure ? ['https', 'http'] : ['https'];
      const failures: string[] = [];
      // Both schemes share one budget: a silent server must not cost twice.
      const budget = this.now() + this.timeouts.operationMs;
      for (const scheme of schemes) {
        const url = `${scheme}://${this.host}`;
        try {
          const res = await this.withRetries(
            { method: 'GET', repository: '', operation: 'ping' },
            (deadline) =>
              this.send(`${url}/v2/`, { method: 'GET', headers: { 'user-agent': USER_AGENT } }, deadline),
            budget,
          );
          await res.body.dump();
          return { url, auth: this.authFromPing(res.statusCode, res.headers) };
        } catch (error) {
          // A loopback or insecure registry that speaks plain HTTP fails the TLS attempt: not news.
          if (scheme === 'https' && this.insecure && /TLS handshake failed/.test((error as Error).message))
            continue;
          failures.push(`${scheme}: ${(error as Error).message.replace(/^ping [^:]+(:\d+)?: /, '')}`);
        }
      }
      throw new RegistryError(
        {
          registry: this.registry,
          repository: '',
          operation: 'ping',
          kind: failures.some((f) => f.includes('timed out')) ? 'timeout' : 'network',
        },
        `cannot reach the registry (${failures.join('; ')})`,
      );
    })();
    // A failed ping is not cached: the next operation tries again.
    this.base.catch(() => (this.base = undefined));
    return this.base;
  }

  private authFromPing(status: number, headers: Response['headers']): AuthScheme {
    if (status !== 401) return { kind: 'none' };
    const value = header(headers, 'www-authenticate') ?? '';
    const challenges = parseChallenges(value);
    const bearer = challenges.find((c) => c.scheme === 'bearer');
    if (bearer?.params.realm) {
      const auth: AuthScheme = { kind: 'bearer', realm: bearer.params.realm };
      if (bearer.params.service) auth.service = bearer.params.service;
      return auth;
    }
    if (challenges.some((c) => c.scheme === 'basic')) return { kind: 'basic' };
    return { kind: 'none' };
  }

  private async authorization(
    auth: AuthScheme,
    scopes: string[],
    refresh: boolean,
  ): Promise<string | undefined> {
    if (auth.kind === 'none') return undefined;
    const creds = await this.creds();
    if (auth.kind === 'basic') {
      if (!creds?.password) return undefined;
      return `Basic ${Buffer.from(`${creds.username ?? ''}:${creds.password}`).toString('base64')}`;
    }
    const key = [...scopes].sort().join(' ');
    const cached = this.tokens.get(key);
    if (!refresh && cached && cached.expiresAt > this.now()) return `Bearer ${cached.token}`;
    const token = await this.fetchToken(auth, scopes, creds);
    this.tokens.set(key, token);
    return `Bearer ${token.token}`;
  }

  private async fetchToken(
    auth: Extract<AuthScheme, { kind: 'bearer' }>,
    scopes: string[],
    creds: Credentials | undefined,
  ): Promise<CachedToken> {
    const realm = new URL(auth.realm);
    const fail = (
      status: number | undefined,
      detail: string,
      kind: RegistryErrorKind = 'auth',
      cause?: unknown,
    ) =>
      new RegistryError(
        {
          registry: this.registry,
          repository: scopes.map((s) => s.split(':')[1]).join(','),
          operation: 'get token',
          status,
          kind,
        },
        `${detail} (token realm ${realm.origin}${realm.pathname})`,
        { cause },
      );
    // Plain HTTP to the realm only when the registry itself is one we may speak plain HTTP to.
    if (realm.protocol !== 'https:' && !this.insecure && creds) {
      throw fail(
        undefined,
        `refusing to send credentials to a token realm over plain HTTP (the registry is not in insecure-registries)`,
      );
    }
    const tokenSpec = {
      method: 'GET' as const,
      repository: scopes.map((s) => s.split(':')[1]).join(','),
      operation: 'get token',
    };
    let res: Dispatcher.ResponseData;
    try {
      if (creds?.identityToken) {
        const form = new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: creds.identityToken,
          client_id: 'layer-rebase',
        });
        if (auth.service) form.set('service', auth.service);
        if (scopes.length) form.set('scope', scopes.join(' '));
        res = await this.withRetries(
          tokenSpec,
          (deadline) =>
            this.send(
              realm,
              {
                method: 'POST',
                headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': USER_AGENT },
                body: form.toString(),
              },
              deadline,
            ),
          this.now() + this.timeouts.operationMs,
        );
      } else {
        if (auth.service) realm.searchParams.set('service', auth.service);
        for (const scope of scopes) realm.searchParams.append('scope', scope);
        const headers: Record<string, string> = { 'user-agent': USER_AGENT };
        if (creds?.password) {
          realm.searchParams.set('account', creds.username ?? '');
          headers.authorization = `Basic ${Buffer.from(`${creds.username ?? ''}:${creds.password}`).toString('base64')}`;
        }
        res = await this.withRetries(
          tokenSpec,
          (deadline) => this.send(realm, { method: 'GET', headers }, deadline),
          this.now() + this.timeouts.operationMs,
        );
      }
    } catch (error) {
      if (error instanceof RegistryError)
        throw fail(error.status, `token request failed: ${explainMessage(error)}`, error.kind, error);
      throw fail(undefined, `token request failed: ${this.explain(error)}`, 'network', error);
    }
    let text: string;
    try {
      text = redact(await readCapped(res.body, MAX_ERROR_BODY));
    } catch (error) {
      throw fail(undefined, `reading the token failed: ${this.explain(error)}`, kindOfFailure(error), error);
    }
    if (res.statusCode !== 200) {
      const who = creds
        ? 'with the configured credentials'
        : 'anonymously (no credentials found in the docker config)';
      throw fail(
        res.statusCode,
        `the token server refused ${who}: ${summariseBody(text)}`,
        res.statusCode === 403 ? 'denied' : 'auth',
      );
    }
    let parsed: { token?: string; access_token?: string; expires_in?: number };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch (error) {
      throw fail(res.statusCode, 'the token server answered with invalid JSON', 'protocol', error);
    }
    const token = parsed.token ?? parsed.access_token;
    if (!token) throw fail(res.statusCode, 'the token server answered without a token', 'protocol');
    for (const form of registerSecret(token)) this.options.log.secret(form);
    // Renew a little early so that a token never expires between our check and the registry's.
    const lifetime = Math.max(60, Number(parsed.expires_in) || 60) * 1000;
    return { token, expiresAt: this.now() + lifetime - 10_000 };
  }

  async request(spec: RequestSpec): Promise<Response> {
    const base = await this.ping();
    let url = spec.url.startsWith('/')
      ? `${base.url}${spec.url}`
      : new URL(spec.url, `${base.url}/`).toString();
    let refreshed = false;
    let scopes = spec.scopes;
    const budget = this.now() + this.timeouts.operationMs + this.bytesTime(spec.bytes);
    for (let redirects = 0; ;) {
      const sameHost = new URL(url).host === new URL(base.url).host;
      const headers: Record<string, string> = { 'user-agent': USER_AGENT, ...spec.headers };
      if (sameHost) {
        const authz = await this.authorization(base.auth, scopes, refreshed);
        if (authz) headers.authorization = authz;
      }
      let bytesSent = 0;
      const res = await this.withRetries(
        spec,
        (deadline) => {
          const body = openBody(spec.body, (n) => (bytesSent += n));
          return this.send(url, { method: spec.method, headers, body }, deadline, spec.bytes);
        },
        budget,
      );
      this.options.onRequest?.({
        registry: this.registry,
        method: spec.method,
        path: new URL(url).pathname,
        status: res.statusCode,
        bytesSent,
      });
      if (
        res.statusCode === 401 &&
        sameHost &&
        !refreshed &&
        (spec.body === undefined || Buffer.isBuffer(spec.body))
      ) {
        // An expired or too narrow token, or a registry that only challenges some operations
        // (an open /v2/ but authenticated pushes): follow this response's challenge once, then
        // report the registry's answer.
        const challenged = this.authFromPing(401, res.headers);
        if (
          challenged.kind !== 'none' &&
          (base.auth.kind === 'none' || challenged.kind === 'bearer' || base.auth.kind === 'bearer')
        ) {
          await res.body.dump();
          base.auth = challenged;
          const asked = parseChallenges(header(res.headers, 'www-authenticate') ?? '').find(
            (c) => c.scheme === 'bearer',
          )?.params.scope;
          if (asked) scopes = [...new Set([...scopes, ...asked.split(' ')])];
          refreshed = true;
          continue;
        }
      }
      if (spec.followRedirects && [301, 302, 303, 307, 308].includes(res.statusCode)) {
        const location = res.headers.location;
        await res.body.dump();
        if (typeof location !== 'string' || ++redirects > 5) {
          throw this.error(
            spec,
            res.statusCode,
            'too many redirects or a redirect without Location',
            'protocol',
          );
        }
        url = new URL(location, url).toString();
        continue;
      }
      return { status: res.statusCode, headers: res.headers, body: res.body, url };
    }
  }

  private bytesTime(bytes: number | undefined): number {
    return bytes ? (bytes / this.timeouts.minBytesPerSecond) * 1000 : 0;
  }

  /**
   * One HTTP request with its overall deadline (`deadline` ms from now, on top of undici's connect,
   * first-byte and stall timeouts) and the image's time limit. The deadline keeps running while the
   * caller reads the body, and is cleared when the body ends.
   */
  private async send(
    url: string | URL,
    options: {
      method: RequestSpec['method'];
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
    const timer = setTimeout(() => controller.abort(new DeadlineExceeded(ms)), ms);
    timer.unref();
    const signal = image ? AbortSignal.any([controller.signal, image]) : controller.signal;
    try {
      const res = await request(url, { ...options, dispatcher: this.dispatcher(), signal });
      const done = () => clearTimeout(timer);
      res.body.once('end', done);
      res.body.once('close', done);
      res.body.once('error', done);
      return res;
    } catch (error) {
      clearTimeout(timer);
      throw error;
    }
  }

  /** A transport failure in words: timeouts say "timed out" and how long they waited. */
  explain(error: unknown): string {
    const code = (error as { code?: string }).code;
    if (error instanceof DeadlineExceeded || error instanceof ImageTimeoutError) return error.message;
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

  private async withRetries(
    spec: Pick<RequestSpec, 'method' | 'operation' | 'repository' | 'retry' | 'digest' | 'body'>,
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
          attempt >= this.maxAttempts ||
          (timedOut && timeouts >= this.timeouts.timeoutAttempts) ||
          budgetEnd - this.now() <= 0 ||
          !isTransient(error);
        if (giveUp) {
          const tries = attempt > 1 ? ` (${attempt} attempts over ${seconds(this.now() - started)})` : '';
          throw this.error(spec, undefined, `${this.explain(error)}${tries}`, kindOfFailure(error), error);
        }
        this.options.log.debug(
          `${spec.operation}: ${this.explain(error)}; retrying (attempt ${attempt + 1})`,
        );
        await this.pause(this.backoff(attempt), spec);
        continue;
      }
      if (!resendable || !RETRY_STATUSES.has(res.statusCode) || attempt >= this.maxAttempts) return res;
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
    spec: Pick<RequestSpec, 'operation' | 'repository' | 'digest'>,
  ): Promise<void> {
    const image = currentDeadline();
    try {
      await sleep(ms, undefined, image ? { signal: image } : {});
    } catch (error) {
      const reason = image?.reason as Error | undefined;
      throw this.error(spec, undefined, this.explain(reason ?? error), 'timeout', reason ?? error);
    }
  }

  private backoff(attempt: number): number {
    return this.backoffMs * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5);
  }

  error(
    spec: Pick<RequestSpec, 'operation' | 'repository' | 'digest'>,
    status: number | undefined,
    detail: string,
    kind?: RegistryErrorKind,
    cause?: unknown,
    registryCodes?: string[],
  ): RegistryError {
    const fields: ConstructorParameters<typeof RegistryError>[0] = {
      registry: this.registry,
      repository: spec.repository,
      operation: spec.operation,
      kind: kind ?? kindOfStatus(status),
    };
    if (status !== undefined) fields.status = status;
    if (spec.digest !== undefined) fields.digest = spec.digest;
    if (registryCodes) fields.registryCodes = registryCodes;
    return new RegistryError(fields, detail, cause === undefined ? undefined : { cause });
  }

  /** Turns an unexpected response into an error carrying the registry's own `errors[]`. */
  async failure(
    spec: Pick<RequestSpec, 'operation' | 'repository' | 'digest'>,
    res: Response,
  ): Promise<RegistryError> {
    // A registry may echo what we sent (a token, the Basic credentials): never show it.
    const text = redact(await readCapped(res.body, MAX_ERROR_BODY).catch(() => ''));
    const codes: string[] = [];
    let detail = summariseBody(text, codes);
    if (!detail) detail = STATUS_TEXT[res.status] ?? 'unexpected response';
    if (res.status === 401) {
      // Missing and rejected credentials need different fixes: say which, and which file was read.
      const creds = await this.creds().catch(() => undefined);
      const source = this.options.credentials.source ?? 'the docker config';
      detail = creds
        ? `the registry rejected the credentials for ${this.registry} from ${source}; check or renew them (docker login ${this.registry}) [${detail}]`
        : `authentication required and there are no credentials for ${this.registry} in ${source}; log in first (docker login ${this.registry}) [${detail}]`;
    }
    return this.error(spec, res.status, detail, undefined, undefined, codes);
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'bad request',
  401: 'authentication required',
  403: 'access denied',
  404: 'not found',
  405: 'operation not supported by this registry',
  413: 'payload too large',
  416: 'range not satisfiable',
  429: 'too many requests',
  500: 'internal server error',
  502: 'bad gateway',
  503: 'service unavailable',
};

function kindOfStatus(status: number | undefined): RegistryErrorKind {
  if (status === undefined) return 'network';
  if (status === 401) return 'auth';
  if (status === 403) return 'denied';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server';
  return 'protocol';
}

function isTransient(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return (
    [
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
    ].includes(code) || /other side closed|socket hang up/i.test((error as Error).message ?? '')
  );
}

function isTimeout(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return (
    error instanceof ImageTimeoutError ||
    ['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'LR_DEADLINE'].includes(
      code,
    )
  );
}

export function kindOfFailure(error: unknown): RegistryErrorKind {
  if (error instanceof RegistryError) return error.kind;
  return isTimeout(error) ? 'timeout' : 'network';
}

/** A RegistryError's message without its "operation target: " prefix. */
function explainMessage(error: RegistryError): string {
  const prefix = `${error.operation} ${error.repository ? `${error.registry}/${error.repository}` : error.registry}: `;
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}

export function retryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function openBody(body: Body | undefined, count: (n: number) => void): Buffer | Readable | undefined {
  if (body === undefined) return undefined;
  if (Buffer.isBuffer(body)) {
    count(body.length);
    return body;
  }
  // Counted on the way through: a 'data' listener on the source would start it flowing before
  // undici reads it, and those bytes would be lost.
  const stream = body();
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      count(chunk.length);
      done(null, chunk);
    },
  });
  stream.on('error', (e) => counted.destroy(e));
  return stream.pipe(counted);
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

/** `CODE: message (detail)` for each of the registry's `errors[]`, or the start of the body. */
function summariseBody(text: string, codes: string[] = []): string {
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
    // Not JSON: fall through to the raw text.
  }
  return trimmed.length > 300 ? `${trimmed.slice(0, 300)}...` : trimmed;
}
