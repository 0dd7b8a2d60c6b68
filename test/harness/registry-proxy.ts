import { createHash, randomBytes } from 'node:crypto';
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';

/**
 * A proxy in front of the real `docker-registry` that behaves as a production registry is documented
 * or reported to behave (a *personality*, REGISTRIES.md §3): the real registry stores and checks
 * everything, the proxy only changes what the client sees on the wire. Each knob is one reported
 * behaviour; a personality is a set of them.
 */
export interface Personality {
  name: string;
  /** Which test registry stands behind it: `open` (anonymous), `basic` (htpasswd), `token` (token server). */
  upstream: 'open' | 'basic' | 'token';
  /** An accepted PATCH is answered with this status (ECR: 201; regclient#82). */
  patchStatus?: 201 | 202;
  /** PATCH bodies over this many bytes get GHCR's 416 (rust-oci-client#35). */
  patchCap?: number;
  /** No chunked uploads at all: PATCH answered 405 (Artifact Registry; kitops#780). */
  noPatch?: boolean;
  /** POST advertises `OCI-Chunk-Min-Length`; a PATCH after one below it is refused (ECR parts ≥ 5 MiB). */
  minChunk?: number;
  /** PATCH bodies after the first are dropped, and Range stops advancing (containers-roadmap#2831). */
  dropLaterPatches?: boolean;
  /** A PUT that carries a body is refused with 404 BLOB_UNKNOWN (old Artifactory; buildx#196). */
  refusePutWithBody?: boolean;
  /** A PUT without Content-Length is refused with 400 (zot). */
  requireContentLength?: boolean;
  /** Upload Locations are relative and outside /v2, with their own query and a new `_state` per PATCH (GHCR, ACR, AR). */
  relativeUploads?: boolean;
  /** How a cross-repository mount is answered instead of passing it on. */
  mount?: 'session' | 'created-without-digest' | 400 | 401 | 403 | 404 | 405;
  /** Blob GETs (and HEADs) redirect: to storage on another host (S3, a CDN), or relative (AR's /artifacts-downloads/). */
  blobRedirect?: 'storage' | 'relative';
  /** Manifest GETs and HEADs answered 302 to storage, which refuses the HEAD (GitLab's dependency proxy, moby#50065). */
  manifestRedirect?: boolean;
  /** The storage host answers a Range request with 200 and the whole blob (registry.k8s.io's CDN, Artifactory). */
  storageIgnoresRange?: boolean;
  /** No Docker-Content-Digest on manifest answers (some registries and proxies). */
  noDigestHeader?: boolean;
  /** The first GET of each manifest is answered 429 with Retry-After and a plain-text body (Docker Hub). */
  rateLimit?: boolean;
  /** A manifest request whose Accept lacks the OCI index type is refused with 404 (GHCR). */
  strictAccept?: boolean;
  /** The token realm: on the proxy under this path (path-scoped: Artifactory, Harbor), else the token server's own host. */
  realmPath?: string;
  /** The token server hands out one token per repository set, whatever the scope asked (pull and push alike). */
  repeatTokens?: boolean;
  /**
   * The OCI referrers API (distribution spec 1.1: Harbor, Zot, ACR, Quay, Artifact Registry): a pushed
   * manifest's `subject` is indexed, answered with `OCI-Subject`, and listed by GET /v2/<name>/referrers/<digest>.
   */
  referrersApi?: boolean;
  /** Manifests that name a subject are refused with 400 MANIFEST_INVALID (a registry that rejects referrers). */
  refuseSubject?: boolean;
}

export interface ProxyStats {
  requests: {
    method: string;
    path: string;
    status: number;
    authorization: boolean;
    mount: boolean;
    ms: number;
    at: number;
  }[];
  /** Requests that reached the storage host, and whether they carried Authorization. */
  storage: { method: string; authorization: boolean; range?: string; status: number }[];
  tokens: string[];
}

export interface RegistryProxy {
  host: string;
  stats: ProxyStats;
  close: () => Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

const registryError = (res: ServerResponse, status: number, code: string, message: string) =>
  json(res, status, { errors: [{ code, message }] });

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

interface Upstream {
  host: string;
  port: number;
}

/** Sends a request to the real registry (the Host header kept, so its absolute Locations name the proxy). */
function forward(
  upstream: Upstream,
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
  body?: Buffer | IncomingMessage,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const out = httpRequest({ host: upstream.host, port: upstream.port, method, path, headers }, resolve);
    out.on('error', reject);
    if (body === undefined) out.end();
    else if (Buffer.isBuffer(body)) out.end(body);
    else body.pipe(out);
  });
}

async function relay(res: ServerResponse, answer: IncomingMessage, edit?: (h: IncomingHttpHeaders) => void) {
  const headers = { ...answer.headers };
  edit?.(headers);
  res.writeHead(answer.statusCode ?? 502, headers);
  answer.pipe(res);
}

const listen = async (server: Server, host: string) => {
  await new Promise<void>((r) => server.listen(0, host, r));
  return (server.address() as { port: number }).port;
};

interface Session {
  /** The real registry's session URL (path and query), latest first. */
  upstream: string;
  state: string;
  patches: number;
  lastPatchBytes: number;
  kept: number;
}

/**
 * Starts the proxy for `personality` in front of `upstream` (`host:port` of a real registry);
 * `tokenServer` is that registry's token realm, when it has one.
 */
export async function startRegistryProxy(
  personality: Personality,
  upstreamHost: string,
  tokenServer?: string,
): Promise<RegistryProxy> {
  const [uh, up] = upstreamHost.split(':');
  const upstream: Upstream = { host: uh!, port: Number(up) };
  const stats: ProxyStats = { requests: [], storage: [], tokens: [] };
  const sessions = new Map<string, Session>();
  const rateLimited = new Set<string>();
  const tokenCache = new Map<string, string>();
  /** What a presigned URL stands for: the registry's own access, as the signature's holder. */
  const presigned = new Map<string, IncomingHttpHeaders>();
  let self = '';
  let storageOrigin = '';

  /** The storage host: serves blobs from the real registry; like S3, it refuses a second auth mechanism. */
  const storage = createServer((req, res) => {
    const authorization = req.headers.authorization !== undefined;
    const url = new URL(req.url ?? '/', 'http://storage');
    const note = (status: number) =>
      stats.storage.push({
        method: req.method ?? '',
        authorization,
        ...(req.headers.range ? { range: req.headers.range } : {}),
        status,
      });
    if (authorization) {
      note(400);
      return res
        .writeHead(400, { 'content-type': 'application/xml' })
        .end('<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed</Message></Error>');
    }
    const grant = presigned.get(url.searchParams.get('X-Amz-Signature') ?? '');
    if (!grant) {
      note(403);
      return res.writeHead(403).end();
    }
    const { 'x-signed-for': signedFor, ...granted } = grant;
    if (signedFor && signedFor !== req.method) {
      // A URL presigned for GET does not serve a HEAD (S3 checks the method).
      note(403);
      return res.writeHead(403).end();
    }
    const headers: IncomingHttpHeaders = { ...granted };
    if (req.headers.range && !personality.storageIgnoresRange) headers.range = req.headers.range;
    forward(upstream, req.method ?? 'GET', url.pathname.replace(/^\/signed/, ''), headers).then(
      (answer) => {
        note(answer.statusCode ?? 502);
        void relay(res, answer);
      },
      () => res.destroy(),
    );
  });
  const storagePort = await listen(storage, '127.0.0.2').catch(() => listen(storage, '127.0.0.1'));
  storageOrigin = `http://${(storage.address() as { address: string }).address}:${storagePort}`;

  const upstreamHeaders = (req: IncomingMessage): IncomingHttpHeaders => {
    const h = { ...req.headers };
    delete h['content-length'];
    delete h['transfer-encoding'];
    return h;
  };

  /** The realm the client is told about: the token server itself, or a path on the proxy. */
  const challenge = (value: string) =>
    personality.realmPath && tokenServer
      ? value.replace(/realm="[^"]*"/, `realm="http://${self}${personality.realmPath}"`)
      : value;

  const editAnswer = (headers: IncomingHttpHeaders, path: string) => {
    if (typeof headers['www-authenticate'] === 'string')
      headers['www-authenticate'] = challenge(headers['www-authenticate']);
    if (personality.noDigestHeader && path.includes('/manifests/')) delete headers['docker-content-digest'];
  };

  /** Where the client is told to continue an upload: the real Location, or a relative one outside /v2 of our own. */
  const clientLocation = (path: string, session: Session) =>
    personality.relativeUploads
      ? `${path}?_nouploadcache=false&_state=${encodeURIComponent(session.state)}`
      : session.upstream;

  const openSession = (answer: IncomingMessage): string | undefined => {
    const location = answer.headers.location;
    if (!location) return undefined;
    const real = new URL(location, `http://${self}`);
    const session: Session = {
      upstream: `${real.pathname}${real.search}`,
      state: randomBytes(12).toString('base64'),
      patches: 0,
      lastPatchBytes: 0,
      kept: 0,
    };
    const path = personality.relativeUploads
      ? `/artifacts-uploads/namespaces/p/repositories/r/uploads/${randomBytes(8).toString('hex')}`
      : real.pathname;
    sessions.set(path, session);
    return clientLocation(path, session);
  };

  /** The session an upload request continues, and where it goes on the real registry. */
  const sessionOf = (url: URL): { session: Session; target: string } | 'unknown' => {
    const session = sessions.get(url.pathname);
    if (!session) return 'unknown';
    if (personality.relativeUploads) {
      if (url.searchParams.get('_state') !== session.state) return 'unknown';
      const target = new URL(session.upstream, 'http://x');
      const digest = url.searchParams.get('digest');
      if (digest) target.searchParams.set('digest', digest);
      return { session, target: `${target.pathname}${target.search}` };
    }
    // The real registry's own Location, as the client sent it back (its _state, the digest).
    return { session, target: `${url.pathname}${url.search}` };
  };

  /** `repository@subject` → the referrers the registry indexed (referrersApi). */
  const referrers = new Map<string, Record<string, unknown>[]>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<number | void> => {
    const url = new URL(req.url ?? '/', `http://${self}`);
    const method = req.method ?? 'GET';

    const listing = /^\/v2\/(.+)\/referrers\/(sha256:[0-9a-f]{64})$/.exec(url.pathname);
    if (listing && method === 'GET') {
      if (!personality.referrersApi) {
        registryError(res, 404, 'NAME_UNKNOWN', 'not found');
        return 404;
      }
      const manifests = referrers.get(`${listing[1]}@${listing[2]}`) ?? [];
      json(
        res,
        200,
        { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests },
        { 'content-type': 'application/vnd.oci.image.index.v1+json' },
      );
      return 200;
    }
    const manifestPut = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
    if (manifestPut && method === 'PUT' && (personality.referrersApi || personality.refuseSubject)) {
      const body = await readBody(req);
      let doc: Record<string, unknown> = {};
      try {
        doc = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      } catch {
        // Not JSON: the registry behind answers it.
      }
      const subject = (doc.subject as { digest?: string } | undefined)?.digest;
      if (subject && personality.refuseSubject) {
        registryError(res, 400, 'MANIFEST_INVALID', 'manifest invalid: subject is not supported');
        return 400;
      }
      const answer = await forward(
        upstream,
        method,
        `${url.pathname}${url.search}`,
        { ...upstreamHeaders(req), 'content-length': String(body.length) },
        body,
      );
      if (subject && answer.statusCode === 201) {
        const key = `${manifestPut[1]}@${subject}`;
        const config = doc.config as { mediaType?: string } | undefined;
        const entry = {
          mediaType: doc.mediaType,
          digest: `sha256:${createHash('sha256').update(body).digest('hex')}`,
          size: body.length,
          artifactType: doc.artifactType ?? config?.mediaType,
          ...(doc.annotations ? { annotations: doc.annotations } : {}),
        };
        const list = referrers.get(key) ?? [];
        if (!list.some((e) => e.digest === entry.digest)) list.push(entry);
        referrers.set(key, list);
      }
      void relay(res, answer, (h) => {
        editAnswer(h, url.pathname);
        if (subject && answer.statusCode === 201) h['oci-subject'] = subject;
      });
      return answer.statusCode;
    }

    if (personality.realmPath && url.pathname === personality.realmPath && tokenServer) {
      // The path-scoped realm: the token server's answer, through the proxy.
      const real = new URL(tokenServer);
      real.search = url.search;
      return relayToken(req, res, real);
    }

    const blob = /^\/v2\/(.+)\/blobs\/(sha256:[a-f0-9]{64})$/.exec(url.pathname);
    if (blob && (method === 'GET' || method === 'HEAD') && personality.blobRedirect) {
      // Only a blob the registry has, for a client it would serve, is redirected.
      const check = await forward(upstream, 'HEAD', url.pathname, upstreamHeaders(req));
      check.resume();
      if (check.statusCode !== 200) {
        const answer = await forward(upstream, method, url.pathname, upstreamHeaders(req));
        void relay(res, answer, (h) => editAnswer(h, url.pathname));
        return answer.statusCode;
      }
      if (personality.blobRedirect === 'storage') {
        const signature = randomBytes(16).toString('hex');
        presigned.set(
          signature,
          req.headers.authorization ? { authorization: req.headers.authorization } : {},
        );
        const signed = `${storageOrigin}/signed/v2/${blob[1]}/blobs/${blob[2]}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=${signature}`;
        res.writeHead(307, { location: signed }).end();
        return 307;
      }
      res.writeHead(302, { location: `/artifacts-downloads/v2/${blob[1]}/blobs/${blob[2]}` }).end();
      return 302;
    }
    let path = `${url.pathname}${url.search}`;
    if (url.pathname.startsWith('/artifacts-downloads/'))
      path = url.pathname.replace('/artifacts-downloads', '');

    if (
      url.pathname.includes('/manifests/') &&
      (method === 'GET' || method === 'HEAD') &&
      personality.manifestRedirect
    ) {
      const signature = randomBytes(16).toString('hex');
      presigned.set(signature, {
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        ...(req.headers.accept ? { accept: req.headers.accept } : {}),
        'x-signed-for': 'GET',
      });
      res
        .writeHead(302, { location: `${storageOrigin}/signed${url.pathname}?X-Amz-Signature=${signature}` })
        .end();
      return 302;
    }
    if (url.pathname.includes('/manifests/') && (method === 'GET' || method === 'HEAD')) {
      const accept = String(req.headers.accept ?? '');
      if (personality.rateLimit && method === 'GET' && !rateLimited.has(url.pathname)) {
        rateLimited.add(url.pathname);
        res
          .writeHead(429, { 'content-type': 'text/plain', 'retry-after': '1' })
          .end('Too Many Requests (HAP429).');
        return 429;
      }
      if (personality.strictAccept && !accept.includes('application/vnd.oci.image.index.v1+json')) {
        const answer = await forward(upstream, method, path, upstreamHeaders(req));
        if (answer.headers['content-type'] === 'application/vnd.oci.image.index.v1+json') {
          answer.resume();
          registryError(
            res,
            404,
            'MANIFEST_UNKNOWN',
            'OCI index found, but Accept header does not support OCI indexes',
          );
          return 404;
        }
        void relay(res, answer, (h) => editAnswer(h, url.pathname));
        return answer.statusCode;
      }
    }

    if (method === 'POST' && /\/blobs\/uploads\/$/.test(url.pathname)) {
      const mounting = url.searchParams.has('mount');
      if (mounting && personality.mount !== undefined) {
        const answer = personality.mount;
        if (answer === 'session') {
          // ECR without BLOB_MOUNTING, Artifactory: the mount is ignored, an upload session opens.
          const opened = await forward(upstream, 'POST', url.pathname, upstreamHeaders(req));
          opened.resume();
          return sendSession(res, opened);
        }
        if (answer === 'created-without-digest') {
          const done = await forward(upstream, 'POST', path, upstreamHeaders(req));
          done.resume();
          const headers: Record<string, string> = {};
          if (done.headers.location) headers.location = done.headers.location;
          if (done.statusCode === 202) return sendSession(res, done);
          res.writeHead(done.statusCode ?? 502, headers).end();
          return done.statusCode;
        }
        if (answer === 401) {
          // Harbor and Docker Hub: the `from` repository is not covered; the challenge asks for it.
          const ping = await forward(upstream, 'GET', '/v2/', {});
          ping.resume();
          const realm = challenge(
            String(ping.headers['www-authenticate'] ?? 'Bearer realm="http://127.0.0.1:9/none"'),
          );
          res
            .writeHead(401, {
              'content-type': 'application/json',
              'www-authenticate': `${realm},scope="repository:${url.searchParams.get('from')}:pull"`,
            })
            .end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: `project not found` }] }));
          return 401;
        }
        registryError(res, answer, answer === 405 ? 'UNSUPPORTED' : 'DENIED', 'mount refused');
        return answer;
      }
      const opened = await forward(upstream, 'POST', path, upstreamHeaders(req), req);
      if (opened.statusCode === 202) {
        opened.resume();
        return sendSession(res, opened);
      }
      void relay(res, opened, (h) => editAnswer(h, url.pathname));
      return opened.statusCode;
    }

    if (url.pathname.startsWith('/artifacts-uploads/') || /\/blobs\/uploads\/[^/]+$/.test(url.pathname)) {
      const found = sessionOf(url);
      if (found === 'unknown') {
        await readBody(req);
        registryError(res, 404, 'BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry');
        return 404;
      }
      const { session, target } = found;
      if (method === 'PATCH') {
        if (personality.noPatch) {
          await readBody(req);
          registryError(
            res,
            405,
            'UNSUPPORTED',
            'chunked uploads are not supported; use a monolithic upload',
          );
          return 405;
        }
        const length = Number(req.headers['content-length'] ?? NaN);
        if (personality.patchCap !== undefined && !(length <= personality.patchCap)) {
          await readBody(req);
          registryError(
            res,
            416,
            'REQUESTED_RANGE_NOT_SATISFIABLE',
            `the content-length of ${Number.isNaN(length) ? 'a streamed body' : length} exceeds the maximum permissible limit of ${(personality.patchCap / 1024 / 1024).toFixed(2)}MiB`,
          );
          return 416;
        }
        const body = await readBody(req);
        if (
          personality.minChunk !== undefined &&
          session.patches > 0 &&
          session.lastPatchBytes < personality.minChunk
        ) {
          registryError(
            res,
            400,
            'BLOB_UPLOAD_INVALID',
            `layer part size ${session.lastPatchBytes} is below the minimum of ${personality.minChunk}`,
          );
          return 400;
        }
        session.patches++;
        session.lastPatchBytes = body.length;
        if (!(personality.dropLaterPatches && session.patches > 1)) {
          const headers = upstreamHeaders(req);
          headers['content-length'] = String(body.length);
          const answer = await forward(upstream, 'PATCH', target, headers, body);
          answer.resume();
          if (answer.statusCode !== 202) {
            res.writeHead(answer.statusCode ?? 502).end();
            return answer.statusCode;
          }
          session.kept += body.length;
          if (answer.headers.location) {
            const real = new URL(answer.headers.location, `http://${self}`);
            session.upstream = `${real.pathname}${real.search}`;
          }
        }
        session.state = randomBytes(12).toString('base64');
        const status = personality.patchStatus ?? 202;
        res
          .writeHead(status, {
            location: clientLocation(url.pathname, session),
            range: `0-${Math.max(0, session.kept - 1)}`,
            'content-length': '0',
          })
          .end();
        return status;
      }
      if (method === 'PUT') {
        const hasLength = req.headers['content-length'] !== undefined;
        if (personality.requireContentLength && !hasLength && req.headers['content-range'] === undefined) {
          await readBody(req);
          registryError(res, 400, 'BLOB_UPLOAD_INVALID', 'Content-Length is required');
          return 400;
        }
        const body = await readBody(req);
        if (personality.refusePutWithBody && body.length > 0) {
          registryError(res, 404, 'BLOB_UNKNOWN', 'blob unknown to registry');
          return 404;
        }
        const headers = upstreamHeaders(req);
        headers['content-length'] = String(body.length);
        const answer = await forward(upstream, 'PUT', target, headers, body);
        sessions.delete(url.pathname);
        void relay(res, answer, (h) => editAnswer(h, url.pathname));
        return answer.statusCode;
      }
      if (method === 'DELETE') {
        const answer = await forward(upstream, 'DELETE', target, upstreamHeaders(req));
        sessions.delete(url.pathname);
        void relay(res, answer);
        return answer.statusCode;
      }
    }

    const answer = await forward(upstream, method, path, { ...req.headers }, req);
    void relay(res, answer, (h) => editAnswer(h, url.pathname));
    return answer.statusCode;
  };

  const sendSession = (res: ServerResponse, opened: IncomingMessage): number => {
    const headers: Record<string, string> = { 'content-length': '0', range: '0-0' };
    const location = openSession(opened);
    if (location) headers.location = location;
    if (typeof opened.headers['docker-upload-uuid'] === 'string')
      headers['docker-upload-uuid'] = opened.headers['docker-upload-uuid'];
    if (personality.minChunk !== undefined) headers['oci-chunk-min-length'] = String(personality.minChunk);
    res.writeHead(202, headers).end();
    return 202;
  };

  /** The token server's answer; with repeatTokens, one token per repository set for any scope. */
  const relayToken = async (req: IncomingMessage, res: ServerResponse, real: URL): Promise<number> => {
    let key = '';
    if (personality.repeatTokens) {
      const scopes = real.searchParams.getAll('scope');
      const repos = scopes.map((s) => s.split(':')[1]).sort();
      key = `${req.headers.authorization ?? ''} ${repos.join(',')}`;
      const cached = tokenCache.get(key);
      if (cached) {
        stats.tokens.push(cached);
        json(res, 200, { token: cached, access_token: cached, expires_in: 300 });
        return 200;
      }
      real.searchParams.delete('scope');
      for (const r of repos) real.searchParams.append('scope', `repository:${r}:pull,push`);
    }
    const answer = await forward(
      { host: real.hostname, port: Number(real.port) },
      'GET',
      `${real.pathname}${real.search}`,
      { ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) },
    );
    const body = await readBody(answer);
    if (answer.statusCode === 200) {
      const token = (JSON.parse(body.toString()) as { token: string }).token;
      stats.tokens.push(token);
      if (key) tokenCache.set(key, token);
    }
    res.writeHead(answer.statusCode ?? 502, { 'content-type': 'application/json' }).end(body);
    return answer.statusCode ?? 502;
  };

  const server = createServer((req, res) => {
    const [path, query = ''] = (req.url ?? '/').split('?') as [string, string?];
    const authorization = req.headers.authorization !== undefined;
    const mount = new URLSearchParams(query).has('mount');
    const started = Date.now();
    handle(req, res).then(
      (status) =>
        stats.requests.push({
          method: req.method ?? '',
          path,
          status: status ?? 0,
          authorization,
          mount,
          ms: Date.now() - started,
          at: started,
        }),
      (error: Error) => {
        stats.requests.push({
          method: req.method ?? '',
          path,
          status: 599,
          authorization,
          mount,
          ms: Date.now() - started,
          at: started,
        });
        if (!res.headersSent) res.writeHead(502).end(error.message);
        else res.destroy();
      },
    );
  });
  const port = await listen(server, '127.0.0.1');
  self = `127.0.0.1:${port}`;
  return {
    host: self,
    stats,
    close: async () => {
      for (const s of [server, storage]) {
        s.closeAllConnections();
        await new Promise<void>((r) => s.close(() => r()));
      }
    },
  };
}
