import { proseLines } from '../../markdown/blocks.js';
import { says, type Rule } from './rule.js';

/** Template syntax left over from another tool (Liquid, Jinja, Handlebars, GitBook): precept shows it as written. */
const TAG = /\{\{.*?\}\}|\{%.*?%\}/g;

export const templateTag: Rule = {
  id: 'template-tag',
  description: 'Template tags ({{ ... }}, {% ... %}) left from another tool are shown literally; fill them in or remove them.',
  severity: 'warning',
  strictable: true,
  check({ project }, report) {
    for (const policy of project.policies) {
      for (const { text, line } of proseLines(policy.body)) {
        if (!text.includes('{{') && !text.includes('{%')) continue;
        // Inline code shows template syntax on purpose.
        const prose = text.replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, (code) => ' '.repeat(code.length));
        for (const m of prose.matchAll(TAG)) {
          report(policy.file, { line: line + 1 + policy.bodyLine, column: m.index + 1, endLine: line + 1 + policy.bodyLine, endColumn: m.index + m[0].length + 1 },
            says('template-tag.message', { tag: m[0].slice(0, 60) }), { hint: says('template-tag.hint') });
        }
      }
    }
  },
};
