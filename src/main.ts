import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from './action/core.js';
import { restoreContent, saveContent, verdictsOnDisk, type ContentSnapshot } from './action/actions-cache.js';
import { commentKey, runUrl, upsertPlanComment } from './action/comment.js';
import { readInputs } from './action/inputs.js';
import { actionLog, forTheLog } from './action/log.js';
import { UsageError, describeError } from './errors.js';
import { dockerConfigResolver } from './oci/registry/credentials.js';
import { commentMarker, renderComment } from './report/comment.js';
import { imagesOutput, matrixOutput, renderPredicate, renderReport } from './report/json.js';
import { VERSION } from './version.js';
import { problemLine, renderStopped, renderSummary } from './report/markdown.js';
import { failingImages, problemImages } from './fail-on.js';
import { rebaseImages } from './run.js';
import { defaultCacheDir } from './rebase/verified-cache.js';
import { redact, registerSecret } from './secrets.js';
import { signingOptions } from './signing/configure.js';
import type { VerifyResult } from './verify/verify.js';
import { registryHosts } from './run.js';

/**
 * After the push, what only reports (report files, summary, comment, cache save) is one warning line
 * when it fails: a successful patch is never turned into a failure, and the outputs stay set.
 */
async function reporting(what: string, fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    core.warning(
      forTheLog(
        `could not ${what}: ${describeError(error).replace(/^internal error \(a bug in layer-rebase, please report it\): /, '')}`,
      ),
    );
  }
}

/**
 * The action (what `@github/local-action` runs): inputs -> rebaseImages() -> outputs, report, job
 * summary, PR comment. The one top-level catch.
 */
export async function run(): Promise<void> {
  let outputsSet = false;
  try {
    const inputs = readInputs();
    // Secrets are masked before anything can print them: the key as a whole and line by line (a log
    // line holds one line of it), the password.
    const keyText = inputs.signing.key?.text ?? '';
    for (const secret of [
      keyText,
      ...keyText.split(/\r?\n/).filter((l) => !l.startsWith('-----')),
      inputs.signing.password,
    ])
      if (secret && secret.trim().length >= 4)
        for (const form of registerSecret(secret)) core.setSecret(form);
    const signing = inputs.undo ? undefined : await signingOptions(inputs.signing);
    const cacheDir = defaultCacheDir(process.env, 'action');
    // Verdicts on patch layers stay on a disk only this runner's jobs write: not on GitHub-hosted runners,
    // whose disk receives the Actions cache (src/action/actions-cache.ts), nor where the input says no.
    const verifiedCache = verdictsOnDisk(process.env, inputs.verifiedCache);
    let content: ContentSnapshot | undefined;
    if (!inputs.undo)
      await reporting('restore the content cache', async () => {
        content = await restoreContent(cacheDir, actionLog);
      });
    const log = actionLog;
    const credentials = dockerConfigResolver({ log });
    if (inputs.verify) {
      await verifyRun(inputs.image, inputs.insecureRegistries, cacheDir, verifiedCache, credentials);
      return;
    }
    // What only one mode needs (undo, verify, VEX) is loaded when that mode is chosen, not at start.
    const result = inputs.undo
      ? await (
          await import('./undo/run.js')
        ).undoImages({
          images: inputs.image,
          dryRun: inputs.dryRun,
          insecureRegistries: inputs.insecureRegistries,
          concurrency: inputs.concurrency,
          timeoutMs: inputs.timeoutMs,
          log,
          credentials,
        })
      : await rebaseImages({
          images: inputs.image,
          patches: inputs.patches,
          buildpacks: inputs.buildpacks,
          builders: inputs.builder,
          tags: inputs.tags,
          runImage: inputs.runImage,
          force: inputs.force,
          dryRun: inputs.dryRun,
          insecureRegistries: inputs.insecureRegistries,
          concurrency: inputs.concurrency,
          timeoutMs: inputs.timeoutMs,
          vulnerabilityReports: inputs.vulnerabilityReports,
          ...(inputs.requireFix ? { requireFix: inputs.requireFix } : {}),
          ...(signing ? { signing } : {}),
          cacheDir,
          verifiedCache,
          cwd: process.env.GITHUB_WORKSPACE ?? process.cwd(),
          ...(process.env.GITHUB_WORKSPACE ? { workspace: process.env.GITHUB_WORKSPACE } : {}),
          log,
          credentials,
        });
    // Outputs first: they are what later steps read, and they do not depend on any file.
    core.setOutput('digest', result.images[0]?.digest ?? '');
    core.setOutput('changed', String(result.images.some((i) => i.changed)));
    core.setOutput('images', redact(imagesOutput(result)));
    core.setOutput('matrix', matrixOutput(result, inputs.shardSize));
    outputsSet = true;
    await reporting('save the content cache', () => saveContent(cacheDir, content, actionLog));
    const url = runUrl();
    const context = url ? { runUrl: url } : {};
    // Outputs, report, summary and comment leave the runner's log masking behind: redact them here.
    await reporting('write the report files', async () => {
      const reportDir = await mkdtemp(join(process.env.RUNNER_TEMP ?? tmpdir(), 'layer-rebase-'));
      const reportPath = join(reportDir, 'report.json');
      await writeFile(reportPath, redact(renderReport(result)));
      core.setOutput('report', reportPath);
      const predicatePath = join(reportDir, 'predicate.json');
      await writeFile(predicatePath, redact(renderPredicate(result, VERSION)));
      core.setOutput('predicate', predicatePath);
      if (result.vulnerabilityReports) {
        const { renderVex } = await import('./vulns/vex.js');
        const vexPath = join(reportDir, 'vex.json');
        await writeFile(vexPath, redact(renderVex(result, VERSION)));
        core.setOutput('vex', vexPath);
      }
    });
    if (inputs.summary && process.env.GITHUB_STEP_SUMMARY) {
      await reporting('write the job summary', () =>
        core.summary.addRaw(redact(renderSummary(result, context)), true).write(),
      );
    }
    if (inputs.githubToken) core.setSecret(inputs.githubToken);
    const key = commentKey(inputs.commentKey, inputs.image);
    await reporting('write the pull-request comment', () =>
      upsertPlanComment(
        inputs.comment,
        inputs.githubToken,
        redact(renderComment(result, { key, ...context })),
        commentMarker(key),
      ),
    );
    const problems = problemImages(result.images);
    if (problems.length > 0) {
      const message = redact(
        `${problems.length} of ${result.images.length} image(s) not ${result.undo ? 'restored' : 'patched'}:\n${problems.map((i) => `- ${problemLine(i)}`).join('\n')}`,
      );
      // fail-on: none (a fan-out plan job) says it as loudly, but the step succeeds: the matrix carries them on.
      if (failingImages(result.images, inputs.failOn).length > 0) core.setFailed(forTheLog(message));
      else
        core.warning(
          forTheLog(
            `${message}\n(fail-on: ${inputs.failOn.join(', ') || 'none'}, so the step does not fail for ${problems.length === 1 ? 'it' : 'them'})`,
          ),
        );
    }
  } catch (error) {
    // Expected errors carry a full message; anything else is a bug and keeps its stack.
    const message = redact(describeError(error, { stackForBugs: true }));
    if (!outputsSet) await stoppedRun(message);
    core.setFailed(forTheLog(message));
  }
}

/** `verify: true`: each image against what it records; the step fails with the first difference. */
async function verifyRun(
  images: string[],
  insecureRegistries: string[],
  cacheDir: string,
  /** Verdicts on patch layers kept on this disk (the content cache is used either way). */
  verifiedCache: boolean,
  credentials: ReturnType<typeof dockerConfigResolver>,
): Promise<void> {
  if (images.length === 0)
    throw new UsageError('no image given: set the "image" input (one reference per line)');
  const [{ verifyImage }, { firstProblem, renderVerifySummary, renderVerifyText }] = await Promise.all([
    import('./verify/verify.js'),
    import('./report/verify-text.js'),
  ]);
  const results: VerifyResult[] = [];
  for (const image of images)
    results.push(
      await verifyImage({
        image,
        all: false,
        insecureRegistries: registryHosts(insecureRegistries),
        cacheDir,
        verifiedCache,
        log: actionLog,
        credentials,
      }),
    );
  core.setOutput('verified', String(results.every((r) => r.reproduced)));
  for (const r of results) core.info(forTheLog(renderVerifyText(r)));
  if (process.env.GITHUB_STEP_SUMMARY)
    await reporting('write the job summary', () =>
      core.summary.addRaw(redact(renderVerifySummary(results)), true).write(),
    );
  const failed = results.filter((r) => !r.reproduced);
  if (failed.length > 0)
    core.setFailed(
      forTheLog(
        `${failed.length} of ${results.length} image(s) not reproduced from their recorded patches:\n${failed.map((r) => `- ${r.image}: ${firstProblem(r)}`).join('\n')}`,
      ),
    );
}

/**
 * A run that stopped before it had a result (a patch file that cannot be read, a usage mistake): the
 * outputs are set all the same (no image, nothing changed), and the job summary says what stopped it.
 */
async function stoppedRun(message: string): Promise<void> {
  core.setOutput('digest', '');
  core.setOutput('changed', 'false');
  core.setOutput('images', '[]');
  core.setOutput('matrix', JSON.stringify({ include: [] }));
  if (process.env.GITHUB_STEP_SUMMARY && core.getInput('summary').trim().toLowerCase() !== 'false')
    await reporting('write the job summary', () => core.summary.addRaw(renderStopped(message), true).write());
}
