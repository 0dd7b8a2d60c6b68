/**
 * A request to a signing service (the runner's OIDC token service, Fulcio, GitHub's attestations API)
 * with the bounds every registry request has: an answer within `timeoutMs` and a body of at most
 * `maxBytes`. Without them a hung or hostile service would hold the nightly run (and its memory) until
 * the job's own limit, long after the tags should have been left alone and the run reported.
 */
export interface BoundedAnswer {
  status: number;
  ok: boolean;
  text: string;
}

export const SIGNING_SERVICE_TIMEOUT_MS = 60_000;
/** Fulcio's chain is a few kB; a token or an attestation answer less. */
export const SIGNING_SERVICE_MAX_BYTES = 1024 * 1024;

export class BoundedFetchError extends Error {}

export async function boundedFetch(
  url: string | URL,
  init: RequestInit,
  timeoutMs = SIGNING_SERVICE_TIMEOUT_MS,
  maxBytes = SIGNING_SERVICE_MAX_BYTES,
): Promise<BoundedAnswer> {
  const signal = AbortSignal.timeout(timeoutMs);
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal });
  } catch (error) {
    throw new BoundedFetchError(failure(error, timeoutMs));
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    if (res.body)
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        size += chunk.byteLength;
        if (size > maxBytes) {
          await res.body.cancel().catch(() => undefined);
          throw new BoundedFetchError(`answered with more than ${maxBytes} bytes`);
        }
        chunks.push(chunk);
      }
  } catch (error) {
    if (error instanceof BoundedFetchError) throw error;
    throw new BoundedFetchError(failure(error, timeoutMs));
  }
  return { status: res.status, ok: res.ok, text: Buffer.concat(chunks).toString('utf8') };
}

function failure(error: unknown, timeoutMs: number): string {
  const e = error as Error;
  if (e.name === 'TimeoutError' || e.name === 'AbortError')
    return `did not answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}`;
  const cause = (e as { cause?: { message?: string } }).cause?.message;
  return `did not answer (${cause ?? e.message})`;
}
