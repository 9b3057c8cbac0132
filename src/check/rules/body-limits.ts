import { exceedsLimits } from '../../markdown/limits.js';
import { says, type Rule } from './rule.js';

/** A body that would cost the parsers unbounded stack, memory or time is not rendered, and is an error. */
export const bodyLimits: Rule = {
  id: 'body-limits',
  description: 'A body stays within the parsing limits: nesting depth (32 block containers, 64 HTML elements), delimiters and lines per block, table rows, blocks.',
  severity: 'error',
  check({ project }, report) {
    for (const policy of project.policies) {
      const over = exceedsLimits(policy.body);
      if (over) {
        report(policy.file, { line: over.line + policy.bodyLine, column: over.column }, says('body-limits.message', { reason: over.reason }), {
          hint: says('body-limits.hint'),
        });
      }
    }
  },
};
