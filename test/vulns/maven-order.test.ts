import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { comparatorFor } from '../../src/vulns/versions.js';

/**
 * Maven's order checked against Maven itself: test/vulns/maven-order.txt holds pairs ordered by
 * ComparableVersion of maven-artifact 3.8.7 (scripts/maven-order-table.mjs rewrites it from the jar).
 */
const { compare } = comparatorFor('maven');
const OPS: Record<string, -1 | 0 | 1> = { '<': -1, '=': 0, '>': 1 };
const SYMBOL = (d: number | undefined) => (d === undefined ? 'undefined' : d < 0 ? '<' : d > 0 ? '>' : '=');

function parseTable(text: string): [string, -1 | 0 | 1, string][] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [a, op, b, ...rest] = line.split(' ');
      if (a === undefined || b === undefined || !(op! in OPS) || rest.length > 0)
        throw new Error(`bad table line: ${line}`);
      return [a, OPS[op!]!, b];
    });
}

/** Every line where our order differs from Maven's, both ways round, as `a <op> b: got <op>`. */
function mismatches(table: [string, -1 | 0 | 1, string][]): string[] {
  const wrong: string[] = [];
  for (const [a, expected, b] of table) {
    const d = compare(a, b);
    const r = compare(b, a);
    const ok = d !== undefined && Math.sign(d) === expected && r !== undefined && Math.sign(r) === -expected;
    if (!ok) wrong.push(`${a} ${SYMBOL(expected)} ${b}: got ${SYMBOL(d)} (reversed ${SYMBOL(r)})`);
  }
  return wrong;
}

const GENERATOR = fileURLToPath(new URL('../../scripts/maven-order-table.mjs', import.meta.url));
// Java and a maven-artifact jar of 3.8.7 or later (MAVEN_ARTIFACT_JAR, or Debian's libmaven3-core-java).
const haveReference = spawnSync(process.execPath, [GENERATOR, '--check']).status === 0;

describe("Maven order agrees with maven-artifact's ComparableVersion", () => {
  it('on every pair of the committed table', () => {
    const table = parseTable(readFileSync(new URL('./maven-order.txt', import.meta.url), 'utf8'));
    expect(table.length).toBeGreaterThan(3000);
    const wrong = mismatches(table);
    expect(
      wrong,
      `${wrong.length} of ${table.length} pairs ordered unlike Maven:\n${wrong.join('\n')}`,
    ).toEqual([]);
  });

  // The table is the gate; this only widens it where java and the jar are installed (CI may have neither).
  it.skipIf(!haveReference)('on random pairs ordered live by the jar', () => {
    const seed = Math.floor(Math.random() * 2 ** 31);
    const out = execFileSync(process.execPath, [GENERATOR, '--sample', '1500', '--seed', String(seed)], {
      encoding: 'utf8',
    });
    const table = parseTable(out);
    expect(table.length).toBeGreaterThan(1000);
    const wrong = mismatches(table);
    expect(
      wrong,
      `seed ${seed}: ${wrong.length} of ${table.length} pairs ordered unlike Maven:\n${wrong.join('\n')}`,
    ).toEqual([]);
  });
});
