import type { Phrase } from '../../core/i18n/phrase.js';
import { says, type Rule } from './rule.js';

/** Two policies (or two controls) with the same id. */
export const duplicateId: Rule = {
  id: 'duplicate-id',
  description: 'Policy and control ids are unique across the repo.',
  severity: 'error',
  check({ project }, report) {
    const policies = new Map<string, string>();
    for (const policy of project.policies) {
      const first = policies.get(policy.id);
      if (first === undefined) {
        policies.set(policy.id, policy.file);
        continue;
      }
      const at = policy.yaml?.locate(['id']) ?? { line: 1, column: 1 };
      report(policy.file, at, says('duplicate-id.policy', { id: policy.id, first }), { hint: says('duplicate-id.policy-hint') });
    }
    const controls = new Map<string, Phrase>();
    for (const entry of project.controls) {
      const id = entry.control.id;
      const first = controls.get(id);
      if (first === undefined) {
        controls.set(id, says('duplicate-id.control-first', { file: entry.file, item: entry.index + 1 }));
        continue;
      }
      report(entry.file, entry.yaml.locate([entry.index, 'id']), says('duplicate-id.control', { id, first }));
    }
  },
};
