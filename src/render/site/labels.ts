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
