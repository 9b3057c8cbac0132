import { PreceptError } from '../../core/errors.js';
import type { Messages } from '../../core/i18n/messages.js';

/**
 * The review report as one sticky comment on the pull request: found again on every push by a
 * hidden marker and edited in place, so a pull request carries one report, always the latest.
 */

/** The hidden first line that marks precept's comment. */
export const COMMENT_MARKER = '<!-- precept-review -->';

/** GitHub refuses comments over 65,536 characters; keep room for the marker and the note. */
const MAX_BODY = 60_000;

/** Where to post: the REST API, the repository, the pull request and the token (never printed). */
export interface CommentTarget {
  apiUrl: string;
  owner: string;
  repo: string;
  pullRequest: number;
  token: string;
  /** Per request; default 10 s. */
  timeoutMs?: number;
}

/** What posting did. */
export interface CommentOutcome {
  action: 'created' | 'updated';
  id: number;
  url: string | undefined;
}

/**
 * The comment's body: the marker, the report (cut at a line when it is longer than GitHub
 * accepts, saying so) and, when the run is known, where the HTML redlines are.
 */
export function commentBody(report: string, messages: Messages, runUrl: string | undefined): string {
  let text = report.trimEnd();
  const notes: string[] = [];
  if (text.length > MAX_BODY) {
    const cut = text.lastIndexOf('\n', MAX_BODY);
    text = text.slice(0, cut > 0 ? cut : MAX_BODY);
    notes.push(messages.t('comment.truncated'));
  }
  notes.push(runUrl ? messages.t('comment.redlines', { url: runUrl }) : messages.t('comment.redlinesNoRun'));
  return `${COMMENT_MARKER}\n${text}\n\n---\n${notes.map((n) => `<sub>${n}</sub>`).join('\n\n')}\n`;
}

interface IssueComment {
  id: number;
  body?: string;
  html_url?: string;
  user?: { login?: string; type?: string } | null;
}

/** Says what GitHub's refusal means for the person who set the workflow up. */
function refusal(status: number, what: string, target: CommentTarget, detail: string): PreceptError {
  const pr = `${target.owner}/${target.repo}#${target.pullRequest}`;
  const said = detail ? ` (GitHub said: ${detail})` : '';
  switch (status) {
    case 401:
      return new PreceptError(`GitHub refused the token while trying to ${what} on ${pr} (401)${said}: it is missing, expired or not a token`);
    case 403:
      return new PreceptError(`the token may not ${what} on ${pr} (403)${said}: give the workflow \`permissions: pull-requests: write\` (a pull request from a fork only gets a read-only token)`);
    case 404:
      return new PreceptError(`${pr} was not found while trying to ${what} (404)${said}: check GITHUB_REPOSITORY and the pull request number, and that the token can see the repository`);
    default:
      return new PreceptError(`GitHub answered ${status} while trying to ${what} on ${pr}${said}`);
  }
}

/** One request to the REST API, with the token, a timeout, and a clear message for every failure. */
async function request<T>(target: CommentTarget, method: string, url: string, what: string, body?: unknown): Promise<{ data: T; link: string | null }> {
  const timeout = target.timeoutMs ?? 10_000;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${target.token}`,
        'x-github-api-version': '2022-11-28',
        'user-agent': 'precept',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(timeout),
      redirect: 'error',
    });
  } catch (error) {
    const cause = error as Error & { cause?: { code?: string; message?: string } };
    const why = cause.name === 'TimeoutError' ? `no answer within ${timeout / 1000} s` : cause.cause?.code ?? cause.cause?.message ?? cause.message;
    throw new PreceptError(`cannot reach the GitHub API at ${new URL(url).origin} to ${what}: ${why}`, { cause: error });
  }
  const text = await response.text();
  if (!response.ok) {
    let detail = '';
    try {
      detail = String((JSON.parse(text) as { message?: unknown }).message ?? '');
    } catch {
      detail = text.slice(0, 200);
    }
    throw refusal(response.status, what, target, detail);
  }
  try {
    return { data: JSON.parse(text) as T, link: response.headers.get('link') };
  } catch {
    throw new PreceptError(`the GitHub API answered ${method} ${new URL(url).pathname} with something that is not JSON`);
  }
}

/**
 * precept's earlier comment on the pull request: the first whose body starts with the marker and
 * whose author is a bot (the workflow's token posts as github-actions[bot]; a person who pastes
 * the marker into a comment does not get it overwritten). Follows the pages GitHub links.
 */
async function findComment(target: CommentTarget, base: string): Promise<IssueComment | undefined> {
  let url: string | undefined = `${base}/issues/${target.pullRequest}/comments?per_page=100`;
  for (let page = 0; url && page < 100; page++) {
    const { data, link }: { data: IssueComment[]; link: string | null } = await request<IssueComment[]>(target, 'GET', url, 'read the comments');
    if (!Array.isArray(data)) throw new PreceptError('the GitHub API did not answer the list of comments with a list');
    const found = data.find((c) => c.body?.startsWith(COMMENT_MARKER) && c.user?.type === 'Bot');
    if (found) return found;
    url = /<([^>]+)>;\s*rel="next"/.exec(link ?? '')?.[1];
    if (url && new URL(url).origin !== new URL(base).origin) throw new PreceptError(`the GitHub API pointed the next page of comments at another host (${new URL(url).origin})`);
  }
  return undefined;
}

/** Creates the pull request's review comment, or updates the one posted before. */
export async function postStickyComment(target: CommentTarget, body: string): Promise<CommentOutcome> {
  const base = `${target.apiUrl.replace(/\/+$/, '')}/repos/${encodeURIComponent(target.owner)}/${encodeURIComponent(target.repo)}`;
  const previous = await findComment(target, base);
  if (previous) {
    const { data } = await request<IssueComment>(target, 'PATCH', `${base}/issues/comments/${previous.id}`, 'update the review comment', { body });
    return { action: 'updated', id: data.id ?? previous.id, url: data.html_url };
  }
  const { data } = await request<IssueComment>(target, 'POST', `${base}/issues/${target.pullRequest}/comments`, 'comment', { body });
  return { action: 'created', id: data.id, url: data.html_url };
}
