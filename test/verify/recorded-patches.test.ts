import { expect, test } from 'vitest';
import type { LifecycleMetadata } from '../../src/cnb/metadata.js';
import { sha256 } from '../../src/oci/digest.js';
import { matchPatches } from '../../src/patches/match.js';
import type { AppliedRecord } from '../../src/rebase/rewrite.js';
import { CannotVerifyError, recordedInputs } from '../../src/verify/recorded-patches.js';

const d = sha256;
const metadata: LifecycleMetadata = {
  buildpacks: [
    { key: 'example/jvm', version: '1', layers: { jre: { sha: d('jre'), data: { flavor: 'a' } } } },
    { key: 'example/jvm-extra', version: '1', layers: { jre: { sha: d('extra'), data: null } } },
    { key: 'example/jvm', version: '1', layers: { jre: { sha: d('jre2'), data: { flavor: 'b' } } } },
  ],
} as LifecycleMetadata;

const record = (target: string, selector: string, image: string, extra: Partial<AppliedRecord> = {}) =>
  ({
    target,
    source: 'p.json',
    selector,
    patchImage: `r.io/${image}@${d(image)}`,
    from: d('from'),
    to: d('to'),
    ...extra,
  }) as AppliedRecord;

const winners = (records: AppliedRecord[]) =>
  matchPatches(metadata, recordedInputs(records).patches).matches.map((m) => [
    m.target.kind === 'layer' ? `${m.target.buildpack}#${m.target.index}` : 'launcher',
    m.patch.patchImage.split('@')[0],
  ]);

test('each record re-applies to the target it names, whatever order the run had its patches in', () => {
  // The run: `example/jvm*` (p1) first, then `example/jvm` with flavor=a (p2): p2 won entry 0, p1 the rest.
  // The label lists records in layer order, so rebuilt in that order p1 would win entry 0 again.
  const records = [
    record('example/jvm/jre', 'example/jvm / jre [flavor=a]', 'p2', { data: { flavor: 'a' }, position: 0 }),
    record('example/jvm-extra/jre', 'example/jvm* / jre', 'p1', { position: 1 }),
    record('example/jvm/jre', 'example/jvm* / jre', 'p1', { position: 2 }),
  ];
  expect(winners(records)).toEqual([
    ['example/jvm#0', 'r.io/p2'],
    ['example/jvm-extra#1', 'r.io/p1'],
    ['example/jvm#2', 'r.io/p1'],
  ]);
  // Without positions (an earlier release), a record applies to every entry of its id and layer.
  const old = records.map(({ position: _, ...r }) => r as AppliedRecord);
  expect(winners(old).map(([t]) => t)).toEqual(['example/jvm#0', 'example/jvm-extra#1', 'example/jvm#2']);
  // A record whose selector does not select the target it names applies nowhere.
  expect(winners([record('example/jvm/jre', 'example/other / jre', 'p3', { position: 0 })])).toEqual([]);
  expect(() => recordedInputs([record('jre', 'example/jvm / jre', 'p1')])).toThrow(CannotVerifyError);
});
