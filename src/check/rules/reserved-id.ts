import { reservedIdProblem } from '../../repo/project/reserved-ids.js';
import { says, type Rule } from './rule.js';

/** Policy and control ids that map to paths the portal already uses (`index.html`) or a system reserves. */
export const reservedId: Rule = {
  id: 'reserved-id',
  description: 'Policy, control and framework ids are not names the portal or an operating system reserves (index.html, con, nul).',
  severity: 'error',
  check({ project }, report) {
    for (const policy of project.policies) {
      const problem = reservedIdProblem(policy.id);
      if (problem) report(policy.file, policy.yaml?.locate(['id']) ?? { line: 1, column: 1 }, says('reserved-id.policy', { problem }), { hint: says('reserved-id.hint') });
    }
    for (const entry of project.controls) {
      const problem = reservedIdProblem(entry.control.id);
      if (problem) report(entry.file, entry.yaml.locate([entry.index, 'id']), says('reserved-id.control', { problem }), { hint: says('reserved-id.hint') });
    }
  },
};
