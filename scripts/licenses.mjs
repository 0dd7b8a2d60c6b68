// Writes dist/licenses.txt from every production dependency: ncc's own --license output misses the
// modules of lazily loaded chunks. Sorted and de-duplicated, so the file is the same on every machine.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const paths = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { encoding: 'utf8' })
  .split('\n')
  .filter(Boolean)
  .slice(1);
const seen = new Map();
for (const dir of paths) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const key = `${pkg.name}@${pkg.version}`;
  if (seen.has(key)) continue;
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  const text = file ? readFileSync(join(dir, file), 'utf8').trim() : '';
  seen.set(key, `${pkg.name} ${pkg.version}\n${pkg.license ?? 'see package'}\n${text}`);
}
const body = [...seen.entries()]
  .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  .map(([, text]) => text)
  .join('\n\n');
writeFileSync('dist/licenses.txt', `${body}\n`);
