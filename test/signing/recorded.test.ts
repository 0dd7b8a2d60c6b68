import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initializeTSA } from '@sigstore/mock';
import { describe, expect, test } from 'vitest';
import { sha256, type Digest } from '../../src/oci/digest.js';
import { LayoutStore } from '../../src/oci/layout.js';
import { imagesOutput } from '../../src/report/json.js';
import { signedManifests } from '../../src/report/signing-words.js';
import type { ImageResult, RunResult } from '../../src/result.js';
import { ANNOTATION } from '../../src/signing/formats.js';
import { recordedInBundle, recordedInLegacy, timestampTime } from '../../src/signing/recorded.js';
import { storeBundle, storeLegacy } from '../../src/signing/store-signatures.js';

/** An RFC 3161 TimeStampResp from @sigstore/mock's timestamp authority, its clock at `at`. */
async function stamp(at: string): Promise<Buffer> {
  const tsa = await initializeTSA(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }), new Date(at));
  const der = await tsa.timestamp({
    artifactHash: createHash('sha256').update('a signature').digest(),
    hashAlgorithmOID: '2.16.840.1.101.3.4.2.1',
    nonce: 42,
    policyOID: '1.3.6.1.4.1.57264.2',
    certReq: true,
  });
  return Buffer.from(der.buffer, der.byteOffset, der.byteLength);
}

describe('what a stored signature says about where it was recorded', () => {
  test("an RFC 3161 timestamp's genTime, with and without milliseconds; anything else is no time", async () => {
    expect(timestampTime(await stamp('2026-03-04T05:06:07.123Z'))).toBe('2026-03-04T05:06:07.123Z');
    expect(timestampTime(await stamp('2026-03-04T05:06:07.000Z'))).toBe('2026-03-04T05:06:07Z');
    expect(timestampTime(Buffer.from('not a timestamp'))).toBeUndefined();
    expect(timestampTime(Buffer.alloc(0))).toBeUndefined();
    // Cut short: a length that runs past the end.
    const whole = await stamp('2026-03-04T05:06:07.123Z');
    expect(timestampTime(whole.subarray(0, whole.length - 10))).toBeUndefined();
  });

  test("a bundle's log index (a JSON string) and timestamp; a .sig layer's (cosign's annotations); a key alone: nothing", async () => {
    const signedTimestamp = (await stamp('2026-03-04T05:06:07.123Z')).toString('base64');
    const bundle = Buffer.from(
      JSON.stringify({
        verificationMaterial: {
          tlogEntries: [{ logIndex: '123456789' }],
          timestampVerificationData: { rfc3161Timestamps: [{ signedTimestamp }] },
        },
      }),
    );
    expect(recordedInBundle(bundle)).toEqual({ logIndex: 123456789, timestamp: '2026-03-04T05:06:07.123Z' });
    expect(recordedInBundle(Buffer.from('{"verificationMaterial": {"publicKey": {"hint": "x"}}}'))).toEqual(
      {},
    );
    expect(
      recordedInLegacy({
        [ANNOTATION.signature]: 'c2ln',
        [ANNOTATION.bundle]: JSON.stringify({ SignedEntryTimestamp: 'x', Payload: { logIndex: 7 } }),
        [ANNOTATION.timestamp]: JSON.stringify({ SignedRFC3161Timestamp: signedTimestamp }),
      }),
    ).toEqual({ logIndex: 7, timestamp: '2026-03-04T05:06:07.123Z' });
    expect(recordedInLegacy({ [ANNOTATION.signature]: 'c2ln' })).toEqual({});
  });

  test('stored, then shown: the summary and CLI words, the JSON report and the images output', async () => {
    const store = new LayoutStore(await mkdtemp(join(tmpdir(), 'recorded-')));
    const manifest = Buffer.from('{"schemaVersion": 2}');
    const digest = sha256(manifest) as Digest;
    const signedTimestamp = (await stamp('2026-03-04T05:06:07.123Z')).toString('base64');
    const bundle = await storeBundle(
      store,
      { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest, size: manifest.length },
      Buffer.from(JSON.stringify({ verificationMaterial: { tlogEntries: [{ logIndex: '41' }] } })),
      '2026-03-04T05:06:07Z',
    );
    const legacy = await storeLegacy(store, digest, {
      payload: Buffer.from('{"critical": {}}'),
      annotations: {
        [ANNOTATION.signature]: 'c2ln',
        [ANNOTATION.timestamp]: JSON.stringify({ SignedRFC3161Timestamp: signedTimestamp }),
      },
    });
    // The JSON report's key order (README "JSON report"): logIndex and timestamp last, when there are.
    expect(Object.keys(bundle)).toEqual(['digest', 'format', 'repository', 'stored', 'logIndex']);
    expect(bundle.logIndex).toBe(41);
    expect(Object.keys(legacy)).toEqual(['digest', 'format', 'repository', 'stored', 'timestamp']);
    expect(legacy.timestamp).toBe('2026-03-04T05:06:07.123Z');

    const image = {
      input: 'r.io/app:v1',
      status: 'patched',
      digest,
      platforms: [{ platform: 'linux/amd64', digestAfter: digest, plan: { swaps: [] } }],
      signing: {
        by: 'key sha256:0123',
        formats: ['bundle', 'legacy'],
        attestations: [],
        manifests: [digest],
        stored: [bundle, legacy],
      },
      tags: [],
      warnings: [],
    } as unknown as ImageResult;
    expect(signedManifests(image)[0]!.signatures).toEqual([
      expect.stringMatching(
        /^Sigstore bundle \(referrer [0-9a-f]{12} in tag sha256-[0-9a-f]{64}, Rekor log index 41\)$/,
      ),
      `cosign .sig (tag ${digest.replace(':', '-')}.sig, timestamped 2026-03-04T05:06:07.123Z)`,
    ]);
    const [entry] = JSON.parse(imagesOutput({ images: [image] } as unknown as RunResult)) as {
      signed: Record<string, unknown>[];
    }[];
    expect(entry!.signed).toMatchObject([
      { format: 'bundle', logIndex: 41, by: 'key sha256:0123' },
      { format: 'legacy', timestamp: '2026-03-04T05:06:07.123Z', by: 'key sha256:0123' },
    ]);
  });
});
