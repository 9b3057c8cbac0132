import { failure, usageFailure } from '../../core/i18n/failure.js';

/** One review of a pull request, as `gh api repos/O/R/pulls/N/reviews` returns it. */
export interface GithubReview {
  id: number;
  /** The reviewer's handle; undefined for a deleted account. */
  login: string | undefined;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING' | string;
  /** `YYYY-MM-DDTHH:MM:SSZ`; undefined for a pending review. */
  submittedAt: string | undefined;
  /** The commit the reviewer saw. */
  commitId: string | undefined;
}

/** A pull request named as owner/repo#N. */
export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
}

const PR = /^([A-Za-z0-9](?:-?[A-Za-z0-9]){0,38})\/([A-Za-z0-9._-]{1,100})#([1-9][0-9]{0,9})$/;

/** Parses `owner/repo#N`. */
export function parsePullRequest(text: string): PullRequestRef {
  const m = PR.exec(text.trim());
  if (!m) throw usageFailure('github.pr-format', { value: text });
  return { owner: m[1]!, repo: m[2]!, number: Number(m[3]) };
}

/** The ledger's `source` for a pull request: github:owner/repo#N. */
export function pullRequestSource(pr: PullRequestRef): string {
  return `github:${pr.owner}/${pr.repo}#${pr.number}`;
}

/** GitHub's timestamp normalised to the ledger's form (UTC, whole seconds). */
function instant(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/**
 * Reads the reviews JSON: an array of reviews, or the array of pages `gh api --paginate
 * --slurp` writes. Throws a PreceptError naming the file when it is anything else.
 */
export function parseReviews(text: string, file: string): GithubReview[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw failure('github.reviews-not-json', { file, error: (error as Error).message });
  }
  if (!Array.isArray(data)) {
    const message = (data as { message?: unknown } | null)?.message;
    throw failure('github.reviews-not-list', { file, said: typeof message === 'string' ? 'yes' : 'no', message: typeof message === 'string' ? message : '' });
  }
  const items = data.every(Array.isArray) ? (data as unknown[][]).flat() : data;
  return items.map((item, index) => {
    const r = item as { id?: unknown; user?: { login?: unknown } | null; state?: unknown; submitted_at?: unknown; commit_id?: unknown } | null;
    if (!r || typeof r !== 'object' || typeof r.id !== 'number' || typeof r.state !== 'string') {
      throw failure('github.review-fields', { file, index: String(index + 1) });
    }
    return {
      id: r.id,
      login: typeof r.user?.login === 'string' ? r.user.login : undefined,
      state: r.state,
      submittedAt: instant(r.submitted_at),
      commitId: typeof r.commit_id === 'string' && /^[0-9a-f]{40,64}$/.test(r.commit_id) ? r.commit_id : undefined,
    };
  });
}

/** A reviewer's standing at the end of a pull request. */
export interface ReviewerVerdict {
  login: string;
  /** Their latest review that is not a comment: it decides. */
  verdict: GithubReview;
  /** Their latest approval, when a later review overrides it. */
  overridden: GithubReview | undefined;
}

/**
 * Each reviewer's deciding review: the latest one (by submission time, then id) that approves,
 * requests changes or was dismissed. Comments and pending reviews decide nothing.
 */
export function reviewerVerdicts(reviews: readonly GithubReview[]): ReviewerVerdict[] {
  const byLogin = new Map<string, GithubReview[]>();
  for (const r of reviews) {
    if (!r.login || !r.submittedAt || !['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED'].includes(r.state)) continue;
    const key = r.login.toLowerCase();
    byLogin.set(key, [...(byLogin.get(key) ?? []), r]);
  }
  const out: ReviewerVerdict[] = [];
  for (const list of byLogin.values()) {
    list.sort((a, b) => (a.submittedAt! < b.submittedAt! ? -1 : a.submittedAt! > b.submittedAt! ? 1 : a.id - b.id));
    const verdict = list[list.length - 1]!;
    const overridden = verdict.state === 'APPROVED' ? undefined : [...list].reverse().find((r) => r.state === 'APPROVED');
    out.push({ login: verdict.login!, verdict, overridden });
  }
  return out.sort((a, b) => (a.verdict.submittedAt! < b.verdict.submittedAt! ? -1 : 1));
}
