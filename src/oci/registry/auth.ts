import type { Dispatcher } from 'undici';
import { RegistryError, type RegistryErrorKind } from '../../errors.js';
import type { Log } from '../../log.js';
import { redact, registerSecret } from '../../secrets.js';
import { parseChallenges } from './challenge.js';
import type { CredentialResolver, Credentials } from './credentials.js';
import {
  explainMessage,
  header,
  kindOfFailure,
  readCapped,
  summariseBody,
  type Response,
} from './responses.js';
import { internalRefusal, mayUsePlainHttpRealm, type HopContext } from './url-policy.js';

/** How a registry wants to be authenticated, as its `WWW-Authenticate` challenge says. */
export type AuthScheme =
  { kind: 'none' } | { kind: 'basic' } | { kind: 'bearer'; realm: string; service?: string };

/** The scheme a 401 asks for: Bearer (with its realm) over Basic; anything else means none. */
export function schemeOf(status: number, headers: Response['headers']): AuthScheme {
  if (status !== 401) return { kind: 'none' };
  const challenges = parseChallenges(header(headers, 'www-authenticate') ?? '');
  const bearer = challenges.find((c) => c.scheme === 'bearer');
  if (bearer?.params.realm) {
    const auth: AuthScheme = { kind: 'bearer', realm: bearer.params.realm };
    if (bearer.params.service) auth.service = bearer.params.service;
    return auth;
  }
  if (challenges.some((c) => c.scheme === 'basic')) return { kind: 'basic' };
  return { kind: 'none' };
}

/** The scopes a Bearer challenge asks for (`scope="repository:a:pull repository:b:pull"`). */
export function challengedScopes(headers: Response['headers']): string[] {
  const scope = parseChallenges(header(headers, 'www-authenticate') ?? '').find((c) => c.scheme === 'bearer')
    ?.params.scope;
  return scope ? scope.split(' ').filter(Boolean) : [];
}

/** What the token exchange needs from the transport: its deadlines, retries and words for failures. */
export interface TokenIo {
  send(
    url: URL,
    init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string },
    spec: { operation: string; repository: string },
  ): Promise<Dispatcher.ResponseData>;
  explain(error: unknown): string;
  /** The transport's error for this registry (operation, repository, status, kind). */
  error(
    spec: { operation: string; repository: string },
    status: number | undefined,
    detail: string,
    kind: RegistryErrorKind,
    cause?: unknown,
  ): RegistryError;
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

const MAX_TOKEN_BODY = 64 * 1024;

const basic = (c: Credentials) =>
  `Basic ${Buffer.from(`${c.username ?? ''}:${c.password ?? ''}`).toString('base64')}`;

/**
 * One registry's credentials and tokens: Basic for registries without a token service (ECR), a
 * docker-config `registrytoken` as is, otherwise a Bearer token per scope set from the challenge's
 * realm (which may be on another host or path), cached until shortly before it expires. Tokens may
 * repeat across scope sets (one token for pull and push): they are read as sent, and only what is
 * shown is redacted.
 */
export class RegistryAuth {
  private readonly tokens = new Map<string, CachedToken>();
  private credentials: Promise<Credentials | undefined> | undefined;

  constructor(
    private readonly registry: string,
    private readonly options: {
      credentials: CredentialResolver;
      log: Log;
      insecureHosts: readonly string[];
      now: () => number;
      io: TokenIo;
    },
  ) {}

  get source(): string {
    return this.options.credentials.source ?? 'the docker config';
  }

  creds(): Promise<Credentials | undefined> {
    return (this.credentials ??= this.options.credentials(this.registry));
  }

  /** The Authorization header for a request needing `scopes`; `refresh` ignores a cached token. */
  async header(
    scheme: AuthScheme,
    scopes: string[],
    refresh: boolean,
    hop: HopContext,
  ): Promise<string | undefined> {
    if (scheme.kind === 'none') return undefined;
    const creds = await this.creds();
    // docker's `registrytoken`: a token for the registry itself, sent without an exchange.
    if (creds?.registryToken) return `Bearer ${creds.registryToken}`;
    if (scheme.kind === 'basic') return creds?.password ? basic(creds) : undefined;
    const key = [...scopes].sort().join(' ');
    const cached = this.tokens.get(key);
    if (!refresh && cached && cached.expiresAt > this.options.now()) return `Bearer ${cached.token}`;
    const token = await this.fetchToken(scheme, scopes, creds, hop);
    this.tokens.set(key, token);
    return `Bearer ${token.token}`;
  }

  private async fetchToken(
    scheme: Extract<AuthScheme, { kind: 'bearer' }>,
    scopes: string[],
    creds: Credentials | undefined,
    hop: HopContext,
  ): Promise<CachedToken> {
    const repository = scopes.map((s) => s.split(':')[1]).join(',');
    let realm: URL;
    try {
      realm = new URL(scheme.realm);
    } catch {
      throw this.error(
        repository,
        undefined,
        `the registry named a token realm that is not a URL`,
        'protocol',
      );
    }
    const where = `token realm ${realm.origin}${realm.pathname}`;
    const fail = (
      status: number | undefined,
      detail: string,
      kind: RegistryErrorKind = 'auth',
      cause?: unknown,
    ) => this.error(repository, status, `${detail} (${where})`, kind, cause);
    if (realm.protocol !== 'https:' && realm.protocol !== 'http:')
      throw fail(undefined, `refusing the token realm: it is not an HTTP address`, 'protocol');
    // Judged by the realm's own host, not the registry's: a loopback registry may name any realm.
    const secret = creds?.password || creds?.identityToken;
    if (secret && !mayUsePlainHttpRealm(realm, this.options.insecureHosts)) {
      throw fail(
        undefined,
        `refusing to send credentials to a token realm over plain HTTP (${realm.host} is neither loopback nor in insecure-registries)`,
      );
    }
    const internal = internalRefusal(realm, hop);
    if (internal) throw fail(undefined, `refusing the token realm: ${internal}`, 'protocol');
    const spec = { operation: 'get token', repository };
    let res: Dispatcher.ResponseData;
    try {
      if (creds?.identityToken) {
        const form = new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: creds.identityToken,
          client_id: 'layer-rebase',
        });
        if (scheme.service) form.set('service', scheme.service);
        if (scopes.length) form.set('scope', scopes.join(' '));
        res = await this.options.io.send(
          realm,
          {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: form.toString(),
          },
          spec,
        );
      } else {
        if (scheme.service) realm.searchParams.set('service', scheme.service);
        // One `scope` parameter per scope, as distribution's token spec has it.
        for (const scope of scopes) realm.searchParams.append('scope', scope);
        const headers: Record<string, string> = {};
        if (creds?.password) {
          realm.searchParams.set('account', creds.username ?? '');
          headers.authorization = basic(creds);
        }
        res = await this.options.io.send(realm, { method: 'GET', headers }, spec);
      }
    } catch (error) {
      if (error instanceof RegistryError)
        throw fail(error.status, `token request failed: ${explainMessage(error)}`, error.kind, error);
      throw fail(undefined, `token request failed: ${this.options.io.explain(error)}`, 'network', error);
    }
    // The body as sent: a token seen before (and so registered as a secret) must still parse.
    let text: string;
    try {
      text = await readCapped(res.body, MAX_TOKEN_BODY);
    } catch (error) {
      throw fail(
        undefined,
        `reading the token failed: ${this.options.io.explain(error)}`,
        kindOfFailure(error),
        error,
      );
    }
    if (res.statusCode !== 200) {
      const who = creds
        ? 'with the configured credentials'
        : 'anonymously (no credentials found in the docker config)';
      throw fail(
        res.statusCode,
        `the token server refused ${who}: ${redact(summariseBody(text))}`,
        res.statusCode === 403 ? 'denied' : 'auth',
      );
    }
    let parsed: { token?: unknown; access_token?: unknown; expires_in?: unknown };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch (error) {
      throw fail(res.statusCode, 'the token server answered with invalid JSON', 'protocol', error);
    }
    const token = typeof parsed?.token === 'string' && parsed.token ? parsed.token : parsed?.access_token;
    if (typeof token !== 'string' || !token)
      throw fail(res.statusCode, 'the token server answered without a token', 'protocol');
    for (const form of registerSecret(token)) this.options.log.secret(form);
    // Renew a little early so that a token never expires between our check and the registry's.
    const lifetime = Math.max(60, Number(parsed.expires_in) || 60) * 1000;
    return { token, expiresAt: this.options.now() + lifetime - 10_000 };
  }

  private error(
    repository: string,
    status: number | undefined,
    detail: string,
    kind: RegistryErrorKind,
    cause?: unknown,
  ): RegistryError {
    return this.options.io.error({ operation: 'get token', repository }, status, detail, kind, cause);
  }
}
