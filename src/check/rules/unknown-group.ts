import { suggestion } from '../../core/suggest/did-you-mean.js';
import type { Rule } from './rule.js';

/** Audiences and people's groups must be groups declared in the roster. */
export const unknownGroup: Rule = {
  id: 'unknown-group',
  description: 'Policy audiences and the groups people belong to are declared under groups: in people.yaml.',
  severity: 'error',
  check({ project, policies }, report) {
    const { roster } = project;
    const message = (id: string) => `unknown group "${id}"${suggestion(id, roster.groups.keys())}`;
    const hint = `groups are declared under groups: in ${roster.file}`;
    for (const policy of policies) {
      (policy.meta.audience ?? []).forEach((id, i) => {
        if (!roster.knownGroups.has(id)) report(policy.file, policy.yaml.locate(['audience', i]), `audience: ${message(id)}`, { hint });
      });
    }
    if (!roster.yaml) return;
    for (const { person, index } of roster.people.values()) {
      (person.groups ?? []).forEach((id, i) => {
        if (!roster.knownGroups.has(id)) {
          report(roster.file, roster.yaml!.locate(['people', index, 'groups', i]), `${person.id}: ${message(id)}`, { hint });
        }
      });
    }
  },
};
