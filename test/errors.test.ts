import { expect, test } from 'vitest';
import { describeError, LayerRebaseError, RegistryError } from '../src/errors.js';

test('expected errors print their message and cause chain once, never a stack', () => {
  const cause = new Error('connect ECONNREFUSED 127.0.0.1:5000');
  const error = new RegistryError(
    { registry: 'r.io', repository: 'acme/app', operation: 'get manifest v1', kind: 'network' },
    'cannot reach the registry',
    { cause },
  );
  expect(describeError(error, { stackForBugs: true })).toBe(
    'get manifest v1 r.io/acme/app: cannot reach the registry: connect ECONNREFUSED 127.0.0.1:5000',
  );
  const wrapped = new LayerRebaseError('x', 'outer', { cause: new LayerRebaseError('y', 'outer') });
  expect(describeError(wrapped)).toBe('outer');
});

test('a bug keeps its stack at the entry points only', () => {
  const bug = new TypeError('cannot read properties of undefined');
  expect(describeError(bug)).toBe(
    'internal error (a bug in layer-rebase, please report it): cannot read properties of undefined',
  );
  expect(describeError(bug, { stackForBugs: true })).toMatch(
    /^internal error \(a bug in layer-rebase, please report it\): TypeError: cannot read properties of undefined\n\s+at /,
  );
});
