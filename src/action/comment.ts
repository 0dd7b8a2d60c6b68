import * as core from './core.js';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

export type CommentMode = 'auto' | 'true' | 'false';

/** The pull request this run belongs to, from the event payload (pull_request and pull_request_target). */
export function pullRequestNumber(env: NodeJS.ProcessEnv = process.env): number | undefined {
  // Read the event file directly: loading @actions/github (Octokit) costs start-up time that runs
  // without a comment should not pay.
  if (!env.GITHUB_EVENT_PATH) return undefined;
  try {
    const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as {
      pull_request?: { number?: unknown };
    };
    const number = event.pull_request?.number;
    return typeof number === 'number' ? number : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Creates or updates the one sticky plan comment on the pull request. A 403 (fork pull requests,
 * a token without `pull-requests: write`) is a warning, never a failure of the step.
 */
export async function upsertPlanComment(
  mode: CommentMode,
  token: string,
  body: string,
  marker: string,
): Promise<void> {
  if (mode === 'false') return;
  const number = pullRequestNumber();
  if (number === undefined) {
    if (mode === 'true') core.warning('comment: true, but this run has no pull request to comment on');
    return;
  }
  if (!token) {
    core.warning('comment: no github-token; the plan comment was not written');
    return;
  }
  const github = await import('@actions/github');
  const octokit = github.getOctokit(token);
  const { owner, repo } = github.context.repo;
  try {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: number,
      per_page: 100,
    });
    const existing = comments.find((c) => c.body?.startsWith(marker));
    if (existing) {
      await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
      core.info(`updated the plan comment on pull request #${number}`);
    } else {
      await octokit.rest.issues.createComment({ owner, repo, issue_number: number, body });
      core.info(`commented the plan on pull request #${number}`);
    }
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 403 || status === 404) {
      core.warning(
        `could not write the plan comment on pull request #${number} (${status}): the token needs "pull-requests: write" ` +
          '(fork pull requests never get it); the plan is in the job summary',
      );
      return;
    }
    core.warning(`could not write the plan comment on pull request #${number}: ${(error as Error).message}`);
  }
}

/**
 * The key of this job's sticky comment: the `comment-key` input, else the workflow job plus the image
 * list, so that each job of a matrix keeps its own comment and a re-run updates it.
 */
export function commentKey(input: string, images: string[], env: NodeJS.ProcessEnv = process.env): string {
  if (input.trim()) return input.trim();
  const hash = createHash('sha256').update(images.join('\n')).digest('hex').slice(0, 12);
  return `${env.GITHUB_JOB ?? 'job'}:${hash}`;
}

/** The workflow run this job belongs to, for links in the comment and the summary. */
export function runUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID) return undefined;
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  const attempt = env.GITHUB_RUN_ATTEMPT ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : '';
  return `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}${attempt}`;
}
