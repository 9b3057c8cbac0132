import { tokenize, type Token } from '../../../markdown/redline/words.js';
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

/** Whether a word is a number: it has a digit (any script's), or is numerals with at most a unit after them (十四, 三十日, 五回). */
export function isNumber(word: string): boolean {
  if (/\p{Nd}/u.test(word)) return true;
  return VOCABULARIES.some((v) => {
    // A word of time that starts with a numeral (四半期, a quarter) is a period, not a number.
    if (!v.numerals || v.time.phrases?.includes(word) || v.time.words?.includes(word)) return false;
    let n = 0;
    while (n < word.length && v.numerals.includes(word[n]!)) n++;
    const unit = word.slice(n);
    return n > 0 && (!unit || [...(v.counters ?? []), ...(v.time.words ?? []), ...(v.time.phrases ?? [])].includes(unit));
  });
}

/** What a section is for, from its heading, in any language ("Purpose and Scope" is both). */
export function sectionKinds(heading: string, lang: string): SectionKind[] {
  if (!heading) return [];
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
