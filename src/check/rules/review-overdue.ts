import { reviewState } from '../../repo/review-schedule/schedule.js';
import { says, type Rule } from './rule.js';

/** A policy whose review cycle has lapsed. */
export const reviewOverdue: Rule = {
  id: 'review-overdue',
  description: 'Approved policies are reviewed on their cycle: review.last (or effective) + review.cycle is not before today.',
  severity: 'warning',
  strictable: true,
  check({ policies, asOf, messages }, report) {
    for (const policy of policies) {
      const { meta } = policy;
      if (meta.status === 'retired' || meta.status === 'draft') continue;
      const state = reviewState(meta, asOf);
      if (state.status === 'overdue') {
        report(policy.file, policy.yaml.locate(meta.review.last ? ['review', 'last'] : ['review']),
          says('review-overdue.overdue', { due: messages.reportDate(state.next!), days: -state.daysLeft!, cycle: meta.review.cycle, basis: messages.reportDate(state.basis!) }),
          { hint: says('review-overdue.overdue-hint') });
      } else if (state.status === 'unscheduled') {
        report(policy.file, policy.yaml.locate(['review']), says('review-overdue.unscheduled'));
      }
    }
  },
};
