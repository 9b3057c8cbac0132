import { Memo } from '../../../core/memo.js';
import { eachWord, tokenize, UNSPACED, type Token } from '../../../markdown/redline/words.js';
import { MATERIAL_SECTIONS, VOCABULARIES, type SectionKind, type Terms } from './index.js';

/** A text read for terms: its words (as the language splits them), lowercased. */
export interface ReadText {
  text: string;
  lower: string;
  tokens: Token[];
}

/** Reads a text once, for any number of term lookups. */
export function readText(text: string, lang: string): ReadText {
  // Offsets must stay those of the text: a lowercase form of another length (rare letters) is not used.
  const lower = text.toLowerCase();
  return { text, lower: lower.length === text.length ? lower : text, tokens: tokenize(text, lang) };
}

const sets = new WeakMap<readonly string[], Set<string>>();
const setOf = (words: readonly string[]) => {
  let s = sets.get(words);
  if (!s) sets.set(words, (s = new Set(words.map((w) => w.toLowerCase()))));
  return s;
};

/** Where a sentence ends after a phrase: a full stop, question or exclamation mark (closing brackets between), or the end. */
const SENTENCE_END = /^[\s)）」』】"'”’]*(?:[。．.！!？?]|$)/;

/** Where terms occur in a text, as [start, end) ranges. */
export function occurrences(read: ReadText, terms: Terms): [number, number][] {
  const out: [number, number][] = [];
  if (terms.words?.length) {
    const set = setOf(terms.words);
    for (const t of read.tokens) if (set.has(t.text.toLowerCase())) out.push([t.start, t.start + t.text.length]);
  }
  const find = (phrase: string, atEnd: boolean) => {
    const p = phrase.toLowerCase();
    for (let at = read.lower.indexOf(p); at >= 0; at = read.lower.indexOf(p, at + 1)) {
      if (!atEnd || SENTENCE_END.test(read.lower.slice(at + p.length, at + p.length + 8))) out.push([at, at + p.length]);
    }
  };
  for (const p of terms.phrases ?? []) find(p, false);
  for (const p of terms.endings ?? []) find(p, true);
  return out;
}

/** Whether any range of `found` overlaps any of `changed`. */
export function overlaps(found: readonly [number, number][], changed: readonly [number, number][]): boolean {
  return found.some(([s, e]) => changed.some(([cs, ce]) => s < ce && cs < e));
}

/** Terms of every language's vocabulary that change an obligation: modal words and qualifiers. */
export function requirementTerms(): Terms[] {
  return VOCABULARIES.flatMap((v) => [...Object.values(v.modals), v.qualifiers]);
}

/** Units of time and frequency in every language. */
export function timeTerms(): Terms[] {
  return VOCABULARIES.map((v) => v.time);
}

/** Characters that start a number written without digits, in any language (a word starting otherwise is no such number). */
const NUMERALS = VOCABULARIES.map((v) => v.numerals ?? '').join('');
const DIGIT = /\p{Nd}/u;

/** Whether a word is a number: it has a digit (any script's), or is numerals with at most a unit after them (十四, 三十日, 五回). */
export function isNumber(word: string): boolean {
  if (DIGIT.test(word)) return true;
  // Most words start with a letter that is no numeral: the vocabularies need not be asked.
  if (!word || !NUMERALS.includes(word[0]!)) return false;
  return VOCABULARIES.some((v) => {
    // A word of time that starts with a numeral (四半期, a quarter) is a period, not a number.
    if (!v.numerals || v.time.phrases?.includes(word) || v.time.words?.includes(word)) return false;
    let n = 0;
    while (n < word.length && v.numerals.includes(word[n]!)) n++;
    const unit = word.slice(n);
    return n > 0 && (!unit || [...(v.counters ?? []), ...(v.time.words ?? []), ...(v.time.phrases ?? [])].includes(unit));
  });
}

/** Where a text states something material, as [start, end) ranges of each kind of term. */
export interface MaterialTerms {
  /** Modal words and qualifiers (must, never, within; なければならない, のみ). */
  requirement: [number, number][];
  /** Units of time and frequency. */
  time: [number, number][];
  /** Words that are numbers. */
  number: [number, number][];
}

/** Terms of one kind in every language, merged, so a text is read once for all of them. */
interface MergedTerms {
  words: Set<string>;
  phrases: string[];
  endings: string[];
}

const merge = (list: readonly Terms[]): MergedTerms => ({
  words: new Set(list.flatMap((t) => t.words ?? []).map((w) => w.toLowerCase())),
  phrases: [...new Set(list.flatMap((t) => t.phrases ?? []).map((p) => p.toLowerCase()))],
  endings: [...new Set(list.flatMap((t) => t.endings ?? []).map((p) => p.toLowerCase()))],
});

/** Characters of a word (as the words of text with spaces are split): a term is a whole word only between others. */
const WORD_CHAR = '[\\p{L}\\p{M}\\p{N}_]';

/**
 * Whether a text written with spaces may have a term word or a number, tested before splitting
 * it into words (most blocks have neither, and splitting costs several times more): any term
 * between characters that are not a word's, any case, or any digit or numeral. A term word is
 * found only where this finds something (test/review.test.ts holds the two together).
 */
function candidates(words: readonly string[]): RegExp {
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<!${WORD_CHAR})(?:${escaped.join('|')})(?!${WORD_CHAR})|[\\p{Nd}${NUMERALS}]`, 'iu');
}

let merged: { requirement: MergedTerms; time: MergedTerms; candidate: RegExp } | undefined;

function mergedTerms(): { requirement: MergedTerms; time: MergedTerms; candidate: RegExp } {
  if (!merged) {
    const [requirement, time] = [merge(requirementTerms()), merge(timeTerms())];
    merged = { requirement, time, candidate: candidates([...requirement.words, ...time.words]) };
  }
  return merged;
}

/** Where a text's phrases and endings occur (as `occurrences` finds them), added to `out`. */
function phrasesIn(lower: string, terms: MergedTerms, out: [number, number][]): void {
  for (const p of terms.phrases) for (let at = lower.indexOf(p); at >= 0; at = lower.indexOf(p, at + 1)) out.push([at, at + p.length]);
  for (const p of terms.endings) {
    for (let at = lower.indexOf(p); at >= 0; at = lower.indexOf(p, at + 1)) {
      if (SENTENCE_END.test(lower.slice(at + p.length, at + p.length + 8))) out.push([at, at + p.length]);
    }
  }
}

/**
 * Where a text states requirements, time periods and numbers: the ranges `occurrences` finds for
 * every language's lists of each kind, together (classifying only asks whether any overlaps an
 * edit), the text read once for all of them.
 */
export function materialTerms(text: string, lang: string): MaterialTerms {
  const { requirement, time, candidate } = mergedTerms();
  const found: MaterialTerms = { requirement: [], time: [], number: [] };
  if (UNSPACED.test(text) || candidate.test(text)) eachWord(text, lang, (word, start) => {
    const lower = word.toLowerCase();
    const end = start + word.length;
    if (requirement.words.has(lower)) found.requirement.push([start, end]);
    if (time.words.has(lower)) found.time.push([start, end]);
    if (isNumber(word)) found.number.push([start, end]);
  });
  // Offsets must stay those of the text: a lowercase form of another length (rare letters) is not used.
  const lower = text.toLowerCase();
  const read = lower.length === text.length ? lower : text;
  phrasesIn(read, requirement, found.requirement);
  phrasesIn(read, time, found.time);
  return found;
}

/**
 * Whether a text states a requirement, a time period or a number anywhere: whether
 * `materialTerms` finds anything, stopping at the first (most added and removed blocks that
 * state one do so in their first words).
 */
export function statesMaterial(text: string, lang: string): boolean {
  const { requirement, time, candidate } = mergedTerms();
  let found = false;
  if (UNSPACED.test(text) || candidate.test(text)) {
    eachWord(text, lang, (word) => {
      const lower = word.toLowerCase();
      return (found = requirement.words.has(lower) || time.words.has(lower) || isNumber(word));
    });
  }
  if (found) return true;
  const lower = text.toLowerCase();
  const read = lower.length === text.length ? lower : text;
  const some: [number, number][] = [];
  phrasesIn(read, requirement, some);
  phrasesIn(read, time, some);
  return some.length > 0;
}

/** What a section is for, from its heading, in any language ("Purpose and Scope" is both). */
export function sectionKinds(heading: string, lang: string): SectionKind[] {
  if (!heading) return [];
  return [...sectionKindsOf.get(`${lang}\u0000${heading}`, () => readSectionKinds(heading, lang))];
}

/** Headings repeat: every change under one asks what its section is for. */
const sectionKindsOf = new Memo<string, readonly SectionKind[]>({ entries: 20_000 });

function readSectionKinds(heading: string, lang: string): SectionKind[] {
  const read = readText(heading, lang);
  const kinds = new Set<SectionKind>();
  for (const v of VOCABULARIES) {
    for (const [kind, terms] of Object.entries(v.sections) as [SectionKind, Terms][]) if (occurrences(read, terms).length) kinds.add(kind);
  }
  return [...kinds];
}

/** Whether every edit under this heading is material (Scope, Roles, Exceptions; 適用範囲, 役割と責任, 例外). */
export function isMaterialSection(heading: string, lang: string): boolean {
  return sectionKinds(heading, lang).some((k) => MATERIAL_SECTIONS.has(k));
}
