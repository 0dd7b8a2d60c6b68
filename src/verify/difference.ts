import { readTar } from '../cnb/tar-reader.js';
import type { ImageConfig, ImageManifest } from '../oci/types.js';

/**
 * The first place a pushed image differs from what its recorded patches give, in words an auditor can
 * check: a layer at index N, a label key, a config field, a manifest field. Pure.
 */
export function firstDifference(
  expected: { manifest: ImageManifest; config: ImageConfig },
  actual: { manifest: ImageManifest; config: ImageConfig },
  sbomIndex?: number,
  /** The layers the recorded patches swap, by index: `example/jvm/jre`. */
  swapped: ReadonlyMap<number, string> = new Map(),
): string {
  const el = expected.manifest.layers;
  const al = actual.manifest.layers;
  if (el.length !== al.length)
    return `it has ${al.length} layers where the recorded patches give ${el.length}`;
  for (let i = 0; i < el.length; i++) {
    if (el[i]!.digest === al[i]!.digest && el[i]!.mediaType === al[i]!.mediaType) continue;
    const target = swapped.get(i);
    const what =
      i === sbomIndex
        ? 'the SBOM layer'
        : target
          ? `${target}, not the layer its recorded patch image gives`
          : 'a layer no recorded patch swapped';
    return `layer ${i} (${what}) is ${al[i]!.digest} where the recorded patches give ${el[i]!.digest}`;
  }
  const labels = (c: ImageConfig) => c.config?.Labels ?? {};
  const keys = [
    ...new Set([...Object.keys(labels(expected.config)), ...Object.keys(labels(actual.config))]),
  ].sort();
  for (const key of keys) {
    const e = labels(expected.config)[key];
    const a = labels(actual.config)[key];
    if (e === a) continue;
    if (a === undefined) return `label ${key} is missing`;
    if (e === undefined) return `label ${key} is not one the recorded patches write`;
    return `label ${key} differs from what the recorded patches write: ${around(a, e)}`;
  }
  const { config: ec, ...erest } = expected.config;
  const { config: ac, ...arest } = actual.config;
  const field =
    firstField(erest, arest) ??
    firstField({ ...ec, Labels: undefined }, { ...ac, Labels: undefined }, 'config.');
  if (field) return `config field ${field} differs`;
  const { layers: _e, config: _ec, ...em } = expected.manifest;
  const { layers: _a, config: _ac, ...am } = actual.manifest;
  const mfield = firstField(em, am, 'manifest ');
  if (mfield) return `${mfield} differs`;
  if (expected.manifest.config.digest !== actual.manifest.config.digest)
    return 'the config differs in its encoding (same values, other bytes)';
  return 'the manifest differs in its encoding (same values, other bytes)';
}

function firstField(a: Record<string, unknown>, b: Record<string, unknown>, prefix = ''): string | undefined {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const k of keys) if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) return `${prefix}${k}`;
  return undefined;
}

/** Where two texts part, with a little context: `…"source":"x.json#sha256=ab…" where they write …"source":"y…"`. */
function around(actual: string, expected: string): string {
  let i = 0;
  while (i < actual.length && i < expected.length && actual[i] === expected[i]) i++;
  const from = Math.max(0, i - 30);
  const cut = (t: string) => `${from > 0 ? '…' : ''}${t.slice(from, i + 40)}${t.length > i + 40 ? '…' : ''}`;
  return `it has ${JSON.stringify(cut(actual))} where they write ${JSON.stringify(cut(expected))}`;
}

/**
 * Which file of two SBOM layer tars (the derived one, the pushed one) differs first, in the derived
 * layer's order, then files only the pushed one has: `file layers/sbom/…/sbom.cdx.json differs`. Pure.
 */
export function sbomFileDifference(expected: Buffer, actual: Buffer, where: string): string | undefined {
  const files = (tar: Buffer) => {
    const map = new Map<string, { type: string; linkname: string; data: Buffer }>();
    for (const e of readTar(tar, { where }))
      map.set(e.name, {
        type: e.type,
        linkname: e.linkname,
        data: tar.subarray(e.dataStart, e.dataStart + e.size),
      });
    return map;
  };
  const e = files(expected);
  const a = files(actual);
  for (const [name, want] of e) {
    const got = a.get(name);
    if (!got) return `its file ${name} is missing`;
    if (got.type !== want.type || got.linkname !== want.linkname || !got.data.equals(want.data))
      return `its file ${name} differs`;
  }
  for (const name of a.keys())
    if (!e.has(name)) return `its file ${name} is not one the recorded patches write`;
  return undefined;
}
