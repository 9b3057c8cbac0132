import path from 'node:path';
import { countDiagnostics } from '../../core/diagnostics/diagnostic.js';
import { importComply } from '../../import/comply/import-comply.js';
import { writeImportedRepo } from '../../import/write-repo.js';
import { COMMON, type Command } from '../command.js';
import { plural, seconds, type CommandContext } from '../context.js';
import { dateInZone, type IsoDate } from '../../core/dates/calendar.js';

/** An import's "today": --as-of, else the clock's day (UTC): the new repo has no commits or config yet. */
export function importDay(ctx: CommandContext): IsoDate {
  const asOf = ctx.asOfFlag();
  return asOf === undefined || asOf === 'today' ? dateInZone(ctx.now(), 'UTC') : asOf;
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
    const started = performance.now();
    const [complyDir, outDir] = ctx.positionals.map((p) => path.resolve(ctx.io.cwd, p)) as [string, string];
    const org = ctx.string('org');
    const result = await importComply(complyDir, { asOf: importDay(ctx), ...(org !== undefined ? { organization: org } : {}) });
    await writeImportedRepo(outDir, result.files, { force: ctx.flag('force'), source: { root: complyDir, what: 'the comply project' }, label: ctx.positionals[1]! });
    const diagnostics = result.findings.map((f) => f.diagnostic);
    const counts = countDiagnostics(diagnostics);
    const s = result.summary;
    if (format === 'json') {
      const findings = result.findings.map((f) => ({ ...f.diagnostic, checkReports: f.expect }));
      ctx.out(JSON.stringify({ diagnostics: findings, summary: { ...s, ...counts, organization: result.organization.name }, files: [...result.files.keys()].sort() }, null, 2));
      return counts.errors ? 1 : 0;
    }
    const quiet = ctx.flag('quiet');
    ctx.printDiagnostics(diagnostics, { format: 'pretty', files: s.documents, sources: result.sources, quiet });
    if (quiet) return counts.errors ? 1 : 0;
    const shown = ctx.positionals[1]!;
    ctx.out(`Imported ${plural(s.documents - s.notImported, 'comply document')} into ${shown} in ${seconds(performance.now() - started)}: `
      + `${plural(s.policies, 'policy', 'policies')}, ${plural(s.narratives, 'narrative')} (policies/narratives/), ${plural(s.controls, 'control')} from procedures`
      + `${s.frameworks ? `, ${plural(s.frameworks, 'framework')}` : ''}.`);
    ctx.out(`Converted ${plural(s.gridTables, 'grid table')}, ${plural(s.pipeTables, 'pipe table')}, ${plural(s.pageBreaks, 'page break')}; `
      + `filled ${plural(s.fieldsFilled, 'template field')} with "${result.organization.name}".`);
    if (diagnostics.length) {
      const byRule = new Map<string, number>();
      for (const d of diagnostics) byRule.set(d.ruleId, (byRule.get(d.ruleId) ?? 0) + 1);
      const parts = [...byRule].sort((a, b) => b[1] - a[1]).map(([id, n]) => `${n} ${id}`);
      ctx.out(`${plural(diagnostics.length, 'finding')} to fix (${parts.join(', ')})${counts.errors ? `, ${plural(s.notImported, 'document')} not imported` : ''}.`);
      ctx.out(`Next: fix them, then run \`precept check --root ${shown}\` (until then it reports the same things).`);
    } else {
      ctx.out(`Nothing to fix: run \`precept check --root ${shown}\`.`);
    }
    return counts.errors ? 1 : 0;
  },
};
