import type { GitRepo } from '../git.js';
import { policyHistory, type PolicyHistory } from '../versions.js';
import type { ValidPolicy } from '../../repo/project/types.js';
import { timelineFromHistory, timelineVersion, withWorkingTree, type PolicyTimeline } from './model.js';

/** Every policy's timeline from git history (HEAD's first parents), by id, and the history read for it. */
export interface HistoryTimelines {
  history: PolicyHistory;
  timelines: Map<string, PolicyTimeline>;
}

/** Timelines of every policy git history knows, from history already read. */
export function timelinesOfHistory(history: PolicyHistory, defaultFramework: string): Map<string, PolicyTimeline> {
  const out = new Map<string, PolicyTimeline>();
  const ids = new Set([...history.versions.keys(), ...history.presence.keys()]);
  for (const id of ids) {
    const versions = history.versions.get(id) ?? [];
    const last = versions[versions.length - 1];
    const file = last ? last.revisions[last.revisions.length - 1]!.file : `${id}.md`;
    out.set(id, timelineFromHistory(id, versions.map((v) => timelineVersion(v, defaultFramework)), history.presence.get(id) ?? [], file));
  }
  return out;
}

/** Reads git history under the policies folder into one timeline per policy. */
export async function readTimelines(git: GitRepo, policiesDir: string, defaultFramework: string): Promise<HistoryTimelines> {
  const history = await policyHistory(git, policiesDir);
  return { history, timelines: timelinesOfHistory(history, defaultFramework) };
}

/** The timelines of the working tree's valid policies: their history (when known), then their text now. */
export function workingTreeTimelines(policies: readonly ValidPolicy[], history: ReadonlyMap<string, PolicyTimeline> | undefined, defaultFramework: string): PolicyTimeline[] {
  return policies.map((p) => withWorkingTree(history?.get(p.id), p, defaultFramework));
}
