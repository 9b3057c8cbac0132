import { PreceptError } from '../errors.js';
import { policiesAtRef } from '../history/policies-at-ref.js';
import { projectGit } from '../ledger/project-ledgers.js';
import { isValidPolicy, type Project } from '../project/types.js';
import { currentHash } from './status.js';

/**
 * The policies whose text differs from the one at `base` (or that are new): in a pull request,
 * their approvals are still to come from its reviews.
 */
export async function changedSince(project: Project, base: string): Promise<Set<string>> {
  const git = await projectGit(project);
  if (!git) throw new PreceptError(`${project.root} is not in a git repository with commits: --base needs git`);
  const before = await policiesAtRef(git, await git.resolve(base), project.config.paths.policies, project.config.defaultFramework);
  const fw = project.config.defaultFramework;
  return new Set(project.policies.filter(isValidPolicy).filter((p) => before.get(p.id)?.hash !== currentHash(p, fw)).map((p) => p.id));
}
