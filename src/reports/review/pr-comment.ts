import type { PreceptError } from '../../core/errors.js';
import type { Messages } from '../../core/i18n/messages.js';
import { failure } from '../../core/i18n/failure.js';
import { phrase } from '../../core/i18n/phrase.js';

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

/** What a request to GitHub was for, as the failures say it: `read`, `update` or `comment`. */
type Errand = 'read' | 'update' | 'comment';
const errand = (what: Errand) => phrase(`failure.github.what-${what}`);

/** Says what GitHub's refusal means for the person who set the workflow up. */
function refusal(status: number, what: Errand, target: CommentTarget, detail: string): PreceptError {
  const values = {
    pr: `${target.owner}/${target.repo}#${target.pullRequest}`, what: errand(what),
    said: detail ? phrase('failure.github.said', { detail }) : '', status: String(status),
  };
  return failure(status === 401 || status === 403 || status === 404 ? `github.comment-${status}` : 'github.comment-status', values);
}

/** One request to the REST API, with the token, a timeout, and a clear message for every failure. */
async function request<T>(target: CommentTarget, method: string, url: string, what: Errand, body?: unknown): Promise<{ data: T; link: string | null }> {
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
    throw failure('github.unreachable', {
      origin: new URL(url).origin, what: errand(what), timeout: cause.name === 'TimeoutError' ? 'yes' : 'no',
      seconds: String(timeout / 1000), error: cause.cause?.code ?? cause.cause?.message ?? cause.message,
    }, { cause: error });
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
    throw failure('github.not-json', { method, path: new URL(url).pathname });
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
    const { data, link }: { data: IssueComment[]; link: string | null } = await request<IssueComment[]>(target, 'GET', url, 'read');
    if (!Array.isArray(data)) throw failure('github.comments-not-list');
    const found = data.find((c) => c.body?.startsWith(COMMENT_MARKER) && c.user?.type === 'Bot');
    if (found) return found;
    url = /<([^>]+)>;\s*rel="next"/.exec(link ?? '')?.[1];
    if (url && new URL(url).origin !== new URL(base).origin) throw failure('github.next-page-host', { origin: new URL(url).origin });
  }
  return undefined;
}

/** Creates the pull request's review comment, or updates the one posted before. */
export async function postStickyComment(target: CommentTarget, body: string): Promise<CommentOutcome> {
  const base = `${target.apiUrl.replace(/\/+$/, '')}/repos/${encodeURIComponent(target.owner)}/${encodeURIComponent(target.repo)}`;
  const previous = await findComment(target, base);
  if (previous) {
    const { data } = await request<IssueComment>(target, 'PATCH', `${base}/issues/comments/${previous.id}`, 'update', { body });
    return { action: 'updated', id: data.id ?? previous.id, url: data.html_url };
  }
  const { data } = await request<IssueComment>(target, 'POST', `${base}/issues/${target.pullRequest}/comments`, 'comment', { body });
  return { action: 'created', id: data.id, url: data.html_url };
}
