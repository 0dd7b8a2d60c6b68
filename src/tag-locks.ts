/**
 * One writer at a time per tag in this process. A tag move checks the tag and then moves it (two images
 * of one run that end in the same tag); a signature store reads a `.sig` or referrers tag, extends it and
 * writes it back (two images of one run that sign the same digest). Across processes the registry
 * offers no lock: the re-check or the read-back is the guard, and one request's window remains.
 */
const tagLocks = new Map<string, Promise<unknown>>();

/** Runs `fn` holding every key (`registry/repository:tag`), in a fixed order so that two callers never wait on each other. */
export async function withTagLocks<T>(keys: string[], fn: () => Promise<T>): Promise<T> {
  const unique = [...new Set(keys)].sort();
  const previous = unique.map((k) => tagLocks.get(k) ?? Promise.resolve());
  const mine = Promise.all(previous.map((p) => p.catch(() => {}))).then(fn);
  const settled = mine.catch(() => {});
  for (const k of unique) tagLocks.set(k, settled);
  try {
    return await mine;
  } finally {
    for (const k of unique) if (tagLocks.get(k) === settled) tagLocks.delete(k);
  }
}
