import path from 'node:path';
import { countDiagnostics } from '../../core/diagnostics/diagnostic.js';
import { usageFailure } from '../../core/i18n/failure.js';
import { importMarkdown } from '../../import/markdown/import-markdown.js';
import { writeImportedRepo } from '../../import/write-repo.js';
import { loadMessages } from '../../core/i18n/messages.js';
import { COMMON, type Command } from '../command.js';
import { readerLocale } from '../reader-locale.js';
import { findingsByRule, importDay, LOCALE_OPTION } from './import-comply.js';

const FORMATS = ['pretty', 'json'] as const;
const STATUSES = ['draft', 'in-review', 'approved'] as const;

/** `precept import markdown <dir> <out-dir>`: any folder of Markdown as a precept repo. */
export const importMarkdownCommand: Command = {
  name: 'import markdown',
  summary: 'turn a folder of Markdown (Hugo, Jekyll, GitBook, Docusaurus, MkDocs, plain) into a precept policy repo',
  args: '<dir> <out-dir>',
  positionals: { min: 2, max: 2 },
  options: {
    org: { type: 'string', value: 'NAME', description: 'organisation name (default: the site\'s title in mkdocs.yml, hugo.toml, _config.yml or book.json, else the folder\'s name)' },
    owner: { type: 'string', value: 'PERSON', description: 'owner of every document: "Name <email>" or the id of a git author (default: each file\'s main git author)' },
    status: { type: 'string', value: 'STATUS', description: `status of the imported policies: ${STATUSES.join(', ')} (default: in-review; drafts stay drafts). approved: they are in force, and need their approvals recorded (precept approvals import --csv)` },
    force: { type: 'boolean', description: 'replace the content of a non-empty out-dir (its .git is kept)' },
    'as-of': { ...COMMON.asOf, description: 'compute review schedules for DATE (default: the clock\'s day, UTC: the new repo has no commits yet)' },
    format: { ...COMMON.format, description: `output format: ${FORMATS.join(', ')} (default: pretty)` },
    quiet: COMMON.quiet,
    locale: LOCALE_OPTION,
  },
  details: [
    'Every Markdown document becomes a policy: title from the front matter, else the first # heading (then',
    'removed: the portal prints the title), id from the file name (an index page: its folder\'s), summary from',
    'description or summary, effective and review.last from lastmod or the last git commit, draft: true as a',
    'draft. Front matter precept has no field for is kept under x:. Links between the documents (relative,',
    'site-absolute, without extension, to README/index pages, GitBook content-refs, Hugo refs) point at the new',
    'files; images and attachments are copied beside them. What needs you is printed as findings.',
    'Exit 0 when every document was imported, 1 when one could not be, 2 when the folder cannot be read.',
  ].join('\n'),
  async run(ctx) {
    const format = ctx.choice('format', FORMATS, 'pretty');
    const m = loadMessages(readerLocale(ctx.io.env, ctx.string('locale')));
    const status = ctx.string('status');
    if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) throw usageFailure('cli.status', { allowed: STATUSES.join(', '), value: status });
    const started = performance.now();
    const [sourceDir, outDir] = ctx.positionals.map((p) => path.resolve(ctx.io.cwd, p)) as [string, string];
    const result = await importMarkdown(sourceDir, {
      asOf: importDay(ctx), organization: ctx.string('org'), owner: ctx.string('owner'), status: status as typeof STATUSES[number] | undefined, locale: m.locale,
    });
    await writeImportedRepo(outDir, result.files, { force: ctx.flag('force'), source: { root: sourceDir, what: 'folder' }, label: ctx.positionals[1]! });
    const diagnostics = result.findings.map((f) => f.diagnostic);
    const counts = countDiagnostics(diagnostics);
    const s = result.summary;
    if (format === 'json') {
      const findings = result.findings.map((f) => ({ ...f.diagnostic, checkReports: f.expect }));
      ctx.out(JSON.stringify({ diagnostics: findings, summary: { ...s, ...counts, organization: result.organization }, files: [...result.files.keys()].sort() }, null, 2));
      return counts.errors ? 1 : 0;
    }
    const quiet = ctx.flag('quiet');
    ctx.printDiagnostics(diagnostics, { format: 'pretty', files: s.documents, sources: result.sources, quiet, locale: m.locale });
    if (quiet) return counts.errors ? 1 : 0;
    const shown = ctx.positionals[1]!;
    ctx.out(m.t('cli.import.markdown-summary', {
      policies: s.policies, documents: s.documents, dir: shown, seconds: ((performance.now() - started) / 1000).toFixed(1),
      links: s.links, assets: s.assets, converted: s.converted, kept: s.kept, people: s.people, fromGit: s.fromGit,
    }));
    if (diagnostics.length) ctx.out(m.t('cli.import.markdown-findings', { count: diagnostics.length, rules: findingsByRule(diagnostics, m) }));
    ctx.out(m.t('cli.import.markdown-next', { dir: shown }));
    return counts.errors ? 1 : 0;
  },
};
