import { says, suggest, type Rule } from './rule.js';

/** Owners and approvers must be people in the roster. */
export const unknownPerson: Rule = {
  id: 'unknown-person',
  description: 'Owners and approvers of policies and controls are people in people.yaml.',
  severity: 'error',
  check({ project, policies }, report) {
    const { roster } = project;
    const known = roster.knownPeople;
    const unknown = (key: string, id: string, values: Record<string, string> = {}) => says(`unknown-person.${key}`, { id, suggest: suggest(id, roster.people.keys()), ...values });
    const hint = says('unknown-person.hint', { roster: roster.file });
    for (const policy of policies) {
      const { owner, approvers = [] } = policy.meta;
      if (!known.has(owner)) report(policy.file, policy.yaml.locate(['owner']), unknown('owner', owner), { hint });
      approvers.forEach((id, i) => {
        if (!known.has(id)) report(policy.file, policy.yaml.locate(['approvers', i]), unknown('approver', id), { hint });
      });
    }
    for (const entry of project.controls) {
      const owner = entry.control.owner;
      if (!known.has(owner)) report(entry.file, entry.yaml.locate([entry.index, 'owner']), unknown('control-owner', owner, { control: entry.control.id }), { hint });
    }
  },
};
