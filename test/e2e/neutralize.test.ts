import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { sha256 } from '../../src/oci/digest.js';
import { parseReference } from '../../src/oci/reference.js';
import { neutralize } from '../../src/report/escape.js';
import { buildCnbImage, jreLayer, npmDepsLayer } from '../fixtures/cnb.js';
import { runAction, runNode } from '../helpers/action.js';
import { registries, storesFor, uniqueRepo } from '../helpers/registry.js';

const stores = storesFor(undefined);
const storeAt = (ref: string) => stores.storeFor(parseReference(ref));
const CLI = resolve(import.meta.dirname, '../../bin/layer-rebase.js');

/** What a hostile label carries: workflow commands on their own lines, and terminal escape sequences. */
const HOSTILE =
  'x\n::error title=owned::injected\n::add-mask::hidden\u001b]0;fake title\u0007\u001b[2J\u009b31m' +
  ' ##[error]legacy \u007f\u0085\u202eevil';

/** Lines of output that the runner would run as a command, or raw escape bytes a terminal would act on. */
function dangers(output: string, ownCommands: RegExp = /^$/): string[] {
  const lines = output.split(/\r?\n/);
  return [
    ...lines.filter((l) => l.trim().startsWith('::') && !ownCommands.test(l.trim())),
    ...lines
      // eslint-disable-next-line no-control-regex
      .filter((l) => /[\u001b\u0007\u007f-\u009f\u202e]|##\[/.test(l))
      .map((l) => `raw escape or runner command in: ${JSON.stringify(l)}`),
  ];
}

async function hostileImage() {
  const host = registries().open.host;
  const repo = `${host}/${uniqueRepo('hostile')}`;
  const record = {
    target: `example/jvm/jre${HOSTILE}`,
    source: `patches.json${HOSTILE}`,
    selector: `example/jvm / jre`,
    patchImage: `${host}/x@${sha256('x')}`,
    from: sha256('from'),
    to: sha256('to'),
    fromVersion: `17.0.8${HOSTILE}`,
    replaced: { manifest: sha256('never pushed') },
  };
  await buildCnbImage(
    storeAt(repo),
    {
      layers: [jreLayer('17.0.9'), npmDepsLayer('hostile')],
      extraLabels: { 'io.github.layer-rebase.applied': JSON.stringify([record]) },
    },
    'v1',
  );
  const dir = await mkdtemp(join(tmpdir(), 'hostile-'));
  return { ref: `${repo}:v1`, dir };
}

describe('text from images never commands the runner or the terminal', () => {
  test('neutralize: control characters escaped, no line begins a workflow command, newlines kept', () => {
    expect(neutralize('ok\n::error::x\n  ::add-mask::y\n: :z')).toBe(
      'ok\n:\u200b:error::x\n  :\u200b:add-mask::y\n:\u200b :z',
    );
    expect(neutralize('a\u001b[2Jb\u0007\u009bc\tkeep')).toBe('a\\u001b[2Jb\\u0007\\u009bc\tkeep');
    // The runner's older command form is read anywhere in a line; bidi controls reorder what is shown.
    expect(neutralize('17.0.8 ##[add-mask]17.0 ##[error]x')).toBe(
      '17.0.8 #\\u0023[add-mask]17.0 #\\u0023[error]x',
    );
    expect(neutralize('file\u202etxt.exe \u2066x\u2069')).toBe('file\\u202etxt.exe \\u2066x\\u2069');
    // The escapes are JSON's own: a JSON document stays valid and reads back as it was.
    const doc = JSON.stringify({ v: 'a\u007fb\u0085c\u009b ##[x] \u202e' }, null, 2);
    expect(JSON.parse(neutralize(doc))).toEqual(JSON.parse(doc));
  });

  test('history and undo (CLI and action) of an image whose label carries commands and escape sequences', async () => {
    const s = await hostileImage();
    const env = { PATH: process.env.PATH, HOME: s.dir, DOCKER_CONFIG: join(s.dir, 'none') };
    const history = await runNode(process.execPath, [CLI, 'history', '--image', s.ref], { env });
    expect(history.code, history.stderr).toBe(0);
    expect(history.stdout).toContain('\\u001b]0;fake title');
    expect(history.stdout).toContain('#\\u0023[error]legacy');
    const json = await runNode(process.execPath, [CLI, 'history', '--image', s.ref, '--json'], { env });
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.stringify(JSON.parse(json.stdout))).toContain('17.0.8x');
    expect(dangers(history.stdout + history.stderr)).toEqual([]);
    const undo = await runNode(process.execPath, [CLI, 'undo', '--image', s.ref], { env });
    expect(dangers(undo.stdout + undo.stderr)).toEqual([]);
    const action = await runAction({ image: s.ref, undo: 'true' });
    // The action's own commands: its annotations, groups, outputs and masks are allowed; nothing else.
    expect(
      dangers(
        action.stdout + action.stderr,
        /^::(error|warning|notice|group|endgroup|debug|add-mask|set-output)( [^:]*)?::/,
      ),
    ).toEqual([]);
    expect(action.stdout).not.toMatch(/^\s*::add-mask::hidden/m);
    expect(action.stdout).not.toMatch(/^\s*::error title=owned/m);
  });

  test('a patch run stopped by a patch file that carries them', async () => {
    const s = await hostileImage();
    const file = join(s.dir, 'patches.json');
    await writeFile(
      file,
      JSON.stringify({
        patches: [{ buildpack: 'example/jvm', layer: 'jre', 'patch-image': `bad ref${HOSTILE}` }],
      }),
    );
    const env = { PATH: process.env.PATH, HOME: s.dir, DOCKER_CONFIG: join(s.dir, 'none') };
    const cli = await runNode(process.execPath, [CLI, '--image', s.ref, '--patches', file], { env });
    expect(cli.code).not.toBe(0);
    expect(dangers(cli.stdout + cli.stderr)).toEqual([]);
    const action = await runAction({ image: s.ref, patches: file });
    expect(action.code).not.toBe(0);
    // The hostile text is inside the tool's own one-line ::error:: (escaped), never a line of its own.
    expect(
      dangers(
        action.stdout + action.stderr,
        /^::(error|warning|notice|group|endgroup|debug|add-mask|set-output)( [^:]*)?::/,
      ),
    ).toEqual([]);
    expect(action.stdout).not.toMatch(/^\s*::add-mask::hidden/m);
    expect(action.stdout).not.toMatch(/^\s*::error title=owned/m);
  });
});
