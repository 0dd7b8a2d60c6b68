import { describe, expect, test } from 'vitest';
import { comparatorFor } from '../../src/vulns/versions.js';

/** [type, a, b, expected sign of compare(a, b) or undefined]: orders from each ecosystem's own docs and tools. */
const CASES: [string, string, string, -1 | 0 | 1 | undefined][] = [
  // Maven ComparableVersion (maven.apache.org/pom.html#version-order-specification)
  ['maven', '1', '1.1', -1],
  ['maven', '1-alpha', '1-beta', -1],
  ['maven', '1-beta', '1-milestone', -1],
  ['maven', '1-milestone', '1-rc', -1],
  ['maven', '1-rc', '1-snapshot', -1],
  ['maven', '1-snapshot', '1', -1],
  ['maven', '1', '1-sp', -1],
  ['maven', '1-sp', '1-abc', -1],
  ['maven', '1.0.0', '1', 0],
  ['maven', '1-ga', '1', 0],
  ['maven', '1.0-final', '1', 0],
  ['maven', '1-cr1', '1-rc1', 0],
  ['maven', '1a1', '1-alpha-1', 0],
  ['maven', '2.0.0.RELEASE', '2.0.0', 0],
  ['maven', '1.0-SNAPSHOT', '1.0', -1],
  ['maven', '2.14.1', '2.15.0', -1],
  ['maven', '2.17.1', '2.17.0', 1],
  ['maven', '1.10', '1.9', 1],
  ['maven', '5.3.20', '5.3.21', -1],
  ['maven', '1.0.0-M1', '1.0.0-RC1', -1],
  ['maven', '1 0', '1', undefined],
  // Maven 3.8.7+ (MNG-7644, MNG-6964); test/vulns/maven-order.txt has thousands more from the jar
  ['maven', '1.0.0.RC1', '1.0.0-RC2', -1],
  ['maven', '1.0.0.Beta2', '1.0.0-1', -1],
  ['maven', '2.1-alpha1', '2.1.beta1', -1],
  ['maven', '1-0.alpha', '1', -1],
  ['maven', '2.0.0.RC', '2-RC', 0],
  // Debian policy §5.6.12, dpkg --compare-versions
  ['deb', '1.0~rc1', '1.0', -1],
  ['deb', '1:0.1', '2.0', 1],
  ['deb', '1.2.3-1', '1.2.3-1+deb12u1', -1],
  ['deb', '2.36-9+deb12u4', '2.36-9+deb12u7', -1],
  ['deb', '1.0a', '1.0', 1],
  ['deb', '1.0-1', '1.0-1.1', -1],
  ['deb', '3.0.11-1~deb12u2', '3.0.11-1', -1],
  ['deb', '1.2.3', '1.2.3', 0],
  ['deb', 'not a version', '1.0', undefined],
  // rpmvercmp (rpm.org/user_doc/versioning.html)
  ['rpm', '1.0~rc1', '1.0', -1],
  ['rpm', '1.0^git1', '1.0', 1],
  ['rpm', '1.0^git1', '1.0.1', -1],
  ['rpm', '2.0-1.el9', '2.0-0.el9', 1],
  ['rpm', '1:1.0', '2.0', 1],
  ['rpm', '1.10', '1.9', 1],
  ['rpm', '3.0.7-25.el9_3', '3.0.7-27.el9', -1],
  // A version without release against a build of it: rpm would match them, but neither is older
  ['rpm', '3.0.7', '3.0.7-27.el9', undefined],
  ['rpm', '3.0.7-25.el9', '3.0.7', undefined],
  ['rpm', '1:3.0.7', '1:3.0.7-27.el9', undefined],
  ['rpm', '3.0.7', '3.0.7', 0],
  ['rpm', '3.0.7', '3.0.8-1.el9', -1],
  ['rpm', '3.0.8', '3.0.7-27.el9', 1],
  ['rpm', '1:3.0.7', '3.0.7-27.el9', 1],
  // apk-tools version.c
  ['apk', '1.2.3-r0', '1.2.3-r1', -1],
  ['apk', '1.2.3_rc1', '1.2.3', -1],
  ['apk', '1.2.3_p1', '1.2.3', 1],
  ['apk', '1.2.3a', '1.2.3', 1],
  ['apk', '3.0.8-r0', '3.0.12-r0', -1],
  ['apk', '1.2.3', '1.2.3.1', -1],
  ['apk', '1.2.3.1', '1.2.3a', 1],
  ['apk', '1.01', '1.1', undefined],
  // semver 2.0.0
  ['npm', '1.2.3', '1.2.4', -1],
  ['npm', '1.0.0-rc.1', '1.0.0', -1],
  ['npm', '1.10.0', '1.9.0', 1],
  ['npm', '1.2', '1.2.0', undefined],
  ['cargo', '0.10.0', '0.9.9', 1],
  // Go modules
  ['golang', 'v1.2.3', 'v1.10.0', -1],
  ['golang', 'go1.21.3', '1.21.5', -1],
  ['golang', 'v0.0.0-20230101000000-abcdefabcdef', 'v0.1.0', -1],
  ['golang', '1.21', '1.21.0', 0],
  // PEP 440
  ['pypi', '1.0rc1', '1.0', -1],
  ['pypi', '1.0.post1', '1.0', 1],
  ['pypi', '2.0.0a1', '2.0.0', -1],
  ['pypi', '1!0.1', '2.0', 1],
  ['pypi', '1.0', '1.0.0', 0],
  // generic: numeric segments only
  ['generic', '17.0.8', '17.0.9', -1],
  ['generic', '17.0.10', '17.0.9', 1],
  ['generic', '22.11', '22.11.0', 0],
  ['generic', '17.0.9+9', '17.0.9', undefined],
  ['conan', '1.2', '1.10', -1],
];

describe('version order by purl type', () => {
  test.each(CASES)('%s: %s vs %s', (type, a, b, expected) => {
    const { compare } = comparatorFor(type);
    const d = compare(a, b);
    expect(d === undefined ? undefined : Math.sign(d)).toBe(expected);
    // Antisymmetric wherever it decides.
    const r = compare(b, a);
    expect(r === undefined ? undefined : Math.sign(r)).toBe(
      expected === undefined ? undefined : -expected || 0,
    );
  });

  test('unknown types order numeric segments only', () => {
    expect(comparatorFor('swift').scheme).toBe('generic');
    expect(comparatorFor(undefined).scheme).toBe('generic');
  });
});
