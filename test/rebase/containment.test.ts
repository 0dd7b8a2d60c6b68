import { describe, expect, test } from 'vitest';
import type { TarType } from '../../src/cnb/tar-reader.js';
import { containmentFor, containmentViolation } from '../../src/rebase/containment.js';

const jre = containmentFor({ kind: 'layer', buildpack: 'acme/jre', layer: 'jre' }, '/layers');
const launcher = containmentFor({ kind: 'launcher' }, '/layers');

describe('containment of a patch layer', () => {
  test('the allowed directories', () => {
    expect(jre.dir).toBe('layers/acme_jre/jre');
    expect(containmentFor({ kind: 'layer', buildpack: 'a/b', layer: 'c' }, '/custom/layers/').dir).toBe(
      'custom/layers/a_b/c',
    );
    expect(launcher.dir).toBe('cnb/lifecycle');
  });

  test.each([
    // [name, type, linkname, allowed?]
    ['/layers', 'directory', '', true],
    ['layers/', 'directory', '', true],
    ['./layers/acme_jre/', 'directory', '', true],
    ['/layers/acme_jre/jre', 'directory', '', true],
    ['/layers/acme_jre/jre/bin/java', 'file', '', true],
    ['/layers/acme_jre/jre/lib/libjli.so', 'symlink', '/usr/lib/libjli.so', true],
    ['/layers/acme_jre/jre/bin/java2', 'link', 'layers/acme_jre/jre/bin/java', true],
    ['/layers/acme_jre/jre/.wh.old', 'file', '', true],
    ['/layers', 'file', '', false],
    ['/layers/acme_jre', 'symlink', '/etc', false],
    ['/layers/acme_jre.toml', 'file', '', false],
    ['/layers/acme_jre/jre.toml', 'file', '', false],
    ['/layers/acme_jre/jrex/file', 'file', '', false],
    ['/layers/acme_tini/tini/bin/tini', 'file', '', false],
    ['/etc/ld.so.preload', 'file', '', false],
    ['/layers/acme_jre/jre/../../../etc/passwd', 'file', '', false],
    ['/layers/acme_jre/jre/bin/sh', 'link', 'bin/sh', false],
    ['/layers/acme_jre/jre/dev/null', 'char-device', '', false],
    ['/layers/acme_jre/jre/fifo', 'fifo', '', false],
    ['/', 'directory', '', true],
    ['/cnb', 'directory', '', false],
  ] as [string, TarType, string, boolean][])('%s (%s %s): allowed %s', (name, type, linkname, allowed) => {
    expect(containmentViolation({ name, type, linkname }, jre, new Set()) === undefined).toBe(allowed);
  });

  test('an entry written through a symlink of the same layer is outside, wherever the link points', () => {
    const seen = new Set<string>();
    expect(
      containmentViolation(
        { name: 'layers/acme_jre/jre/conf', type: 'symlink', linkname: '/etc' },
        jre,
        seen,
      ),
    ).toBeUndefined();
    expect(
      containmentViolation(
        { name: 'layers/acme_jre/jre/conf/passwd', type: 'file', linkname: '' },
        jre,
        seen,
      ),
    ).toBe('"layers/acme_jre/jre/conf/passwd" is written through the symlink /layers/acme_jre/jre/conf');
  });

  test('the launcher may write only under /cnb/lifecycle/', () => {
    expect(
      containmentViolation(
        { name: '/cnb/lifecycle/launcher', type: 'file', linkname: '' },
        launcher,
        new Set(),
      ),
    ).toBe(undefined);
    expect(
      containmentViolation({ name: '/cnb/process/web', type: 'file', linkname: '' }, launcher, new Set()),
    ).toBe('"/cnb/process/web" is outside /cnb/lifecycle/');
  });
});
