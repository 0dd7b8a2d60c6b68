/** Edit distance, for "did you mean" hints on misspelled keys. */
function distance(a: string, b: string): number {
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
