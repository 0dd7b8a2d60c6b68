import type { Dispatcher } from 'undici';
import UndiciAgent from 'undici/lib/dispatcher/agent.js';
import dispatchRequest from 'undici/lib/api/api-request.js';

/**
 * The two parts of undici this tool uses, loaded alone. undici's index also loads fetch, WebSocket,
 * its caches and mocks, and every interceptor: 9 MiB of memory and a tenth of a second at every start
 * that no request here needs.
 */

export const Agent = UndiciAgent;
export type Agent = InstanceType<typeof UndiciAgent>;

export type RequestOptions = Omit<Dispatcher.RequestOptions, 'origin' | 'path'> & { dispatcher: Dispatcher };

/** undici's `request(url, options)`, always through the given dispatcher (there is no global one here). */
export function request(url: string | URL, options: RequestOptions): Promise<Dispatcher.ResponseData> {
  const { dispatcher, ...rest } = options;
  const target = typeof url === 'string' ? new URL(url) : url;
  return dispatchRequest.call(dispatcher, {
    ...rest,
    origin: target.origin,
    path: `${target.pathname}${target.search}`,
  });
}
