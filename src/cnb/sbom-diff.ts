/**
 * Component-level differences between two SBOM documents of one layer, in the three formats
 * lifecycle writes: CycloneDX JSON, SPDX JSON and Syft JSON.
 */
export interface Component {
  name: string;
  version: string;
  purl?: string;
}

export interface ComponentChange {
  name: string;
  from: string;
  to: string;
  purl?: string;
}

export interface SbomDiff {
  format: 'cyclonedx' | 'spdx' | 'syft';
  added: Component[];
  removed: Component[];
  changed: ComponentChange[];
}

const FILES: { file: string; format: SbomDiff['format'] }[] = [
  { file: 'sbom.cdx.json', format: 'cyclonedx' },
  { file: 'sbom.spdx.json', format: 'spdx' },
  { file: 'sbom.syft.json', format: 'syft' },
];

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

function cyclonedx(doc: Record<string, unknown>): Component[] {
  const out: Component[] = [];
  const walk = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const c of list) {
      if (!isObject(c) || !str(c.name)) continue;
      const name = str(c.group) ? `${str(c.group)}/${str(c.name)}` : str(c.name)!;
      out.push({ name, version: str(c.version) ?? '', ...(str(c.purl) ? { purl: str(c.purl)! } : {}) });
      walk(c.components);
    }
  };
  walk(doc.components);
  return out;
}

function spdx(doc: Record<string, unknown>): Component[] {
  if (!Array.isArray(doc.packages)) return [];
  return doc.packages.filter(isObject).flatMap((p) => {
    const name = str(p.name);
    if (!name) return [];
    const refs = Array.isArray(p.externalRefs) ? p.externalRefs.filter(isObject) : [];
    const purl = str(refs.find((r) => r.referenceType === 'purl')?.referenceLocator);
    return [{ name, version: str(p.versionInfo) ?? '', ...(purl ? { purl } : {}) }];
  });
}

/** Syft JSON; libpak writes the older Go-struct spelling (`Artifacts`, `Name`, `Version`, `PURL`). */
function syft(doc: Record<string, unknown>): Component[] {
  const artifacts = doc.artifacts ?? doc.Artifacts;
  if (!Array.isArray(artifacts)) return [];
  return artifacts.filter(isObject).flatMap((a) => {
    const name = str(a.name ?? a.Name);
    if (!name) return [];
    const purl = str(a.purl ?? a.PURL ?? a.Purl);
    return [{ name, version: str(a.version ?? a.Version) ?? '', ...(purl ? { purl } : {}) }];
  });
}

export function parseComponents(format: SbomDiff['format'], bytes: Buffer): Component[] | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isObject(doc)) return undefined;
  return format === 'cyclonedx' ? cyclonedx(doc) : format === 'spdx' ? spdx(doc) : syft(doc);
}

/** Every component the SBOM files of one layer list, in all the formats present (scanners' purls vary by format). */
export function componentsOf(files: Record<string, Buffer>): Component[] | undefined {
  const present = FILES.filter((f) => files[f.file]);
  if (present.length === 0) return undefined;
  return present.flatMap((f) => parseComponents(f.format, files[f.file]!) ?? []);
}

/** Identity of a component across versions: its purl without version and qualifiers, else its name. */
function identity(c: Component): string {
  if (c.purl) return c.purl.replace(/[?#].*$/, '').replace(/@[^/@]*$/, '');
  return `name:${c.name}`;
}

export function diffComponents(
  format: SbomDiff['format'],
  before: Component[],
  after: Component[],
): SbomDiff {
  const group = (list: Component[]) => {
    const m = new Map<string, Component[]>();
    for (const c of list) m.set(identity(c), [...(m.get(identity(c)) ?? []), c]);
    return m;
  };
  const old = group(before);
  const neu = group(after);
  const diff: SbomDiff = { format, added: [], removed: [], changed: [] };
  for (const [key, olds] of old) {
    const news = neu.get(key);
    if (!news) {
      diff.removed.push(...olds);
      continue;
    }
    const oldVersions = olds.map((c) => c.version).sort();
    const newVersions = news.map((c) => c.version).sort();
    if (oldVersions.join('\n') === newVersions.join('\n')) continue;
    if (olds.length === 1 && news.length === 1) {
      const to = news[0]!;
      diff.changed.push({
        name: to.name,
        from: olds[0]!.version,
        to: to.version,
        ...(to.purl ? { purl: to.purl } : {}),
      });
    } else {
      diff.removed.push(...olds.filter((c) => !newVersions.includes(c.version)));
      diff.added.push(...news.filter((c) => !oldVersions.includes(c.version)));
    }
  }
  for (const [key, news] of neu) if (!old.has(key)) diff.added.push(...news);
  const byName = (a: { name: string }, b: { name: string }) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  diff.added.sort(byName);
  diff.removed.sort(byName);
  diff.changed.sort(byName);
  return diff;
}

/** The diff of the first format present on both sides (CycloneDX, then SPDX, then Syft); else one side alone. */
export function diffSbomFiles(
  before: Record<string, Buffer>,
  after: Record<string, Buffer>,
): SbomDiff | undefined {
  const pick =
    FILES.find((f) => before[f.file] && after[f.file]) ?? FILES.find((f) => before[f.file] || after[f.file]);
  if (!pick) return undefined;
  const old = before[pick.file] ? (parseComponents(pick.format, before[pick.file]!) ?? []) : [];
  const neu = after[pick.file] ? (parseComponents(pick.format, after[pick.file]!) ?? []) : [];
  return diffComponents(pick.format, old, neu);
}
