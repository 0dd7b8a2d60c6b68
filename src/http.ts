import type { Dispatcher } from 'undici';
import type UndiciAgent from 'undici/lib/dispatcher/agent.js';
import type dispatchRequest from 'undici/lib/api/api-request.js';

/**
 * The two parts of undici this tool uses, loaded alone. undici's index also loads fetch, WebSocket,
 * its caches and mocks, and every interceptor: 9 MiB of memory and a tenth of a second at every start
 * that no request here needs. And those two parts are loaded by the first request, not at start (the
 * bundler splits them into a chunk of their own): a run that stops before it talks to a registry — a
 * usage mistake, `--help` — does not evaluate undici, its HTTP parser or node:http2.
 */
type AgentOptions = ConstructorParameters<typeof UndiciAgent>[0];

let loaded: { Agent: typeof UndiciAgent; request: typeof dispatchRequest } | undefined;
let loading: Promise<NonNullable<typeof loaded>> | undefined;
function undici(): Promise<NonNullable<typeof loaded>> {
  return (loading ??= Promise.all([
    import('undici/lib/dispatcher/agent.js'),
    import('undici/lib/api/api-request.js'),
  ]).then(([agent, request]) => (loaded = { Agent: agent.default, request: request.default })));
}

const real = Symbol('real agent');

/**
 * undici's Agent, made at the first request through it: until then it holds its options. Only
 * `request` below dispatches through it (after loading undici), so `dispatch` always has an agent.
 */
class LazyAgent {
  private [real]: InstanceType<typeof UndiciAgent> | undefined;
  constructor(private readonly options?: AgentOptions) {}
  /** The agent itself; undici is loaded by then (request() awaits it). */
  agent(): InstanceType<typeof UndiciAgent> {
    if (!loaded) throw new Error('undici is not loaded yet');
    return (this[real] ??= new loaded.Agent(this.options));
  }
  dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    return this.agent().dispatch(options, handler);
  }
  close(): Promise<void> {
    return this[real]?.close() ?? Promise.resolve();
  }
  destroy(): Promise<void> {
    return this[real]?.destroy() ?? Promise.resolve();
  }
}

export const Agent = LazyAgent as unknown as typeof UndiciAgent;
export type Agent = InstanceType<typeof UndiciAgent>;

export type RequestOptions = Omit<Dispatcher.RequestOptions, 'origin' | 'path'> & { dispatcher: Dispatcher };

/** undici's `request(url, options)`, always through the given dispatcher (there is no global one here). */
export async function request(url: string | URL, options: RequestOptions): Promise<Dispatcher.ResponseData> {
  const { dispatcher, ...rest } = options;
  const target = typeof url === 'string' ? new URL(url) : url;
  const { request: send } = loaded ?? (await undici());
  const through = dispatcher instanceof LazyAgent ? dispatcher.agent() : dispatcher;
  return send.call(through, {
    ...rest,
    origin: target.origin,
    path: `${target.pathname}${target.search}`,
  });
}
