import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { canonicalFileName } from '../../src/files.js';

/** A checkout: `<dir>/repo/.git/` and `<dir>/repo/.github/patches/security.json`. */
async function checkout(gitEntry: 'dir' | 'file' | 'none' = 'dir') {
  const dir = await mkdtemp(join(tmpdir(), 'canonical-'));
  const repo = join(dir, 'repo');
  await mkdir(join(repo, '.github', 'patches'), { recursive: true });
  if (gitEntry === 'dir') await mkdir(join(repo, '.git'));
  if (gitEntry === 'file') await writeFile(join(repo, '.git'), 'gitdir: ../.git/worktrees/repo\n');
  const file = join(repo, '.github', 'patches', 'security.json');
  await writeFile(file, '{"patches":[]}');
  return { dir, repo, file };
}

describe('the name a local patch file is recorded by', () => {
  test('relative to the git top level, however the path is spelled', async () => {
    const c = await checkout();
    for (const spelling of [
      c.file,
      join(c.repo, '.github', 'patches', '..', 'patches', 'security.json'),
      join(c.repo, '.', '.github', '.', 'patches', 'security.json'),
    ])
      expect(await canonicalFileName(spelling)).toBe('.github/patches/security.json');
  });

  test('a .git file (a worktree or a submodule) marks the top level too', async () => {
    const c = await checkout('file');
    expect(await canonicalFileName(c.file)).toBe('.github/patches/security.json');
  });

  test('symlinks are resolved: a link into the checkout names the file it points at', async () => {
    const c = await checkout();
    const link = join(c.dir, 'link-to-repo');
    await symlink(c.repo, link);
    expect(await canonicalFileName(join(link, '.github/patches/security.json'))).toBe(
      '.github/patches/security.json',
    );
  });

  test('outside any repository: the file name alone', async () => {
    const c = await checkout('none');
    expect(await canonicalFileName(c.file)).toBe('security.json');
  });

  test('in the action: relative to the workspace, or to a repository checked out inside it', async () => {
    const plain = await checkout('none');
    expect(await canonicalFileName(plain.file, plain.repo)).toBe('.github/patches/security.json');
    // actions/checkout with `path: repo`: the repository's own top level, as the CLI in that checkout names it.
    const nested = await checkout();
    expect(await canonicalFileName(nested.file, nested.dir)).toBe('.github/patches/security.json');
    // A .git above the workspace is not looked for.
    const above = await checkout();
    const workspace = join(above.repo, '.github');
    expect(await canonicalFileName(above.file, workspace)).toBe('patches/security.json');
    // Outside the workspace: as the CLI names it.
    expect(await canonicalFileName(above.file, plain.repo)).toBe('.github/patches/security.json');
  });
});
