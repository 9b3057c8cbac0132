import { suggestion } from '../../core/suggest/did-you-mean.js';
import type { Rule } from './rule.js';

/** Owners and approvers must be people in the roster. */
export const unknownPerson: Rule = {
  id: 'unknown-person',
  description: 'Owners and approvers of policies and controls are people in people.yaml.',
  severity: 'error',
  check({ project, policies }, report) {
    const { roster } = project;
    const known = roster.knownPeople;
    const message = (id: string) => `unknown person "${id}"${suggestion(id, roster.people.keys())}`;
    const hint = `people are listed in ${roster.file}`;
    for (const policy of policies) {
      const { owner, approvers = [] } = policy.meta;
      if (!known.has(owner)) report(policy.file, policy.yaml.locate(['owner']), `owner: ${message(owner)}`, { hint });
      approvers.forEach((id, i) => {
        if (!known.has(id)) report(policy.file, policy.yaml.locate(['approvers', i]), `approvers: ${message(id)}`, { hint });
      });
    }
    for (const entry of project.controls) {
      const owner = entry.control.owner;
      if (!known.has(owner)) report(entry.file, entry.yaml.locate([entry.index, 'owner']), `owner of ${entry.control.id}: ${message(owner)}`, { hint });
    }
  },
};
