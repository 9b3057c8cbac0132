import type { Vocabulary } from './types.js';

/** English: RFC 2119 words and their kin, as policies use them. */
export const en: Vocabulary = {
  language: 'en',
  modals: {
    must: { words: ['must', 'shall', 'required', 'require', 'requires', 'mandatory'] },
    mustNot: { words: ['prohibited', 'forbidden', 'cannot'] },
    requirement: {},
    should: { words: ['should'] },
    may: { words: ['may'] },
  },
  qualifiers: { words: ['never', 'always', 'only', 'not', 'no', 'within', 'least', 'most', 'minimum', 'maximum', 'except', 'unless', 'all', 'every', 'any', 'none'] },
  time: {
    words: ['second', 'seconds', 'minute', 'minutes', 'hour', 'hours', 'day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years',
      'hourly', 'daily', 'weekly', 'monthly', 'quarterly', 'annually', 'yearly', 'immediately', 'promptly'],
  },
  sections: {
    purpose: { words: ['purpose', 'objective', 'objectives'] },
    scope: { words: ['scope', 'applicability'] },
    roles: { words: ['role', 'roles', 'responsibility', 'responsibilities'] },
    definitions: { words: ['definition', 'definitions', 'glossary'] },
    exceptions: { words: ['exception', 'exceptions'] },
    enforcement: { words: ['enforcement', 'sanctions', 'violations'] },
    review: { words: ['revision', 'revisions', 'maintenance'] },
  },
};
