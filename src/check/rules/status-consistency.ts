import { compareDates } from '../../core/dates/calendar.js';
import type { Rule } from './rule.js';

/** Fields that contradict each other given a policy's status. */
export const statusConsistency: Rule = {
  id: 'status-consistency',
  description: 'An approved policy has an effective date and approvers; dates are not in the future where they must be past.',
  severity: 'error',
  check({ policies, asOf }, report) {
    for (const policy of policies) {
      const { meta, yaml, file } = policy;
      if (meta.status === 'approved') {
        if (!meta.effective) {
          report(file, yaml.locate(['status']), 'status is approved but there is no effective date',
            { hint: 'add effective: YYYY-MM-DD, the date this version takes effect' });
        }
        if (!meta.approvers?.length) {
          report(file, yaml.locate(['status']), 'status is approved but no approvers are listed',
            { hint: 'add approvers: [person-id, ...]' });
        }
      }
      if (meta.review.last && compareDates(meta.review.last, asOf) > 0) {
        report(file, yaml.locate(['review', 'last']), `review.last ${meta.review.last} is in the future (today is ${asOf})`);
      }
    }
  },
};
