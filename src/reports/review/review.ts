import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { approvalsByPolicy } from '../../records/approvals/status.js';
import { runRules } from '../../check/check.js';
import type { IsoDate } from '../../core/dates/calendar.js';
import { countDiagnostics, sortDiagnostics, type Diagnostic } from '../../core/diagnostics/diagnostic.js';
import { PreceptError } from '../../core/errors.js';
import { GitRepo } from '../../history/git.js';
import { withProjectAtRef } from '../../history/project-at-ref.js';
import { anchorDiagnostics, committedLedger } from '../../records/ledger/anchor.js';
import { parseLedger } from '../../records/ledger/parse.js';
import { projectLedger } from '../../records/ledger/project-ledgers.js';
import { ledgerPath } from '../../records/ledger/read.js';
import { APPROVALS_LEDGER, LEDGERS } from '../../records/ledger/registry.js';
import { loadMessages } from '../../core/i18n/messages.js';
import { loadProject } from '../../repo/load/load-project.js';
import { MarkdownRenderer } from '../../markdown/render.js';
import type { Project } from '../../repo/project/types.js';
import { coverageDelta, type CoverageItem } from './coverage.js';
import { pairPolicies } from './pair.js';
import { reviewPolicy, type PolicyReview } from './policy-review.js';

/** Who must approve a changed policy, and whether they already have. */
export interface RequiredApprover {
  person: string;
  name: string | undefined;
  github: string | undefined;
  /** Already approved this exact text (e.g. with `precept approve`). */
  approved: boolean;
}

/** A policy review with its approvers. */
export interface ReviewedPolicy extends PolicyReview {
  approvers: RequiredApprover[];
}

/** Everything `precept review` reports about a pull request. */
export interface ReviewReport {
  organization: string;
  /** The language the report is written in (the repo's locale). */
  locale: string;
  base: { ref: string; commit: string };
  policies: ReviewedPolicy[];
  coverage: { lost: CoverageItem[]; gained: CoverageItem[] };
  /** Records the pull request adds to each ledger. */
  ledgers: { file: string; added: { line: number; text: string }[] }[];
  /** Version problems, check results for changed files, and ledger history problems. */
  diagnostics: Diagnostic[];
  counts: { errors: number; warnings: number };
}

/** Files (root-relative) that differ between a commit and the working tree, untracked ones included. */
async function changedFiles(git: GitRepo, commit: string): Promise<Set<string>> {
  const scope = git.prefix || '.';
  const [diff, untracked] = await Promise.all([
    git.run(['diff', '--name-only', '-z', '--no-renames', commit, '--', scope]),
    git.run(['ls-files', '--others', '--exclude-standard', '-z', '--full-name', '--', scope]),
  ]);
  const files = new Set<string>();
  for (const name of [...diff.split('\0'), ...untracked.split('\0')]) {
    const rel = name ? git.fromGitPath(name) : undefined;
    if (rel !== undefined) files.add(rel);
  }
  return files;
}

async function ledgerChanges(git: GitRepo, head: Project, commit: string, label: string): Promise<{ ledgers: ReviewReport['ledgers']; diagnostics: Diagnostic[] }> {
  const ledgers: ReviewReport['ledgers'] = [];
  const diagnostics: Diagnostic[] = [];
  for (const kind of LEDGERS) {
    const where = ledgerPath(head.root, head.config.paths.records, kind);
    const current = await readFile(where.path).catch(() => Buffer.alloc(0));
    const committed = (await committedLedger(git, commit, where.file)) ?? Buffer.alloc(0);
    diagnostics.push(...anchorDiagnostics(where.file, current, committed, label));
    const before = parseLedger(where.file, committed, kind).lines;
    const added = parseLedger(where.file, current, kind).entries.filter((e) => e.line > before).map((e) => ({ line: e.line, text: kind.describe(e.record) }));
    if (added.length) ledgers.push({ file: where.file, added });
  }
  return { ledgers, diagnostics };
}

async function approversOf(head: Project, review: PolicyReview): Promise<RequiredApprover[]> {
  const policy = head.policies.find((p) => p.id === review.id && p.file === review.file);
  if (!review.needsApproval || !policy?.meta) return [];
  const ledger = await projectLedger(head, APPROVALS_LEDGER);
  const records = approvalsByPolicy(ledger.entries).get(review.id) ?? [];
  return (policy.meta.approvers ?? []).map((id) => {
    const person = head.roster.people.get(id)?.person;
    const latest = records.filter((e) => e.record.approver === id && e.record.contentHash === review.contentHash).pop();
    return { person: id, name: person?.name, github: person?.github, approved: latest?.record.decision === 'approved' };
  });
}

/**
 * Reviews a pull request: the policies at `base` against the working tree. Pairs policies,
 * redlines and classifies each change, judges version steps, compares coverage, lists who must
 * approve, runs the checks on the changed files and verifies the ledgers only grew.
 */
export async function reviewPullRequest(root: string, base: string, options: { asOf: IsoDate }): Promise<ReviewReport> {
  const git = await GitRepo.open(root);
  if (!git) throw new PreceptError(`${path.resolve(root)} is not in a git repository with commits: review compares with a git ref`);
  const commit = await git.resolve(base);
  const { project: head, diagnostics: loadDiagnostics } = await loadProject(root);
  const renderer = new MarkdownRenderer();
  const empty = renderer.render('').tree;
  const label = `${base} (${commit.slice(0, 7)})`;
  const messages = loadMessages(head.config.locale);
  return withProjectAtRef(git, commit, async ({ project: before }) => {
    const reviews = pairPolicies(before.policies, head.policies)
      .map((pair) => reviewPolicy(pair, before, head, renderer, empty, messages))
      .filter((r): r is PolicyReview => r !== undefined);
    const policies: ReviewedPolicy[] = [];
    for (const r of reviews) policies.push({ ...r, approvers: await approversOf(head, r) });
    const pending = new Set(policies.filter((p) => p.needsApproval).map((p) => p.id));
    const files = await changedFiles(git, commit);
    const checked = [...loadDiagnostics, ...(await runRules(head, { asOf: options.asOf, pendingApprovals: pending }))].filter((d) => files.has(d.file));
    const ledgers = await ledgerChanges(git, head, commit, label);
    const diagnostics = sortDiagnostics([...policies.flatMap((p) => p.diagnostics), ...checked, ...ledgers.diagnostics]);
    return {
      organization: head.config.organization.name,
      locale: head.config.locale,
      base: { ref: base, commit },
      policies,
      coverage: coverageDelta(before, head),
      ledgers: ledgers.ledgers,
      diagnostics,
      counts: countDiagnostics(diagnostics),
    };
  });
}
