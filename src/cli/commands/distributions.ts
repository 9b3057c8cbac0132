import stringWidth from 'string-width';
import { failure } from '../../core/i18n/failure.js';
import { loadMessages } from '../../core/i18n/messages.js';
import { GitRepo } from '../../history/git.js';
import { readDistributions } from '../../records/distributions/distributions.js';
import { COMMON, type Command } from '../command.js';

const FORMATS = ['table', 'json'] as const;

/** `precept distributions`: every recorded copy of an auditor pack, oldest first. */
export const distributionsCommand: Command = {
  name: 'distributions',
  summary: 'list the copies of auditor packs made for recipients (records/distributions.jsonl): who got which copy, when, under what agreement',
  options: {
    root: COMMON.root,
    format: { type: 'string', value: 'FORMAT', description: `output format: ${FORMATS.join(', ')} (default: table)` },
  },
  details: 'Copies are made with `precept pack --recipient`. Exit 1 when the ledger fails verification (its problems are printed).',
  async run(ctx) {
    const format = ctx.choice('format', FORMATS, 'table');
    const config = await ctx.config();
    const ledger = await readDistributions(ctx.root, config.paths.records, await GitRepo.open(ctx.root));
    if (ledger.diagnostics.some((d) => d.severity === 'error')) {
      throw failure('cli.ledger-unverified', { file: ledger.file }, { exitCode: 1, diagnostics: ledger.diagnostics });
    }
    const rows = ledger.entries.map(({ record: r, line }) => ({ line, ...r }));
    if (format === 'json') {
      ctx.out(JSON.stringify(rows.map(({ seq: _seq, prev: _prev, ...r }) => r), null, 2));
      return 0;
    }
    const m = loadMessages(config.locale);
    if (!rows.length) {
      ctx.out(m.t('cli.distributions.none', { file: ledger.file }));
      return 0;
    }
    const head = ['copy', 'recipient', 'reference', 'period', 'by', 'at', 'signed', 'sha256'].map((c) => m.t(`cli.distributions.col-${c}`));
    const body = rows.map((r) => [
      r.copy, r.recipient, r.reference ?? '-', `${r.period.from}..${r.period.to}`, r.by, r.at.replace('T', ' ').replace(/Z$/, ''),
      m.t(r.signed ? 'cli.distributions.yes' : 'cli.distributions.no'), `${r.sha256.replace(/^sha256:/, '').slice(0, 16)}…`,
    ]);
    // Columns by terminal width: recipients and headings may be Japanese (two cells a character).
    const widths = head.map((h, i) => Math.max(stringWidth(h), ...body.map((row) => stringWidth(row[i]!))));
    const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat(widths[i]! - stringWidth(c))).join('  ').trimEnd();
    ctx.out([line(head), ...body.map(line), '', m.t('cli.distributions.total', { count: rows.length, file: ledger.file })].join('\n'));
    return 0;
  },
};
