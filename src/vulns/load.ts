import { isAbsolute, relative, resolve } from 'node:path';
import { readRegularFile } from '../files.js';
import { expandGlob } from '../patches/sources.js';
import { MAX_REPORT_BYTES, parseVulnerabilityReport, type VulnerabilityReport } from './reports.js';

/**
 * The `vulnerability-reports` entries: paths or globs, relative to the workspace. A path that does
 * not exist or a report that is malformed fails the run before anything is pushed; a glob that
 * matches nothing is a warning (the scan step may have been skipped).
 */
export async function loadVulnerabilityReports(
  entries: string[],
  cwd: string,
): Promise<{ reports: VulnerabilityReport[]; warnings: string[] }> {
  const reports: VulnerabilityReport[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const full = isAbsolute(entry) ? entry : resolve(cwd, entry);
    const files = /[*?[]/.test(entry) ? await expandGlob(full) : [full];
    if (files.length === 0) warnings.push(`vulnerability-reports: "${entry}" matches no file`);
    for (const file of files) {
      if (seen.has(file)) continue;
      seen.add(file);
      const shown = isAbsolute(entry) ? file : relative(cwd, file);
      const text = (await readRegularFile(file, MAX_REPORT_BYTES, 'vulnerability report')).toString('utf8');
      reports.push(parseVulnerabilityReport(text, shown));
    }
  }
  return { reports, warnings };
}
