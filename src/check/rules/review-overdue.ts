import { reviewState } from '../../repo/review-schedule/schedule.js';
import type { Rule } from './rule.js';

/** A policy whose review cycle has lapsed. */
export const reviewOverdue: Rule = {
  id: 'review-overdue',
  description: 'Approved policies are reviewed on their cycle: review.last (or effective) + review.cycle is not before today.',
  severity: 'warning',
  strictable: true,
  check({ policies, asOf }, report) {
    for (const policy of policies) {
      const { meta } = policy;
      if (meta.status === 'retired' || meta.status === 'draft') continue;
      const state = reviewState(meta, asOf);
      if (state.status === 'overdue') {
        report(policy.file, policy.yaml.locate(meta.review.last ? ['review', 'last'] : ['review']),
          `review overdue: due ${state.next} (${-state.daysLeft!} days ago; ${meta.review.cycle} cycle from ${state.basis})`,
          { hint: 'review the policy and set review.last to the date of the review' });
      } else if (state.status === 'unscheduled') {
        report(policy.file, policy.yaml.locate(['review']), 'no review date: set review.last (or effective) so the next review can be scheduled');
      }
    }
  },
};
