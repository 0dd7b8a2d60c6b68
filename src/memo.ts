/**
 * The first call for a key starts the work; every later call for that key shares its promise (a
 * failure included), so a fleet reads each patch image, layer or file once per run.
 */
export function once<K, V>(cache: Map<K, Promise<V>>, key: K, start: () => Promise<V>): Promise<V> {
  let pending = cache.get(key);
  if (!pending) cache.set(key, (pending = start()));
  return pending;
}
