import { afterEach, expect, test, vi } from 'vitest';
import { actionLog } from '../../src/action/log.js';
import { registerSecret } from '../../src/secrets.js';

afterEach(() => vi.restoreAllMocks());

test('a secret is masked before the text is escaped: a password holding ##[ or a control character is never shown', () => {
  const written: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
  registerSecret('pa##[ss\u001bword');
  actionLog.info('login with pa##[ss\u001bword failed');
  actionLog.warning('again pa##[ss\u001bword');
  const out = written.join('');
  expect(out).toContain('login with *** failed');
  expect(out).toContain('::warning::again ***');
  expect(out).not.toContain('ss\\u001bword');
});
