/**
 * Where a JSON text stops being JSON, as a line and column with what was expected there: the
 * position `JSON.parse` gives (when it gives one at all, which depends on the Node version) is a
 * character offset nobody can find in an editor. Never quotes the text (it may be some other service's
 * answer). Call it only for a text `JSON.parse` refused; nesting must already be bounded.
 */
export function jsonSyntaxError(text: string): { line: number; column: number; reason: string } {
  const found = scan(text);
  const offset = found?.offset ?? text.length;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column, reason: found?.reason ?? 'unexpected text' };
}

class Stop {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function scan(text: string): Stop | undefined {
  let i = 0;
  const fail = (reason: string, at = i): never => {
    throw new Stop(at, at >= text.length ? 'unexpected end of input' : reason);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    for (let k = 0; k < word.length; k++) if (text[i + k] !== word[k]) fail(`expected ${word}`, i + k);
    i += word.length;
  };
  const string = () => {
    i++; // the opening quote
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) fail('a control character in a string (escape it, e.g. \\n)');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
            fail('expected 4 hex digits after \\u', i + 2);
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail('an invalid escape in a string', i + 1);
      } else i++;
    }
  };
  const number = () => {
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) fail('expected a value');
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    fail(c === "'" ? 'expected a value (JSON strings take double quotes)' : 'expected a value');
  };
  const object = () => {
    i++;
    ws();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] !== '"')
        fail(text[i] === '}' ? "a trailing comma before '}'" : 'expected a property name in double quotes');
      string();
      ws();
      if (text[i] !== ':') fail("expected ':' after the property name");
      i++;
      value();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      fail("expected ',' or '}'");
    }
  };
  const array = () => {
    i++;
    ws();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] === ']') fail("a trailing comma before ']'");
      value();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      fail("expected ',' or ']'");
    }
  };
  try {
    value();
    ws();
    if (i < text.length) fail('unexpected text after the end of the document');
    return undefined;
  } catch (error) {
    if (error instanceof Stop) return error;
    throw error;
  }
}
