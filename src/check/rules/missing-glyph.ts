import { says, type Rule } from './rule.js';

/** Text beyond printable ASCII, which every shipped font shows (missingGlyphs' own first test). */
const BEYOND_ASCII = /[^\x20-\x7e\t\n\r]/;

/**
 * Characters beyond ASCII that the shipped fonts show (a test holds this to their character
 * maps): Latin with its extensions and IPA, Cyrillic, Vietnamese, the usual punctuation, CJK
 * punctuation and kana. Text made only of these needs no font loaded to be checked.
 */
export const KNOWN_PRINTABLE = /^[\t\n\r\x20-\x7e\u00a0-\u02af\u0400-\u04ff\u1e00-\u1eff\u2010-\u2015\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122\u3000-\u303f\u30a0-\u30ff]*$/;

const HINT = says('missing-glyph.hint');

/**
 * Every character of a policy, and of the names of the people PDFs show, has a glyph in the fonts
 * precept embeds: anything else would print as an empty box.
 */
export const missingGlyph: Rule = {
  id: 'missing-glyph',
  description: 'Policies and the names of people use only characters the fonts precept embeds in PDFs can show.',
  severity: 'error',
  async check({ project, policies }, report) {
    // The fonts' character maps (and the font reader) load only for text that needs them.
    const texts = [...policies.map((p) => project.sources.get(p.file) ?? ''), ...[...project.roster.people.values()].map(({ person }) => person.name)];
    if (texts.every((t) => !BEYOND_ASCII.test(t) || KNOWN_PRINTABLE.test(t))) return;
    const { codePointName, missingGlyphs } = await import('../../core/fonts/coverage.js');
    for (const policy of policies) {
      const text = project.sources.get(policy.file);
      if (text === undefined) continue;
      for (const m of missingGlyphs(text)) {
        const before = text.slice(0, m.index);
        const line = before.split('\n').length;
        const column = m.index - before.lastIndexOf('\n');
        report(policy.file, { line, column, endLine: line, endColumn: column + m.char.length },
          says('missing-glyph.policy', { char: m.char, name: codePointName(m.codePoint) }), { hint: HINT });
      }
    }
    const { roster } = project;
    if (!roster.yaml) return;
    for (const { person, index } of roster.people.values()) {
      for (const m of missingGlyphs(person.name)) {
        report(roster.file, roster.yaml.locate(['people', index, 'name']),
          says('missing-glyph.person', { person: person.id, char: m.char, name: codePointName(m.codePoint) }), { hint: HINT });
      }
    }
  },
};
