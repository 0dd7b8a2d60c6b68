import { AsyncLocalStorage } from 'node:async_hooks';
import { LayerRebaseError, UsageError } from './errors.js';

/**
 * The time limit of the image being worked on (the `timeout` input), carried implicitly so that every
 * registry request made for that image, however deep, is cancelled when it runs out.
 */
export class ImageTimeoutError extends LayerRebaseError {
  constructor(readonly ms: number) {
    super(
      'timeout',
      `timed out: the image took longer than its time limit of ${formatDuration(ms)} (the timeout input)`,
    );
  }
}

const current = new AsyncLocalStorage<AbortSignal | undefined>();

/** Runs `fn` with a time limit; registry requests made inside it are aborted when it runs out. */
export async function withDeadline<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new ImageTimeoutError(ms)), Math.max(0, ms));
  timer.unref();
  try {
    return await current.run(controller.signal, fn);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs `fn` outside any image time limit: the tag move is never cut off half-way by our own
 * deadline (each request still has its own bounds), so a timed-out image cannot half-commit.
 */
export function withoutDeadline<T>(fn: () => Promise<T>): Promise<T> {
  return current.run(undefined, fn);
}

export function currentDeadline(): AbortSignal | undefined {
  return current.getStore();
}

/** Throws the image's timeout error if its time limit has run out. */
export function checkDeadline(): void {
  const signal = current.getStore();
  if (signal?.aborted) throw signal.reason as Error;
}

export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 100) / 10}s`;
}

/** `90`, `90s`, `10m`, `1h`, `1m30s` -> milliseconds; undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(t);
  if (!m || t === '') return undefined;
  return (Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 1000;
}

/** `10m`, `90s`, `1h`, `1m30s` or plain seconds; at least one second, at most a day. */
export function parseTimeout(name: string, value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined || ms < 1000 || ms > 86_400_000)
    throw new UsageError(`${name} must be a duration such as 10m, 90s or 1h (1s to 24h), got "${value}"`);
  return ms;
}
