import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parsePullRequest, parseReviews } from '../../records/approvals/github-reviews.js';
import { importGithubApprovals } from '../../records/approvals/import-github.js';
import { PreceptError, UsageError } from '../../core/errors.js';
import { GitRepo } from '../../history/git.js';
import { COMMON, type Command } from '../command.js';
import { plural } from '../context.js';

/** `precept approvals import --github reviews.json --pr owner/repo#N`: record a merged PR's approvals. */
export const approvalsImportCommand: Command = {
  name: 'approvals import',
  summary: "record the approvals in a merged pull request's GitHub reviews",
  options: {
    root: COMMON.root,
    github: { type: 'string', value: 'FILE', description: 'the reviews JSON: gh api repos/O/R/pulls/N/reviews > FILE (required)' },
    pr: { type: 'string', value: 'OWNER/REPO#N', description: 'the pull request the reviews belong to (required)' },
    base: { type: 'string', value: 'REF', description: 'the commit before the pull request (default: HEAD^1, as right after a merge)' },
    head: { type: 'string', value: 'REF', description: 'the commit whose text the approvals bind to (default: HEAD)' },
    'dry-run': { type: 'boolean', description: 'show what would be recorded, write nothing' },
  },
  details: `Records an approval for every reviewer whose latest review approves, whose GitHub handle is a
person's github: in people.yaml, for each policy the pull request changed (between --base and
--head) that lists them as an approver. Everything else is reported, not recorded. Importing the
same pull request twice records nothing new. No network: precept reads only the file.`,
  async run(ctx) {
    const file = ctx.string('github');
    const prText = ctx.string('pr');
    if (!file) throw new UsageError('missing --github FILE: the reviews JSON (gh api repos/O/R/pulls/N/reviews)');
    if (!prText) throw new UsageError('missing --pr OWNER/REPO#N');
    const pr = parsePullRequest(prText);
    const text = await readFile(path.resolve(ctx.io.cwd, file), 'utf8').catch((error: Error) => {
      throw new PreceptError(`cannot read ${file}: ${error.message}`);
    });
    const reviews = parseReviews(text, file);
    const { project } = await ctx.openRepo('whole');
    const git = await GitRepo.open(project.root);
    if (!git) throw new PreceptError(`${project.root} is not in a git repository with commits: the changed policies come from git`);
    const dryRun = ctx.flag('dry-run');
    const outcome = await importGithubApprovals({ project, git, reviews, pr, base: ctx.string('base') ?? 'HEAD^1', head: ctx.string('head') ?? 'HEAD', dryRun });
    const changed = outcome.changed.map((c) => `${c.id} (${c.from ? `${c.from} -> ${c.to}` : `new, ${c.to}`})`);
    ctx.out(`${outcome.source} changed ${plural(outcome.changed.length, 'policy', 'policies')} between ${outcome.base.slice(0, 7)} and ${outcome.head.slice(0, 7)}${changed.length ? `: ${changed.join(', ')}` : ''}.`);
    const ledgerFile = `${project.config.paths.records}/approvals.jsonl`;
    const verb = dryRun ? 'Would record' : 'Recorded';
    ctx.out(`${verb} ${plural(outcome.recorded.length, 'approval')}${outcome.recorded.length ? ` in ${ledgerFile}:` : '.'}`);
    for (const { line, record: r } of outcome.recorded) {
      ctx.out(`  + ${r.policy} ${r.version} approved by ${r.approver} on ${r.at}${line ? ` (line ${line})` : ''}`);
    }
    if (outcome.skipped.length) {
      ctx.out(`Not recorded (${outcome.skipped.length}):`);
      for (const s of outcome.skipped) ctx.out(`  - ${s.message}`);
    }
    for (const w of outcome.warnings) ctx.err(`warning: ${w}`);
    for (const w of outcome.waiting) ctx.out(`Still waiting: ${w.policy} needs approval from ${w.people.join(', ')}.`);
    return 0;
  },
};
