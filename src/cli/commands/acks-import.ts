import { loadMessages } from '../../core/i18n/messages.js';
import { CSV_MAX_BYTES } from '../../records/acks/csv.js';
import { phrase } from '../../core/i18n/phrase.js';
import path from 'node:path';
import { importAcknowledgements } from '../../records/acks/import.js';
import { loadAckModel } from '../../records/acks/model.js';
import { usageFailure } from '../../core/i18n/failure.js';
import { COMMON, type Command } from '../command.js';

const DELIMITERS: Record<string, string> = { ',': ',', ';': ';', tab: '\t', '\t': '\t' };

/** `precept acks import <file.csv>`: all-or-nothing import of an HR, LMS or form export. */
export const acksImportCommand: Command = {
  name: 'acks import',
  summary: 'import acknowledgements from a CSV export (HR system, LMS, form); any bad row rejects the whole file',
  args: '<file.csv>',
  positionals: { min: 1, max: 1 },
  options: {
    root: COMMON.root,
    'person-column': { type: 'string', value: 'HEADER', description: 'column with the email or person id (default: Email, Person, ...)' },
    'policy-column': { type: 'string', value: 'HEADER', description: 'column with the policy id or title (default: Policy, ...)' },
    'version-column': { type: 'string', value: 'HEADER', description: 'column with the version (default: Version)' },
    'time-column': { type: 'string', value: 'HEADER', description: 'column with when it was acknowledged (default: Time, Acknowledged at, Date, ...)' },
    delimiter: { type: 'string', value: 'SEP', description: "field separator: ',', ';' or tab (default: guessed from the header)" },
    'skip-recorded': { type: 'boolean', description: 'skip rows already in the ledger (cumulative exports) instead of rejecting them' },
    'dry-run': { type: 'boolean', description: 'validate only; write nothing' },
  },
  details: `Columns can also be named in precept.config.yaml under acknowledgement.import.columns
(person, policy, version, at); flags win. Every row is validated before anything is written:
unknown people or policies, versions that never existed or were never approved, times before
the version existed, after the person left or in the future, and repeated rows are listed with
their line, and the file is rejected whole (exit 1).`,
  async run(ctx) {
    const given = ctx.positionals[0]!;
    const abs = path.resolve(ctx.io.cwd, given);
    const bytes = await ctx.readInput(given, CSV_MAX_BYTES, phrase('failure.cli.split-hint'));
    const sep = ctx.string('delimiter');
    if (sep !== undefined && DELIMITERS[sep] === undefined) throw usageFailure('cli.delimiter', { value: sep });
    const { project } = await ctx.openRepo('part');
    const model = await loadAckModel(project);
    const named = project.config.acknowledgement.import.columns ?? {};
    const flag = (name: string) => ctx.string(name);
    const columns = {
      ...named,
      ...(flag('person-column') ? { person: flag('person-column')! } : {}),
      ...(flag('policy-column') ? { policy: flag('policy-column')! } : {}),
      ...(flag('version-column') ? { version: flag('version-column')! } : {}),
      ...(flag('time-column') ? { at: flag('time-column')! } : {}),
    };
    const file = path.relative(ctx.io.cwd, abs).split(path.sep).join('/') || given;
    const outcome = await importAcknowledgements({
      model, file, name: path.basename(abs), bytes, columns,
      delimiter: sep !== undefined ? DELIMITERS[sep] : project.config.acknowledgement.import.delimiter,
      skipRecorded: ctx.flag('skip-recorded'), dryRun: ctx.flag('dry-run'), now: ctx.now(), locale: project.config.locale,
    });
    const m = loadMessages(project.config.locale);
    for (const note of model.notes) ctx.err(m.t('notes.note-line', { note }));
    if (outcome.diagnostics.length) {
      ctx.printDiagnostics(outcome.diagnostics, { format: 'pretty', files: 1, sources: new Map([[file, bytes.toString('utf8')]]), locale: project.config.locale });
      const bad = new Set(outcome.diagnostics.map((d) => d.line)).size;
      ctx.out(outcome.rows ? m.t('cli.acks-import.rejected', { file, bad, rows: outcome.rows }) : m.t('cli.acks-import.unreadable', { file }));
      return 1;
    }
    const skipped = outcome.skipped.length ? m.t('cli.acks-import.skipped', { count: outcome.skipped.length }) : '';
    if (ctx.flag('dry-run')) {
      ctx.out(m.t('cli.acks-import.dry-run', { file, count: outcome.records.length, skipped }));
    } else if (!outcome.appended.length) {
      ctx.out(m.t('cli.acks-import.nothing', { file, skipped }));
    } else {
      const first = outcome.appended[0]!.line;
      const last = outcome.appended[outcome.appended.length - 1]!.line;
      const lines = first === last ? String(first) : `${first}-${last}`;
      ctx.out(m.t('cli.acks-import.imported', { file, count: outcome.appended.length, ledger: model.ledger.file, lines, several: first === last ? 'no' : 'yes', skipped }));
    }
    return 0;
  },
};
