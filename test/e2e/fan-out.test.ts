import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';
import { parseReference } from '../../src/oci/reference.js';
import { buildCnbImage, nodeLayer, npmDepsLayer } from '../fixtures/cnb.js';
import { runAction, runNode } from '../helpers/action.js';
import { registries, storesFor, uniqueRepo } from '../helpers/registry.js';

const ROOT = resolve(import.meta.dirname, '../..');
const stores = storesFor(undefined);
const storeAt = (ref: string) => stores.storeFor(parseReference(ref));

/** `key: value` pairs of a step's `with:`, block or flow style, comments dropped. */
function withInputs(lines: string[]): Record<string, string> {
  const text = lines.join('\n');
  const flow = /with: \{ (.*) \}/.exec(text);
  const pairs = flow
    ? flow[1]!.split(/, (?=[\w-]+: )/)
    : lines.slice(lines.findIndex((l) => /^\s*with:\s*$/.test(l)) + 1);
  return Object.fromEntries(
    pairs
      .map((p) => p.replace(/\s+#.*$/, '').trim())
      .filter(Boolean)
      .map((p) => {
        const [key, ...value] = p.split(': ');
        return [key!, value.join(': ').replace(/^'(.*)'$/, '$1')];
      }),
  );
}

/** The README's fan-out workflow: the plan job's and the patch job's layer-rebase inputs. */
async function fanOutSteps() {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const snippet = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map((m) => m[1]!)
    .find((s) => s.includes('shard-size:'))!;
  const lines = snippet.split('\n');
  const planAt = lines.findIndex((l) => l.includes('- id: plan'));
  const planEnd = lines.findIndex((l, i) => i > planAt && /^ {2}\w/.test(l));
  const patchAt = lines.findIndex((l) => /^ {2}patch:/.test(l));
  const patchStep = lines.slice(patchAt).find((l) => l.includes('matrix.images'))!;
  return {
    snippet,
    plan: withInputs(lines.slice(planAt, planEnd)),
    patch: withInputs([patchStep]),
  };
}

test("the README's fan-out: one bad image does not hold back the good shards, and still fails the workflow", async () => {
  const steps = await fanOutSteps();
  expect(steps.plan['fail-on']).toBe('none');
  expect(steps.snippet).toContain('if: fromJSON(needs.plan.outputs.matrix).include[0] != null');
  expect(steps.snippet).toContain('fail-fast: false');

  // The repository the workflow checks out: its patch file, at the path the README names.
  const host = registries().open.host;
  const patchRef = `${host}/${uniqueRepo('fan-patch')}:22.11.1`;
  await buildCnbImage(storeAt(patchRef), { layers: [nodeLayer('22.11.1')] }, '22.11.1');
  const workspace = await mkdtemp(join(tmpdir(), 'fan-out-'));
  await mkdir(join(workspace, '.git'));
  const patchPath = join(workspace, steps.plan.patches!);
  await mkdir(join(patchPath, '..'), { recursive: true });
  await writeFile(
    patchPath,
    JSON.stringify({ patches: [{ buildpack: 'example/node', layer: 'node', 'patch-image': patchRef }] }),
  );
  const good: { ref: string; digest: string }[] = [];
  for (let i = 0; i < 3; i++) {
    const ref = `${host}/${uniqueRepo(`fan-app-${i}`)}:prod`;
    const built = await buildCnbImage(
      storeAt(ref),
      { layers: [nodeLayer('22.11.0'), npmDepsLayer(`deps ${i}`)] },
      'prod',
    );
    good.push({ ref, digest: built.manifest.digest });
  }
  const missing = `${host}/${uniqueRepo('fan-gone')}:prod`;
  const fleet = [good[0]!.ref, missing, good[1]!.ref, good[2]!.ref];
  const expand = (inputs: Record<string, string>, values: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(inputs).map(([k, v]) => [
        k,
        v.replace(/\$\{\{ ([\w.]+) \}\}/g, (_, name: string) => values[name] ?? ''),
      ]),
    );

  // Without fail-on: none, the plan job fails, and under `needs:` every shard would be skipped.
  const strict = await runAction(
    expand({ ...steps.plan, 'fail-on': '' }, { 'vars.FLEET_IMAGES': fleet.join('\n') }),
    { cwd: workspace },
  );
  expect(strict.code).toBe(1);

  // The plan job: green, a warning names the bad image, the matrix carries it in a shard of its own.
  const plan = await runAction(expand(steps.plan, { 'vars.FLEET_IMAGES': fleet.join('\n') }), {
    cwd: workspace,
  });
  expect(plan.code, plan.stdout).toBe(0);
  expect(plan.stdout).not.toContain('::error::');
  expect(plan.stdout).toContain(`::warning::1 of 4 image(s) not patched:%0A- ${missing}: failed: not found`);
  const matrix = JSON.parse(plan.outputs.matrix!) as { include: { shard: number; images: string }[] };
  expect(matrix.include).toEqual([
    { shard: 1, images: good.map((g) => g.ref).join('\n') },
    { shard: 2, images: missing },
  ]);
  expect(matrix.include[0]).not.toBeNull(); // the patch job's `if:`

  // The patch jobs (fail-fast: false): every shard runs; the good one patches, the bad one fails the workflow.
  const shards = [];
  for (const entry of matrix.include)
    shards.push(await runAction(expand(steps.patch, { 'matrix.images': entry.images }), { cwd: workspace }));
  expect(shards.map((s) => s.code)).toEqual([0, 1]);
  expect(JSON.parse(shards[0]!.outputs.images!).map((i: { status: string }) => i.status)).toEqual([
    'patched',
    'patched',
    'patched',
  ]);
  for (const g of good) expect((await storeAt(g.ref).getManifest('prod')).digest).not.toBe(g.digest);
  expect(shards[1]!.stdout).toContain(
    `::error::1 of 1 image(s) not patched:%0A- ${missing}: failed: not found`,
  );
});

test('the CLI has it too: --fail-on none exits 0 for an image that failed, --fail-on refused ignores failures, a wrong value is a usage mistake', async () => {
  const missing = `${registries().open.host}/${uniqueRepo('fan-cli-gone')}:prod`;
  const cli = (...args: string[]) =>
    runNode(process.execPath, [join(ROOT, 'bin/layer-rebase.js'), '--image', missing, ...args], {
      env: { PATH: process.env.PATH, HOME: tmpdir(), DOCKER_CONFIG: join(tmpdir(), 'none') },
    });
  expect((await cli()).code).toBe(1);
  expect((await cli('--fail-on', 'none')).code).toBe(0);
  expect((await cli('--fail-on', 'refused')).code).toBe(0);
  expect((await cli('--fail-on', 'failed')).code).toBe(1);
  const wrong = await cli('--fail-on', 'errors');
  expect(wrong.code).toBe(2);
  expect(wrong.stderr.trim()).toBe(
    'layer-rebase: --fail-on must be "failed", "refused", both ("failed, refused", the default) or "none", got "errors"',
  );
});
