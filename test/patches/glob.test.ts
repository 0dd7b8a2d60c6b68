import { describe, expect, test } from 'vitest';
import { globMatch, GlobSyntaxError } from '../../src/patches/glob.js';

// Go's own table from src/path/match_test.go, taken as facts: [pattern, name, match, bad pattern].
const GO_MATCH_TESTS: [string, string, boolean, boolean][] = [
  ['abc', 'abc', true, false],
  ['*', 'abc', true, false],
  ['*c', 'abc', true, false],
  ['a*', 'a', true, false],
  ['a*', 'abc', true, false],
  ['a*', 'ab/c', false, false],
  ['a*/b', 'abc/b', true, false],
  ['a*/b', 'a/c/b', false, false],
  ['a*b*c*d*e*/f', 'axbxcxdxe/f', true, false],
  ['a*b*c*d*e*/f', 'axbxcxdxexxx/f', true, false],
  ['a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', false, false],
  ['a*b*c*d*e*/f', 'axbxcxdxexxx/fff', false, false],
  ['a*b?c*x', 'abxbbxdbxebxczzx', true, false],
  ['a*b?c*x', 'abxbbxdbxebxczzy', false, false],
  ['ab[c]', 'abc', true, false],
  ['ab[b-d]', 'abc', true, false],
  ['ab[e-g]', 'abc', false, false],
  ['ab[^c]', 'abc', false, false],
  ['ab[^b-d]', 'abc', false, false],
  ['ab[^e-g]', 'abc', true, false],
  ['a\\*b', 'a*b', true, false],
  ['a\\*b', 'ab', false, false],
  ['a?b', 'a☺b', true, false],
  ['a[^a]b', 'a☺b', true, false],
  ['a???b', 'a☺b', false, false],
  ['a[^a][^a][^a]b', 'a☺b', false, false],
  ['[a-ζ]*', 'α', true, false],
  ['*[a-ζ]', 'A', false, false],
  ['a?b', 'a/b', false, false],
  ['a*b', 'a/b', false, false],
  ['[\\]a]', ']', true, false],
  ['[\\-]', '-', true, false],
  ['[x\\-]', 'x', true, false],
  ['[x\\-]', '-', true, false],
  ['[x\\-]', 'z', false, false],
  ['[\\-x]', 'x', true, false],
  ['[\\-x]', '-', true, false],
  ['[\\-x]', 'a', false, false],
  ['[]a]', ']', false, true],
  ['[-]', '-', false, true],
  ['[x-]', 'x', false, true],
  ['[x-]', '-', false, true],
  ['[x-]', 'z', false, true],
  ['[-x]', 'x', false, true],
  ['[-x]', '-', false, true],
  ['[-x]', 'a', false, true],
  ['\\', 'a', false, true],
  ['[a-b-c]', 'a', false, true],
  ['[', 'a', false, true],
  ['[^', 'a', false, true],
  ['[^bc', 'a', false, true],
  ['a[', 'a', false, true],
  ['a[', 'ab', false, true],
  ['a[', 'x', false, true],
  ['a/b[', 'x', false, true],
  ['*x', 'xxx', true, false],
];

describe('Go path.Match table', () => {
  test.each(GO_MATCH_TESTS)('%j ~ %j -> %s (bad pattern: %s)', (pattern, name, match, badPattern) => {
    if (badPattern) expect(() => globMatch(pattern, name)).toThrow(GlobSyntaxError);
    else expect(globMatch(pattern, name)).toBe(match);
  });
});

describe('time linear in the input', () => {
  test('*a*a*a*a*a*a*a*b against 1,000 characters answers at once', () => {
    const started = performance.now();
    expect(globMatch('*a*a*a*a*a*a*a*b', 'a'.repeat(1000))).toBe(false);
    expect(globMatch('*a*a*a*a*a*a*a*b', `${'a'.repeat(1000)}b`)).toBe(true);
    expect(globMatch('[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*!', 'x'.repeat(5000))).toBe(false);
    // A ratio would be better than a time, but one call is either instant or exponential.
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('buildpack and layer globs', () => {
  test.each([
    ['heroku/*', 'heroku/nodejs', true],
    ['*', 'heroku/nodejs', false],
    ['*/*', 'heroku/nodejs', true],
    ['paketo-buildpacks/node-engine', 'paketo-buildpacks/node-engine', true],
    ['paketo-buildpacks/node-engine', 'paketo-buildpacks/node-engine-x', false],
    // `!` is an ordinary character in Go (lifecycle): `[!n]` is the class of `!` and `n`.
    ['[!n]ode', 'node', true],
    ['[!n]ode', 'code', false],
    ['[!x]re', 'jre', false],
    ['[!x]re', '!re', true],
    ['[^x]re', 'jre', true],
    ['', '', true],
    ['', 'jre', false],
    ['jre-1?', 'jre-17', true],
    ['*-*', 'jre-17-x', true],
    ['[a-z]*', 'é', false],
    ['?', 'é', true],
    ['??', 'é', false],
    ['\\[', '\\[', false],
    ['22.11.*', '22.11.1', true],
    ['22.11.*', '22.1.1', false],
    ['a.b', 'axb', false],
    ['(x)+', '(x)+', true],
    ['[z-a]', 'q', false],
  ] as const)('%s ~ %s -> %s', (pattern, name, match) => {
    expect(globMatch(pattern, name)).toBe(match);
  });
});
