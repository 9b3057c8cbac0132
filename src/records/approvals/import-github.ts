import { toIsoDate } from '../../core/dates/calendar.js';
import { failure } from '../../core/i18n/failure.js';
import type { GitRepo } from '../../history/git.js';
import { policiesAtRef, type CommittedPolicy } from '../../history/policies-at-ref.js';
import { appendSelected, type NewRecord } from '../ledger/append.js';
import { readLedger } from '../ledger/read.js';
import { APPROVALS_LEDGER } from '../ledger/registry.js';
import { isActive } from '../../repo/project/roster.js';
import type { Project } from '../../repo/project/types.js';
import type { ApprovalRecord, Person } from '../../repo/schema/types.generated.js';
import { validateAgainst } from '../../repo/schema/validator.js';
import { pullRequestSource, reviewerVerdicts, type GithubReview, type PullRequestRef } from './github-reviews.js';
import type { ApprovalEntry } from './status.js';
import { creditedApprovers, loadBaseTrust, type BaseTrust } from './trust.js';

/** What to import: a merged pull request's reviews, and the commits before and after it. */
export interface ImportRequest {
  project: Project;
  git: GitRepo;
  reviews: readonly GithubReview[];
  pr: PullRequestRef;
  /** The commit before the pull request (default in the CLI: HEAD^1). */
  base: string;
  /** The commit whose text approvals bind to (default: HEAD). */
  head: string;
  dryRun?: boolean;
}

/** A policy the pull request added or whose content it changed. */
export interface ChangedPolicy {
  id: string;
  file: string;
  from: string | undefined;
  to: string;
  hash: string;
  /** Whose reviews count for it: its approvers at the base (a new policy's, those on the base's roster). */
  approvers: string[];
  /** The approvers the merged text names (who `check` will want approvals from). */
  named: string[];
}

/** Why a review did not become a record. */
export interface Skipped {
  reason: 'unknown-handle' | 'not-on-staff' | 'not-an-approver' | 'approver-added' | 'superseded' | 'changes-requested' | 'dismissed' | 'stale-commit' | 'already-recorded' | 'invalid-policy';
  message: string;
}

/** What an import found and did. */
export interface ImportOutcome {
  base: string;
  head: string;
  source: string;
  changed: ChangedPolicy[];
  /** The new records (with line numbers unless a dry run). */
  recorded: { line: number | undefined; record: NewRecord<ApprovalRecord> }[];
  skipped: Skipped[];
  /** Approvals recorded that could not be checked against the commit the reviewer saw. */
  warnings: string[];
  /** Changed policies still lacking approvers' approvals of their new text. */
  waiting: { policy: string; people: string[] }[];
}

const short = (commit: string) => commit.slice(0, 7);

/** Whether a record on file is this pull request's approval by the same person of the same text. */
const sameReview = (e: ApprovalEntry, r: Pick<ApprovalRecord, 'source' | 'approver' | 'policy' | 'contentHash'>) =>
  e.record.source === r.source && e.record.approver === r.approver && e.record.policy === r.policy && e.record.contentHash === r.contentHash;

const alreadyRecorded = (who: string, entry: ApprovalEntry): Skipped => ({
  reason: 'already-recorded', message: `${who}'s approval of ${entry.record.policy} ${entry.record.version} is already recorded (line ${entry.line})`,
});

/**
 * The policies a range changed, with the approvers whose reviews count (from the base: see
 * BaseTrust); policies whose new frontmatter is invalid are skipped.
 */
async function changedPolicies(git: GitRepo, project: Project, trust: BaseTrust, head: string, skipped: Skipped[]): Promise<{ changed: ChangedPolicy[]; headPolicies: Map<string, CommittedPolicy> }> {
  const fw = project.config.defaultFramework;
  const [before, after] = await Promise.all([policiesAtRef(git, trust.commit, trust.paths.policies, fw), policiesAtRef(git, head, project.config.paths.policies, fw)]);
  const changed: ChangedPolicy[] = [];
  for (const p of after.values()) {
    const old = before.get(p.id);
    if (old?.hash === p.hash) continue;
    if (validateAgainst('policy', p.meta).length || !p.version) {
      skipped.push({ reason: 'invalid-policy', message: `${p.file} has frontmatter errors at ${short(head)}; approvals of it are not recorded (run precept check)` });
      continue;
    }
    const named = (p.meta['approvers'] as string[] | undefined) ?? [];
    changed.push({ id: p.id, file: p.file, from: old?.version, to: p.version, hash: p.hash, approvers: creditedApprovers(trust, old ? p.id : undefined, named), named });
  }
  return { changed, headPolicies: after };
}

/**
 * Turns a merged pull request's reviews into approval records: every reviewer whose deciding
 * review approves, whose GitHub handle belongs to a person on staff, gets one record per policy
 * the pull request changed that lists them as an approver, bound to the text at `head`. Handles,
 * people and approvers are taken from `base`, never from the merged tree: a pull request that
 * gave an approver's handle to another account, or made someone an approver, cannot have its own
 * reviews credited that way. Every review that does not become a record is reported with the
 * reason. Importing twice records nothing new.
 */
export async function importGithubApprovals(request: ImportRequest): Promise<ImportOutcome> {
  const { project, git, pr } = request;
  const [base, head] = await Promise.all([git.resolve(request.base), git.resolve(request.head)]);
  const source = pullRequestSource(pr);
  const skipped: Skipped[] = [];
  const warnings: string[] = [];
  const trust = await loadBaseTrust(git, base);
  const { changed } = await changedPolicies(git, project, trust, head, skipped);
  const ledger = await readLedger(project.root, project.config.paths.records, APPROVALS_LEDGER);
  if (ledger.diagnostics.some((d) => d.severity === 'error')) {
    throw failure('ledger.import-problems', { file: ledger.file }, { exitCode: 1, diagnostics: ledger.diagnostics });
  }
  const byHandle = new Map<string, Person>();
  for (const { person } of trust.roster.people.values()) if (person.github) byHandle.set(person.github.toLowerCase(), person);
  const headHandles = new Map<string, Person>();
  for (const { person } of project.roster.people.values()) if (person.github) headHandles.set(person.github.toLowerCase(), person);
  const atCommit = new Map<string, Promise<Map<string, CommittedPolicy> | undefined>>();
  const policiesAt = (commit: string) => {
    let found = atCommit.get(commit);
    if (!found) {
      found = git.resolve(commit).then((c) => policiesAtRef(git, c, project.config.paths.policies, project.config.defaultFramework), () => undefined);
      atCommit.set(commit, found);
    }
    return found;
  };
  const records: NewRecord<ApprovalRecord>[] = [];
  const handles = new Map<string, string>();
  for (const { login, verdict, overridden } of reviewerVerdicts(request.reviews)) {
    const when = verdict.submittedAt!;
    if (verdict.state === 'DISMISSED') {
      skipped.push({ reason: 'dismissed', message: `@${login}'s review of ${when.slice(0, 10)} was dismissed` });
      continue;
    }
    if (verdict.state === 'CHANGES_REQUESTED') {
      skipped.push(overridden
        ? { reason: 'superseded', message: `@${login}'s approval of ${overridden.submittedAt!.slice(0, 10)} was superseded by changes requested on ${when.slice(0, 10)}` }
        : { reason: 'changes-requested', message: `@${login} requested changes on ${when.slice(0, 10)}` });
      continue;
    }
    const person = byHandle.get(login.toLowerCase());
    if (!person) {
      const claimed = headHandles.get(login.toLowerCase());
      skipped.push({ reason: 'unknown-handle', message: claimed
        ? `@${login} approved, but nobody in ${trust.roster.file} at ${short(base)} has github: ${login} (this pull request gives it to ${claimed.id}; handles count from the commit before it)`
        : `@${login} approved, but nobody in ${trust.roster.file} has github: ${login}` });
      continue;
    }
    const who = `@${login} (${person.id})`;
    if (!isActive(person, toIsoDate(new Date(when)))) {
      skipped.push({ reason: 'not-on-staff', message: `${who} approved on ${when.slice(0, 10)}, when they were not on staff` });
      continue;
    }
    const targets = changed.filter((c) => c.approvers.includes(person.id));
    const madeApprover = changed.filter((c) => !c.approvers.includes(person.id) && c.named.includes(person.id));
    if (!targets.length && madeApprover.length) {
      skipped.push({ reason: 'approver-added', message: `${who} approved, but this pull request made them an approver of ${madeApprover.map((c) => c.id).join(', ')}; approvers count from the commit before it (${short(base)})` });
      continue;
    }
    if (!targets.length) {
      skipped.push({ reason: 'not-an-approver', message: changed.length
        ? `${who} approved, but is not an approver of any policy this pull request changed (${changed.map((c) => c.id).join(', ')})`
        : `${who} approved, but this pull request changed no policy` });
      continue;
    }
    for (const target of targets) {
      if (verdict.commitId && verdict.commitId !== head) {
        const seen = await policiesAt(verdict.commitId);
        if (!seen) {
          warnings.push(`${who} reviewed commit ${short(verdict.commitId)}, which is not in this clone: could not check that ${target.id} read the same then (fetch the pull request's commits, or have GitHub dismiss stale approvals)`);
        } else if (seen.get(target.id)?.hash !== target.hash) {
          skipped.push({ reason: 'stale-commit', message: `${who} approved commit ${short(verdict.commitId)}, where ${target.id} read differently than at ${short(head)}; not recorded` });
          continue;
        }
      }
      const already = ledger.entries.find((e) => sameReview(e, { source, approver: person.id, policy: target.id, contentHash: target.hash }));
      if (already) {
        skipped.push(alreadyRecorded(who, already));
        continue;
      }
      handles.set(person.id, who);
      records.push({
        policy: target.id, version: target.to, contentHash: target.hash, approver: person.id, decision: 'approved',
        at: when, source, commit: head, review: verdict.id, reviewer: login,
      });
    }
  }
  records.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.policy < b.policy ? -1 : a.policy > b.policy ? 1 : a.approver < b.approver ? -1 : 1));
  // Checked again under the lock: an import of the same pull request running at the same time
  // (a retried workflow, a second machine) may have recorded some of them since the ledger was read.
  let written = records;
  const appended = request.dryRun || !records.length ? [] : await appendSelected(ledger.path, APPROVALS_LEDGER, { size: ledger.size, lines: ledger.lines }, (since) => {
    written = records.filter((r) => {
      const raced = since.find((e) => sameReview(e, r));
      if (raced) skipped.push(alreadyRecorded(handles.get(r.approver) ?? r.approver, raced));
      return !raced;
    });
    return written;
  });
  const all = [...ledger.entries.map((e) => e.record), ...records];
  const waiting = changed.map((c) => ({
    policy: c.id,
    people: c.named.filter((person) => {
      const latest = all.filter((r) => r.policy === c.id && r.approver === person && r.contentHash === c.hash).pop();
      return latest?.decision !== 'approved';
    }),
  })).filter((w) => w.people.length);
  return {
    base, head, source, changed,
    recorded: written.map((record, i) => ({ line: appended[i]?.line, record })),
    skipped, warnings, waiting,
  };
}
