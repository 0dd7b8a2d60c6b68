/** Edit distance, for "did you mean" hints on misspelled keys. */
export function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The allowed key a misspelled or mis-cased one most likely means, if any. */
export function suggestKey(key: string, allowed: string[]): string | undefined {
  const folded = key.toLowerCase().replace(/_/g, '-');
  const exact = allowed.find((a) => a.toLowerCase() === folded);
  if (exact) return exact;
  let best: { key: string; d: number } | undefined;
  for (const a of allowed) {
    const d = distance(folded, a);
    if (d <= Math.max(1, Math.floor(a.length / 4)) && (!best || d < best.d)) best = { key: a, d };
  }
  return best?.key;
}

const GLOB_CHARS = /[*?[\\]/;

/**
 * The names a selector that matched none of them most likely meant, nearest first (at most three): for a
 * plain name, one that differs only in case, the id it is the last part of (`node` -> `example/node`), or
 * one a typo away; for a glob, the glob with a namespace wildcard in front (`node*` within any
 * namespace: `*` never matches `/`) or what it matches ignoring case.
 */
export function suggestNames(
  pattern: string,
  names: string[],
  matches: (pattern: string, name: string) => boolean,
): string[] {
  const unique = [...new Set(names)];
  const folded = pattern.toLowerCase();
  const out: string[] = [];
  const add = (name: string) => {
    if (!out.includes(name)) out.push(name);
  };
  if (GLOB_CHARS.test(pattern)) {
    if (!pattern.includes('/') && unique.some((n) => matches(`*/${pattern}`, n))) add(`*/${pattern}`);
    for (const n of unique) if (matches(folded, n.toLowerCase())) add(n);
    return out.slice(0, 3);
  }
  const near = (a: string, b: string) => distance(a, b) <= Math.max(1, Math.floor(b.length / 4));
  const last = (n: string) => n.toLowerCase().split('/').pop()!;
  for (const n of unique) if (n.toLowerCase() === folded || last(n) === folded) add(n);
  const ranked = unique
    .map((n) => ({ n, d: Math.min(distance(folded, n.toLowerCase()), distance(folded, last(n))) }))
    .filter(({ n }) => near(folded, n.toLowerCase()) || near(folded, last(n)))
    .sort((a, b) => a.d - b.d);
  for (const { n } of ranked) add(n);
  return out.slice(0, 3);
}
