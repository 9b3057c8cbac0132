import { failure } from '../../core/i18n/failure.js';
import { policiesAtRef } from '../../history/policies-at-ref.js';
import { projectGit } from '../ledger/project-ledgers.js';
import { isValidPolicy, type Project } from '../../repo/project/types.js';
import { currentHash } from './status.js';

/**
 * The policies whose text differs from the one at `base` (or that are new): in a pull request,
 * their approvals are still to come from its reviews.
 */
export async function changedSince(project: Project, base: string): Promise<Set<string>> {
  const git = await projectGit(project);
  if (!git) throw failure('git.base-needs-git', { root: project.root });
  const before = await policiesAtRef(git, await git.resolve(base), project.config.paths.policies, project.config.defaultFramework);
  const fw = project.config.defaultFramework;
  return new Set(project.policies.filter(isValidPolicy).filter((p) => before.get(p.id)?.hash !== currentHash(p, fw)).map((p) => p.id));
}

/**
 * Policies whose files differ from HEAD in the working tree (modified, added, untracked): the
 * ones a live preview treats as waiting for approval. One `git status`, so it stays cheap on
 * every rebuild of `precept dev`.
 */
export async function editedSinceHead(project: Project): Promise<Set<string>> {
  const git = await projectGit(project);
  if (!git) return new Set();
  const out = await git.run(['status', '--porcelain', '-z', '--untracked-files=all', '--', git.toGitPath(project.config.paths.policies)]);
  const files = new Set<string>();
  const entries = out.split('\0');
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (entry.length < 4) continue;
    const rel = git.fromGitPath(entry.slice(3));
    if (rel !== undefined) files.add(rel);
    if (entry[0] === 'R' || entry[0] === 'C') i++; // the next entry is the original path
  }
  return new Set(project.policies.filter((p) => files.has(p.file)).map((p) => p.id));
}
