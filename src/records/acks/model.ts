import { projectGit, projectLedger } from '../ledger/project-ledgers.js';
import type { LedgerRead } from '../ledger/read.js';
import { ACKS_LEDGER } from '../ledger/registry.js';
import type { Project } from '../../repo/project/types.js';
import type { AcknowledgementRecord } from '../../repo/schema/types.generated.js';
import { AckIndex } from './ack-index.js';
import type { AckModel } from './requirements.js';
import { readTimelines, workingTreeTimelines } from '../../history/timeline/load.js';
import type { PolicyTimeline } from '../../history/timeline/model.js';
import { isValidPolicy } from '../../repo/project/types.js';
import { sayIn } from '../../core/i18n/messages.js';

/** The acknowledgement model of a loaded project, with where it came from. */
export interface LoadedAckModel extends AckModel {
  ledger: LedgerRead<AcknowledgementRecord>;
  /** False when records/acknowledgements.jsonl failed verification: say so next to any figure. */
  intact: boolean;
  /** Past versions come from git (false: only the working tree's versions are known). */
  fromGit: boolean;
  /** Things a reader of the figures should know, in the repo's language. */
  notes: string[];
}

/**
 * Reads what the acknowledgement rules need: every policy's timeline (git history and the working
 * tree), the roster, and records/acknowledgements.jsonl (verified, and checked against HEAD).
 * `history`: the timelines from git history when the caller has read them already (a build's index).
 */
export async function loadAckModel(project: Project, history?: ReadonlyMap<string, PolicyTimeline>): Promise<LoadedAckModel> {
  const git = await projectGit(project);
  const fw = project.config.defaultFramework;
  const [past, ledger] = await Promise.all([
    history ?? (git ? readTimelines(git, project.config.paths.policies, fw).then((h) => h.timelines) : undefined),
    projectLedger(project, ACKS_LEDGER),
  ]);
  const timelines = workingTreeTimelines(project.policies.filter(isValidPolicy), past, fw);
  const fromGit = past !== undefined;
  const intact = !ledger.diagnostics.some((d) => d.severity === 'error');
  const notes: string[] = [];
  const { locale } = project.config;
  if (!fromGit) notes.push(sayIn(locale, 'notes.acks-no-git'));
  if (!intact) notes.push(sayIn(locale, 'notes.acks-unverified', { file: ledger.file, count: ledger.diagnostics.length }));
  return {
    timelines, roster: project.roster, acks: new AckIndex(ledger.entries), graceDays: project.config.acknowledgement.graceDays,
    ledger, intact, fromGit, notes,
  };
}
