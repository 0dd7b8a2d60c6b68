/**
 * The first call for a key starts the work; every later call for that key shares its promise (a
 * failure included), so a fleet reads each patch image, layer or file once per run. A failure that
 * is a timeout is forgotten: it may belong to one image's time limit, and the next image tries again.
 */
export function once<K, V>(cache: Map<K, Promise<V>>, key: K, start: () => Promise<V>): Promise<V> {
  let pending = cache.get(key);
  if (!pending) {
    pending = start();
    cache.set(key, pending);
    const mine = pending;
    mine.catch((error: unknown) => {
      const code = (error as { code?: string }).code ?? '';
      if ((code === 'timeout' || code === 'registry-timeout') && cache.get(key) === mine) cache.delete(key);
    });
  }
  return pending;
}
