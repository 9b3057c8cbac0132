import { proseLines } from '../../markdown/blocks.js';
import { HEADING_ID } from '../../markdown/link-scan.js';
import { says, type Rule } from './rule.js';

/** `##Heading` (no space: CommonMark shows it as text) and `{#Id}` anchors the portal cannot keep. */
export const headingSyntax: Rule = {
  id: 'heading-syntax',
  description: 'A heading has a space after its #s, and a {#id} after its text is lowercase letters, digits, ., _ and -.',
  severity: 'warning',
  strictable: true,
  check({ project }, report) {
    for (const policy of project.policies) {
      for (const { text, line } of proseLines(policy.body)) {
        const at = (column: number) => ({ line: line + 1 + policy.bodyLine, column });
        const squeezed = /^( {0,3})(#{1,6})(?=[^\s#])/.exec(text);
        if (squeezed) {
          report(policy.file, at(squeezed[1]!.length + 1), says('heading-syntax.squeezed', { text: text.trim().slice(0, 40), hashes: squeezed[2] }), {
            hint: says('heading-syntax.squeezed-hint', { fixed: `${squeezed[2]} ${text.trim().slice(squeezed[2]!.length)}` }),
          });
          continue;
        }
        if (!/^ {0,3}#{1,6}\s/.test(text)) continue;
        const id = /\{#([^}]*)\}[ \t]*$/.exec(text);
        if (id && !HEADING_ID.test(text)) {
          report(policy.file, at(id.index + 1), says('heading-syntax.id', { tag: `{#${id[1]}}` }), {
            hint: says('heading-syntax.id-hint', { fixed: `{#${id[1]!.toLowerCase().replace(/[^a-z0-9._-]+/g, '-')}}` }),
          });
        }
      }
    }
  },
};
