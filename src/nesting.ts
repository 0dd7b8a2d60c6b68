/** Documents we read (patch files, labels) never need more nesting than this. */
export const MAX_NESTING = 64;

/**
 * The deepest `{`/`[` nesting of a JSON or TOML text, strings skipped, in one linear pass without
 * recursion: checked before parsing, so that a document nested 100,000 deep is refused by name
 * instead of exhausting the stack of a recursive parser or of our own walkers.
 */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '[') {
      depth++;
      if (depth > max) max = depth;
    } else if (c === '}' || c === ']') depth = Math.max(0, depth - 1);
    else if (c === '#') {
      // A TOML comment runs to the end of the line (JSON has no `#` outside strings).
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    }
  }
  return max;
}

export function tooDeep(text: string, max = MAX_NESTING): boolean {
  return nestingDepth(text) > max;
}
