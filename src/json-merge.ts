import { FormatError } from './errors.js';

/**
 * Serialises an edited JSON value so that everything the edit did not change keeps its original
 * bytes: `12345678901234567890` stays that (JSON.parse makes it …000), `1.0` stays `1.0`, Go's
 * `\u003c` escapes, key order and spacing stay as they were. Only values that differ from what the
 * original text parses to are written anew. The image's lifecycle and build labels, and its config,
 * go through here: the README promises that unknown fields survive a patch.
 */

interface Node {
  start: number;
  end: number;
  /** What JSON.parse makes of this span. */
  value: unknown;
  entries?: { key: string; node: Node }[];
  items?: Node[];
}

const WS = /[ \t\n\r]*/y;

function parseSpans(text: string, where: string): Node {
  let i = 0;
  const fail = (why: string): never => {
    throw new FormatError(where, '', undefined, `${why} at character ${i}`);
  };
  const ws = () => {
    WS.lastIndex = i;
    WS.exec(text);
    i = WS.lastIndex;
  };
  const value = (depth: number): Node => {
    if (depth > 64) fail('nested too deeply');
    ws();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      const entries: { key: string; node: Node }[] = [];
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      ws();
      if (text[i] === '}') i++;
      else
        for (;;) {
          ws();
          if (text[i] !== '"') fail('expected a key');
          const keyNode = string();
          const key = keyNode.value as string;
          if (Object.prototype.hasOwnProperty.call(out, key))
            fail(`the key "${key}" appears twice (readers disagree on which counts)`);
          ws();
          if (text[i++] !== ':') fail('expected ":"');
          const node = value(depth + 1);
          entries.push({ key, node });
          out[key] = node.value;
          ws();
          if (text[i] === ',') i++;
          else if (text[i] === '}') {
            i++;
            break;
          } else fail('expected "," or "}"');
        }
      return { start, end: i, value: { ...out }, entries };
    }
    if (c === '[') {
      i++;
      const items: Node[] = [];
      ws();
      if (text[i] === ']') i++;
      else
        for (;;) {
          items.push(value(depth + 1));
          ws();
          if (text[i] === ',') i++;
          else if (text[i] === ']') {
            i++;
            break;
          } else fail('expected "," or "]"');
        }
      return { start, end: i, value: items.map((n) => n.value), items };
    }
    if (c === '"') return string();
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
    m.lastIndex = i;
    const found = m.exec(text);
    if (!found) fail('expected a value');
    i = m.lastIndex;
    return { start, end: i, value: JSON.parse(found![0]) as unknown };
  };
  const string = (): Node => {
    const start = i;
    // JSON forbids raw control characters in strings; JSON.parse below refuses them.
    const m = /"(?:[^"\\]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/y;
    m.lastIndex = i;
    const found = m.exec(text);
    if (!found) fail('a malformed string');
    i = m.lastIndex;
    return { start, end: i, value: JSON.parse(found![0]) as string };
  };
  const root = value(0);
  ws();
  if (i !== text.length) fail('text after the value');
  return root;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => equal(x, bb[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && equal((a as never)[k], (b as never)[k]))
  );
}

function emit(text: string, node: Node | undefined, value: unknown): string {
  if (value === undefined) return 'null';
  if (node && equal(node.value, value)) return text.slice(node.start, node.end);
  if (node?.entries && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const parts: string[] = [];
    const seen = new Set<string>();
    // Keys in their original order, then new ones in the order the edit added them.
    for (const { key, node: child } of node.entries) {
      seen.add(key);
      if (!Object.prototype.hasOwnProperty.call(obj, key) || obj[key] === undefined) continue;
      parts.push(`${JSON.stringify(key)}:${emit(text, child, obj[key])}`);
    }
    for (const [key, v] of Object.entries(obj))
      if (!seen.has(key) && v !== undefined) parts.push(`${JSON.stringify(key)}:${emit(text, undefined, v)}`);
    return `{${parts.join(',')}}`;
  }
  if (node?.items && Array.isArray(value))
    return `[${value.map((v, i) => emit(text, node.items![i], v)).join(',')}]`;
  return JSON.stringify(value);
}

/** `value` as JSON text, reusing the bytes of `original` wherever the value did not change. */
export function stringifyLike(original: string, value: unknown, where: string): string {
  return emit(original, parseSpans(original, where), value);
}
