import { diagnosticAt, type Diagnostic } from '../../core/diagnostics/diagnostic.js';
import { failure } from '../../core/i18n/failure.js';
import type { GitRepo } from '../../history/git.js';
import { withProjectAtRef } from '../../history/project-at-ref.js';
import type { Policy, Project, Roster } from '../../repo/project/types.js';
import { addedRecordDiagnostics, countRecordsAtBase, projectGit, TRUST_RULE } from '../ledger/project-ledgers.js';

/**
 * What a pull request's base vouches for, and so what its reviews may be credited to: who is on
 * the roster, with which GitHub handle and email, and who approves each policy. A pull request
 * that changes these cannot vouch for itself (its author could hand an approver's identity to
 * their own account), so its changes count only once merged, and are reported until then.
 */
export interface BaseTrust {
  commit: string;
  /** The base as messages name it: "main (abc1234)". */
  label: string;
  roster: Roster;
  /** Each policy's approvers at the base, by policy id. */
  approvers: ReadonlyMap<string, readonly string[]>;
  /** Where the base keeps the roster, ledgers and theme. */
  paths: Project['config']['paths'];
}

/** A policy's approvers as written, even when the rest of its frontmatter fails the schema. */
function approversOf(policy: Policy): string[] | undefined {
  if (policy.meta) return policy.meta.approvers ?? [];
  const raw = (policy.yaml?.data as { approvers?: unknown } | undefined)?.approvers;
  return Array.isArray(raw) ? raw.filter((a): a is string => typeof a === 'string') : undefined;
}

/** The trust a loaded base project gives. */
export function baseTrust(base: Project, commit: string, label: string): BaseTrust {
  const approvers = new Map<string, string[]>();
  for (const p of base.policies) {
    const list = approversOf(p);
    if (list && !approvers.has(p.id)) approvers.set(p.id, list);
  }
  return { commit, label, roster: base.roster, approvers, paths: base.config.paths };
}

/** The trust the project at a ref gives (loaded from git). */
export async function loadBaseTrust(git: GitRepo, ref: string): Promise<BaseTrust> {
  const commit = await git.resolve(ref);
  return withProjectAtRef(git, commit, async ({ project }) => baseTrust(project, commit, `${ref} (${commit.slice(0, 7)})`));
}

/**
 * The approvers whose reviews count for a policy's new text: the base's; for a policy the pull
 * request adds (no base to ask), the approvers it names who are on the base's roster.
 */
export function creditedApprovers(trust: BaseTrust, baseId: string | undefined, named: readonly string[]): string[] {
  const atBase = baseId !== undefined ? trust.approvers.get(baseId) : undefined;
  return atBase ? [...atBase] : named.filter((id) => trust.roster.people.has(id));
}

const HINT = 'who someone is and who approves what is decided at the base: have someone who may vouch for it (a code owner of the roster) approve this change on its own (docs/security.md)';
const lower = (s: string | undefined) => s?.toLowerCase();
const list = (xs: readonly string[]) => xs.join(', ') || 'none';

/**
 * The pull request's changes to what the base vouches for, as `trust-change` warnings: people
 * added to or removed from the roster, GitHub handles and emails changed (the identities reviews
 * and sign-ons are matched by), each policy's approvers changed or named by a new policy, and the
 * folders the roster, ledgers and theme are read from.
 */
export function trustChanges(trust: BaseTrust, head: Project): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (file: string, at: { line: number; column: number }, message: string) => out.push(diagnosticAt(file, at, TRUST_RULE, 'warning', message, HINT));
  const roster = head.roster;
  const at = (p: (string | number)[]) => roster.yaml?.locate(p) ?? { line: 1, column: 1 };
  for (const [id, { person, index }] of roster.people) {
    const before = trust.roster.people.get(id)?.person;
    if (!before) {
      report(roster.file, at(['people', index, 'id']), `${id} is added to the roster by this pull request: until it merges they are nobody's approver, and their GitHub reviews are not recorded`);
      continue;
    }
    const keys = (p: typeof person) => [...(p.sshKeys ?? [])].map((k) => k.trim().split(/\s+/).slice(0, 2).join(' ')).sort().join('\n');
    if (keys(before) !== keys(person)) {
      report(roster.file, at(person.sshKeys ? ['people', index, 'sshKeys'] : ['people', index]),
        `${id}'s sshKeys change in this pull request: signed approvals are verified with the keys the base (${trust.label}) lists until it merges`);
    }
    for (const field of ['github', 'email'] as const) {
      if (lower(before[field]) === lower(person[field])) continue;
      const what = before[field] === undefined ? `gets ${field}: ${person[field]}` : person[field] === undefined ? `loses ${field}: ${before[field]}` : `${field} changes from ${before[field]} to ${person[field]}`;
      report(roster.file, at(person[field] === undefined ? ['people', index] : ['people', index, field]),
        `${id} ${what} in this pull request: ${field === 'github' ? 'GitHub reviews are matched to people' : 'sign-ons are matched to people'} as the base (${trust.label}) has it until it merges`);
    }
  }
  for (const id of trust.roster.people.keys()) {
    if (!roster.people.has(id) && !roster.knownPeople.has(id)) report(roster.file, at(['people']), `${id} is removed from the roster by this pull request`);
  }
  for (const policy of head.policies) {
    const named = approversOf(policy);
    if (named === undefined) continue;
    const where = policy.yaml?.locate(['approvers'], 'key') ?? { line: 1, column: 1 };
    const before = trust.approvers.get(policy.id);
    if (!before) {
      if (named.length) report(policy.file, where, `${policy.id} is new and names its own approvers (${list(named)}): reviews count only from those on the base's roster, and the choice needs separate approval`);
      continue;
    }
    const added = named.filter((a) => !before.includes(a));
    const removed = before.filter((a) => !named.includes(a));
    if (added.length || removed.length) {
      report(policy.file, where, `approvers of ${policy.id} change (${[...added.map((a) => `+${a}`), ...removed.map((a) => `−${a}`)].join(', ')}): reviews of this pull request are credited to the base's approvers (${list(before)})`);
    }
  }
  const config = head.config.file;
  for (const key of ['people', 'records', 'site'] as const) {
    if (trust.paths[key] === head.config.paths[key]) continue;
    report(config ?? 'precept.config.yaml', head.config.source?.locate(['paths', key]) ?? { line: 1, column: 1 },
      `paths.${key} changes from ${trust.paths[key]} to ${head.config.paths[key]}: it moves ${key === 'people' ? 'the roster' : key === 'records' ? 'the ledgers' : 'the theme'}`);
  }
  return out;
}

/**
 * Sets a project up to be judged as a pull request against `ref`: its ledgers count only the
 * base's records (see countRecordsAtBase), and everything that changes who or what is trusted is
 * reported (trustChanges, and the records the pull request adds). `base`: the project at the ref,
 * when the caller has loaded it already.
 */
export async function pullRequestTrust(head: Project, ref: string, base?: Project): Promise<{ trust: BaseTrust; diagnostics: Diagnostic[] }> {
  const git = await projectGit(head);
  if (!git) throw failure('git.base-needs-git', { root: head.root });
  const commit = await git.resolve(ref);
  countRecordsAtBase(head, git, ref);
  const trust = base ? baseTrust(base, commit, `${ref} (${commit.slice(0, 7)})`) : await loadBaseTrust(git, commit).then((t) => ({ ...t, label: `${ref} (${commit.slice(0, 7)})` }));
  return { trust, diagnostics: [...trustChanges(trust, head), ...(await addedRecordDiagnostics(head))] };
}
