import { CSV_MAX_BYTES } from '../../records/acks/csv.js';
import { phrase } from '../../core/i18n/phrase.js';
import path from 'node:path';
import { parsePullRequest, parseReviews } from '../../records/approvals/github-reviews.js';
import { importGithubApprovals } from '../../records/approvals/import-github.js';
import { importApprovalsCsv } from '../../records/approvals/import-csv.js';
import { failure, usageFailure } from '../../core/i18n/failure.js';
import { GitRepo } from '../../history/git.js';
import { COMMON, type Command } from '../command.js';
import type { CommandContext } from '../context.js';
import { loadMessages } from '../../core/i18n/messages.js';

/** `--csv FILE`: approvals given before precept, one row each, all or nothing. */
async function importCsv(ctx: CommandContext, file: string): Promise<number> {
  const abs = path.resolve(ctx.io.cwd, file);
  const bytes = await ctx.readInput(file, CSV_MAX_BYTES, phrase('failure.cli.split-hint'));
  const { project } = await ctx.openRepo('part');
  const dryRun = ctx.flag('dry-run');
  const outcome = await importApprovalsCsv({ project, file, name: path.basename(abs), bytes, dryRun, now: ctx.now() });
  const messages = loadMessages(project.config.locale);
  if (outcome.diagnostics.length) {
    ctx.printDiagnostics(outcome.diagnostics, { format: 'pretty', files: 1, sources: new Map([[file, bytes.toString('utf8')]]), locale: project.config.locale });
    const bad = new Set(outcome.diagnostics.map((d) => d.line)).size;
    ctx.err(messages.t('cli.approvals-import.rejected', { file, bad, rows: outcome.rows }));
    return 1;
  }
  const ledgerFile = `${project.config.paths.records}/approvals.jsonl`;
  ctx.out(messages.t('cli.approvals-import.csv-recorded', {
    mode: dryRun ? 'dry' : 'done', count: outcome.records.length, file, ledger: dryRun || !outcome.records.length ? '' : ledgerFile, into: dryRun || !outcome.records.length ? 'no' : 'yes',
  }));
  outcome.records.forEach((r, i) => {
    const line = outcome.appended[i]?.line;
    ctx.out(messages.t('cli.approvals-import.csv-record', {
      policy: r.policy, version: r.version, decision: r.decision, approver: r.approver, date: messages.reportDate(r.at.slice(0, 10)),
      line: line ? String(line) : '', numbered: line ? 'yes' : 'no', evidence: r.evidence,
    }));
  });
  return 0;
}

/** `precept approvals import --github reviews.json --pr owner/repo#N`: record a merged PR's approvals. */
export const approvalsImportCommand: Command = {
  name: 'approvals import',
  summary: "record the approvals in a merged pull request's GitHub reviews, or (--csv) approvals made before precept",
  options: {
    root: COMMON.root,
    github: { type: 'string', value: 'FILE', description: 'the reviews JSON: gh api repos/O/R/pulls/N/reviews > FILE' },
    pr: { type: 'string', value: 'OWNER/REPO#N', description: 'with --github: the pull request the reviews belong to (required)' },
    csv: { type: 'string', value: 'FILE', description: 'instead of --github: approvals made before precept, one row each (policy, approver, at, evidence[, version, decision])' },
    base: { type: 'string', value: 'REF', description: 'the commit before the pull request (default: HEAD^1, as right after a merge)' },
    head: { type: 'string', value: 'REF', description: 'the commit whose text the approvals bind to (default: HEAD)' },
    'dry-run': { type: 'boolean', description: 'show what would be recorded, write nothing' },
  },
  details: `Records an approval for every reviewer whose latest review approves, whose GitHub handle is a
person's github: in people.yaml, for each policy the pull request changed (between --base and
--head) that lists them as an approver. Everything else is reported, not recorded. Importing the
same pull request twice records nothing new. No network: precept reads only the file.

--csv FILE records decisions made before the repo used precept, each as \`precept approve --at
--evidence\` would: columns policy (id or title), approver (id or email), at (2025-03-10 or a
time), evidence (where it is documented), and optionally version (must be the current one) and
decision (approved or rejected). Any bad row rejects the whole file, nothing written.`,
  async run(ctx) {
    const csv = ctx.string('csv');
    if (csv !== undefined) {
      if (ctx.string('github') !== undefined || ctx.string('pr') !== undefined) throw usageFailure('cli.csv-and-github');
      return importCsv(ctx, csv);
    }
    const file = ctx.string('github');
    const prText = ctx.string('pr');
    if (!file) throw usageFailure('cli.missing-github');
    if (!prText) throw usageFailure('cli.missing-pr');
    const pr = parsePullRequest(prText);
    // A pull request's reviews as `gh api` gives them: a few kilobytes, never megabytes.
    const text = (await ctx.readInput(file, 16 << 20)).toString('utf8');
    const reviews = parseReviews(text, file);
    const { project } = await ctx.openRepo('whole');
    const git = await GitRepo.open(project.root);
    if (!git) throw failure('cli.no-git-approvals', { root: project.root });
    const dryRun = ctx.flag('dry-run');
    const outcome = await importGithubApprovals({ project, git, reviews, pr, base: ctx.string('base') ?? 'HEAD^1', head: ctx.string('head') ?? 'HEAD', dryRun });
    const messages = loadMessages(project.config.locale);
    const changed = outcome.changed.map((c) => messages.t('cli.approvals-import.changed-policy', { id: c.id, from: c.from ?? '', to: c.to, state: c.from ? 'changed' : 'new' }));
    ctx.out(messages.t('cli.approvals-import.changed', {
      source: outcome.source, count: outcome.changed.length, base: outcome.base.slice(0, 7), head: outcome.head.slice(0, 7), list: changed.join(', '), listed: changed.length ? 'yes' : 'no',
    }));
    const ledgerFile = `${project.config.paths.records}/approvals.jsonl`;
    ctx.out(messages.t('cli.approvals-import.recorded', { mode: dryRun ? 'dry' : 'done', count: outcome.recorded.length, ledger: ledgerFile }));
    for (const { line, record: r } of outcome.recorded) {
      ctx.out(messages.t('cli.approvals-import.record', { policy: r.policy, version: r.version, approver: r.approver, at: r.at, line: line ? String(line) : '', numbered: line ? 'yes' : 'no' }));
    }
    if (outcome.skipped.length) {
      ctx.out(messages.t('cli.approvals-import.not-recorded', { count: String(outcome.skipped.length) }));
      for (const s of outcome.skipped) ctx.out(`  - ${s.message}`);
    }
    for (const w of outcome.warnings) ctx.err(messages.t('cli.approvals-import.warning', { warning: w }));
    for (const w of outcome.waiting) ctx.out(messages.t('cli.approvals-import.waiting', { policy: w.policy, people: w.people.join(', ') }));
    return 0;
  },
};
