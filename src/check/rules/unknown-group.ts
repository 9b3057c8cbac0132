import { says, suggest, type Rule } from './rule.js';

/** Audiences and people's groups must be groups declared in the roster. */
export const unknownGroup: Rule = {
  id: 'unknown-group',
  description: 'Policy audiences and the groups people belong to are declared under groups: in people.yaml.',
  severity: 'error',
  check({ project, policies }, report) {
    const { roster } = project;
    const unknown = (key: string, id: string, values: Record<string, string> = {}) => says(`unknown-group.${key}`, { id, suggest: suggest(id, roster.groups.keys()), ...values });
    const hint = says('unknown-group.hint', { roster: roster.file });
    for (const policy of policies) {
      (policy.meta.audience ?? []).forEach((id, i) => {
        if (!roster.knownGroups.has(id)) report(policy.file, policy.yaml.locate(['audience', i]), unknown('audience', id), { hint });
      });
    }
    if (!roster.yaml) return;
    for (const { person, index } of roster.people.values()) {
      (person.groups ?? []).forEach((id, i) => {
        if (!roster.knownGroups.has(id)) {
          report(roster.file, roster.yaml!.locate(['people', index, 'groups', i]), unknown('person', id, { person: person.id }), { hint });
        }
      });
    }
  },
};
