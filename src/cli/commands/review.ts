import path from 'node:path';
import { loadMessages } from '../../core/i18n/messages.js';
import { UsageError } from '../../core/errors.js';
import { reviewMarkdown } from '../../reports/review/markdown.js';
import { writeRedlinePages } from '../../reports/review/redline-pages.js';
import { reviewPullRequest } from '../../reports/review/review.js';
import { COMMON, TODAY_HELP, type Command } from '../command.js';
import { plural } from '../context.js';

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
  },
  details: `Compares the policies at --base with the working tree and prints a report fit for a PR
comment or a GitHub job summary. Exit 1 when the pull request has errors (content changed without
a version bump, a version going down, check errors in the changed files, ledger records rewritten). Approvers, their
handles and the ledgers' records are taken from --base: what the pull request changes about them
(and its theme files) is listed as needing separate approval, and records it adds do not count.
The HTML redlines use the theme as --base has it.
${TODAY_HELP}`,
  async run(ctx) {
    const base = ctx.string('base');
    if (!base) throw new UsageError('missing --base REF: the pull request\'s base (e.g. origin/main)');
    const format = ctx.choice('format', FORMATS, 'markdown');
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
    if (dir) ctx.err(`Wrote ${plural(pages.length, 'redline page')} to ${path.relative(ctx.io.cwd, dir) || dir}`);
    return report.counts.errors > 0 ? 1 : 0;
  },
};
