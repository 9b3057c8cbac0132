import { dueReport } from '../../reports/due/due.js';
import { dueMarkdown } from '../../reports/due/markdown.js';
import { usageFailure } from '../../core/i18n/failure.js';
import { loadMessages } from '../../core/i18n/messages.js';
import { COMMON, TODAY_HELP, type Command } from '../command.js';

const FORMATS = ['markdown', 'json'] as const;

/** --within: 30d, 4w, 30 (days). */
export function parseWithin(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const m = /^(\d{1,4})([dw]?)$/.exec(value.trim());
  if (!m) throw usageFailure('cli.within', { value });
  return Number(m[1]) * (m[2] === 'w' ? 7 : 1);
}

/** `precept due`: reviews, acknowledgements and approvals coming due or overdue. */
export const dueCommand: Command = {
  name: 'due',
  summary: 'list reviews coming due or overdue, acknowledgements overdue or due soon, and approvals missing (Markdown or JSON)',
  options: {
    root: COMMON.root,
    'as-of': COMMON.asOf,
    within: { type: 'string', value: 'N', description: 'the window: 30d, 4w (default: review.dueSoonDays)' },
    format: { ...COMMON.format, description: `output format: ${FORMATS.join(', ')} (default: markdown)` },
  },
  details: `Made for a scheduled CI job that posts the Markdown as an issue or a message. Exit 0 whatever is due.
${TODAY_HELP}`,
  async run(ctx) {
    const format = ctx.choice('format', FORMATS, 'markdown');
    const { project } = await ctx.openRepo('whole');
    const within = parseWithin(ctx.string('within'), project.config.review.dueSoonDays);
    const report = await dueReport(project, (await ctx.today(project.config)).date, within);
    ctx.io.stdout.write(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : dueMarkdown(report, loadMessages(project.config.locale)));
    return 0;
  },
};
