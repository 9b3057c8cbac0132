import { diagnosticAt, type Diagnostic } from '../../core/diagnostics/diagnostic.js';
import { GitRepo } from '../../history/git.js';
import type { Project } from '../../repo/project/types.js';
import type { ChainFields } from './chain.js';
import type { LedgerKind } from './kind.js';
import { readLedger, type LedgerRead } from './read.js';
import { LEDGERS } from './registry.js';

const gitOf = new WeakMap<Project, Promise<GitRepo | undefined>>();
const reads = new WeakMap<Project, Map<string, Promise<LedgerRead<ChainFields>>>>();
const bases = new WeakMap<Project, { git: GitRepo; ref: string }>();

/** The git repository a loaded project lives in (opened once per project). */
export function projectGit(project: Project): Promise<GitRepo | undefined> {
  let git = gitOf.get(project);
  if (!git) gitOf.set(project, (git = GitRepo.open(project.root)));
  return git;
}

/** The repository a project was opened with (openRepo's), so its ledgers do not open it again. */
export function shareProjectGit(project: Project, git: GitRepo | undefined): void {
  if (!gitOf.has(project)) gitOf.set(project, Promise.resolve(git));
}

/**
 * For a pull request (`check --base`, `review`): this project's ledgers count only the records
 * committed at `ref`, its base. Records the pull request appends are its author's claims (anyone
 * can write `precept approve --as someone` into a branch), so they are kept apart in `added`,
 * reported and not counted; they count once the pull request merges. Call before the project's
 * ledgers are first read.
 */
export function countRecordsAtBase(project: Project, git: GitRepo, ref: string): void {
  if (reads.has(project)) throw new Error('countRecordsAtBase: the ledgers of this project were already read');
  bases.set(project, { git, ref });
}

/**
 * A project's ledger, read and verified once however many rules ask for it: checked against
 * its committed version at HEAD when the repo is in git, or at the base of a pull request
 * (countRecordsAtBase), whose records after the base's are then moved to `added`.
 */
export function projectLedger<T extends ChainFields>(project: Project, kind: LedgerKind<T>): Promise<LedgerRead<T>> {
  let byKind = reads.get(project);
  if (!byKind) reads.set(project, (byKind = new Map()));
  let read = byKind.get(kind.id);
  if (!read) {
    const base = bases.get(project);
    read = base
      ? readLedger(project.root, project.config.paths.records, kind, { git: base.git, anchor: base.ref, locale: project.config.locale }).then((r) => {
        const trusted = r.anchored ?? 0;
        return { ...r, entries: r.entries.filter((e) => e.line <= trusted), added: r.entries.filter((e) => e.line > trusted) };
      })
      : projectGit(project).then((git) => readLedger(project.root, project.config.paths.records, kind, { git, locale: project.config.locale }));
    byKind.set(kind.id, read as Promise<LedgerRead<ChainFields>>);
  }
  return read as Promise<LedgerRead<T>>;
}

/** The records a pull request adds to the project's ledgers (countRecordsAtBase), each reported where it is. */
export async function addedRecordDiagnostics(project: Project): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const kind of LEDGERS) {
    const ledger = await projectLedger(project, kind);
    for (const e of ledger.added) {
      const who = kind.person(e.record);
      out.push(diagnosticAt(ledger.file, { line: e.line, column: 1 }, TRUST_RULE, 'warning',
        `line ${e.line} is added by this pull request (${kind.describe(e.record)}): not counted here; once merged it counts as ${who}'s own, so it needs separate approval`,
        `a record in a pull request is its author's claim; record it on the default branch, or have ${who} confirm it (docs/security.md)`));
    }
  }
  return out;
}

/** The rule id of everything that changes who or what is trusted and so needs approval of its own. */
export const TRUST_RULE = 'trust-change';
