import semver from 'semver';
import { bumpKind, type BumpKind } from '../../repo/versioning/bump.js';
import { LEVEL_ORDER, type ChangeLevel } from '../../repo/versioning/classify.js';

/** Whether a version step fits the change: the rule id and severity of the problem, if any. */
export interface BumpFit {
  bump: BumpKind;
  /** The version the change calls for. */
  suggested: string | undefined;
  problem: { ruleId: 'version-not-bumped' | 'version-bump-too-small' | 'version-downgrade'; severity: 'error' | 'warning'; message: string } | undefined;
}

const LABEL: Record<ChangeLevel, string> = { major: 'MAJOR', minor: 'MINOR', patch: 'PATCH', none: 'none' };

/** The version a change of `level` from `from` leads to. */
export function suggestedVersion(from: string, level: ChangeLevel): string | undefined {
  if (level === 'none') return from;
  return semver.inc(from, level) ?? undefined;
}

/**
 * Judges a version step against the classified change. Content changed without a bump is an
 * error (a warning while the policy was a draft at the base: drafts are edited freely); a
 * downgrade is an error; a bump smaller than the change looks is a warning.
 */
export function bumpFit(from: string, to: string, level: ChangeLevel, draftAtBase: boolean): BumpFit {
  const bump = bumpKind(from, to);
  const suggested = suggestedVersion(from, level);
  if (bump === 'downgrade') return { bump, suggested, problem: { ruleId: 'version-downgrade', severity: 'error', message: `version goes down from ${from} to ${to}` } };
  if (level === 'none') return { bump, suggested, problem: undefined };
  const want = `${LABEL[level]} (${from} → ${suggested})`;
  if (bump === 'none') {
    return { bump, suggested, problem: { ruleId: 'version-not-bumped', severity: draftAtBase ? 'warning' : 'error', message: `content changed but the version is still ${from}; this change looks ${want}` } };
  }
  if (LEVEL_ORDER[bump] < LEVEL_ORDER[level]) {
    return { bump, suggested, problem: { ruleId: 'version-bump-too-small', severity: 'warning', message: `version ${from} → ${to} is a ${LABEL[bump]} bump, but this change looks ${want}` } };
  }
  return { bump, suggested, problem: undefined };
}
