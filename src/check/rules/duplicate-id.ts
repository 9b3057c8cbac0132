import type { Rule } from './rule.js';

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
      report(policy.file, at, `policy id "${policy.id}" is already used by ${first}`, { hint: 'give each policy its own id' });
    }
    const controls = new Map<string, string>();
    for (const entry of project.controls) {
      const id = entry.control.id;
      const first = controls.get(id);
      if (first === undefined) {
        controls.set(id, `${entry.file} (item ${entry.index + 1})`);
        continue;
      }
      report(entry.file, entry.yaml.locate([entry.index, 'id']), `control id "${id}" is already defined in ${first}`);
    }
  },
};
