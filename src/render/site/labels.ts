import type { Messages } from '../../core/i18n/messages.js';
import type { ReviewState } from '../../repo/review-schedule/schedule.js';
import type { BumpKind } from '../../repo/versioning/bump.js';

/** The word for a policy status, shown as a badge (never colour alone). */
export function statusLabel(messages: Messages, status: string): string {
  return messages.has(`common.status.${status}`) ? messages.t(`common.status.${status}`) : status;
}

/** The word for a classification. */
export function classificationLabel(messages: Messages, classification: string): string {
  return messages.has(`common.classification.${classification}`) ? messages.t(`common.classification.${classification}`) : classification;
}

/** What kind of version step a version is. */
export function kindLabel(messages: Messages, kind: BumpKind | 'first'): string {
  return messages.t(`common.bump.${kind}`);
}

/** What a review badge says. */
export function reviewBadge(messages: Messages, review: ReviewState, retired: boolean): { label: string; state: string } | undefined {
  if (retired) return undefined;
  switch (review.status) {
    case 'overdue':
      return { label: messages.t('common.review-badge.overdue', { days: -review.daysLeft! }), state: 'overdue' };
    case 'due-soon':
      return { label: review.daysLeft === 0 ? messages.t('common.review-badge.due-today') : messages.t('common.review-badge.due-in', { days: review.daysLeft! }), state: 'due-soon' };
    case 'unscheduled':
      return { label: messages.t('common.review-badge.unscheduled'), state: 'unscheduled' };
    default:
      return undefined;
  }
}

/** How often a policy is reviewed: "Annual", "Every 18 months" for P18M. */
export function cycleLabel(messages: Messages, cycle: string): string {
  if (messages.has(`common.cycle.${cycle}`) && /^[a-z]+$/.test(cycle)) return messages.t(`common.cycle.${cycle}`);
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(cycle);
  if (!m) return cycle;
  const parts = (['years', 'months', 'weeks', 'days'] as const)
    .map((unit, i) => (m[i + 1] ? messages.t(`common.cycle.${unit}`, { n: Number(m[i + 1]) }) : ''))
    .filter(Boolean);
  return messages.t('common.cycle.every', { duration: parts.join(messages.t('common.cycle.separator')) });
}

/** How often a control produces evidence. */
export function frequencyLabel(messages: Messages, frequency: string): string {
  return messages.has(`portal.frequency.${frequency}`) ? messages.t(`portal.frequency.${frequency}`) : frequency;
}

/** The `lang` attribute text in another language needs on a page written in `messages`' language (none when they agree). */
export function langAttr(messages: Messages, lang: string | undefined): string | undefined {
  return lang && lang !== messages.locale ? lang : undefined;
}
