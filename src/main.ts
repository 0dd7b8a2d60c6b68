import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { restoreVerified, saveVerified } from './action/actions-cache.js';
import { commentKey, runUrl, upsertPlanComment } from './action/comment.js';
import { readInputs } from './action/inputs.js';
import { actionLog } from './action/log.js';
import { describeError } from './errors.js';
import { dockerConfigResolver } from './oci/registry/credentials.js';
import { commentMarker, renderComment } from './report/comment.js';
import { imagesOutput, matrixOutput, renderPredicate, renderReport } from './report/json.js';
import { VERSION } from './version.js';
import { renderSummary } from './report/markdown.js';
import { run } from './run.js';
import { defaultCacheDir } from './rebase/verified-cache.js';
import { redact } from './secrets.js';

/** The action: inputs -> run() -> outputs, report, job summary. The one top-level catch. */
export async function main(): Promise<void> {
  try {
    const inputs = readInputs();
    const cacheDir = defaultCacheDir(process.env, 'action');
    await restoreVerified(cacheDir, actionLog);
    const result = await run({
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
      cacheDir,
      cwd: process.env.GITHUB_WORKSPACE ?? process.cwd(),
      log: actionLog,
      credentials: dockerConfigResolver({ log: actionLog }),
    });
    if (result.cacheWrites) await saveVerified(cacheDir, actionLog);
    const url = runUrl();
    const context = url ? { runUrl: url } : {};
    const reportDir = await mkdtemp(join(process.env.RUNNER_TEMP ?? tmpdir(), 'layer-rebase-'));
    const reportPath = join(reportDir, 'report.json');
    // Outputs, report, summary and comment leave the runner's log masking behind: redact them here.
    await writeFile(reportPath, redact(renderReport(result)));

    core.setOutput('digest', result.images[0]?.digest ?? '');
    core.setOutput('changed', String(result.images.some((i) => i.changed)));
    core.setOutput('images', redact(imagesOutput(result)));
    core.setOutput('report', reportPath);
    const predicatePath = join(reportDir, 'predicate.json');
    await writeFile(predicatePath, redact(renderPredicate(result, VERSION)));
    core.setOutput('predicate', predicatePath);
    core.setOutput('matrix', matrixOutput(result, inputs.shardSize));
    if (inputs.summary && process.env.GITHUB_STEP_SUMMARY) {
      await core.summary.addRaw(redact(renderSummary(result, context)), true).write();
    }
    if (inputs.githubToken) core.setSecret(inputs.githubToken);
    const key = commentKey(inputs.commentKey, inputs.image);
    await upsertPlanComment(
      inputs.comment,
      inputs.githubToken,
      redact(renderComment(result, { key, ...context })),
      commentMarker(key),
    );
    const failed = result.images.filter((i) => i.status === 'failed' || i.status === 'refused');
    if (failed.length > 0) {
      core.setFailed(
        redact(
          `${failed.length} of ${result.images.length} image(s) not patched:\n${failed.map((i) => `- ${i.input}: ${i.error?.message ?? i.status}`).join('\n')}`,
        ),
      );
    }
  } catch (error) {
    // Expected errors carry a full message; anything else is a bug and keeps its stack.
    core.setFailed(redact(describeError(error, { stackForBugs: true })));
  }
}
