import path from 'node:path';
import { countDiagnostics, type Diagnostic } from '../../core/diagnostics/diagnostic.js';
import { loadMessages, type Messages } from '../../core/i18n/messages.js';
import { importComply } from '../../import/comply/import-comply.js';
import { writeImportedRepo } from '../../import/write-repo.js';
import { COMMON, type Command, type OptionSpec } from '../command.js';
import type { CommandContext } from '../context.js';
import { readerLocale } from '../reader-locale.js';
import { dateInZone, type IsoDate } from '../../core/dates/calendar.js';

/** An import's "today": --as-of, else the clock's day (UTC): the new repo has no commits or config yet. */
export function importDay(ctx: CommandContext): IsoDate {
  const asOf = ctx.asOfFlag();
  return asOf === undefined || asOf === 'today' ? dateInZone(ctx.now(), 'UTC') : asOf;
}

/** `--locale` of the importers: they make a repo, which has no language yet, so they write in the reader's. */
export const LOCALE_OPTION: OptionSpec = {
  type: 'string', value: 'LOCALE', description: 'the language of what it prints: en or ja (default: PRECEPT_LOCALE, else the terminal\'s LC_ALL, LC_MESSAGES or LANG, else en)',
};

/** "3 broken-link, 1 unknown-person": how many findings of each rule, most first. */
export function findingsByRule(diagnostics: readonly Diagnostic[], m: Messages): string {
  const byRule = new Map<string, number>();
  for (const d of diagnostics) byRule.set(d.ruleId, (byRule.get(d.ruleId) ?? 0) + 1);
  return [...byRule].sort((a, b) => b[1] - a[1]).map(([rule, count]) => m.t('cli.import.by-rule', { rule, count })).join(m.t('cli.import.rule-separator'));
}

const FORMATS = ['pretty', 'json'] as const;

/** `precept import comply <comply-dir> <out-dir>`: turn a comply project into a precept repo. */
export const importComplyCommand: Command = {
  name: 'import comply',
  summary: 'turn a comply (strongdm/comply) project into a precept policy repo',
  args: '<comply-dir> <out-dir>',
  positionals: { min: 2, max: 2 },
  options: {
    org: { type: 'string', value: 'NAME', description: 'organisation name (default: comply.yml\'s name); fills {{.Name}} in the documents' },
    force: { type: 'boolean', description: 'replace the content of a non-empty out-dir (its .git is kept)' },
    'as-of': { ...COMMON.asOf, description: 'compute review schedules for DATE (default: the clock\'s day, UTC: the new repo has no commits yet)' },
    format: { ...COMMON.format, description: `output format: ${FORMATS.join(', ')} (default: pretty)` },
    quiet: COMMON.quiet,
    locale: LOCALE_OPTION,
  },
  details: [
    'Policies and narratives become policies (narratives in policies/narratives/), procedures become',
    'controls in controls/procedures.yaml, standards other than TSC become frameworks/, comply.yml',
    'becomes precept.config.yaml. What could not be carried over is printed as findings pointing at',
    'the comply files: the to-do list before `precept check` is clean.',
    'Exit 0 when everything was imported (findings are to-dos), 1 when a document could not be',
    'imported, 2 when comply-dir is not a comply project or out-dir cannot be written.',
  ].join('\n'),
  async run(ctx) {
    const format = ctx.choice('format', FORMATS, 'pretty');
    const m = loadMessages(readerLocale(ctx.io.env, ctx.string('locale')));
    const started = performance.now();
    const [complyDir, outDir] = ctx.positionals.map((p) => path.resolve(ctx.io.cwd, p)) as [string, string];
    const org = ctx.string('org');
    const result = await importComply(complyDir, { asOf: importDay(ctx), locale: m.locale, ...(org !== undefined ? { organization: org } : {}) });
    await writeImportedRepo(outDir, result.files, { force: ctx.flag('force'), source: { root: complyDir, what: 'comply' }, label: ctx.positionals[1]! });
    const diagnostics = result.findings.map((f) => f.diagnostic);
    const counts = countDiagnostics(diagnostics);
    const s = result.summary;
    if (format === 'json') {
      const findings = result.findings.map((f) => ({ ...f.diagnostic, checkReports: f.expect }));
      ctx.out(JSON.stringify({ diagnostics: findings, summary: { ...s, ...counts, organization: result.organization.name }, files: [...result.files.keys()].sort() }, null, 2));
      return counts.errors ? 1 : 0;
    }
    const quiet = ctx.flag('quiet');
    ctx.printDiagnostics(diagnostics, { format: 'pretty', files: s.documents, sources: result.sources, quiet, locale: m.locale });
    if (quiet) return counts.errors ? 1 : 0;
    const shown = ctx.positionals[1]!;
    ctx.out(m.t('cli.import.comply-summary', {
      documents: s.documents - s.notImported, dir: shown, seconds: ((performance.now() - started) / 1000).toFixed(1),
      policies: s.policies, narratives: s.narratives, controls: s.controls, frameworks: s.frameworks,
    }));
    ctx.out(m.t('cli.import.comply-converted', {
      gridTables: s.gridTables, pipeTables: s.pipeTables, pageBreaks: s.pageBreaks, fieldsFilled: s.fieldsFilled, org: result.organization.name,
    }));
    if (diagnostics.length) {
      ctx.out(m.t('cli.import.comply-findings', { count: diagnostics.length, rules: findingsByRule(diagnostics, m), errors: counts.errors ? 'yes' : 'no', notImported: s.notImported }));
      ctx.out(m.t('cli.import.comply-next', { dir: shown }));
    } else {
      ctx.out(m.t('cli.import.comply-clean', { dir: shown }));
    }
    return counts.errors ? 1 : 0;
  },
};
