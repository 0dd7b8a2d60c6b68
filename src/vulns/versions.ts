// The two functions only: the whole package (ranges, coercion) would add 90 kB to the bundle.
import semverParse from 'semver/functions/parse.js';
import semverCompareParsed from 'semver/functions/compare.js';
import * as pep440 from '@renovatebot/pep440';

/**
 * Version order by purl type. Each comparator returns a negative number, 0 or a positive number, or
 * undefined when it cannot order the two (a malformed version, a form the ecosystem's own tool would
 * read differently, an rpm version without release against a build of it): undefined is "unknown",
 * never "fixed".
 *
 * semver (npm, golang, cargo) and PEP 440 (pypi) come from well-kept libraries. Maven, Debian, RPM and
 * Alpine orders are written here from their reference implementations (Maven's ComparableVersion,
 * dpkg's verrevcmp, rpm's rpmvercmp, apk-tools' version.c): no maintained npm package implements them.
 */
export type Compare = (a: string, b: string) => number | undefined;

const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);

function semverCompare(a: string, b: string): number | undefined {
  const x = semverParse(a);
  const y = semverParse(b);
  return x && y ? semverCompareParsed(x, y) : undefined;
}

/** Go module versions are semver with a `v`; the toolchain (`stdlib`) is written go1.21.3 or 1.21. */
function golangCompare(a: string, b: string): number | undefined {
  const norm = (v: string) => {
    const s = v.replace(/^go/, '').replace(/^v/, '');
    // go1.21 and 1.21 are the toolchain's own short forms of 1.21.0.
    return /^\d+\.\d+$/.test(s) ? `${s}.0` : s;
  };
  return semverCompare(norm(a), norm(b));
}

function pypiCompare(a: string, b: string): number | undefined {
  if (!pep440.valid(a) || !pep440.valid(b)) return undefined;
  // The library compares release numbers as JavaScript numbers: past 2^53 two differ and compare equal.
  if (/\d{16,}/.test(a) || /\d{16,}/.test(b)) return undefined;
  return sign(pep440.compare(a, b));
}

/** Numeric segments only (`17.0.9`, `v2.1`); anything else cannot be ordered without knowing its scheme. */
export function genericCompare(a: string, b: string): number | undefined {
  const parse = (v: string) =>
    /^v?\d+(\.\d+)*$/.test(v) ? v.replace(/^v/, '').split('.').map(BigInt) : null;
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return undefined;
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0n) - (y[i] ?? 0n);
    if (d !== 0n) return d < 0n ? -1 : 1;
  }
  return 0;
}

// ---- Maven: org.apache.maven.artifact.versioning.ComparableVersion (maven-artifact 3.8.7 and later) ----
// 3.8.7 changed the order (MNG-7644, MNG-6964) and Maven 3.9 keeps it: a repository's metadata and a
// scanner's fixed version are ordered by the Maven that resolves them, so the older order would call
// 1.0.0.RC1 newer than 1.0.0-RC2. test/vulns/maven-order.txt pins this against the real jar.

type MavenItem =
  { kind: 'int'; value: bigint; width: number } | { kind: 'string'; value: string } | MavenList;
interface MavenList {
  kind: 'list';
  items: MavenItem[];
}

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: Record<string, string> = { ga: '', final: '', release: '', cr: 'rc' };
const RELEASE_INDEX = String(QUALIFIERS.indexOf(''));
const ZERO: MavenItem = { kind: 'int', value: 0n, width: 0 };

function comparableQualifier(q: string): string {
  const i = QUALIFIERS.indexOf(q);
  return i === -1 ? `${QUALIFIERS.length}-${q}` : String(i);
}

function stringItem(value: string, followedByDigit: boolean): MavenItem {
  let v = value;
  if (followedByDigit && v.length === 1)
    v = v === 'a' ? 'alpha' : v === 'b' ? 'beta' : v === 'm' ? 'milestone' : v;
  return { kind: 'string', value: Object.hasOwn(ALIASES, v) ? ALIASES[v]! : v };
}

function parseItem(isDigit: boolean, buf: string): MavenItem {
  if (!isDigit) return stringItem(buf, false);
  // Maven holds a number of up to 9 digits, up to 18, and more in three types, and orders any number of a
  // wider type above any of a narrower one. Digits are counted without leading zeros, except in a number
  // of zeros only: Maven puts 1.0000000000.1 (a ten-digit zero) above 1.5, and so must we.
  const digits = /[1-9]/.test(buf) ? buf.replace(/^0+/, '') : buf;
  const width = digits.length <= 9 ? 0 : digits.length <= 18 ? 1 : 2;
  return { kind: 'int', value: BigInt(buf), width };
}

function isNull(item: MavenItem): boolean {
  if (item.kind === 'int') return item.value === 0n;
  if (item.kind === 'string') return comparableQualifier(item.value) === RELEASE_INDEX;
  return item.items.length === 0;
}

function normalize(list: MavenList): void {
  for (let i = list.items.length - 1; i >= 0; i--) {
    const last = list.items[i]!;
    if (isNull(last)) list.items.splice(i, 1);
    else if (last.kind !== 'list') break;
  }
}

function parseMaven(version: string): MavenList {
  const v = version.toLowerCase();
  const root: MavenList = { kind: 'list', items: [] };
  let list = root;
  const stack: MavenList[] = [root];
  const nest = () => {
    const next: MavenList = { kind: 'list', items: [] };
    list.items.push(next);
    list = next;
    stack.push(next);
  };
  let isDigit = false;
  let start = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c === '.' || c === '-') {
      list.items.push(i === start ? ZERO : parseItem(isDigit, v.slice(start, i)));
      start = i + 1;
      if (c === '-') nest();
    } else if (c >= '0' && c <= '9') {
      if (!isDigit && i > start) {
        // A qualifier with a number opens a sub-list even after a dot (MNG-7644): 1.0.0.RC1 reads as
        // 1.0.0-RC1, below 1.0.0-RC2, where the older order put every `.RC1` above every `-RC2`.
        if (list.items.length > 0) nest();
        list.items.push(stringItem(v.slice(start, i), true));
        start = i;
        nest();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.items.push(parseItem(true, v.slice(start, i)));
        start = i;
        nest();
      }
      isDigit = false;
    }
  }
  if (v.length > start) {
    // So does a qualifier that ends the version: 2.0.0.beta is 2-beta.
    if (!isDigit && list.items.length > 0) nest();
    list.items.push(parseItem(isDigit, v.slice(start)));
  }
  while (stack.length > 0) normalize(stack.pop()!);
  return root;
}

function compareItem(a: MavenItem | undefined, b: MavenItem | undefined): number {
  if (a === undefined) return b === undefined ? 0 : -compareItem(b, undefined);
  if (a.kind === 'int') {
    if (b === undefined) return a.value === 0n ? 0 : 1;
    if (b.kind === 'int')
      return a.width !== b.width ? sign(a.width - b.width) : compareValues(a.value, b.value);
    return 1;
  }
  if (a.kind === 'string') {
    if (b === undefined) return sign(compareStrings(comparableQualifier(a.value), RELEASE_INDEX));
    if (b.kind === 'string')
      return sign(compareStrings(comparableQualifier(a.value), comparableQualifier(b.value)));
    return -1;
  }
  if (b === undefined) {
    // The whole sub-list against nothing, not its first item (MNG-6964): 1-0.alpha is below 1, not equal.
    for (const item of a.items) {
      const d = compareItem(item, undefined);
      if (d !== 0) return d;
    }
    return 0;
  }
  if (b.kind === 'int') return -1;
  if (b.kind === 'string') return 1;
  for (let i = 0; i < Math.max(a.items.length, b.items.length); i++) {
    const d = compareItem(a.items[i], b.items[i]);
    if (d !== 0) return d;
  }
  return 0;
}

const compareStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function mavenCompare(a: string, b: string): number | undefined {
  // Maven orders any string, but one with spaces or control characters is no version a repository serves.
  const ok = (v: string) => /^[A-Za-z0-9._+-]+$/.test(v);
  if (!ok(a) || !ok(b)) return undefined;
  return compareItem(parseMaven(a), parseMaven(b));
}

// ---- Debian: dpkg's verrevcmp, with epoch and revision ----

function dpkgOrder(c: string | undefined): number {
  if (c === undefined) return 0;
  if (c >= '0' && c <= '9') return 0;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  if (c === '~') return -1;
  return c.charCodeAt(0) + 256;
}

const isDigitChar = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !isDigitChar(a[i])) || (j < b.length && !isDigitChar(b[j]))) {
      const ac = dpkgOrder(a[i]);
      const bc = dpkgOrder(b[j]);
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    while (isDigitChar(a[i]) && isDigitChar(b[j])) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigitChar(a[i])) return 1;
    if (isDigitChar(b[j])) return -1;
    if (firstDiff) return firstDiff;
  }
  return 0;
}

function parseDebian(v: string): { epoch: bigint; upstream: string; revision: string } | undefined {
  const m = /^(?:(\d+):)?([0-9][A-Za-z0-9.+~:-]*?)(?:-([A-Za-z0-9.+~]+))?$/.exec(v);
  if (!m) return undefined;
  // A colon in the upstream part is only allowed with an explicit epoch; a hyphen only with a revision.
  if (m[1] === undefined && m[2]!.includes(':')) return undefined;
  return { epoch: BigInt(m[1] ?? 0), upstream: m[2]!, revision: m[3] ?? '' };
}

function debianCompare(a: string, b: string): number | undefined {
  const x = parseDebian(a);
  const y = parseDebian(b);
  if (!x || !y) return undefined;
  if (x.epoch !== y.epoch) return x.epoch < y.epoch ? -1 : 1;
  return sign(verrevcmp(x.upstream, y.upstream)) || sign(verrevcmp(x.revision, y.revision));
}

// ---- RPM: rpmvercmp over epoch:version-release ----

const isAlnum = (c: string | undefined) => c !== undefined && /[A-Za-z0-9]/.test(c);

function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && !isAlnum(a[i]) && a[i] !== '~' && a[i] !== '^') i++;
    while (j < b.length && !isAlnum(b[j]) && b[j] !== '~' && b[j] !== '^') j++;
    if (a[i] === '~' || b[j] === '~') {
      if (a[i] !== '~') return 1;
      if (b[j] !== '~') return -1;
      i++;
      j++;
      continue;
    }
    if (a[i] === '^' || b[j] === '^') {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (a[i] !== '^') return 1;
      if (b[j] !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length) break;
    const numeric = isDigitChar(a[i]);
    const take = (s: string, k: number) => {
      let e = k;
      while (e < s.length && (numeric ? isDigitChar(s[e]) : /[A-Za-z]/.test(s[e]!))) e++;
      return e;
    };
    const ie = take(a, i);
    const je = take(b, j);
    if (je === j) return numeric ? 1 : -1;
    let x = a.slice(i, ie);
    let y = b.slice(j, je);
    i = ie;
    j = je;
    if (numeric) {
      x = x.replace(/^0+/, '');
      y = y.replace(/^0+/, '');
      if (x.length !== y.length) return x.length > y.length ? 1 : -1;
    }
    const d = compareStrings(x, y);
    if (d !== 0) return d;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i < a.length ? 1 : -1;
}

function parseRpm(v: string): { epoch: bigint; version: string; release: string | undefined } | undefined {
  const m = /^(?:(\d+):)?([A-Za-z0-9._+~^]+)(?:-([A-Za-z0-9._+~^]+))?$/.exec(v);
  if (!m) return undefined;
  return { epoch: BigInt(m[1] ?? 0), version: m[2]!, release: m[3] };
}

function rpmCompare(a: string, b: string): number | undefined {
  const x = parseRpm(a);
  const y = parseRpm(b);
  if (!x || !y) return undefined;
  if (x.epoch !== y.epoch) return x.epoch < y.epoch ? -1 : 1;
  const v = rpmvercmp(x.version, y.version);
  if (v !== 0) return v;
  // rpm lets a dependency without release match every release of its version, but that is a match, not
  // an order: 3.0.7 against 3.0.7-25.el9 says nothing about which build carries the fix (3.0.7-27.el9 may).
  if (x.release === undefined && y.release === undefined) return 0;
  if (x.release === undefined || y.release === undefined) return undefined;
  return rpmvercmp(x.release, y.release);
}

// ---- Alpine: apk-tools version.c ----

type ApkToken =
  | { type: 0; value: bigint } // digit
  | { type: 1; value: string } // letter
  | { type: 2; value: number } // suffix (its rank)
  | { type: 3; value: bigint } // suffix number
  | { type: 4; value: bigint } // revision
  | { type: 5 }; // end

const APK_SUFFIXES = ['alpha', 'beta', 'pre', 'rc', '', 'cvs', 'svn', 'git', 'hg', 'p'];
const APK_PRE_RELEASE = APK_SUFFIXES.indexOf('');

function parseApk(v: string): ApkToken[] | undefined {
  const m = /^(\d+(?:\.\d+)*)([a-z]?)((?:_(?:alpha|beta|pre|rc|cvs|svn|git|hg|p)\d*)*)(?:-r(\d+))?$/.exec(v);
  if (!m) return undefined;
  const numbers = m[1]!.split('.');
  // apk compares a later segment with a leading zero as a decimal fraction: not ordered here.
  if (numbers.slice(1).some((n) => n.length > 1 && n.startsWith('0'))) return undefined;
  const tokens: ApkToken[] = numbers.map((n) => ({ type: 0, value: BigInt(n) }));
  if (m[2]) tokens.push({ type: 1, value: m[2] });
  for (const s of m[3]!.split('_').slice(1)) {
    const sm = /^([a-z]+)(\d*)$/.exec(s)!;
    tokens.push({ type: 2, value: APK_SUFFIXES.indexOf(sm[1]!) });
    if (sm[2]) tokens.push({ type: 3, value: BigInt(sm[2]) });
  }
  if (m[4] !== undefined) tokens.push({ type: 4, value: BigInt(m[4]) });
  tokens.push({ type: 5 });
  return tokens;
}

function apkCompare(a: string, b: string): number | undefined {
  const x = parseApk(a);
  const y = parseApk(b);
  if (!x || !y) return undefined;
  for (let i = 0; ; i++) {
    const s = x[i]!;
    const t = y[i]!;
    if (s.type === t.type) {
      if (s.type === 5) return 0;
      const d = compareValues((s as { value: bigint | string | number }).value, (t as typeof s).value);
      if (d !== 0) return d;
      continue;
    }
    // Equal so far: the longer version is newer, unless what it goes on with is a pre-release suffix.
    if (s.type === 2 && s.value < APK_PRE_RELEASE) return -1;
    if (t.type === 2 && t.value < APK_PRE_RELEASE) return 1;
    return s.type > t.type ? -1 : 1;
  }
}

function compareValues(a: bigint | string | number, b: bigint | string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const BY_TYPE: Record<string, Compare> = {
  npm: semverCompare,
  cargo: semverCompare,
  golang: golangCompare,
  maven: mavenCompare,
  deb: debianCompare,
  rpm: rpmCompare,
  apk: apkCompare,
  alpine: apkCompare,
  pypi: pypiCompare,
  generic: genericCompare,
};

/** The order for a purl type; types without a known scheme get numeric segments only. */
export function comparatorFor(purlType: string | undefined): { scheme: string; compare: Compare } {
  const type = (purlType ?? 'generic').toLowerCase();
  // Own keys only: a purl type `constructor` must not find Object's.
  const compare = Object.hasOwn(BY_TYPE, type) ? BY_TYPE[type] : undefined;
  return compare ? { scheme: type, compare } : { scheme: 'generic', compare: genericCompare };
}
