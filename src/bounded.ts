/** Runs `fn` over `items` with at most `limit` at once, keeping the input order in the output. */
export async function mapBounded<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Runs at most `limit` tasks at once; once one fails no further task starts, and those already started
 * are waited for. Returns the failures in the order they happened.
 */
export async function settleBounded(tasks: (() => Promise<void>)[], limit: number): Promise<unknown[]> {
  const failures: unknown[] = [];
  let next = 0;
  const worker = async () => {
    while (failures.length === 0 && next < tasks.length) {
      try {
        await tasks[next++]!();
      } catch (reason) {
        failures.push(reason);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return failures;
}
