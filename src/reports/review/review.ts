import path from 'node:path';
import { approvalsByPolicy } from '../../records/approvals/status.js';
import { creditedApprovers, pullRequestTrust, type BaseTrust } from '../../records/approvals/trust.js';
import { checkRepo } from '../../check/check.js';
import type { IsoDate } from '../../core/dates/calendar.js';
import { countDiagnostics, diagnosticAt, sortDiagnostics, type Diagnostic } from '../../core/diagnostics/diagnostic.js';
import { failure } from '../../core/i18n/failure.js';
import { loadMessages } from '../../core/i18n/messages.js';
import { GitRepo } from '../../history/git.js';
import { withProjectAtRef } from '../../history/project-at-ref.js';
import { projectLedger, TRUST_RULE } from '../../records/ledger/project-ledgers.js';
import { APPROVALS_LEDGER, LEDGERS } from '../../records/ledger/registry.js';
import { openRepo } from '../../history/repo.js';
import { MarkdownRenderer } from '../../markdown/render.js';
import type { Project } from '../../repo/project/types.js';
import { Theme } from '../../render/theme/theme.js';
import { coverageDelta, type CoverageItem } from './coverage.js';
import { pairPolicies } from './pair.js';
import { reviewPolicy, type PolicyReview } from './policy-review.js';

/** Who must approve a changed policy, and whether they already have. */
export interface RequiredApprover {
  person: string;
  /** Name and GitHub handle as the base's roster has them (undefined: not on it). */
  name: string | undefined;
  github: string | undefined;
  /** Already approved this exact text in a record the base has (e.g. with `precept approve`). */
  approved: boolean;
}

/** A policy review with its approvers. */
export interface ReviewedPolicy extends PolicyReview {
  approvers: RequiredApprover[];
}

/** Everything `precept review` reports about a pull request. */
export interface ReviewReport {
  organization: string;
  /** The language the report is written in (the base's locale). */
  locale: string;
  base: { ref: string; commit: string };
  policies: ReviewedPolicy[];
  coverage: { lost: CoverageItem[]; gained: CoverageItem[] };
  /** Records the pull request adds to each ledger: listed, not counted in this review. */
  ledgers: { file: string; added: { line: number; text: string }[] }[];
  /** Theme files (templates, scripts, styles) the pull request changes: they run in every reader's browser. */
  theme: string[];
  /** Version problems, check results for changed files, ledger history problems, and trust changes. */
  diagnostics: Diagnostic[];
  counts: { errors: number; warnings: number };
}

/** Options for a review. */
export interface ReviewOptions {
  asOf: IsoDate;
  /**
   * Called with the theme as the base has it, e.g. to write the HTML redline pages: a pull
   * request's own templates are not trusted to show what it changes.
   */
  withBaseTheme?: (theme: Theme, report: ReviewReport) => Promise<void>;
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

/** What the pull request adds to each ledger (countRecordsAtBase keeps it apart). */
async function ledgerAdditions(head: Project): Promise<ReviewReport['ledgers']> {
  const out: ReviewReport['ledgers'] = [];
  for (const kind of LEDGERS) {
    const ledger = await projectLedger(head, kind);
    if (ledger.added.length) out.push({ file: ledger.file, added: ledger.added.map((e) => ({ line: e.line, text: kind.describe(e.record) })) });
  }
  return out;
}

/** The approvers whose reviews count for a changed policy (the base's), with the base's names and handles. */
async function approversOf(head: Project, review: PolicyReview, trust: BaseTrust): Promise<RequiredApprover[]> {
  const policy = head.policies.find((p) => p.id === review.id && p.file === review.file);
  if (!review.needsApproval || !policy?.meta) return [];
  const ledger = await projectLedger(head, APPROVALS_LEDGER);
  const records = approvalsByPolicy(ledger.entries).get(review.id) ?? [];
  const baseId = review.change === 'added' ? undefined : review.renamedFrom?.id ?? review.id;
  return creditedApprovers(trust, baseId, policy.meta.approvers ?? []).map((id) => {
    const person = trust.roster.people.get(id)?.person;
    const latest = records.filter((e) => e.record.approver === id && e.record.contentHash === review.contentHash).pop();
    return { person: id, name: person?.name, github: person?.github, approved: latest?.record.decision === 'approved' };
  });
}

const under = (file: string, dir: string) => file === dir || file.startsWith(`${dir}/`);

/** Changed theme files, each reported as a change that needs separate approval. */
function themeChanges(files: ReadonlySet<string>, dirs: readonly string[]): { theme: string[]; diagnostics: Diagnostic[] } {
  const theme = [...files].filter((f) => dirs.some((d) => under(f, d))).sort();
  return {
    theme,
    diagnostics: theme.map((file) => diagnosticAt(file, { line: 1, column: 1 }, TRUST_RULE, 'warning',
      `${file} is part of the portal's theme: its templates and scripts run in every reader's browser, beside the acknowledgement button, so the change needs separate approval`,
      'have someone who may vouch for the portal (a code owner of site/) review it; see docs/security.md')),
  };
}

/**
 * Reviews a pull request: the policies at `base` against the working tree. Pairs policies,
 * redlines and classifies each change, judges version steps, compares coverage, lists who must
 * approve (as the base has them), runs the checks on the changed files, verifies the ledgers
 * only grew, and reports what the pull request changes about who or what is trusted: the
 * roster's identities, approvers, records it adds itself (not counted here) and theme files.
 */
export async function reviewPullRequest(root: string, base: string, options: ReviewOptions): Promise<ReviewReport> {
  const repo = await openRepo(root);
  const { git, project: head } = repo;
  if (!git) throw failure('git.review-needs-git', { root: path.resolve(root) });
  const commit = await git.resolve(base);
  const renderer = new MarkdownRenderer();
  const empty = renderer.render('').tree;
  return withProjectAtRef(git, commit, async ({ project: before }) => {
    // The report is written in the base's language, as its theme is taken from the base.
    const messages = loadMessages(before.config.locale);
    const pr = await pullRequestTrust(head, base, before);
    const reviews = pairPolicies(before.policies, head.policies)
      .map((pair) => reviewPolicy(pair, before, head, renderer, empty, messages))
      .filter((r): r is PolicyReview => r !== undefined);
    const policies: ReviewedPolicy[] = [];
    for (const r of reviews) policies.push({ ...r, approvers: await approversOf(head, r, pr.trust) });
    const pending = new Set(policies.filter((p) => p.needsApproval).map((p) => p.id));
    const files = await changedFiles(git, commit);
    const checked = (await checkRepo(repo, { asOf: options.asOf, pendingApprovals: pending })).diagnostics.filter((d) => files.has(d.file));
    const theme = themeChanges(files, [...new Set([before.config.paths.site, head.config.paths.site])]);
    const diagnostics = sortDiagnostics([...policies.flatMap((p) => p.diagnostics), ...checked, ...pr.diagnostics, ...theme.diagnostics]);
    const report: ReviewReport = {
      organization: head.config.organization.name,
      locale: before.config.locale,
      base: { ref: base, commit },
      policies,
      coverage: coverageDelta(before, head),
      ledgers: await ledgerAdditions(head),
      theme: theme.theme,
      diagnostics,
      counts: countDiagnostics(diagnostics),
    };
    if (options.withBaseTheme) await options.withBaseTheme(await Theme.load(path.join(before.root, before.config.paths.site), messages), report);
    return report;
  }, { theme: options.withBaseTheme !== undefined });
}
