import { codePointName, missingGlyphs } from '../../core/fonts/coverage.js';
import type { Rule } from './rule.js';

const HINT = 'PDFs use only the fonts precept ships (Noto Sans, Noto Sans JP, Noto Sans Mono), so the output is the same on every machine; write the character another way (see docs/i18n.md#fonts)';

/**
 * Every character of a policy, and of the names of the people PDFs show, has a glyph in the fonts
 * precept embeds: anything else would print as an empty box.
 */
export const missingGlyph: Rule = {
  id: 'missing-glyph',
  description: 'Policies and the names of people use only characters the fonts precept embeds in PDFs can show.',
  severity: 'error',
  check({ project, policies }, report) {
    for (const policy of policies) {
      const text = project.sources.get(policy.file);
      if (text === undefined) continue;
      for (const m of missingGlyphs(text)) {
        const before = text.slice(0, m.index);
        const line = before.split('\n').length;
        const column = m.index - before.lastIndexOf('\n');
        report(policy.file, { line, column, endLine: line, endColumn: column + m.char.length },
          `"${m.char}" (${codePointName(m.codePoint)}) has no glyph in the fonts precept embeds in PDFs: it would print as an empty box`, { hint: HINT });
      }
    }
    const { roster } = project;
    if (!roster.yaml) return;
    for (const { person, index } of roster.people.values()) {
      for (const m of missingGlyphs(person.name)) {
        report(roster.file, roster.yaml.locate(['people', index, 'name']),
          `${person.id}: "${m.char}" (${codePointName(m.codePoint)}) in the name has no glyph in the fonts precept embeds in PDFs`, { hint: HINT });
      }
    }
  },
};
