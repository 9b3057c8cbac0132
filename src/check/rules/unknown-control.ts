import { suggestion } from '../../core/suggest/did-you-mean.js';
import type { Rule } from './rule.js';

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
        report(policy.file, policy.yaml.locate(['controls', i]), `controls: unknown control ${id}${suggestion(id, ids)}`,
          { hint: `controls are defined in ${project.config.paths.controls}/` });
      });
    }
  },
};
