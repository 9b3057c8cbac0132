import { readFile } from 'node:fs/promises';
import { usageFailure } from '../core/i18n/failure.js';
import type { CommentTarget } from '../reports/review/pr-comment.js';

/** The pull request a workflow run is about, as the Actions environment describes it. */
export interface PullRequestEnv {
  target: CommentTarget;
  /** A pull request from a fork, whose workflow token is read-only. */
  fromFork: boolean;
  /** The workflow run's page, where its artifacts are. */
  runUrl: string | undefined;
}

/**
 * Reads GITHUB_API_URL (default https://api.github.com), GITHUB_REPOSITORY, GITHUB_TOKEN and
 * the pull request number: `--pr N`, else the event (GITHUB_EVENT_PATH), else GITHUB_REF
 * (refs/pull/N/merge). Refuses with a message naming what is missing; the token's value is
 * never part of any message.
 */
export async function pullRequestFromEnv(env: Readonly<Record<string, string | undefined>>, prFlag: string | undefined): Promise<PullRequestEnv> {
  const repository = env['GITHUB_REPOSITORY'];
  const m = /^([A-Za-z0-9](?:-?[A-Za-z0-9]){0,38})\/([A-Za-z0-9._-]{1,100})$/.exec(repository ?? '');
  if (!m) throw usageFailure('github.env-repository', { given: repository ? 'yes' : 'no', value: repository ?? '' });
  const token = env['GITHUB_TOKEN'];
  if (!token) throw usageFailure('github.env-token');
  let event: { pull_request?: { number?: unknown; head?: { repo?: { full_name?: unknown } | null }; base?: { repo?: { full_name?: unknown } | null } } } | undefined;
  if (env['GITHUB_EVENT_PATH']) {
    try {
      event = JSON.parse(await readFile(env['GITHUB_EVENT_PATH'], 'utf8')) as typeof event;
    } catch (error) {
      throw usageFailure('github.env-event', { file: env['GITHUB_EVENT_PATH'], error: (error as Error).message });
    }
  }
  const fromRef = /^refs\/pull\/(\d+)\//.exec(env['GITHUB_REF'] ?? '')?.[1];
  const raw = prFlag ?? (typeof event?.pull_request?.number === 'number' ? String(event.pull_request.number) : fromRef);
  if (raw === undefined) throw usageFailure('github.env-pr-missing');
  if (!/^[1-9][0-9]{0,9}$/.test(raw)) throw usageFailure('github.env-pr', { value: raw });
  const head = event?.pull_request?.head?.repo?.full_name;
  const base = event?.pull_request?.base?.repo?.full_name;
  const server = env['GITHUB_SERVER_URL'] ?? 'https://github.com';
  return {
    target: { apiUrl: env['GITHUB_API_URL'] || 'https://api.github.com', owner: m[1]!, repo: m[2]!, pullRequest: Number(raw), token },
    fromFork: typeof head === 'string' && typeof base === 'string' && head.toLowerCase() !== base.toLowerCase(),
    runUrl: env['GITHUB_RUN_ID'] ? `${server}/${repository}/actions/runs/${env['GITHUB_RUN_ID']}` : undefined,
  };
}
