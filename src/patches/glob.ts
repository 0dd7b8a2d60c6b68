/**
 * Globs with exactly Go's `path.Match` semantics, which lifecycle uses (`filepath.Match` on Linux):
 * `*` is any run of non-`/` bytes, `?` one non-`/` character, `[...]` a class of characters and
 * ranges negated only by `^` (`!` is an ordinary character), `\` escapes. Like Go it works on the
 * UTF-8 bytes: literals compare bytes, `?` and classes decode one rune. The algorithm is Go's: each
 * star-free chunk is matched at the leftmost place it fits, so time is O(pattern × name) and no
 * input can make it backtrack exponentially (a regular expression would).
 */
export class GlobSyntaxError extends Error {
  constructor(
    readonly pattern: string,
    reason: string,
  ) {
    super(`invalid glob "${pattern}": ${reason}`);
  }
}

const STAR = 0x2a;
const QUESTION = 0x3f;
const BACKSLASH = 0x5c;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const CARET = 0x5e;
const DASH = 0x2d;
const SLASH = 0x2f;
const RUNE_ERROR = 0xfffd;

/** Go's utf8.DecodeRune: the rune at `i` and its width; invalid encodings are (RuneError, 1). */
function decodeRune(b: Uint8Array, i: number): [rune: number, width: number] {
  const b0 = b[i]!;
  if (b0 < 0x80) return [b0, 1];
  const cont = (k: number) => {
    const c = b[i + k];
    return c !== undefined && (c & 0xc0) === 0x80 ? c & 0x3f : -1;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    const c1 = cont(1);
    return c1 < 0 ? [RUNE_ERROR, 1] : [((b0 & 0x1f) << 6) | c1, 2];
  }
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const c1 = cont(1);
    const c2 = cont(2);
    if (c1 < 0 || c2 < 0) return [RUNE_ERROR, 1];
    const r = ((b0 & 0x0f) << 12) | (c1 << 6) | c2;
    if (r < 0x800 || (r >= 0xd800 && r <= 0xdfff)) return [RUNE_ERROR, 1];
    return [r, 3];
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const c1 = cont(1);
    const c2 = cont(2);
    const c3 = cont(3);
    if (c1 < 0 || c2 < 0 || c3 < 0) return [RUNE_ERROR, 1];
    const r = ((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3;
    if (r < 0x10000 || r > 0x10ffff) return [RUNE_ERROR, 1];
    return [r, 4];
  }
  return [RUNE_ERROR, 1];
}

/** A star-free piece of the pattern, `[start, end)`, and whether stars came before it. */
interface Chunk {
  star: boolean;
  start: number;
  end: number;
}

/** Go's scanChunk: leading stars, then everything up to the next star outside a class. */
function scanChunk(p: Uint8Array, from: number): Chunk {
  let i = from;
  let star = false;
  while (i < p.length && p[i] === STAR) {
    i++;
    star = true;
  }
  const start = i;
  let inRange = false;
  for (; i < p.length; i++) {
    const c = p[i];
    if (c === BACKSLASH) {
      if (i + 1 < p.length) i++;
    } else if (c === OPEN) inRange = true;
    else if (c === CLOSE) inRange = false;
    else if (c === STAR && !inRange) break;
  }
  return { star, start, end: i };
}

class BadPattern extends Error {}

/** Go's getEsc: one (possibly escaped) rune of a class; `-` or `]` in its place is malformed. */
function classRune(p: Uint8Array, i: number, end: number): [rune: number, next: number] {
  if (i >= end || p[i] === DASH || p[i] === CLOSE) throw new BadPattern('malformed character class');
  if (p[i] === BACKSLASH) {
    i++;
    if (i >= end) throw new BadPattern('trailing backslash');
  }
  const [r, n] = decodeRune(p, i);
  if (r === RUNE_ERROR && n === 1) throw new BadPattern('invalid UTF-8');
  if (i + n >= end) throw new BadPattern('unterminated character class');
  return [r, i + n];
}

/**
 * Go's matchChunk: matches p[start, end) at the beginning of s[from...]; returns where s continues,
 * or -1. The whole chunk is always read, so a malformed one is reported whatever the name.
 */
function matchChunk(p: Uint8Array, start: number, end: number, s: Uint8Array, from: number): number {
  let failed = false;
  let j = from;
  let i = start;
  while (i < end) {
    if (!failed && j >= s.length) failed = true;
    const c = p[i]!;
    if (c === OPEN) {
      let r = 0;
      if (!failed) {
        const [rune, n] = decodeRune(s, j);
        r = rune;
        j += n;
      }
      i++;
      let negated = false;
      if (i < end && p[i] === CARET) {
        negated = true;
        i++;
      }
      let match = false;
      let ranges = 0;
      for (;;) {
        if (i < end && p[i] === CLOSE && ranges > 0) {
          i++;
          break;
        }
        const [lo, afterLo] = classRune(p, i, end);
        let hi = lo;
        i = afterLo;
        if (p[i] === DASH) [hi, i] = classRune(p, i + 1, end);
        if (lo <= r && r <= hi) match = true;
        ranges++;
      }
      if (match === negated) failed = true;
    } else if (c === QUESTION) {
      if (!failed) {
        if (s[j] === SLASH) failed = true;
        j += decodeRune(s, j)[1];
      }
      i++;
    } else {
      if (c === BACKSLASH) {
        i++;
        if (i >= end) throw new BadPattern('trailing backslash');
      }
      if (!failed) {
        if (p[i] !== s[j]) failed = true;
        j++;
      }
      i++;
    }
  }
  return failed ? -1 : j;
}

function match(p: Uint8Array, s: Uint8Array): boolean {
  let pi = 0;
  let si = 0;
  pattern: while (pi < p.length) {
    const chunk = scanChunk(p, pi);
    pi = chunk.end;
    if (chunk.star && chunk.start === chunk.end) {
      // A trailing star matches the rest of the name unless it has a `/`.
      return s.indexOf(SLASH, si) < 0;
    }
    const last = pi >= p.length;
    const t = matchChunk(p, chunk.start, chunk.end, s, si);
    // The last chunk must use up the name; otherwise a later start may still fit.
    if (t >= 0 && (t === s.length || !last)) {
      si = t;
      continue;
    }
    if (chunk.star) {
      for (let i = si; i < s.length && s[i] !== SLASH; i++) {
        const u = matchChunk(p, chunk.start, chunk.end, s, i + 1);
        if (u >= 0) {
          if (last && u < s.length) continue;
          si = u;
          continue pattern;
        }
      }
    }
    // Before answering no, check that the rest of the pattern is well-formed, as Go does.
    while (pi < p.length) {
      const rest = scanChunk(p, pi);
      pi = rest.end;
      matchChunk(p, rest.start, rest.end, new Uint8Array(0), 0);
    }
    return false;
  }
  return si === s.length;
}

const encoder = new TextEncoder();

/** Whether `name` matches `pattern`; a malformed pattern throws GlobSyntaxError, whatever the name. */
export function globMatch(pattern: string, name: string): boolean {
  try {
    return match(encoder.encode(pattern), encoder.encode(name));
  } catch (error) {
    if (error instanceof BadPattern) throw new GlobSyntaxError(pattern, error.message);
    throw error;
  }
}

/** Why a pattern is malformed, or undefined when it is a valid glob. */
export function validateGlob(pattern: string): string | undefined {
  try {
    globMatch(pattern, '');
    return undefined;
  } catch (error) {
    if (error instanceof GlobSyntaxError) return error.message;
    throw error;
  }
}
