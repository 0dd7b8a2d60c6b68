import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { Agent, request } from '../http.js';
import { LayerRebaseError, UsageError } from '../errors.js';
import type { Log } from '../log.js';
import { isLoopbackHost } from '../oci/reference.js';
import { once } from '../memo.js';
import { withoutQuery } from '../secrets.js';

export const MAX_PATCH_FILE_BYTES = 1024 * 1024;

export class PatchSourceError extends LayerRebaseError {
  constructor(
    readonly location: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super('patch-source', `patch file ${withoutQuery(location)}: ${reason}`, options);
  }
}

export interface FetchedFile {
  /** The URL as given (with its pin), for messages and the summary. */
  location: string;
  text: string;
  sha256: string;
}

const agent = new Agent({ connectTimeout: 30_000, headersTimeout: 30_000, bodyTimeout: 30_000 });
/** A patch file is small: a server that trickles it is cut off here. */
const REQUEST_DEADLINE_MS = 60_000;
const TRANSIENT = new Set([408, 429, 500, 502, 503, 504]);

/** A patch file URL that is wrong as written (a usage mistake: the CLI exits 2), naming it without its query. */
function badUrl(location: string, reason: string): UsageError {
  return new UsageError(`patch file ${withoutQuery(location)}: ${reason}`);
}

/** Splits `https://host/p.json#sha256=<hex>` into the URL to fetch and the pinned digest. */
export function parsePinnedUrl(location: string): { url: URL; pin?: string } {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw badUrl(location, 'not a valid URL: write https://host/path, or a local path without a scheme');
  }
  const fragment = url.hash.replace(/^#/, '');
  url.hash = '';
  if (!fragment) return { url };
  const m = /^sha256=([a-f0-9]{64})$/i.exec(fragment);
  if (m) return { url, pin: m[1]!.toLowerCase() };
  if (/^sha256=/i.test(fragment))
    throw badUrl(
      location,
      `"#${fragment}" is not a pin: after #sha256= write the file's whole sha256, 64 hex digits (sha256sum prints it)`,
    );
  throw badUrl(
    location,
    `unsupported URL fragment "#${fragment}": pin the file with #sha256=<64 hex digits>`,
  );
}

const schemeAllowed = (url: URL) =>
  url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.host));

/** The URL as written: only https (plain http for loopback hosts). */
function checkScheme(location: string, url: URL): void {
  if (schemeAllowed(url)) return;
  throw badUrl(
    location,
    url.protocol === 'http:'
      ? `only https:// URLs are allowed (plain http only for loopback hosts): serve the file over https:// and write https://${url.host}${url.pathname}`
      : `only https:// URLs are allowed (plain http only for loopback hosts), got ${url.protocol}//${url.host}`,
  );
}

/** Where a server redirected to: the same rule, but the server's doing, not a usage mistake. */
function checkRedirect(location: string, url: URL): void {
  if (schemeAllowed(url)) return;
  throw new PatchSourceError(
    location,
    `only https:// URLs are allowed (plain http only for loopback hosts), got a redirect to ${url.protocol}//${url.host}`,
  );
}

/**
 * Downloads patch files over HTTPS: each URL once per run, redirects checked hop by hop, retries on
 * transient failures, a size cap, and the `#sha256=` pin verified before the text is used.
 */
export class PatchFileFetcher {
  private readonly cache = new Map<string, Promise<FetchedFile>>();

  constructor(
    private readonly options: {
      log: Log;
      maxBytes?: number;
      attempts?: number;
      backoffMs?: number;
      dispatcher?: Dispatcher;
      deadlineMs?: number;
    },
  ) {}

  fetch(location: string): Promise<FetchedFile> {
    return once(this.cache, location, () => this.fetchUncached(location));
  }

  private async fetchUncached(location: string): Promise<FetchedFile> {
    const { url, pin } = parsePinnedUrl(location);
    checkScheme(location, url);
    const attempts = this.options.attempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        const bytes = await this.download(location, url);
        const sha = createHash('sha256').update(bytes).digest('hex');
        if (pin && sha !== pin) {
          throw new PatchSourceError(
            location,
            `content sha256 ${sha} does not match the pinned sha256 ${pin}`,
          );
        }
        return { location: withoutQuery(location), text: bytes.toString('utf8'), sha256: sha };
      } catch (error) {
        const transient = error instanceof TransientError;
        if (!transient || attempt >= attempts) {
          if (error instanceof TransientError)
            throw new PatchSourceError(location, error.message, { cause: error.cause });
          throw error;
        }
        this.options.log.debug(`patch file ${withoutQuery(location)}: ${(error as Error).message}; retrying`);
        await sleep((this.options.backoffMs ?? 500) * 2 ** (attempt - 1));
      }
    }
  }

  private async download(location: string, start: URL): Promise<Buffer> {
    const maxBytes = this.options.maxBytes ?? MAX_PATCH_FILE_BYTES;
    let url = start;
    for (let hop = 0; hop <= 5; hop++) {
      let res: Dispatcher.ResponseData;
      try {
        res = await request(url, {
          signal: AbortSignal.timeout(this.options.deadlineMs ?? REQUEST_DEADLINE_MS),
          method: 'GET',
          headers: {
            'user-agent': 'layer-rebase',
            accept: 'application/json, application/toml, text/plain, */*',
          },
          dispatcher: this.options.dispatcher ?? agent,
        });
      } catch (error) {
        throw new TransientError(`cannot connect to ${url.host}: ${explainFetchError(error)}`, error);
      }
      if ([301, 302, 303, 307, 308].includes(res.statusCode)) {
        await res.body.dump();
        const next = res.headers.location;
        if (typeof next !== 'string')
          throw new PatchSourceError(location, `redirect ${res.statusCode} without a Location`);
        url = new URL(next, url);
        checkRedirect(location, url);
        continue;
      }
      if (res.statusCode !== 200) {
        await res.body.dump();
        if (TRANSIENT.has(res.statusCode)) throw new TransientError(`${res.statusCode} from ${url.host}`);
        throw new PatchSourceError(location, `the server answered ${res.statusCode}`);
      }
      const declared = Number(res.headers['content-length']);
      if (declared > maxBytes) {
        await res.body.dump();
        throw new PatchSourceError(
          location,
          `the file is ${declared} bytes, more than the ${maxBytes} allowed`,
        );
      }
      const chunks: Buffer[] = [];
      let total = 0;
      try {
        for await (const chunk of res.body) {
          total += (chunk as Buffer).length;
          if (total > maxBytes) {
            res.body.destroy();
            throw new PatchSourceError(location, `the file is more than the ${maxBytes} bytes allowed`);
          }
          chunks.push(chunk as Buffer);
        }
      } catch (error) {
        if (error instanceof PatchSourceError) throw error;
        throw new TransientError(`reading from ${url.host} failed: ${explainFetchError(error)}`, error);
      }
      return Buffer.concat(chunks);
    }
    throw new PatchSourceError(location, 'too many redirects');
  }
}

class TransientError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
  }
}

function explainFetchError(error: unknown): string {
  const code = (error as { code?: string }).code;
  const name = (error as { name?: string }).name;
  if (name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT')
    return 'timed out';
  return (error as Error).message;
}
