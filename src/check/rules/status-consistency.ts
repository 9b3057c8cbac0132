import { compareDates } from '../../core/dates/calendar.js';
import { says, type Rule } from './rule.js';

/** Fields that contradict each other given a policy's status. */
export const statusConsistency: Rule = {
  id: 'status-consistency',
  description: 'An approved policy has an effective date and approvers; dates are not in the future where they must be past.',
  severity: 'error',
  check({ policies, asOf, messages }, report) {
    for (const policy of policies) {
      const { meta, yaml, file } = policy;
      if (meta.status === 'approved') {
        if (!meta.effective) {
          report(file, yaml.locate(['status']), says('status-consistency.no-effective'), { hint: says('status-consistency.no-effective-hint') });
        }
        if (!meta.approvers?.length) {
          report(file, yaml.locate(['status']), says('status-consistency.no-approvers'), { hint: says('status-consistency.no-approvers-hint') });
        }
      }
      if (meta.review.last && compareDates(meta.review.last, asOf) > 0) {
        report(file, yaml.locate(['review', 'last']), says('status-consistency.review-future', { date: messages.reportDate(meta.review.last), today: messages.reportDate(asOf) }));
      }
    }
  },
};
