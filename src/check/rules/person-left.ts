import { isActive } from '../../repo/project/roster.js';
import type { Rule } from './rule.js';

/** Owners and approvers who have left (or not yet started) cannot own or approve anything. */
export const personLeft: Rule = {
  id: 'person-left',
  description: 'Owners and approvers of current policies and controls are on staff (not past their end date).',
  severity: 'error',
  check({ project, policies, asOf }, report) {
    const { roster } = project;
    const why = (id: string) => {
      const person = roster.people.get(id)?.person;
      if (!person || isActive(person, asOf)) return undefined;
      return person.end && person.end < asOf ? `left on ${person.end}` : `starts on ${person.start}`;
    };
    for (const policy of policies) {
      if (policy.meta.status === 'retired') continue;
      const { owner, approvers = [] } = policy.meta;
      const ownerGone = why(owner);
      if (ownerGone) {
        report(policy.file, policy.yaml.locate(['owner']), `owner ${owner} ${ownerGone}`, { hint: 'hand the policy to a current owner' });
      }
      approvers.forEach((id, i) => {
        const gone = why(id);
        if (gone) report(policy.file, policy.yaml.locate(['approvers', i]), `approver ${id} ${gone}`, { hint: 'replace them with a current approver' });
      });
    }
    for (const entry of project.controls) {
      const gone = why(entry.control.owner);
      if (gone) report(entry.file, entry.yaml.locate([entry.index, 'owner']), `owner of ${entry.control.id}, ${entry.control.owner}, ${gone}`);
    }
  },
};
