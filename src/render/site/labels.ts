import type { ReviewState } from '../../repo/review-schedule/schedule.js';
import type { BumpKind } from '../../repo/versioning/bump.js';

/** Words for the values pages show as badges; never colour alone. */
export const STATUS_LABELS: Record<string, string> = {
  draft: 'Draft', 'in-review': 'In review', approved: 'Approved', retired: 'Retired',
};

export const CLASSIFICATION_LABELS: Record<string, string> = {
  public: 'Public', internal: 'Internal', confidential: 'Confidential', restricted: 'Restricted',
};

export const KIND_LABELS: Record<BumpKind | 'first', string> = {
  first: 'First version',
  major: 'Major change',
  minor: 'Minor change',
  patch: 'Patch (editorial change)',
  none: 'Same version number',
  downgrade: 'Version number lowered',
};

/** What a review badge says. */
export function reviewBadge(review: ReviewState, retired: boolean): { label: string; state: string } | undefined {
  if (retired) return undefined;
  switch (review.status) {
    case 'overdue':
      return { label: `Overdue by ${-review.daysLeft!} day${review.daysLeft === -1 ? '' : 's'}`, state: 'overdue' };
    case 'due-soon':
      return { label: review.daysLeft === 0 ? 'Due today' : `Due in ${review.daysLeft} day${review.daysLeft === 1 ? '' : 's'}`, state: 'due-soon' };
    case 'unscheduled':
      return { label: 'Not scheduled', state: 'unscheduled' };
    default:
      return undefined;
  }
}
