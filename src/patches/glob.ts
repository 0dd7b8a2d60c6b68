/**
 * Globs with Go's `path.Match` semantics: `*` is any run of non-`/` characters, `?` one non-`/`
 * character, `[...]` a class with ranges, negated by `^` (and by `!`, as DESIGN.md §3 asks), `\`
 * escapes. A malformed pattern is an error whatever the name, as Go reports ErrBadPattern.
 */
export class GlobSyntaxError extends Error {
  constructor(
    readonly pattern: string,
    reason: string,
  ) {
    super(`invalid glob "${pattern}": ${reason}`);
  }
}

const compiled = new Map<string, RegExp>();

export function compileGlob(pattern: string): RegExp {
  const cached = compiled.get(pattern);
  if (cached) return cached;
  const chars = [...pattern];
  let out = '';
  let i = 0;
  const bad = (reason: string) => new GlobSyntaxError(pattern, reason);
  const escapeForClass = (c: string) => (/[\\\]^[-]/.test(c) ? `\\${c}` : c);
  while (i < chars.length) {
    const c = chars[i]!;
    if (c === '*') {
      out += '[^/]*';
      i++;
    } else if (c === '?') {
      out += '[^/]';
      i++;
    } else if (c === '\\') {
      if (i + 1 >= chars.length) throw bad('trailing backslash');
      out += escapeLiteral(chars[i + 1]!);
      i += 2;
    } else if (c === '[') {
      i++;
      let negated = false;
      if (chars[i] === '^' || chars[i] === '!') {
        negated = true;
        i++;
      }
      const ranges: string[] = [];
      let first = true;
      for (;;) {
        if (i >= chars.length) throw bad('unterminated character class');
        if (chars[i] === ']' && !first) {
          i++;
          break;
        }
        first = false;
        const readChar = (): string => {
          const ch = chars[i];
          if (ch === undefined) throw bad('unterminated character class');
          if (ch === '\\') {
            const next = chars[i + 1];
            if (next === undefined) throw bad('trailing backslash');
            i += 2;
            return next;
          }
          if (ch === '-' || ch === ']')
            throw bad(ch === '-' ? 'range without a start' : 'empty character class');
          i++;
          return ch;
        };
        const lo = readChar();
        let hi = lo;
        if (chars[i] === '-') {
          i++;
          hi = readChar();
        }
        const loCode = lo.codePointAt(0)!;
        const hiCode = hi.codePointAt(0)!;
        // Go accepts an inverted range and it matches nothing; a JS class would throw.
        if (loCode <= hiCode)
          ranges.push(lo === hi ? escapeForClass(lo) : `${escapeForClass(lo)}-${escapeForClass(hi)}`);
      }
      if (ranges.length === 0) out += negated ? '[^]' : '[]';
      else out += `[${negated ? '^' : ''}${ranges.join('')}]`;
    } else {
      out += escapeLiteral(c);
      i++;
    }
  }
  const re = new RegExp(`^${out}$`, 'su');
  compiled.set(pattern, re);
  return re;
}

function escapeLiteral(c: string): string {
  // Only syntax characters may be escaped in a `u` regular expression.
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

export function globMatch(pattern: string, name: string): boolean {
  return compileGlob(pattern).test(name);
}

export function validateGlob(pattern: string): string | undefined {
  try {
    compileGlob(pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
