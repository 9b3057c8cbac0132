import type { Diagnostic } from '../../core/diagnostics/diagnostic.js';
import { commitByEndOf, firstCommit, headCommit, type DatedCommit } from '../../history/commit-at.js';
import type { GitRepo } from '../../history/git.js';
import { withProjectAtRef } from '../../history/project-at-ref.js';
import { spansOf } from '../../history/timeline/in-force.js';
import { timelinesOfHistory, workingTreeTimelines } from '../../history/timeline/load.js';
import type { PolicyTimeline } from '../../history/timeline/model.js';
import { policyHistory, type PolicyHistory } from '../../history/versions.js';
import { loadConfig } from '../../repo/config/config.js';
import { loadProject } from '../../repo/load/load-project.js';
import { isValidPolicy, type Project } from '../../repo/project/types.js';
import type { Period } from './period.js';
import { failure } from '../../core/i18n/failure.js';

/** What a pack of a period is made from: the repository as of the period's end, and every policy's timeline. */
export interface PackSources {
  /** HEAD: the commit the pack is of (its history and ledgers); undefined outside git. */
  head: DatedCommit | undefined;
  /** The commit whose config, roster, controls and frameworks describe the period's end. */
  at: DatedCommit | undefined;
  /**
   * No commit was made by the period's end (a repository adopted later): `at` is HEAD, the fullest
   * record of that time (people's start and end dates, every policy's effective dates), and this
   * is where recorded history begins.
   */
  historyBeginsAfter: DatedCommit | undefined;
  /** The project as of the period's end (the working tree outside git). */
  project: Project;
  /** Problems in that project's files: a past commit cannot be fixed, so the pack reports them instead of refusing. */
  problems: Diagnostic[];
  history: PolicyHistory | undefined;
  /** Every policy's timeline: from git history (every policy it knows), else the working tree's. */
  timelines: Map<string, PolicyTimeline>;
}

/** Loads the project at a commit, kept in memory once its temporary checkout is gone; `root` stays the real one. */
async function projectAt(git: GitRepo, commit: string, root: string): Promise<{ project: Project; diagnostics: Diagnostic[] }> {
  return withProjectAtRef(git, commit, async (loaded) => ({ project: { ...loaded.project, root }, diagnostics: loaded.diagnostics }));
}

/**
 * Reads what a pack of `period` needs. The state (roster, controls, frameworks in scope) is the
 * last commit made by the end of the period, whatever happened since (or HEAD, when history
 * begins after the period); timelines come from all of HEAD's history, which records when each
 * version took effect. Refuses (exit 1) a period that ends before anything the repository
 * records was in force.
 */
export async function readPackSources(
  root: string, git: GitRepo | undefined, period: Period,
  options: { dirty?: boolean; readHistory?: (() => Promise<PolicyHistory | undefined>) | undefined } = {},
): Promise<PackSources> {
  if (!git) {
    const { project, diagnostics } = await loadProject(root);
    const timelines = workingTreeTimelines(project.policies.filter(isValidPolicy), undefined, project.config.defaultFramework);
    return {
      head: undefined, at: undefined, historyBeginsAfter: undefined, project, problems: diagnostics.filter((d) => d.severity === 'error'), history: undefined,
      timelines: new Map(timelines.map((t) => [t.policy, t])),
    };
  }
  const [head, byEnd] = await Promise.all([headCommit(git), commitByEndOf(git, period.to)]);
  const first = byEnd ? undefined : await firstCommit(git);
  const at = byEnd ?? head;
  // The working tree is HEAD's state only when nothing in it is uncommitted.
  const loading = at.commit === head.commit && !options.dirty ? loadProject(root) : projectAt(git, at.commit, root);
  loading.catch(() => undefined); // awaited below, after history is read alongside
  // HEAD's config names the folder history is read from (the state's may be older).
  const headConfig = await loadConfig(root);
  const history = (await options.readHistory?.()) ?? await policyHistory(git, headConfig.paths.policies);
  const timelines = timelinesOfHistory(history, headConfig.defaultFramework);
  const { project, diagnostics } = await loading;
  if (!byEnd) {
    const earliest = [...timelines.values()].flatMap((t) => spansOf(t).map((s) => s.from)).sort()[0];
    if (earliest === undefined || earliest > period.to) {
      throw failure('pack.period-too-early', {
        from: period.from, to: period.to, first: first!.date, effective: earliest ?? 'none', start: earliest ?? first!.date,
      }, { exitCode: 1 });
    }
  }
  return { head, at, historyBeginsAfter: first, project, problems: diagnostics.filter((d) => d.severity === 'error'), history, timelines };
}
