import { expect, test } from 'vitest';
import { stringifyLike } from '../src/json-merge.js';

const original =
  '{"buildpacks":[{"key":"a","layers":{"x":{"data":{"build-id":12345678901234567890,"v":1.0,"s":"\\u003cb\\u003e"}}}},{"key":"b","version":"1"}],"9":true}';

test('an edit elsewhere keeps every untouched value byte for byte, and the key order', () => {
  const value = JSON.parse(original) as { buildpacks: { version?: string }[] };
  value.buildpacks[1]!.version = '2';
  expect(stringifyLike(original, value, 'label')).toBe(original.replace('"version":"1"', '"version":"2"'));
});

test('an edited object keeps its untouched members; added keys come last, removed ones go', () => {
  const value = JSON.parse(original) as {
    buildpacks: { layers?: Record<string, Record<string, unknown>> }[];
  };
  const x = value.buildpacks[0]!.layers!.x!;
  x.sha = 'sha256:1';
  delete x.data;
  value.buildpacks[0]!.layers!.x = x;
  expect(stringifyLike(original, value, 'label')).toBe(
    '{"buildpacks":[{"key":"a","layers":{"x":{"sha":"sha256:1"}}},{"key":"b","version":"1"}],"9":true}',
  );
});

test('nothing edited: the original text', () => {
  const spaced = '{ "a" : [1.50, 2e3 ],\n "b": null }';
  expect(stringifyLike(spaced, JSON.parse(spaced), 'x')).toBe(spaced);
});

test('duplicate keys are refused (readers disagree on which counts)', () => {
  expect(() => stringifyLike('{"a":1,"a":2}', { a: 2 }, 'label x')).toThrow(/label x: .*"a" appears twice/);
});
