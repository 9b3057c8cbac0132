import { isActive } from '../../repo/project/roster.js';
import { says, type Rule } from './rule.js';

/** Owners and approvers who have left (or not yet started) cannot own or approve anything. */
export const personLeft: Rule = {
  id: 'person-left',
  description: 'Owners and approvers of current policies and controls are on staff (not past their end date).',
  severity: 'error',
  check({ project, policies, asOf, messages }, report) {
    const { roster } = project;
    const why = (id: string) => {
      const person = roster.people.get(id)?.person;
      if (!person || isActive(person, asOf)) return undefined;
      return person.end && person.end < asOf ? says('person-left.left', { date: messages.reportDate(person.end) }) : says('person-left.starts', { date: messages.reportDate(person.start!) });
    };
    for (const policy of policies) {
      if (policy.meta.status === 'retired') continue;
      const { owner, approvers = [] } = policy.meta;
      const ownerGone = why(owner);
      if (ownerGone) {
        report(policy.file, policy.yaml.locate(['owner']), says('person-left.owner', { person: owner, why: ownerGone }), { hint: says('person-left.owner-hint') });
      }
      approvers.forEach((id, i) => {
        const gone = why(id);
        if (gone) report(policy.file, policy.yaml.locate(['approvers', i]), says('person-left.approver', { person: id, why: gone }), { hint: says('person-left.approver-hint') });
      });
    }
    for (const entry of project.controls) {
      const gone = why(entry.control.owner);
      if (gone) report(entry.file, entry.yaml.locate([entry.index, 'owner']), says('person-left.control-owner', { control: entry.control.id, person: entry.control.owner, why: gone }));
    }
  },
};
