import semver from 'semver';
import type { Messages } from '../../core/i18n/messages.js';
import { bumpKind, type BumpKind } from '../../repo/versioning/bump.js';
import { LEVEL_ORDER, type ChangeLevel } from '../../repo/versioning/classify.js';

/** Whether a version step fits the change: the rule id and severity of the problem, if any. */
export interface BumpFit {
  bump: BumpKind;
  /** The version the change calls for. */
  suggested: string | undefined;
  problem: { ruleId: 'version-not-bumped' | 'version-bump-too-small' | 'version-downgrade'; severity: 'error' | 'warning'; message: string } | undefined;
}

/** The version a change of `level` from `from` leads to. */
export function suggestedVersion(from: string, level: ChangeLevel): string | undefined {
  if (level === 'none') return from;
  return semver.inc(from, level) ?? undefined;
}

/**
 * Judges a version step against the classified change. Content changed without a bump is an
 * error (a warning while the policy was a draft at the base: drafts are edited freely); a
 * downgrade is an error; a bump smaller than the change looks is a warning. Messages are in
 * `messages`' language.
 */
export function bumpFit(from: string, to: string, level: ChangeLevel, draftAtBase: boolean, messages: Messages): BumpFit {
  const bump = bumpKind(from, to);
  const suggested = suggestedVersion(from, level);
  const t = (key: string, values: Record<string, string>) => messages.t(`review.bump.${key}`, values);
  const label = (l: ChangeLevel) => messages.t(`review.report.level.${l}`);
  if (bump === 'downgrade') return { bump, suggested, problem: { ruleId: 'version-downgrade', severity: 'error', message: t('downgrade', { from, to }) } };
  if (level === 'none') return { bump, suggested, problem: undefined };
  const want = t('want', { level: label(level), from, suggested: suggested ?? '?' });
  if (bump === 'none') {
    return { bump, suggested, problem: { ruleId: 'version-not-bumped', severity: draftAtBase ? 'warning' : 'error', message: t('not-bumped', { from, want }) } };
  }
  if (LEVEL_ORDER[bump] < LEVEL_ORDER[level]) {
    return { bump, suggested, problem: { ruleId: 'version-bump-too-small', severity: 'warning', message: t('too-small', { from, to, bump: label(bump), want }) } };
  }
  return { bump, suggested, problem: undefined };
}
