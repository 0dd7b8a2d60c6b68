import { UnsafeTarError } from './tar-reader.js';
import { entryData, normaliseTarPath, rawBytes, scanTar, TAR_TRAILER, type RawTarEntry } from './tar.js';

/**
 * The SBOM layer lifecycle writes: `<layers>/sbom/launch/<escaped buildpack id>/<layer>/sbom.{cdx,spdx,syft}.json`,
 * the launcher's under `buildpacksio_lifecycle/launcher/`. Rewriting it swaps the files of each patched
 * layer for the patch image's and keeps every other entry byte-identical.
 */

export type SbomTarget = { kind: 'layer'; buildpack: string; layer: string } | { kind: 'launcher' };

export function escapeBuildpackId(id: string): string {
  return id.replace(/\//g, '_');
}

/** The layers root from the image's environment (`CNB_LAYERS_DIR`), `/layers` by default. */
export function layersRoot(env: string[] | null | undefined): string {
  const entry = (env ?? []).find((e) => e.startsWith('CNB_LAYERS_DIR='));
  return entry ? entry.slice('CNB_LAYERS_DIR='.length) || '/layers' : '/layers';
}

/** The normalised directory (no leading or trailing `/`) holding one target's SBOM files. */
export function sbomDir(root: string, target: SbomTarget): string {
  const base = `${normaliseTarPath(root)}/sbom/launch`;
  return target.kind === 'launcher'
    ? `${base}/buildpacksio_lifecycle/launcher`
    : `${base}/${escapeBuildpackId(target.buildpack)}/${target.layer}`;
}

export interface SbomReplacement {
  target: SbomTarget;
  /** The directory in the app's SBOM layer. */
  dir: string;
  /** The patch image's SBOM layer (uncompressed) and its directory for the same target; absent when it has none. */
  patch?: { tar: Buffer; dir: string };
}

export interface SbomLayerChange {
  target: SbomTarget;
  dir: string;
  removed: string[];
  added: string[];
  /** File name (e.g. `sbom.cdx.json`) -> contents, before and after, for the SBOM diff. */
  before: Record<string, Buffer>;
  after: Record<string, Buffer>;
  /** The patch image had no SBOM for this target: the old files were dropped. */
  missingInPatch: boolean;
}

export interface SbomRewrite {
  tar: Buffer;
  changes: SbomLayerChange[];
  changed: boolean;
  /** The SBOM documents of every layer not replaced, by directory: what the image keeps listing. */
  kept: Map<string, Record<string, Buffer>>;
}

const SBOM_FILES = new Set(['sbom.cdx.json', 'sbom.spdx.json', 'sbom.syft.json']);

/** SBOM documents outside the given directories, grouped by their directory; hard links read through. */
function sbomFilesOutside(
  tar: Buffer,
  entries: RawTarEntry[],
  dirs: string[],
): Map<string, Record<string, Buffer>> {
  const files = new Map(entries.filter((e) => e.type === 'file').map((e) => [e.path, e]));
  const out = new Map<string, Record<string, Buffer>>();
  for (const e of entries) {
    const slash = e.path.lastIndexOf('/');
    const dir = e.path.slice(0, Math.max(slash, 0));
    const name = e.path.slice(slash + 1);
    if (!SBOM_FILES.has(name) || dirs.some((d) => dir === d || under(dir, d))) continue;
    const file =
      e.type === 'file' ? e : e.type === 'link' ? files.get(normaliseTarPath(e.linkname)) : undefined;
    if (!file) continue;
    const docs = out.get(dir) ?? {};
    docs[name] = Buffer.from(entryData(tar, file));
    out.set(dir, docs);
  }
  return out;
}

const under = (path: string, dir: string) => path.startsWith(`${dir}/`);

function ancestors(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** The SBOM documents directly in `dir`, as an extracted image has them: hard links read through to their file. */
function filesDirectlyIn(tar: Buffer, entries: RawTarEntry[], dir: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const files = new Map(entries.filter((e) => e.type === 'file').map((e) => [e.path, e]));
  for (const e of entries) {
    if (!under(e.path, dir) || e.path.slice(dir.length + 1).includes('/')) continue;
    const file =
      e.type === 'file' ? e : e.type === 'link' ? files.get(normaliseTarPath(e.linkname)) : undefined;
    if (file) out[e.path.slice(dir.length + 1)] = Buffer.from(entryData(tar, file));
  }
  return out;
}

/**
 * What is copied from a patch image's SBOM layer must extract to exactly what is read: files and
 * directories, and hard links only to a file copied with them (a link to anything else is pushed
 * without its target, and the image no longer unpacks). No symlinks: a linked directory would let
 * later entries write into another buildpack's SBOM directory, and readers would follow them anywhere.
 */
function checkCopied(incoming: RawTarEntry[], where: string): void {
  const copied = new Set(incoming.filter((e) => e.type === 'file').map((e) => e.path));
  for (const e of incoming) {
    if (e.type === 'file' || e.type === 'directory') continue;
    if (e.type === 'link' && copied.has(normaliseTarPath(e.linkname))) continue;
    const what =
      e.type === 'link'
        ? `a hard link to "${e.linkname}", which is not copied with it`
        : e.type === 'symlink'
          ? `a symlink to "${e.linkname}"`
          : `a ${e.type}`;
    throw new UnsafeTarError(where, `entry "${e.rawName}" is ${what}; an SBOM directory holds files only`);
  }
}

/** The app's own entries must still extract once a directory is replaced: no link into it, no symlink above it. */
function checkKept(kept: RawTarEntry[], dir: string, copied: Set<string>, where: string): void {
  for (const e of kept) {
    if (e.type === 'symlink' && (e.path === dir || dir.startsWith(`${e.path}/`)))
      throw new UnsafeTarError(
        where,
        `entry "${e.rawName}" is a symlink at or above /${dir}/, where new files would be written through it`,
      );
    const target = normaliseTarPath(e.linkname);
    if (e.type === 'link' && under(target, dir) && !copied.has(target))
      throw new UnsafeTarError(
        where,
        `entry "${e.rawName}" is a hard link to "${e.linkname}", which the patch removes`,
      );
  }
}

/**
 * Rewrites an uncompressed SBOM tar. Untouched entries keep their raw bytes and order; new entries
 * (the patch image's files, plus parent directories the app lacked) go in at their lexical place,
 * as lifecycle orders them. Pure: the same inputs give the same bytes.
 */
export function rewriteSbomTar(appTar: Buffer, replacements: SbomReplacement[], where: string): SbomRewrite {
  const appEntries = scanTar(appTar, `${where} SBOM layer`);
  let kept: { path: string; bytes: Buffer; type: RawTarEntry['type'] }[] = appEntries.map((e) => ({
    path: e.path,
    bytes: rawBytes(appTar, e),
    type: e.type,
  }));
  const changes: SbomLayerChange[] = [];
  let changed = false;
  for (const r of replacements) {
    const removed = kept.filter((k) => under(k.path, r.dir));
    kept = kept.filter((k) => !under(k.path, r.dir));
    const patchEntries = r.patch ? scanTar(r.patch.tar, `${where} patch SBOM layer`) : [];
    const patchDir = r.patch?.dir ?? r.dir;
    const incoming = patchEntries.filter((e) => under(e.path, patchDir));
    checkCopied(incoming, `${where} patch SBOM layer`);
    checkKept(
      appEntries.filter((e) => !under(e.path, r.dir)),
      r.dir,
      new Set(incoming.map((e) => e.path)),
      `${where} SBOM layer`,
    );
    const added: { path: string; bytes: Buffer; type: RawTarEntry['type'] }[] = [];
    const present = new Set(kept.map((k) => k.path));
    // Parent directories the app's layer does not have yet, from the patch image's layer.
    for (const dirPath of ancestors(`${r.dir}/x`)) {
      if (present.has(dirPath) || incoming.length === 0) continue;
      const source = patchEntries.find(
        (e) => e.path === dirPath.replace(r.dir, patchDir) && e.type === 'directory',
      );
      if (source) added.push({ path: dirPath, bytes: rawBytes(r.patch!.tar, source), type: 'directory' });
    }
    for (const e of incoming) added.push({ path: e.path, bytes: rawBytes(r.patch!.tar, e), type: e.type });
    for (const item of added) {
      const at = kept.findIndex((k) => k.path > item.path);
      kept.splice(at < 0 ? kept.length : at, 0, item);
    }
    const before = filesDirectlyIn(appTar, appEntries, r.dir);
    const after = r.patch ? filesDirectlyIn(r.patch.tar, patchEntries, patchDir) : {};
    const sameBytes =
      removed.length === incoming.length &&
      removed.every((k, i) => k.bytes.equals(rawBytes(r.patch!.tar, incoming[i]!)));
    if (!sameBytes) changed = true;
    changes.push({
      target: r.target,
      dir: r.dir,
      removed: removed.map((k) => k.path),
      added: incoming.map((e) => e.path),
      before,
      after,
      missingInPatch: incoming.length === 0,
    });
  }
  return {
    tar: Buffer.concat([...kept.map((k) => k.bytes), TAR_TRAILER]),
    changes,
    changed,
    kept: sbomFilesOutside(
      appTar,
      appEntries,
      replacements.map((r) => r.dir),
    ),
  };
}
