import { describeValue, LayerRebaseError, UsageError } from '../errors.js';
import { MAX_NESTING, tooDeep } from '../nesting.js';
import { isDigest, type Digest } from '../oci/digest.js';
import { canonicalId } from './aliases.js';

/** Severity as scanners spell it, lower-cased; `negligible` is Grype's level below low. */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'negligible' | 'unknown';

export const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'negligible', 'unknown'];

/** Higher is worse; unknown ranks below everything (it never satisfies `require-fix`). */
export function severityRank(s: Severity): number {
  return { critical: 5, high: 4, medium: 3, low: 2, negligible: 1, unknown: 0 }[s];
}

export type RequiredSeverity = 'low' | 'medium' | 'high' | 'critical';

/** `require-fix`: empty for none, else the lowest severity a plan must fix. */
export function parseRequireFix(name: string, value: string): RequiredSeverity | undefined {
  const v = value.trim().toLowerCase();
  if (v === '') return undefined;
  if (v === 'low' || v === 'medium' || v === 'high' || v === 'critical') return v;
  throw new UsageError(`${name} must be low, medium, high or critical, got "${value}"`);
}

/** Scanner reports are large (every package of an image) but bounded; over this is refused. */
export const MAX_REPORT_BYTES = 128 * 1024 * 1024;

export interface ReportedVulnerability {
  id: string;
  /**
   * Ids the report relates to it (Grype's `relatedVulnerabilities`): the CVE of a GHSA, but also the many
   * CVEs of a distro advisory. Which of them are aliases is decided in aliases.ts.
   */
  aliases: string[];
  severity: Severity;
  package: string;
  purl?: string;
  /** The scanner's package type (`jar`, `java-archive`, `npm`, `deb`), for when there is no purl. */
  packageType?: string;
  installed: string;
  /** Versions that fix it; empty when there is no fix. */
  fixedIn: string[];
  /** Vulnerable ranges as the report writes them (Grype's `matchDetails[].found.versionConstraint`). */
  ranges: string[];
  /** diffIDs of the layers the package was found in. */
  layers: Digest[];
  /** A copy the report places in no layer (Trivy's `"Layer": {}`, a Grype location without `layerID`). */
  unlocated: boolean;
  /** The advisory page the report links (Trivy's `PrimaryURL`, Grype's `dataSource`), when it is https. */
  url?: string;
}

export interface VulnerabilityReport {
  file: string;
  format: 'trivy' | 'grype';
  /** The scanned image's config digest. */
  imageId?: Digest;
  /** Manifest digests the report names (repo digests, Grype's manifestDigest): a platform's or an index's. */
  manifestDigests: Digest[];
  diffIds: Digest[];
  vulnerabilities: ReportedVulnerability[];
}

/** A report that cannot be read: the file, the JSON path and the value, in one line. */
export class VulnerabilityReportError extends LayerRebaseError {
  constructor(file: string, key: string, value: unknown, reason: string) {
    super(
      'invalid-vulnerability-report',
      `vulnerability report ${file}${key ? ` at ${key}` : ''}: ${reason}${describeValue(value)}`,
    );
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads one field of a report with its JSON path in the error. */
class Fields {
  constructor(readonly file: string) {}
  fail(key: string, value: unknown, why: string): never {
    throw new VulnerabilityReportError(this.file, key, value, why);
  }
  object(parent: Json, key: string, path: string, required = false): Json | undefined {
    const v = parent[key];
    if (v === undefined || (v === null && !required)) {
      if (required) this.fail(path, undefined, 'is missing');
      return undefined;
    }
    if (!isObject(v)) this.fail(path, v, 'must be an object');
    return v;
  }
  array(parent: Json, key: string, path: string): unknown[] {
    const v = parent[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail(path, v, 'must be an array');
    return v;
  }
  string(parent: Json, key: string, path: string, required = false): string | undefined {
    const v = parent[key];
    if (v === undefined || (v === null && !required)) {
      if (required) this.fail(path, undefined, 'is missing');
      return undefined;
    }
    if (typeof v !== 'string') this.fail(path, v, 'must be a string');
    return v;
  }
  strings(parent: Json, key: string, path: string): string[] {
    return this.array(parent, key, path).map((v, i) =>
      typeof v === 'string' ? v : this.fail(`${path}[${i}]`, v, 'must be a string'),
    );
  }
  digest(value: string | undefined, path: string): Digest | undefined {
    if (value === undefined || value === '') return undefined;
    if (!isDigest(value)) this.fail(path, value, 'is not a digest (sha256:<64 hex>)');
    return value as Digest;
  }
  item(list: unknown[], i: number, path: string): Json {
    const v = list[i];
    if (!isObject(v)) this.fail(`${path}[${i}]`, v, 'must be an object');
    return v;
  }
}

/**
 * An https URL as the report gives it (normalized), or undefined: anything else is never linked. Only shown,
 * never judged: a value of another type is ignored rather than failing the report.
 */
function httpsUrl(text: unknown): string | undefined {
  if (typeof text !== 'string' || text === '') return undefined;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function severityOf(text: string | undefined): Severity {
  const s = (text ?? '').toLowerCase();
  return (SEVERITIES as string[]).includes(s) ? (s as Severity) : 'unknown';
}

/** `repo@sha256:…` entries of RepoDigests, as digests. */
function repoDigests(f: Fields, list: string[], path: string): Digest[] {
  return list.flatMap((entry, i) => {
    const at = entry.lastIndexOf('@');
    const d = f.digest(at >= 0 ? entry.slice(at + 1) : entry, `${path}[${i}]`);
    return d ? [d] : [];
  });
}

/** Trivy's FixedVersion holds one version, several (`1.5.13, 1.3.15`), or nothing. */
function splitFixed(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseTrivy(doc: Json, f: Fields): VulnerabilityReport {
  if (doc.SchemaVersion !== 2)
    f.fail('SchemaVersion', doc.SchemaVersion, 'must be 2 (Trivy JSON, trivy image --format json)');
  const meta = f.object(doc, 'Metadata', 'Metadata') ?? {};
  const imageId = f.digest(f.string(meta, 'ImageID', 'Metadata.ImageID'), 'Metadata.ImageID');
  const report: VulnerabilityReport = {
    file: f.file,
    format: 'trivy',
    ...(imageId ? { imageId } : {}),
    manifestDigests: repoDigests(
      f,
      f.strings(meta, 'RepoDigests', 'Metadata.RepoDigests'),
      'Metadata.RepoDigests',
    ),
    diffIds: f
      .strings(meta, 'DiffIDs', 'Metadata.DiffIDs')
      .flatMap((d, i) => f.digest(d, `Metadata.DiffIDs[${i}]`) ?? []),
    vulnerabilities: [],
  };
  const results = f.array(doc, 'Results', 'Results');
  for (let r = 0; r < results.length; r++) {
    const result = f.item(results, r, 'Results');
    const type = f.string(result, 'Type', `Results[${r}].Type`);
    const list = f.array(result, 'Vulnerabilities', `Results[${r}].Vulnerabilities`);
    for (let v = 0; v < list.length; v++) {
      const path = `Results[${r}].Vulnerabilities[${v}]`;
      const vuln = f.item(list, v, `Results[${r}].Vulnerabilities`);
      const ident = f.object(vuln, 'PkgIdentifier', `${path}.PkgIdentifier`);
      const purl = ident && f.string(ident, 'PURL', `${path}.PkgIdentifier.PURL`);
      const layer = f.object(vuln, 'Layer', `${path}.Layer`);
      const diffId =
        layer && f.digest(f.string(layer, 'DiffID', `${path}.Layer.DiffID`), `${path}.Layer.DiffID`);
      const url = httpsUrl(vuln.PrimaryURL);
      report.vulnerabilities.push({
        id: canonicalId(f.string(vuln, 'VulnerabilityID', `${path}.VulnerabilityID`, true)!),
        aliases: [],
        severity: severityOf(f.string(vuln, 'Severity', `${path}.Severity`)),
        package: f.string(vuln, 'PkgName', `${path}.PkgName`, true)!,
        ...(purl ? { purl } : {}),
        ...(type ? { packageType: type } : {}),
        installed: f.string(vuln, 'InstalledVersion', `${path}.InstalledVersion`) ?? '',
        fixedIn: splitFixed(f.string(vuln, 'FixedVersion', `${path}.FixedVersion`)),
        ranges: [],
        layers: diffId ? [diffId] : [],
        unlocated: !diffId,
        ...(url ? { url } : {}),
      });
    }
  }
  return report;
}

function parseGrype(doc: Json, f: Fields): VulnerabilityReport {
  const source = f.object(doc, 'source', 'source') ?? {};
  const target = f.object(source, 'target', 'source.target') ?? {};
  const imageId = f.digest(f.string(target, 'imageID', 'source.target.imageID'), 'source.target.imageID');
  const manifest = f.digest(
    f.string(target, 'manifestDigest', 'source.target.manifestDigest'),
    'source.target.manifestDigest',
  );
  const layers = f.array(target, 'layers', 'source.target.layers');
  const report: VulnerabilityReport = {
    file: f.file,
    format: 'grype',
    ...(imageId ? { imageId } : {}),
    manifestDigests: [
      ...(manifest ? [manifest] : []),
      ...repoDigests(
        f,
        f.strings(target, 'repoDigests', 'source.target.repoDigests'),
        'source.target.repoDigests',
      ),
    ],
    diffIds: layers.flatMap((_, i) => {
      const layer = f.item(layers, i, 'source.target.layers');
      return (
        f.digest(
          f.string(layer, 'digest', `source.target.layers[${i}].digest`),
          `source.target.layers[${i}].digest`,
        ) ?? []
      );
    }),
    vulnerabilities: [],
  };
  const matches = f.array(doc, 'matches', 'matches');
  for (let m = 0; m < matches.length; m++) {
    const path = `matches[${m}]`;
    const match = f.item(matches, m, 'matches');
    const vuln = f.object(match, 'vulnerability', `${path}.vulnerability`, true)!;
    const artifact = f.object(match, 'artifact', `${path}.artifact`, true)!;
    const fix = f.object(vuln, 'fix', `${path}.vulnerability.fix`) ?? {};
    const locations = f.array(artifact, 'locations', `${path}.artifact.locations`);
    const related = f.array(match, 'relatedVulnerabilities', `${path}.relatedVulnerabilities`);
    const id = canonicalId(f.string(vuln, 'id', `${path}.vulnerability.id`, true)!);
    const purl = f.string(artifact, 'purl', `${path}.artifact.purl`);
    const type = f.string(artifact, 'type', `${path}.artifact.type`);
    const state = f.string(fix, 'state', `${path}.vulnerability.fix.state`);
    const url = httpsUrl(vuln.dataSource);
    const details = f.array(match, 'matchDetails', `${path}.matchDetails`);
    const ranges = details.flatMap((_, i) => {
      const detail = f.item(details, i, `${path}.matchDetails`);
      const found = f.object(detail, 'found', `${path}.matchDetails[${i}].found`) ?? {};
      const range = f.string(
        found,
        'versionConstraint',
        `${path}.matchDetails[${i}].found.versionConstraint`,
      );
      return range ? [range] : [];
    });
    const layerIds = locations.map((_, i) => {
      const loc = f.item(locations, i, `${path}.artifact.locations`);
      return f.digest(
        f.string(loc, 'layerID', `${path}.artifact.locations[${i}].layerID`),
        `${path}.artifact.locations[${i}].layerID`,
      );
    });
    report.vulnerabilities.push({
      id,
      aliases: related
        .map((r, i) =>
          f.string(
            f.item(related, i, `${path}.relatedVulnerabilities`),
            'id',
            `${path}.relatedVulnerabilities[${i}].id`,
          ),
        )
        .filter((a): a is string => Boolean(a))
        .map(canonicalId)
        .filter((a) => a !== id),
      severity: severityOf(f.string(vuln, 'severity', `${path}.vulnerability.severity`)),
      package: f.string(artifact, 'name', `${path}.artifact.name`, true)!,
      ...(purl ? { purl } : {}),
      ...(type ? { packageType: type } : {}),
      installed: f.string(artifact, 'version', `${path}.artifact.version`) ?? '',
      // "not-fixed", "wont-fix" and "unknown" states list no versions; only "fixed" ones count.
      fixedIn:
        state === undefined || state === 'fixed'
          ? f.strings(fix, 'versions', `${path}.vulnerability.fix.versions`)
          : [],
      ranges: [...new Set(ranges)],
      layers: [...new Set(layerIds.filter((d) => d !== undefined))],
      unlocated: layerIds.length === 0 || layerIds.some((d) => d === undefined),
      ...(url ? { url } : {}),
    });
  }
  return report;
}

/** A Trivy (SchemaVersion 2) or Grype JSON report, recognised from its content. */
export function parseVulnerabilityReport(text: string, file: string): VulnerabilityReport {
  const f: Fields = new Fields(file);
  if (Buffer.byteLength(text) > MAX_REPORT_BYTES)
    f.fail('', undefined, `is more than the ${MAX_REPORT_BYTES} bytes allowed`);
  if (tooDeep(text)) f.fail('', undefined, `is nested too deeply (more than ${MAX_NESTING} levels)`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    f.fail('', undefined, `is not JSON (${(error as Error).message})`);
  }
  if (!isObject(doc)) f.fail('', doc, 'must be a JSON object');
  if ('SchemaVersion' in doc) return parseTrivy(doc, f);
  if ('matches' in doc) return parseGrype(doc, f);
  return f.fail(
    '',
    undefined,
    'is neither a Trivy JSON report (SchemaVersion 2, trivy image --format json) nor a Grype JSON report (matches[], grype -o json)',
  );
}
