import { expect, test } from 'vitest';
import { sha256 } from '../../src/oci/digest.js';
import { provenanceStatement } from '../../src/signing/attestations.js';

const d = sha256;

test('provenance: every input by digest — the replaced, patch and run images, local files by their recorded sha256, an unpinned URL by what it gave this run', () => {
  const local = `.github/patches/jre.json#sha256=${'a'.repeat(64)}`;
  const pinned = `https://example.com/pinned.json#sha256=${'b'.repeat(64)}`;
  const unpinned = 'https://example.com/nightly.json';
  const statement = JSON.parse(
    provenanceStatement({
      subject: { repository: 'ghcr.io/acme/app', digest: d('new') },
      image: 'ghcr.io/acme/app:prod',
      patchSources: [local, pinned, unpinned, unpinned],
      // Two URLs that differ only in their query, recorded alike: each file's digest is named.
      fetched: new Map([[unpinned, ['c'.repeat(64), 'd'.repeat(64), 'c'.repeat(64)]]]),
      force: false,
      runImage: 'auto',
      replaced: { repository: 'ghcr.io/acme/app', digest: d('old') },
      patchImages: [`ghcr.io/acme/jre:17@${d('jre')}`],
      runImageResolved: `ghcr.io/acme/run:jammy@${d('run')}`,
      builderId: 'https://github.com/acme/infra/.github/workflows/nightly.yml@refs/heads/main',
      startedOn: '2026-12-07T00:00:00Z',
      version: '1.0.0',
    }).toString(),
  ) as {
    subject: unknown;
    predicate: {
      buildDefinition: { externalParameters: { patches: string[] }; resolvedDependencies: unknown[] };
    };
  };
  expect(statement.subject).toEqual([{ name: 'ghcr.io/acme/app', digest: { sha256: d('new').slice(7) } }]);
  expect(statement.predicate.buildDefinition.resolvedDependencies).toEqual([
    {
      uri: `oci://ghcr.io/acme/app@${d('old')}`,
      digest: { sha256: d('old').slice(7) },
      name: 'replaced image',
    },
    {
      uri: `oci://ghcr.io/acme/jre:17@${d('jre')}`,
      digest: { sha256: d('jre').slice(7) },
      name: 'patch image',
    },
    {
      uri: `oci://ghcr.io/acme/run:jammy@${d('run')}`,
      digest: { sha256: d('run').slice(7) },
      name: 'run image',
    },
    { uri: '.github/patches/jre.json', digest: { sha256: 'a'.repeat(64) } },
    { uri: 'https://example.com/nightly.json', digest: { sha256: 'c'.repeat(64) } },
    { uri: 'https://example.com/nightly.json', digest: { sha256: 'd'.repeat(64) } },
    { uri: 'https://example.com/pinned.json', digest: { sha256: 'b'.repeat(64) } },
  ]);
  // The inputs as given: an unpinned URL stays unpinned there (the label records it so).
  expect(statement.predicate.buildDefinition.externalParameters.patches).toEqual(
    [local, unpinned, pinned].sort(),
  );
});
