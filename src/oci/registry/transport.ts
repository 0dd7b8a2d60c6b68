import { Transform, type Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { RegistryError, type RegistryErrorKind } from '../../errors.js';
import { redact } from '../../secrets.js';
import type { Log } from '../../log.js';
import { apiHost, isLoopbackHost } from '../reference.js';
import { challengedScopes, RegistryAuth, schemeOf, type AuthScheme } from './auth.js';
import type { CredentialResolver } from './credentials.js';
import { header, kindOfStatus, readCapped, STATUS_TEXT, summariseBody, type Response } from './responses.js';
import {
  agentFor,
  DEFAULT_TIMEOUTS,
  Exchange,
  UntrustedCertificate,
  type Method,
  type Timeouts,
} from './exchange.js';
import { hopRefusal, isRegistryOrigin, mayRelaxTls, type HopContext } from './url-policy.js';

/** One registry host: base URL discovery, retries, redirects, where it may send us, and error decoding. */

export type Body = Buffer | (() => Readable);

export interface RequestSpec {
  method: Method;
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
  /**
   * host[:port] entries for which plain HTTP and unverified TLS are allowed: each for its own host
   * only (a registry's token realm, storage or upload host on another host is verified unless listed too).
   */
  insecureRegistries?: string[];
  maxAttempts?: number;
  /** Multiplier for the backoff delays; tests make it small. */
  backoffMs?: number;
  dispatcher?: Dispatcher;
  onRequest?: (event: RequestEvent) => void;
  now?: () => number;
  timeouts?: Partial<Timeouts>;
  /** true: upload in sized PATCH chunks from the start, as if the registry refused the other ways (tests of that path). */
  chunkedUploads?: boolean;
}

const USER_AGENT = 'layer-rebase/0.1 (+https://github.com/buildpacks/rfcs/pull/333)';
const MAX_ERROR_BODY = 64 * 1024;
const MAX_REDIRECTS = 5;

export { header, kindOfFailure, retryAfter, type Response } from './responses.js';
export { DEFAULT_TIMEOUTS, type Timeouts } from './exchange.js';

/** What this client learnt about a registry's uploads; shared by every repository on it. */
export interface UploadMemory {
  /** Upload methods the registry refused (`put`, `patch`, `chunks`): not tried again. */
  refused: Set<string>;
  /** The largest PATCH body the registry took, once it capped one (GHCR: 4 MiB). */
  chunkCap?: number;
}

interface Base {
  url: string;
  auth: AuthScheme;
  hop: HopContext;
}

export class RegistryTransport {
  readonly registry: string;
  private readonly host: string;
  private readonly insecure: boolean;
  private readonly insecureHosts: readonly string[];
  private base: Promise<Base> | undefined;
  private readonly auth: RegistryAuth;
  private readonly now: () => number;
  private readonly http: Exchange;
  readonly timeouts: Timeouts;
  readonly uploads: UploadMemory;

  constructor(
    registry: string,
    private readonly options: TransportOptions,
  ) {
    this.registry = registry;
    this.host = apiHost(registry);
    this.insecureHosts = options.insecureRegistries ?? [];
    this.insecure = this.insecureHosts.includes(registry) || isLoopbackHost(registry);
    this.now = options.now ?? Date.now;
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.http = new Exchange({
      timeouts: this.timeouts,
      maxAttempts: options.maxAttempts ?? 5,
      backoffMs: options.backoffMs ?? 500,
      now: this.now,
      log: options.log,
      // Chosen per request: listing the registry relaxes TLS for its own host only, not for the
      // token realm, blob storage or upload host it names.
      dispatcher: (url) =>
        options.dispatcher ??
        agentFor(this.timeouts, mayRelaxTls(url, { name: registry, apiHost: this.host }, this.insecureHosts)),
      error: (spec, status, detail, kind, cause) => this.error(spec, status, detail, kind, cause),
    });
    this.uploads = { refused: new Set(options.chunkedUploads ? ['put', 'patch'] : []) };
    this.auth = new RegistryAuth(registry, {
      credentials: options.credentials,
      log: options.log,
      insecureHosts: this.insecureHosts,
      now: this.now,
      io: {
        send: (url, init, spec) =>
          this.http.withRetries(
            { method: init.method, ...spec },
            (deadline) =>
              this.http.send(
                url,
                {
                  method: init.method,
                  headers: { 'user-agent': USER_AGENT, ...init.headers },
                  ...(init.body !== undefined ? { body: init.body } : {}),
                },
                deadline,
              ),
            this.now() + this.timeouts.operationMs,
          ),
        explain: (error) => this.http.explain(error),
        error: (spec, status, detail, kind, cause) => this.error(spec, status, detail, kind, cause),
      },
    });
  }

  get log(): Log {
    return this.options.log;
  }

  /** A transport failure in words: timeouts say "timed out" and how long they waited. */
  explain(error: unknown): string {
    return this.http.explain(error);
  }

  /** `GET /v2/`: learns whether the registry speaks HTTPS and which auth scheme it wants. */
  private ping(): Promise<Base> {
    this.base ??= (async () => {
      const schemes = this.insecure ? ['https', 'http'] : ['https'];
      const failures: string[] = [];
      // Both schemes share one budget: a silent server must not cost twice.
      const budget = this.now() + this.timeouts.operationMs;
      for (const scheme of schemes) {
        const url = `${scheme}://${this.host}`;
        try {
          const res = await this.http.withRetries(
            { method: 'GET', repository: '', operation: 'ping' },
            (deadline) =>
              this.http.send(
                `${url}/v2/`,
                { method: 'GET', headers: { 'user-agent': USER_AGENT } },
                deadline,
              ),
            budget,
          );
          await res.body.dump();
          const hop = { base: new URL(url), insecure: this.insecure, insecureHosts: this.insecureHosts };
          return { url, auth: schemeOf(res.statusCode, res.headers), hop };
        } catch (error) {
          // A loopback or insecure registry that speaks plain HTTP fails the TLS attempt: not news.
          if (scheme === 'https' && this.insecure && /TLS handshake failed/.test((error as Error).message))
            continue;
          failures.push(`${scheme}: ${(error as Error).message.replace(/^ping [^:]+(:\d+)?: /, '')}`);
          // A server that showed a certificate speaks TLS: plain HTTP to it would only add a
          // confusing "400 bad request" (and a downgrade) to the reason that matters.
          if ((error as Error).cause instanceof UntrustedCertificate) break;
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

  /**
   * A `Location` the registry answered (an upload session, a manifest), resolved against the URL
   * that answered it, with its own query kept. Refused when it leads somewhere the registry may not
   * send us (plain HTTP from HTTPS, an internal address from a public registry).
   */
  async location(
    spec: Pick<RequestSpec, 'operation' | 'repository' | 'digest'>,
    res: Response,
  ): Promise<string | undefined> {
    const value = header(res.headers, 'location');
    if (!value) return undefined;
    let url: URL;
    try {
      url = new URL(value, res.url);
    } catch {
      throw this.error(spec, res.status, `the registry answered with an unusable Location`, 'protocol');
    }
    const refused = hopRefusal(url, (await this.ping()).hop);
    if (refused) throw this.error(spec, res.status, `refusing the upload location: ${refused}`, 'protocol');
    return url.toString();
  }

  async request(spec: RequestSpec): Promise<Response> {
    const base = await this.ping();
    let url = new URL(spec.url.startsWith('/') ? `${base.url}${spec.url}` : spec.url, `${base.url}/`);
    const refused = hopRefusal(url, base.hop);
    if (refused) throw this.error(spec, undefined, `refusing ${url.origin}: ${refused}`, 'protocol');
    let refreshed = false;
    let scopes = spec.scopes;
    let auth = base.auth;
    const budget = this.now() + this.timeouts.operationMs + this.http.bytesTime(spec.bytes);
    for (let redirects = 0; ;) {
      // Credentials go to the registry's own origin only: never to storage a blob redirects to
      // (S3 answers "Only one auth mechanism allowed"), nor to the same host over plain HTTP.
      const trusted = isRegistryOrigin(url, base.hop);
      const headers: Record<string, string> = { 'user-agent': USER_AGENT, ...spec.headers };
      if (trusted) {
        const authz = await this.auth.header(auth, scopes, refreshed, base.hop);
        if (authz) headers.authorization = authz;
      }
      let bytesSent = 0;
      const target = url;
      const res = await this.http.withRetries(
        spec,
        (deadline) => {
          const body = openBody(spec.body, (n) => (bytesSent += n));
          return this.http.send(target, { method: spec.method, headers, body }, deadline, spec.bytes);
        },
        budget,
      );
      this.options.onRequest?.({
        registry: this.registry,
        method: spec.method,
        path: url.pathname,
        status: res.statusCode,
        bytesSent,
      });
      if (
        res.statusCode === 401 &&
        trusted &&
        !refreshed &&
        (spec.body === undefined || Buffer.isBuffer(spec.body))
      ) {
        // An expired or too narrow token, or a registry that only challenges some operations
        // (an open /v2/ but authenticated pushes): follow this response's challenge once, then
        // report the registry's answer.
        const challenged = schemeOf(401, res.headers);
        if (
          challenged.kind !== 'none' &&
          (auth.kind === 'none' || challenged.kind === 'bearer' || auth.kind === 'bearer')
        ) {
          await res.body.dump();
          // Learnt for the registry only when it had not asked before; one request's odd challenge
          // (a mount naming another realm) must not change how every later request authenticates.
          if (base.auth.kind === 'none') base.auth = challenged;
          auth = challenged;
          scopes = [...new Set([...scopes, ...challengedScopes(res.headers)])];
          refreshed = true;
          continue;
        }
      }
      if (spec.followRedirects && [301, 302, 303, 307, 308].includes(res.statusCode)) {
        const location = header(res.headers, 'location');
        await res.body.dump();
        if (!location || ++redirects > MAX_REDIRECTS) {
          throw this.error(
            spec,
            res.statusCode,
            'too many redirects or a redirect without Location',
            'protocol',
          );
        }
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          throw this.error(spec, res.statusCode, 'a redirect to an unusable Location', 'protocol');
        }
        const why = hopRefusal(next, base.hop);
        if (why)
          throw this.error(spec, res.statusCode, `refusing a redirect to ${next.origin}: ${why}`, 'protocol');
        url = next;
        continue;
      }
      return { status: res.statusCode, headers: res.headers, body: res.body, url: url.toString() };
    }
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
      const creds = await this.auth.creds().catch(() => undefined);
      const source = this.auth.source;
      detail = creds
        ? `the registry rejected the credentials for ${this.registry} from ${source}; check or renew them (docker login ${this.registry}) [${detail}]`
        : `authentication required and there are no credentials for ${this.registry} in ${source}; log in first (docker login ${this.registry}) [${detail}]`;
    }
    return this.error(spec, res.status, detail, undefined, undefined, codes);
  }
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
