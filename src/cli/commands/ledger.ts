import { GitRepo } from '../../history/git.js';
import { ledgerPath, readLedger } from '../../records/ledger/read.js';
import { LEDGERS } from '../../records/ledger/registry.js';
import { repairTornTail } from '../../records/ledger/repair.js';
import { COMMON, type Command } from '../command.js';
import { loadMessages } from '../../core/i18n/messages.js';

const FORMATS = ['pretty', 'json', 'github'] as const;

/** `precept ledger verify`: check every ledger's records, order, chain and committed history. */
export const ledgerVerifyCommand: Command = {
  name: 'ledger verify',
  summary: 'verify the ledgers in records/: valid records, numbered, hash-chained, nothing committed changed',
  options: {
    root: COMMON.root,
    format: { ...COMMON.format, description: `output format: ${FORMATS.join(', ')} (default: pretty)` },
    quiet: COMMON.quiet,
  },
  details: 'Names the first bad line of each ledger. Exit 1 when a ledger has a problem.',
  async run(ctx) {
    const format = ctx.choice('format', FORMATS, 'pretty');
    const config = await ctx.config();
    const git = await GitRepo.open(ctx.root);
    const reads = await Promise.all(LEDGERS.map((kind) => readLedger(ctx.root, config.paths.records, kind, { git, locale: config.locale })));
    const diagnostics = reads.flatMap((r) => r.diagnostics);
    ctx.printDiagnostics(diagnostics, { format, files: reads.filter((r) => r.exists).length, quiet: ctx.flag('quiet'), locale: config.locale });
    if (format === 'pretty' && !ctx.flag('quiet')) {
      const messages = loadMessages(config.locale);
      for (const r of reads) {
        if (!r.exists) ctx.out(messages.t('cli.ledger.none', { file: r.file }));
        else if (!r.diagnostics.length) {
          ctx.out(messages.t('cli.ledger.intact', { file: r.file, records: r.lines, anchor: r.anchor ?? '', state: r.anchor ? 'anchored' : git ? 'uncommitted' : 'no-git' }));
        } else ctx.out(messages.t('cli.ledger.problems', { file: r.file, problems: r.diagnostics.length, lines: r.lines }));
      }
    }
    return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
  },
};

/** `precept ledger repair`: remove a torn last line left by an interrupted append. */
export const ledgerRepairCommand: Command = {
  name: 'ledger repair',
  summary: 'mend the last line of each ledger after an interrupted append',
  options: { root: COMMON.root },
  details: `An incomplete final line is removed, and printed; a final record that lacks only its newline
(valid and chained to the line before) gets the newline back. Complete records are never touched,
and a ledger that is a symlink or lies outside the repository is refused. Run \`precept ledger verify\` afterwards.`,
  async run(ctx) {
    const config = await ctx.config();
    const messages = loadMessages(config.locale);
    for (const kind of LEDGERS) {
      const where = ledgerPath(ctx.root, config.paths.records, kind);
      const repair = await repairTornTail(where.path, kind, { root: ctx.root });
      if (!repair) {
        ctx.out(messages.t('cli.ledger.nothing-to-repair', { file: where.file }));
        continue;
      }
      if (repair.action === 'completed') {
        ctx.err(messages.t('cli.ledger.newline-added', { line: String(repair.line), file: where.file }));
        ctx.out(messages.t('cli.ledger.repaired', { file: where.file, records: repair.line }));
        continue;
      }
      const shown = JSON.stringify(repair.bytes.toString('utf8').slice(0, 200));
      ctx.err(messages.t('cli.ledger.line-removed', { line: String(repair.line), bytes: repair.bytes.length, file: where.file, text: shown }));
      ctx.out(messages.t('cli.ledger.repaired', { file: where.file, records: repair.line - 1 }));
    }
    return 0;
  },
};
