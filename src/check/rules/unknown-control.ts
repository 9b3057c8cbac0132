import { says, suggest, type Rule } from './rule.js';

/** Controls a policy sets must be defined under controls/. */
export const unknownControl: Rule = {
  id: 'unknown-control',
  description: 'Control ids listed by a policy are defined in controls/.',
  severity: 'error',
  check({ project, policies }, report) {
    const ids = project.controls.map((c) => c.control.id);
    for (const policy of policies) {
      (policy.meta.controls ?? []).forEach((id, i) => {
        if (project.knownControls.has(id)) return;
        report(policy.file, policy.yaml.locate(['controls', i]), says('unknown-control.message', { id, suggest: suggest(id, ids) }),
          { hint: says('unknown-control.hint', { folder: project.config.paths.controls }) });
      });
    }
  },
};
