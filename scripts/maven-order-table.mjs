// Rewrites test/vulns/maven-order.txt: pairs of Maven versions ordered by Maven's own ComparableVersion, from
// the maven-artifact jar on this machine (Debian's libmaven3-core-java puts it in /usr/share/maven/lib), so
// the table is the reference and src/vulns/versions.ts is checked against it. Nothing is downloaded.
//
//   node scripts/maven-order-table.mjs                       rewrite the table (seed 1)
//   node scripts/maven-order-table.mjs --sample 500 --seed 7 print 500 random pairs instead, for the live test
//   node scripts/maven-order-table.mjs --check               exit 0 only if the jar and java can be the reference
//
// MAVEN_ARTIFACT_JAR names another jar (3.8.7 or later); the table's header records the jar's version.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { URL } from 'node:url';

const JAR = process.env.MAVEN_ARTIFACT_JAR ?? '/usr/share/maven/lib/maven-artifact-3.x.jar';
const TABLE = new URL('../test/vulns/maven-order.txt', import.meta.url);

// Reads `a b` lines, prints `a <op> b` with the sign of new ComparableVersion(a).compareTo(new ComparableVersion(b)).
const ORDER_JAVA = `
import java.io.*;
import org.apache.maven.artifact.versioning.ComparableVersion;

public class MavenOrder {
  public static void main(String[] args) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
    StringBuilder out = new StringBuilder();
    for (String line; (line = in.readLine()) != null; ) {
      String[] p = line.split(" ");
      int d = new ComparableVersion(p[0]).compareTo(new ComparableVersion(p[1]));
      out.append(p[0]).append(d < 0 ? " < " : d > 0 ? " > " : " = ").append(p[1]).append('\\n');
    }
    System.out.print(out);
  }
}
`;

// Pairs every table keeps: the four orders the pre-3.8.7 code got wrong, MNG-7644, MNG-6964, and the
// number widths ComparableVersion keeps apart (int, long, BigInteger).
function fixedPairs() {
  const pairs = [
    ['1.0.0.RC1', '1.0.0-RC2'],
    ['1.0.0.Beta2', '1.0.0-1'],
    ['2.1-alpha1', '2.1.beta1'],
    ['1-0.alpha', '1'],
    ['1-0.beta', '1'],
    ['1-0.alpha', '1-0.beta'],
    ['6.1.0rc3', '6.1.0'],
    ['6.1.0rc3', '6.1H.5-beta'],
    ['6.1.0', '6.1H.5-beta'],
    ['20190126.230843', '1234567890.12345'],
    ['1234567890.12345', '123456789012345.1H.5-beta'],
    ['123456789012345.1H.5-beta', '12345678901234567890.1H.5-beta'],
    ['1.0000000000.1', '1.5'],
    ['1.0000000000000000000.1', '1.999999999999999999'],
    ['1.0000000001', '1.999999999'],
    ['0000000000000000001', '1'],
    ['0000000000000000000', '0'],
  ];
  for (const x of ['abc', 'alpha', 'a', 'beta', 'b', 'def', 'milestone', 'm', 'RC']) {
    pairs.push([`1.0.0.${x}1`, `1.0.0-${x}2`]);
    pairs.push([`2-${x}`, `2.0.${x}`]);
    pairs.push([`2-${x}`, `2.0.0.${x}`]);
    pairs.push([`2.0.${x}`, `2.0.0.${x}`]);
  }
  // The order lists of maven-artifact's own ComparableVersionTest, each against the next.
  for (const list of [
    '1-alpha2snapshot 1-alpha2 1-alpha-123 1-beta-2 1-beta123 1-m2 1-m11 1-rc 1-cr2 1-rc123 1-SNAPSHOT 1 1-sp 1-sp2 1-sp123 1-abc 1-def 1-pom-1 1-1-snapshot 1-1 1-2 1-123',
    '2.0 2.0.a 2-1 2.0.2 2.0.123 2.1.0 2.1-a 2.1b 2.1-c 2.1-1 2.1.0.1 2.2 2.123 11.a2 11.a11 11.b2 11.b11 11.m2 11.m11 11 11.a 11b 11c 11m',
  ]) {
    const v = list.split(' ');
    for (let i = 1; i < v.length; i++) pairs.push([v[i - 1], v[i]]);
  }
  return pairs;
}

// mulberry32: a seeded generator, so the same seed gives the same table on every machine.
function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const QUALIFIERS = [
  ...['alpha', 'beta', 'milestone', 'rc', 'cr', 'snapshot', 'sp', 'ga', 'final', 'release'],
  ...['a', 'b', 'm', 'RC', 'CR', 'M', 'SNAPSHOT', 'SP', 'GA', 'Final', 'RELEASE', 'Alpha', 'Beta'],
  ...['jre', 'android', 'redhat', 'incubating', 'dev', 'pre', 'patch', 'LTS', 'BUILD-SNAPSHOT', 'v'],
];

function versionMaker(next) {
  const pick = (xs) => xs[Math.floor(next() * xs.length)];
  const chance = (p) => next() < p;

  /** A numeric release part near `base` (the same, one segment moved, trailing zeros, leading zeros). */
  function release(base) {
    let parts = [...base];
    if (chance(0.35)) {
      const i = Math.floor(next() * parts.length);
      parts[i] = String(Math.max(0, Number(parts[i]) + pick([-1, 1, 1, 10])));
    }
    if (chance(0.15)) parts = parts.slice(0, Math.max(1, parts.length - 1));
    if (chance(0.2)) parts.push('0');
    if (chance(0.08)) parts = parts.map((p) => (chance(0.5) ? `0${p}` : p));
    return parts.join('.');
  }

  function qualifier() {
    const q = pick(QUALIFIERS);
    const sep = pick(['-', '-', '.', '']);
    let n = '';
    if (chance(0.6)) n = pick(['', '', '-', '.']) + pick(['1', '2', '3', '9', '10', '01']);
    return `${sep}${q}${n}`;
  }

  /** One version in a form seen in Maven Central, around a numeric base like ['1', '2', '3']. */
  return function version(base) {
    const r = release(base);
    switch (pick(['plain', 'plain', 'qualified', 'qualified', 'qualified', 'build', 'shaped', 'double'])) {
      case 'plain':
        return r;
      case 'qualified':
        return r + qualifier();
      case 'build':
        return `${r}${pick(['-', '.'])}${pick(['1', '2', '10', '0', '00001'])}`;
      case 'double':
        return r + qualifier() + pick(['-SNAPSHOT', '-1', '.1', '-SP1', '-jre']);
      default:
        // Shapes of well-known projects: JRE, log4j, Spring, Hibernate, Jetty, Guava, Red Hat builds.
        return pick([
          () => `${r}+${pick(['7', '9', '11', '13'])}`,
          () => `${r}+${pick(['7', '9'])}-LTS`,
          () => `${r}-beta${pick(['9', '10', '2'])}`,
          () => `${r}.${pick(['RELEASE', 'RC1', 'RC2', 'M1', 'M2', 'BUILD-SNAPSHOT'])}`,
          () => `${r}.${pick(['Final', 'CR1', 'CR2', 'Alpha3', 'Beta2', 'SP1'])}`,
          () => `${r}.v2023${pick(['0217', '1012'])}`,
          () => `${r}-${pick(['jre', 'android'])}`,
          () => `${r}-redhat-0000${pick(['1', '2'])}`,
          () => `${r}-20230101.120000-${pick(['1', '7'])}`,
        ])();
    }
  };
}

function randomPairs(count, seed) {
  const next = random(seed);
  const version = versionMaker(next);
  const base = () => {
    const parts = [String(Math.floor(next() * 4)), String(Math.floor(next() * 12))];
    if (next() < 0.8) parts.push(String(Math.floor(next() * 20)));
    return parts;
  };
  const pairs = [];
  while (pairs.length < count) {
    const b = base();
    const roll = next();
    // Mostly two forms of one release, where qualifiers and separators decide; some a version against
    // a respelling of itself (where equality is decided); some two releases.
    if (roll < 0.2) {
      const v = version(b);
      pairs.push([v, respell(v, next)]);
    } else pairs.push([version(b), version(roll < 0.85 ? b : base())]);
  }
  return pairs;
}

/** The same version written another way, often one Maven reads as equal (case, separators, zeros, aliases). */
function respell(v, next) {
  const ways = [
    (s) => s.toUpperCase(),
    (s) => s.toLowerCase(),
    (s) => s.replace(/[.-](?=[A-Za-z])/, (c) => (c === '.' ? '-' : '.')),
    (s) => s.replace(/^(\d+(?:\.\d+)*)/, '$1.0'),
    (s) => s.replace(/^(\d+(?:\.\d+)*)/, '$1-0'),
    (s) => s.replace(/^(\d+(?:\.\d+)*)\.0(?=\D|$)/, '$1'),
    (s) => `${s}.Final`,
    (s) => `${s}-GA`,
    (s) => `${s}.0`,
    (s) =>
      s
        .replace(/rc/i, 'CR')
        .replace(/alpha/i, 'a')
        .replace(/beta/i, 'b')
        .replace(/milestone/i, 'm'),
    (s) => s.replace(/(\D)(\d)/, '$1-$2'),
    (s) => s.replace(/(\d)(?=\d*$)/, '0$1'),
  ];
  const n = 1 + Math.floor(next() * 2);
  let out = v;
  for (let i = 0; i < n; i++) out = ways[Math.floor(next() * ways.length)](out);
  return out;
}

/** Every pair of a family of forms of one release: each qualifier and separator against each other. */
function familyPairs() {
  const forms = [
    ...['1', '1.0', '1.0.0', '1-0', '1.0-0', '01.0', '1.0.1', '1-1', '1.0-1', '1.0.0.1', '1.1'],
    ...['1-alpha', '1.0-alpha-1', '1.0.0.alpha1', '1.0a1', '1.0.0-a2', '1.0-beta', '1.0.0.Beta2', '1.0b2'],
    ...['1.0-beta-10', '1.0.0.M1', '1.0-m3', '1.0-milestone-3', '1.0.0.RC1', '1.0.0-RC2', '1.0.0-rc-2'],
    ...[
      '1.0.0.CR1',
      '1.0-cr2',
      '1.0-SNAPSHOT',
      '1.0.0.BUILD-SNAPSHOT',
      '1.0-alpha-1-SNAPSHOT',
      '1.0.0.Final',
    ],
    ...['1.0.0.RELEASE', '1.0-GA', '1.0.ga', '1.0-sp', '1.0.0.SP1', '1.0-sp-1', '1.0-jre', '1.0.0-android'],
    ...['1.0-redhat-00001', '1.0.0+7', '1.0+7-LTS', '1-0.alpha', '1-0.beta', '1.0.v20230217', '1.0-xyz'],
  ];
  const pairs = [];
  for (let i = 0; i < forms.length; i++)
    for (let j = i + 1; j < forms.length; j++) pairs.push([forms[i], forms[j]]);
  return pairs;
}

function order(pairs) {
  const dir = mkdtempSync(join(tmpdir(), 'maven-order-'));
  try {
    const source = join(dir, 'MavenOrder.java');
    writeFileSync(source, ORDER_JAVA);
    const input = pairs.map(([a, b]) => `${a} ${b}\n`).join('');
    return execFileSync('java', ['-cp', JAR, source], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Drops repeated pairs (either way round), keeping the first. */
function unique(pairs) {
  const seen = new Set();
  return pairs.filter(([a, b]) => {
    const key = a < b ? `${a} ${b}` : `${b} ${a}`;
    if (a === b || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The jar's maven-artifact version, or why it cannot be the reference (missing, no java, older than 3.8.7). */
function reference() {
  let version;
  try {
    const props = execFileSync(
      'unzip',
      ['-p', JAR, 'META-INF/maven/org.apache.maven/maven-artifact/pom.properties'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    version = /^version=(.*)$/m.exec(props)?.[1]?.trim();
    execFileSync('java', ['-version'], { stdio: 'ignore' });
  } catch (e) {
    return { problem: `${JAR} or java is not usable: ${e.message}` };
  }
  const [major, minor, patch] = (version ?? '').split(/[.-]/).map(Number);
  // The order we check changed in 3.8.7 (MNG-7644, MNG-6964): an older jar is another order.
  const recent = major > 3 || (major === 3 && (minor > 8 || (minor === 8 && patch >= 7)));
  return recent
    ? { version }
    : { problem: `${JAR} is maven-artifact ${version ?? '(unknown)'}, not 3.8.7 or later` };
}

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const sample = option('--sample', undefined);
const seed = option('--seed', 1);
const ref = reference();

if (ref.problem) {
  process.stderr.write(`${ref.problem}\n`);
  process.exit(2);
} else if (args.includes('--check')) {
  process.stdout.write(`maven-artifact ${ref.version}\n`);
} else if (sample !== undefined) {
  process.stdout.write(order(unique(randomPairs(sample, seed))));
} else {
  const pairs = unique([...fixedPairs(), ...familyPairs(), ...randomPairs(3000, seed)]);
  const header = [
    `# Maven version order from org.apache.maven.artifact.versioning.ComparableVersion, maven-artifact ${ref.version}.`,
    '# Generated by scripts/maven-order-table.mjs (seed ' + seed + '); do not edit by hand. Lines: a <op> b.',
  ];
  writeFileSync(TABLE, `${header.join('\n')}\n${order(pairs)}`);
  process.stdout.write(`${pairs.length} pairs written to test/vulns/maven-order.txt\n`);
}
