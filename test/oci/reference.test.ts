import { describe, expect, test } from 'vitest';
import { InvalidReferenceError } from '../../src/errors.js';
import { apiHost, formatReference, isLoopbackHost, parseReference } from '../../src/oci/reference.js';

const D = `sha256:${'a'.repeat(64)}`;

describe('parseReference', () => {
  test.each([
    ['ubuntu', { registry: 'docker.io', repository: 'library/ubuntu', tag: 'latest', defaultTag: true }],
    ['ubuntu:22.04', { registry: 'docker.io', repository: 'library/ubuntu', tag: '22.04' }],
    ['paketobuildpacks/run:base', { registry: 'docker.io', repository: 'paketobuildpacks/run', tag: 'base' }],
    ['docker.io/library/node:22', { registry: 'docker.io', repository: 'library/node', tag: '22' }],
    ['index.docker.io/heroku/builder:24', { registry: 'docker.io', repository: 'heroku/builder', tag: '24' }],
    ['ghcr.io/acme/app', { registry: 'ghcr.io', repository: 'acme/app', tag: 'latest', defaultTag: true }],
    ['localhost/app:1', { registry: 'localhost', repository: 'app', tag: '1' }],
    ['localhost:5000/a/b/c:dev', { registry: 'localhost:5000', repository: 'a/b/c', tag: 'dev' }],
    [
      '127.0.0.1:5000/app',
      { registry: '127.0.0.1:5000', repository: 'app', tag: 'latest', defaultTag: true },
    ],
    ['[::1]:5000/app:x', { registry: '[::1]:5000', repository: 'app', tag: 'x' }],
    [`ghcr.io/acme/app@${D}`, { registry: 'ghcr.io', repository: 'acme/app', digest: D }],
    [`ghcr.io/acme/app:1.2@${D}`, { registry: 'ghcr.io', repository: 'acme/app', tag: '1.2', digest: D }],
    [
      'registry.example.com:443/x_y/z--w__v:T_1.0-rc',
      { registry: 'registry.example.com:443', repository: 'x_y/z--w__v', tag: 'T_1.0-rc' },
    ],
    [
      'Foo.example.com/app',
      { registry: 'Foo.example.com', repository: 'app', tag: 'latest', defaultTag: true },
    ],
    // As in distribution/reference: an upper-case first component is a host, not a Docker Hub namespace.
    ['UPPER/app', { registry: 'UPPER', repository: 'app', tag: 'latest', defaultTag: true }],
  ])('%s', (input, expected) => {
    expect(parseReference(input)).toEqual({ kind: 'registry', ...expected });
  });

  test.each([
    ['oci:/tmp/layout', { dir: '/tmp/layout', tag: 'latest', defaultTag: true }],
    ['oci:/tmp/layout:v1', { dir: '/tmp/layout', tag: 'v1' }],
    ['oci:./rel/dir:app', { dir: './rel/dir', tag: 'app' }],
    [`oci:/tmp/layout@${D}`, { dir: '/tmp/layout', digest: D }],
  ])('%s', (input, expected) => {
    expect(parseReference(input)).toEqual({ kind: 'layout', ...expected });
  });

  test.each([
    ['', /empty/],
    ['acme/App', /lowercase/],
    ['ghcr.io/Acme/app', /lowercase/],
    ['ghcr.io/acme/app:', /invalid tag/],
    ['ghcr.io/acme/app:-bad', /invalid tag/],
    [`ghcr.io/acme/app:${'t'.repeat(129)}`, /invalid tag/],
    ['ghcr.io/acme/app@sha256:abc', /not a sha256 digest/],
    ['ghcr.io/acme//app', /path component ""/],
    ['ghcr.io/acme/-app', /path component/],
    ['ghcr.io/acme/app_', /path component/],
    ['host:port/app', /port/],
    ['-bad.example.com/app', /registry host/],
    ['oci:', /directory/],
    ['docker://ghcr.io/acme/app:1', /drop the "docker:\/\/" prefix: write ghcr.io\/acme\/app:1/],
    ['https://ghcr.io/acme/app:1', /drop the "https:\/\/" scheme: write ghcr.io\/acme\/app:1$/],
    ['http://localhost:5000/app/', /drop the "http:\/\/" scheme: write localhost:5000\/app$/],
    ['acme/App:1.0', /repository name must be lowercase: write acme\/app:1\.0$/],
    [
      `Reg.example.com:5000/Acme/App@${D}`,
      /lowercase: write Reg\.example\.com:5000\/acme\/app@sha256:a{64}$/,
    ],
    ['./layout-dir', /this is a path; for an OCI image layout directory write oci:.\/layout-dir\[:<tag>\]/],
    ['/srv/images/app', /write oci:\/srv\/images\/app/],
    [`ghcr.io/${'a'.repeat(250)}`, /longer than 255/],
    // A lowercase spelling is suggested only when it is valid; else the character that is not allowed is named.
    [
      'ghcr.io/Acme/app!:1',
      /: repository name must be lowercase, and invalid repository path component "app!": "!" is not allowed \(lowercase letters and digits, separated by "\.", "_", "__" or "-"\)$/,
    ],
    ['Bad_Tag!', /lowercase, and invalid repository path component "Bad_Tag!": "!" is not allowed/],
    ['ghcr.io/Acme/-app', /lowercase, and invalid repository path component "-app"$/],
    [`ghcr.io/A${'a'.repeat(250)}`, /lowercase, and is longer than 255 characters$/],
    ['ghcr.io/acme/app!', /invalid repository path component "app!": "!" is not allowed/],
  ])('rejects %s', (input, message) => {
    const error = (() => {
      try {
        parseReference(input);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidReferenceError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(`"${input}"`);
  });

  test('a suggested spelling is itself a valid reference; none is suggested when lowercasing is not enough', () => {
    const suggestion = (input: string) => {
      try {
        parseReference(input);
      } catch (e) {
        return /: write (\S+)$/.exec((e as Error).message)?.[1];
      }
      throw new Error(`${input} was accepted`);
    };
    for (const input of ['ghcr.io/Acme/App:1', 'acme/App', `Reg.example.com:5000/Acme/App@${D}`])
      expect(() => parseReference(suggestion(input)!), input).not.toThrow();
    for (const input of ['ghcr.io/Acme/app!:1', 'Bad_Tag!', 'ghcr.io/Acme/-app', 'ghcr.io/Acme/a b'])
      expect(suggestion(input), input).toBeUndefined();
  });

  test('formats canonically', () => {
    expect(formatReference(parseReference('node'))).toBe('docker.io/library/node:latest');
    expect(formatReference(parseReference(`a.io/b:c@${D}`))).toBe(`a.io/b:c@${D}`);
    expect(formatReference(parseReference('oci:/x:y'))).toBe('oci:/x:y');
  });

  test('hosts', () => {
    expect(apiHost('docker.io')).toBe('registry-1.docker.io');
    expect(apiHost('ghcr.io')).toBe('ghcr.io');
    expect(isLoopbackHost('127.0.0.1:5000')).toBe(true);
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('[::1]:80')).toBe(true);
    expect(isLoopbackHost('127.example.com')).toBe(false);
    expect(isLoopbackHost('ghcr.io')).toBe(false);
  });
});
