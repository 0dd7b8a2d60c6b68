import { describe, expect, test } from 'vitest';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DigestMismatchError, FormatError } from '../../src/errors.js';
import { DigestVerifier, parseDigest, sha256 } from '../../src/oci/digest.js';
import { layerMediaTypeFor, MediaType } from '../../src/oci/media-types.js';
import { parseChallenges } from '../../src/oci/registry/challenge.js';
import { retryAfter } from '../../src/oci/registry/transport.js';
import { parseImageConfig, parseManifest, platformMatches } from '../../src/oci/types.js';

describe('media types', () => {
  test.each([
    [MediaType.ociLayerGzip, 'docker', MediaType.dockerLayerGzip],
    [MediaType.dockerLayerGzip, 'oci', MediaType.ociLayerGzip],
    [MediaType.dockerLayerGzip, 'docker', MediaType.dockerLayerGzip],
    [MediaType.ociLayerZstd, 'oci', MediaType.ociLayerZstd],
    [MediaType.dockerForeignLayerGzip, 'oci', MediaType.ociLayerNondistributableGzip],
  ] as const)('%s in a %s manifest is %s', (from, family, to) => {
    expect(layerMediaTypeFor(from, family)).toBe(to);
  });
  test.each([MediaType.ociLayerZstd, MediaType.ociLayer])('%s cannot go into a Docker manifest', (mt) => {
    expect(() => layerMediaTypeFor(mt, 'docker')).toThrow(
      /cannot be expressed in a Docker schema 2 manifest/,
    );
  });
  test('unknown layer types are refused', () => {
    expect(() => layerMediaTypeFor('application/x-whatever', 'oci')).toThrow(/unsupported layer media type/);
  });
});

describe('digests', () => {
  test('parseDigest names the file and key', () => {
    expect(() => parseDigest('sha256:XYZ', 'config.json', 'rootfs.diff_ids[0]')).toThrow(
      /config.json at rootfs.diff_ids\[0\]: expected a digest/,
    );
    expect(() => parseDigest(`sha512:${'a'.repeat(128)}`, 'm', 'digest')).toThrow(/only sha256/);
  });
  test('the stream verifier passes good bytes and fails bad ones at the end', async () => {
    const good = Buffer.from('hello');
    const out: Buffer[] = [];
    await pipeline(Readable.from([good]), new DigestVerifier(sha256(good), 'test', 5), async function* (src) {
      for await (const c of src) out.push(c as Buffer);
      yield* [];
    });
    expect(Buffer.concat(out).toString()).toBe('hello');
    await expect(
      pipeline(
        Readable.from([Buffer.from('hellO')]),
        new DigestVerifier(sha256(good), 'test'),
        async function* (src) {
          for await (const _ of src) void _;
          yield* [];
        },
      ),
    ).rejects.toBeInstanceOf(DigestMismatchError);
    await expect(
      pipeline(Readable.from([good]), new DigestVerifier(sha256(good), 'test', 4), async function* (src) {
        for await (const _ of src) void _;
        yield* [];
      }),
    ).rejects.toThrow(/more than 4 bytes/);
  });
});

describe('WWW-Authenticate', () => {
  test.each([
    [
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/node:pull"',
      [
        {
          scheme: 'bearer',
          params: {
            realm: 'https://auth.docker.io/token',
            service: 'registry.docker.io',
            scope: 'repository:library/node:pull',
          },
        },
      ],
    ],
    ['Basic realm="Registry Realm"', [{ scheme: 'basic', params: { realm: 'Registry Realm' } }]],
    [
      'Bearer realm=https://x/token, service=reg',
      [{ scheme: 'bearer', params: { realm: 'https://x/token', service: 'reg' } }],
    ],
    [
      'Basic realm="a, b", Bearer realm="https://t",scope="repository:a:pull,push"',
      [
        { scheme: 'basic', params: { realm: 'a, b' } },
        { scheme: 'bearer', params: { realm: 'https://t', scope: 'repository:a:pull,push' } },
      ],
    ],
    ['Bearer realm="quo\\"ted"', [{ scheme: 'bearer', params: { realm: 'quo"ted' } }]],
  ])('%s', (header, expected) => {
    expect(parseChallenges(header)).toEqual(expected);
  });
});

test('Retry-After in seconds and as a date', () => {
  expect(retryAfter('3', 0)).toBe(3000);
  expect(retryAfter('Thu, 01 Jan 1970 00:00:10 GMT', 4000)).toBe(6000);
  expect(retryAfter('soon', 0)).toBeUndefined();
});

describe('manifest and config validation', () => {
  const d = `sha256:${'b'.repeat(64)}`;
  test('an OCI manifest without mediaType takes the served type', () => {
    const bytes = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        config: { mediaType: MediaType.ociConfig, digest: d, size: 2 },
        layers: [],
      }),
    );
    expect(parseManifest(bytes, 'm', MediaType.ociManifest).kind).toBe('image');
  });
  test('errors name the key and value', () => {
    const bytes = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        config: { mediaType: MediaType.ociConfig, digest: d, size: -1 },
        layers: [],
      }),
    );
    const error = (() => {
      try {
        parseManifest(bytes, 'app@sha256:x');
      } catch (e) {
        return e as FormatError;
      }
    })();
    expect(error).toBeInstanceOf(FormatError);
    expect(error!.message).toBe('app@sha256:x at config.size: expected a non-negative integer (got -1)');
  });
  test('config rootfs must list diffIDs', () => {
    expect(() =>
      parseImageConfig(
        Buffer.from('{"os":"linux","architecture":"amd64","rootfs":{"type":"layers","diff_ids":["x"]}}'),
        'cfg',
      ),
    ).toThrow(/cfg at rootfs.diff_ids\[0\]/);
  });
  test('platform matching treats arm64 without a variant as v8', () => {
    expect(
      platformMatches(
        { os: 'linux', architecture: 'arm64' },
        { os: 'linux', architecture: 'arm64', variant: 'v8' },
      ),
    ).toBe(true);
    expect(
      platformMatches(
        { os: 'linux', architecture: 'arm', variant: 'v7' },
        { os: 'linux', architecture: 'arm', variant: 'v6' },
      ),
    ).toBe(false);
    expect(
      platformMatches({ os: 'linux', architecture: 'amd64' }, { os: 'windows', architecture: 'amd64' }),
    ).toBe(false);
  });
});
