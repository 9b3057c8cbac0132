import type { Diagnostic } from '../core/diagnostics/diagnostic.js';
import { loadProject } from '../repo/load/load-project.js';
import type { Project } from '../repo/project/types.js';
import { GitRepo } from './git.js';
import { policyHistory, type PolicyHistory } from './versions.js';

/** A file whose content is (partly) left out of the project because of load errors. */
export interface SkippedFile {
  file: string;
  /** The first error found in it, for a one-line reason. */
  first: Diagnostic;
  /** How many errors it has. */
  errors: number;
}

/**
 * A policy repo opened once: the working tree loaded and validated, the git repository it is
 * in, and its history read at most once. Every command goes through `openRepo`, so none of them
 * can leave out a broken file without knowing (`skipped`).
 */
export interface Repo {
  readonly root: string;
  readonly project: Project;
  /** What loading found: unreadable files, YAML and schema errors. */
  readonly diagnostics: readonly Diagnostic[];
  /** Files with load errors: what they hold is missing from, or invalid in, `project`. */
  readonly skipped: readonly SkippedFile[];
  /** The git repository holding the root, or undefined outside git (or before the first commit). */
  readonly git: GitRepo | undefined;
  /** Every version of every policy from git history (undefined outside git), read once. */
  history(): Promise<PolicyHistory | undefined>;
}

/** Files with load errors, in path order, each with its first error. */
export function skippedFiles(diagnostics: readonly Diagnostic[]): SkippedFile[] {
  const byFile = new Map<string, SkippedFile>();
  for (const d of diagnostics) {
    if (d.severity !== 'error') continue;
    const seen = byFile.get(d.file);
    if (seen) seen.errors++;
    else byFile.set(d.file, { file: d.file, first: d, errors: 1 });
  }
  return [...byFile.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** Opens a policy repo: loads and validates the working tree and finds its git repository. */
export async function openRepo(root: string): Promise<Repo> {
  const [{ project, diagnostics }, git] = await Promise.all([loadProject(root), GitRepo.open(root)]);
  let history: Promise<PolicyHistory | undefined> | undefined;
  return {
    root: project.root,
    project,
    diagnostics,
    skipped: skippedFiles(diagnostics),
    git,
    history: () => (history ??= git ? policyHistory(git, project.config.paths.policies) : Promise.resolve(undefined)),
  };
}
