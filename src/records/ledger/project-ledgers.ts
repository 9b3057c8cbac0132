import { GitRepo } from '../../history/git.js';
import type { Project } from '../../repo/project/types.js';
import type { ChainFields } from './chain.js';
import type { LedgerKind } from './kind.js';
import { readLedger, type LedgerRead } from './read.js';

const gitOf = new WeakMap<Project, Promise<GitRepo | undefined>>();
const reads = new WeakMap<Project, Map<string, Promise<LedgerRead<ChainFields>>>>();

/** The git repository a loaded project lives in (opened once per project). */
export function projectGit(project: Project): Promise<GitRepo | undefined> {
  let git = gitOf.get(project);
  if (!git) gitOf.set(project, (git = GitRepo.open(project.root)));
  return git;
}

/**
 * A project's ledger, read and verified once however many rules ask for it: checked against
 * its committed version at HEAD when the repo is in git.
 */
export function projectLedger<T extends ChainFields>(project: Project, kind: LedgerKind<T>): Promise<LedgerRead<T>> {
  let byKind = reads.get(project);
  if (!byKind) reads.set(project, (byKind = new Map()));
  let read = byKind.get(kind.id);
  if (!read) {
    read = projectGit(project).then((git) => readLedger(project.root, project.config.paths.records, kind, { git }));
    byKind.set(kind.id, read as Promise<LedgerRead<ChainFields>>);
  }
  return read as Promise<LedgerRead<T>>;
}
