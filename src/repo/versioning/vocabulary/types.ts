/**
 * What a language's policies use to say what someone must, should, may or must not do, and
 * the section names whose every edit matters. Data, one file per language (en.ts, ja.ts),
 * listed in index.ts: adding a language is adding a file.
 */
export interface Vocabulary {
  /** BCP 47 primary language subtag. */
  language: string;
  /** Words that set an obligation's strength, by strength (MUST, MUST NOT, requirement, SHOULD, MAY). */
  modals: Record<Force, Terms>;
  /** Words that set an obligation's reach: only, never, within, all, unless... */
  qualifiers: Terms;
  /** Units of time and frequency: a changed duration or cadence is a changed obligation. */
  time: Terms;
  /** Characters that write numbers besides digits (kanji numerals): a word of them, maybe with a unit (三十日, 五回), is a number. */
  numerals?: string;
  /** Units and counters written after numerals in one word (日, 回, 件), besides the time words. */
  counters?: readonly string[];
  /** Section names, by what the section is for. Matched as words inside a heading ("Purpose and Scope", 第2条（適用範囲）). */
  sections: Partial<Record<SectionKind, Terms>>;
}

/** How strongly a phrase binds: `requirement` is an imperative without a modal verb (…すること). */
export type Force = 'must' | 'mustNot' | 'requirement' | 'should' | 'may';

/** What a section is for. */
export type SectionKind = 'purpose' | 'scope' | 'roles' | 'definitions' | 'exceptions' | 'enforcement' | 'review';

/** Sections whose every edit is material: who and what the policy applies to, who does what, what is exempt. */
export const MATERIAL_SECTIONS: ReadonlySet<SectionKind> = new Set(['scope', 'roles', 'exceptions']);

/**
 * Terms, matched case-insensitively: `words` as whole words (as Intl.Segmenter finds them),
 * `phrases` anywhere in the text (for languages written without spaces), `endings` only where a
 * sentence ends (before 。 . ! ? or the end of the text).
 */
export interface Terms {
  words?: readonly string[];
  phrases?: readonly string[];
  endings?: readonly string[];
}
