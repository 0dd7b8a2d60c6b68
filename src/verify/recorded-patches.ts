import { isDigest, type Digest } from '../oci/digest.js';
import type { Patch } from '../patches/types.js';
import type { AppliedRecord } from '../rebase/rewrite.js';
import type { LayerSwap } from '../rebase/types.js';

/**
 * The patches a recorded step stands for, rebuilt from the provenance label alone: each swap's target,
 * its selector as written, its source as recorded, and its patch image by digest. Applied to the image
 * the step replaced, they must give the image that records them. Pure.
 */
export interface RecordedInputs {
  patches: Patch[];
  /** `repository@sha256:…` of the run image the step rebased onto, or '' when it did not. */
  runImage: string;
}

export class CannotVerifyError extends Error {}

/** More launcher shas than any patch file lists: a label claiming so was not written by this tool. */
const MAX_MUST_MATCH = 256;

/** `example/node / node [version=22.*, arch=amd64]` back into buildpack, layer and data selectors. */
function parseLayerSelector(
  selector: string,
  readData = true,
): {
  buildpack: string;
  layer: string;
  data: Record<string, string>;
} {
  const m = /^(.+?) \/ (.+?)(?: \[(.*)\])?$/.exec(selector);
  if (!m) throw new CannotVerifyError(`the recorded selector "${selector}" is not one this tool writes`);
  const data: Record<string, string> = Object.create(null) as Record<string, string>;
  if (m[3] && readData) {
    // Entries are `key=glob` joined by ", "; a glob may itself hold ", ", so split only before `key=`.
    for (const part of m[3].split(/, (?=[^,=\s]+=)/)) {
      const eq = part.indexOf('=');
      if (eq <= 0)
        throw new CannotVerifyError(`the recorded selector "${selector}" has an unreadable data entry`);
      data[part.slice(0, eq)] = part.slice(eq + 1);
    }
  }
  return { buildpack: m[1]!, layer: m[2]!, data };
}

export function recordedInputs(records: AppliedRecord[]): RecordedInputs {
  const patches: Patch[] = [];
  let runImage = '';
  for (const r of records) {
    if (r.target === 'run-image') {
      runImage = r.patchImage;
      continue;
    }
    const at = r.patchImage.lastIndexOf('@');
    if (at < 0 || !isDigest(r.patchImage.slice(at + 1)))
      throw new CannotVerifyError(
        `the patch image of ${r.target} is recorded without its digest (${r.patchImage})`,
      );
    // The reference as it was given, pinned to the manifest that was used: a tag is resolved by the
    // recorded digest; a reference pinned by its own digest (an index) resolves to the same child again.
    const given = r.patchImage.slice(0, at);
    const patchImage = given.includes('@') ? given : r.patchImage;
    // The source exactly as recorded: the label a re-derivation writes must be byte-identical.
    const common = {
      patchImage,
      mirrors: [],
      source: { kind: 'file' as const, location: r.source, recorded: r.source },
      where: `label record ${r.target}`,
    };
    if (r.target === 'launcher') {
      const count = /^launcher \(must-match-sha: (\d+)\)$/.exec(r.selector);
      if (!count && r.selector !== 'launcher')
        throw new CannotVerifyError(`the recorded selector "${r.selector}" is not one this tool writes`);
      // must-match-sha only admits the launcher being replaced; the label keeps how many shas it listed.
      // A real must-match-sha lists a few launcher shas; a count beyond that is no label this tool wrote.
      const n = count ? Number(count[1]) : 0;
      if (n > MAX_MUST_MATCH)
        throw new CannotVerifyError(
          `the recorded selector "${r.selector}" lists more shas than a patch file can`,
        );
      patches.push({
        kind: 'launcher',
        ...common,
        ...(count ? { mustMatchSha: Array<Digest>(n).fill(r.from) } : {}),
      });
      continue;
    }
    const selector = parseLayerSelector(r.selector, !r.data);
    // Newer labels record the data selectors exactly; the selector text is read only for older ones.
    if (r.data) {
      const data: Record<string, string> = Object.create(null) as Record<string, string>;
      for (const [k, v] of Object.entries(r.data)) {
        if (typeof v !== 'string')
          throw new CannotVerifyError(`the recorded data selector ${k} is not a glob`);
        data[k] = v;
      }
      selector.data = data;
    }
    // The record's own target: buildpack ids hold '/', layer names (directory names) do not.
    const slash = r.target.lastIndexOf('/');
    if (slash <= 0 || slash === r.target.length - 1)
      throw new CannotVerifyError(`the recorded target "${r.target}" is not one this tool writes`);
    const only = {
      buildpack: r.target.slice(0, slash),
      layer: r.target.slice(slash + 1),
      ...(r.position !== undefined ? { index: r.position } : {}),
    };
    patches.push({ kind: 'layer', ...common, ...selector, only });
  }
  return { patches, runImage };
}

/**
 * When records carry no `buildpacks[]` position and the re-derived swaps reach two entries that share an
 * id, the label does not say which entry each record is: a difference cannot be told from a guess.
 */
export function unrecordedPosition(
  step: { records: AppliedRecord[] },
  swaps: LayerSwap[],
): string | undefined {
  if (step.records.some((r) => r.position !== undefined)) return undefined;
  const positions = new Map<string, Set<number>>();
  for (const s of swaps) {
    if (s.target.kind !== 'layer') continue;
    const set = positions.get(s.target.buildpack) ?? new Set<number>();
    set.add(s.target.index);
    positions.set(s.target.buildpack, set);
  }
  for (const [id, set] of positions)
    if (set.size > 1)
      return `the label does not record which of the buildpacks[] entries with id ${id} each swap changed (made by a layer-rebase before positions were recorded)`;
  return undefined;
}
