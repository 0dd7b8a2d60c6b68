/**
 * Which reported ids name the same vulnerability. Grype reports a GHSA match with its CVE in
 * `relatedVulnerabilities`, Trivy the CVE alone: judged apart, one could be "fixed" (and stated in the
 * VEX, which then hides the other) while the other is open. So aliases are one vulnerability.
 *
 * Only ids from databases where one id is one vulnerability are merged (CVE, GHSA, OSV's ecosystem
 * databases). Distro advisories (ALAS, ELSA, RHSA, DSA, USN, …) *relate* to many CVEs: merging through
 * them would join unrelated vulnerabilities, and stating them as aliases would let a scanner drop an
 * advisory for CVEs the patch never touched.
 */
const SINGLE_VULNERABILITY =
  /^(?:CVE-\d{4}-\d{4,}|GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}|(?:GO|PYSEC|RUSTSEC|GSD|OSV|GMS|MAL|RSEC|JLSEC|PSF)-\d{4}-[A-Za-z0-9-]+|BIT-[a-z0-9-]+-\d{4}-\d+)$/i;

const isCve = (id: string) => /^CVE-/i.test(id);

/**
 * An id as its database writes it: `cve-2021-44228` is `CVE-2021-44228`, `ghsa-JFH8-…` is `GHSA-jfh8-…`
 * (and other single-vulnerability ids keep their letters but get an upper-case prefix). Scanners write
 * these forms; a report that does not would otherwise keep one vulnerability in two alias groups, and
 * the copy under the other spelling would not keep the group open.
 */
export function canonicalId(id: string): string {
  if (!isSingleVulnerabilityId(id)) return id;
  if (isCve(id)) return id.toUpperCase();
  if (/^GHSA-/i.test(id)) return `GHSA-${id.slice(5).toLowerCase()}`;
  const dash = id.indexOf('-');
  return `${id.slice(0, dash).toUpperCase()}${id.slice(dash)}`;
}

export function isSingleVulnerabilityId(id: string): boolean {
  return SINGLE_VULNERABILITY.test(id);
}

/**
 * The ids one report entry links to its own for judging: every related id from a single-vulnerability
 * database. A GHSA that relates to two CVEs links to both — judged together, one open copy keeps all
 * of them open (the conservative side); which of them may be *named* as aliases is `statedAliases`.
 */
export function trueAliases(id: string, related: string[]): string[] {
  if (!isSingleVulnerabilityId(id)) return [];
  return [...new Set(related.filter((a) => a !== id && isSingleVulnerabilityId(a)))];
}

/**
 * The aliases a finding (and a VEX statement) names beside `id`: never another CVE — one vulnerability
 * has one CVE, so a group holding two is related advisories, and naming one CVE's statement after the
 * other would hide it — and nothing at all for such a group.
 */
export function statedAliases(id: string, members: string[]): string[] {
  if (members.filter(isCve).length > 1) return [];
  return members.filter((m) => m !== id);
}

/** Union of alias sets: every id maps to its group's members. */
export class AliasGroups {
  private readonly parent = new Map<string, string>();

  add(id: string, aliases: string[] = []): void {
    this.find(id);
    for (const a of aliases) this.union(id, a);
  }

  private find(id: string): string {
    let root = this.parent.get(id);
    if (root === undefined) {
      this.parent.set(id, id);
      return id;
    }
    while (root !== this.parent.get(root)) root = this.parent.get(root)!;
    this.parent.set(id, root);
    return root;
  }

  private union(a: string, b: string): void {
    const x = this.find(a);
    const y = this.find(b);
    if (x !== y) this.parent.set(x < y ? y : x, x < y ? x : y);
  }

  /** A stable key for the group of `id`. */
  key(id: string): string {
    return this.find(id);
  }

  /** Every group's ids, sorted, in a stable order. */
  all(): string[][] {
    const byRoot = new Map<string, string[]>();
    for (const id of this.parent.keys()) {
      const root = this.find(id);
      byRoot.set(root, [...(byRoot.get(root) ?? []), id]);
    }
    return [...byRoot.values()].map((m) => m.sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
  }
}

/** The name a group goes by: its CVE when it has one (scanners and VEX consumers key on it), else the first id. */
export function displayId(members: string[]): string {
  return [...members].sort().find(isCve) ?? [...members].sort()[0]!;
}
