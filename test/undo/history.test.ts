import { expect, test } from 'vitest';
import { sha256 } from '../../src/oci/digest.js';
import type { ImageConfig, ImageManifest } from '../../src/oci/types.js';
import { appliedRecords, stepsOf, undoMismatch, type ImageView } from '../../src/undo/history.js';
import type { AppliedRecord } from '../../src/rebase/rewrite.js';

const d = sha256;
const LABEL = 'io.github.layer-rebase.applied';

function view(diffIds: string[], records: AppliedRecord[] | undefined, sbom?: string): ImageView {
  const config = {
    rootfs: { type: 'layers', diff_ids: diffIds },
    config: { Labels: records ? { [LABEL]: JSON.stringify(records) } : {} },
  } as unknown as ImageConfig;
  const manifest = {
    schemaVersion: 2,
    layers: diffIds.map((id) => ({ mediaType: 'x', digest: d(`blob of ${id}`), size: 1 })),
  } as unknown as ImageManifest;
  return { manifest, config, metadata: sbom ? ({ sbom: { sha: sbom } } as never) : undefined };
}

const rec = (from: string, to: string, replaced?: string, target = 'example/jvm/jre'): AppliedRecord => ({
  target,
  source: 'p.json',
  selector: 'example/jvm / jre',
  patchImage: `r.io/p@${d('p')}`,
  from: d(from),
  to: d(to),
  ...(replaced ? { replaced: { manifest: d(replaced) } } : {}),
});

test('records group into the runs that wrote them, by what they replaced', () => {
  const records = [
    rec('a', 'b', 'm0'),
    rec('l1', 'l2', 'm0', 'launcher'),
    rec('b', 'c', 'm1'),
    rec('x', 'y'),
  ];
  expect(stepsOf(records).map((s) => s.records.length)).toEqual([2, 1, 1]);
  expect(stepsOf(records)[2]!.replaced).toBeUndefined();
  expect(appliedRecords(view([], undefined).config)).toBeUndefined();
  expect(appliedRecords({ config: { Labels: { [LABEL]: '[{"target": 1}]' } } } as never)).toBeUndefined();
});

test('the previous image must be the current one without the last step, layer by layer', () => {
  const first = rec('jre8', 'jre9', 'm0');
  const second = rec('jre9', 'jre10', 'm1');
  const previous = view([d('run'), d('jre9'), d('deps'), d('sbom1')], [first], d('sbom1'));
  const current = view([d('run'), d('jre10'), d('deps'), d('sbom2')], [first, second], d('sbom2'));
  const step = stepsOf([first, second])[1]!;
  expect(undoMismatch(current, previous, step)).toBeUndefined();
  // Another app layer differs: not what the label recorded.
  const other = view([d('run'), d('jre9'), d('other deps'), d('sbom1')], [first], d('sbom1'));
  expect(undoMismatch(current, other, step)).toMatch(/layer 2 differs .* the label records no such swap/);
  // The label of the previous image is not the current one's without the step.
  const relabelled = view([d('run'), d('jre9'), d('deps'), d('sbom1')], [], d('sbom1'));
  expect(undoMismatch(current, relabelled, step)).toBe(
    'its provenance label is not the current one without the last patch',
  );
  // The swapped layer is not the recorded one.
  const wrongJre = view([d('run'), d('jre7'), d('deps'), d('sbom1')], [first], d('sbom1'));
  expect(undoMismatch(current, wrongJre, step)).toMatch(/layer 1 differs/);
  // A different number of layers.
  expect(undoMismatch(current, view([d('run'), d('jre9'), d('sbom1')], [first], d('sbom1')), step)).toMatch(
    /app layers/,
  );
});

test('a step that rebased the run image: the base may differ, the app layers must line up', () => {
  const step = [rec('base-top-old', 'base-top-new', 'm0', 'run-image'), rec('jre8', 'jre9', 'm0')];
  const previous = view([d('b1'), d('base-top-old'), d('jre8'), d('app')], []);
  const current = view([d('n1'), d('n2'), d('base-top-new'), d('jre9'), d('app')], step);
  expect(undoMismatch(current, previous, stepsOf(step)[0]!)).toBeUndefined();
  const moved = view([d('b1'), d('base-top-old'), d('jre8'), d('other app')], []);
  expect(undoMismatch(current, moved, stepsOf(step)[0]!)).toMatch(/differs/);
});

test('two entries sharing an id swapped to the same layer: each swap is its own pair, not one by the new diffID', () => {
  const a = { ...rec('jreA', 'jre9', 'm0'), position: 0 };
  const b = { ...rec('jreB', 'jre9', 'm0'), position: 1 };
  const previous = view([d('run'), d('jreA'), d('jreB'), d('sbom1')], [], d('sbom1'));
  const current = view([d('run'), d('jre9'), d('jre9'), d('sbom2')], [a, b], d('sbom2'));
  expect(undoMismatch(current, previous, stepsOf([a, b])[0]!)).toBeUndefined();
});
