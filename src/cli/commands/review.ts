import path from 'node:path';
import { loadMessages } from '../../core/i18n/messages.js';
import { usageFailure } from '../../core/i18n/failure.js';
import { reviewMarkdown } from '../../reports/review/markdown.js';
import { writeRedlinePages } from '../../reports/review/redline-pages.js';
import { reviewPullRequest } from '../../reports/review/review.js';
import { commentBody, postStickyComment } from '../../reports/review/pr-comment.js';
import { pullRequestFromEnv } from '../github-env.js';
import { COMMON, TODAY_HELP, type Command } from '../command.js';

const FORMATS = ['markdown', 'json'] as const;

/** `precept review --base REF`: a pull request's policy changes as a Markdown report. */
export const reviewCommand: Command = {
  name: 'review',
  summary: 'report the policy changes since a git ref: redlines, change classification, version bumps, coverage, approvers',
  options: {
    root: COMMON.root,
    base: { type: 'string', value: 'REF', description: "the pull request's base, e.g. origin/main (required)" },
    format: { ...COMMON.format, description: `output format: ${FORMATS.join(', ')} (default: markdown)` },
    html: { type: 'string', value: 'DIR', description: 'also write an HTML redline page per changed policy into DIR' },
    'as-of': COMMON.asOf,
    'post-comment': { type: 'boolean', description: 'also post the report as one comment on the pull request, updated on every push (GitHub Actions)' },
    pr: { type: 'string', value: 'N', description: 'the pull request to comment on (default: from the workflow event)' },
  },
  details: `Compares the policies at --base with the working tree and prints a report fit for a PR
comment or a GitHub job summary. Exit 1 when the pull request has errors (content changed without
a version bump, a version going down, check errors in the changed files, ledger records rewritten). Approvers, their
handles and the ledgers' records are taken from --base: what the pull request changes about them
(and its theme files) is listed as needing separate approval, and records it adds do not count.
The HTML redlines use the theme as --base has it. --post-comment keeps one comment on the pull
request with the report (found by a hidden marker and edited on each push, else created), through
GITHUB_API_URL with GITHUB_TOKEN for GITHUB_REPOSITORY; a pull request from a fork is skipped
with a note, since its token is read-only.
${TODAY_HELP}`,
  async run(ctx) {
    const base = ctx.string('base');
    if (!base) throw usageFailure('cli.missing-base');
    const format = ctx.choice('format', FORMATS, 'markdown');
    // Where to comment is settled before the review runs, so a misconfigured step fails fast.
    const where = ctx.flag('post-comment') ? await pullRequestFromEnv(ctx.io.env, ctx.string('pr')) : undefined;
    const htmlDir = ctx.string('html');
    const dir = htmlDir !== undefined ? path.resolve(ctx.io.cwd, htmlDir) : undefined;
    let pages: string[] = [];
    // The redlines are rendered with the base's theme: the pull request may change the templates.
    const report = await reviewPullRequest(ctx.root, base, {
      asOf: (await ctx.today()).date,
      ...(dir ? { withBaseTheme: async (theme, r) => { pages = await writeRedlinePages(r, theme, dir); } } : {}),
    });
    if (format === 'json') ctx.out(JSON.stringify(report, null, 2));
    else ctx.out(reviewMarkdown(report, loadMessages(report.locale)));
    const messages = loadMessages(report.locale);
    if (dir) ctx.err(messages.t('cli.review.wrote-redlines', { count: pages.length, dir: path.relative(ctx.io.cwd, dir) || dir }));
    if (where) {
      const pr = `${where.target.owner}/${where.target.repo}#${where.target.pullRequest}`;
      if (where.fromFork) {
        ctx.err(messages.t('cli.review.fork', { pr }));
      } else {
        const posted = await postStickyComment(where.target, commentBody(reviewMarkdown(report, messages), messages, where.runUrl));
        ctx.err(messages.t('cli.review.commented', { action: posted.action, pr, url: posted.url || 'none' }));
      }
    }
    return report.counts.errors > 0 ? 1 : 0;
  },
};
