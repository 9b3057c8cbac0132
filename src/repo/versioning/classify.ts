import type { Messages } from '../../core/i18n/messages.js';
import type { BlockChange } from '../../markdown/redline/redline.js';
import type { FormatChange } from '../../markdown/redline/format.js';
import { tokenize, wordDiff, type WordOp } from '../../markdown/redline/words.js';
import { editDistance } from '../../core/suggest/did-you-mean.js';
import type { FieldChange } from './fields.js';
import { isMaterialSection, materialTerms, overlaps, statesMaterial } from './vocabulary/match.js';

/** How much a change matters, as a version step: MAJOR is material (staff must re-acknowledge). */
export type ChangeLevel = 'major' | 'minor' | 'patch' | 'none';

/** One reason behind a classification, shown so reviewers can disagree with it. */
export interface Reason {
  level: ChangeLevel;
  text: string;
}

export const LEVEL_ORDER: Record<ChangeLevel, number> = { none: 0, patch: 1, minor: 2, major: 3 };

/** How the classifier reads texts and writes its reasons. */
export interface ClassifyOptions {
  /** The report's language. */
  messages: Messages;
  /** The policy's language (BCP 47), for finding its words. */
  lang: string;
}

/** Case, width (全角/半角), punctuation and spacing removed: what is left when only those changed. */
const squash = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
/** White space a quote tidies: any but a single space between words. */
const UNTIDY = /[^\S ]| {2}|^ | $/;
const tidy = (s: string) => (UNTIDY.test(s) ? s.replace(/\s+/g, ' ').trim() : s);
const excerpt = (s: string, max = 70) => {
  // Reasons quote every changed block: only as much of a long one as shows is tidied (what is
  // tidied of a start is the start of the whole tidied, and past `max` nothing more shows).
  if (s.length > 4 * max) {
    const start = tidy(s.slice(0, 4 * max));
    if (start.length > max) return `${start.slice(0, max - 1)}…`;
  }
  const t = tidy(s);
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

/** What an edit deleted and inserted: ranges of each text, the words in them (lowercased), and the stretches as written. */
interface Edit {
  removed: [number, number][];
  added: [number, number][];
  removedWords: string[];
  addedWords: string[];
  removedText: string[];
  addedText: string[];
}

/** Stretches of a text as written (reasons quote the policy, not a normalised form of it). */
const stretches = (text: string, ranges: readonly [number, number][]) => ranges.map(([s, e]) => text.slice(s, e).replace(/\s+/g, ' ').trim()).filter(Boolean);

/** The words of a stretch of text, lowercased: joined as written (Japanese without spaces, English with). */
function wordsIn(text: string, lang: string): string[] {
  const out: string[] = [];
  let end = -1;
  for (const t of tokenize(text, lang)) {
    if (!t.word) continue;
    const w = t.text.toLowerCase();
    if (t.start === end && out.length) out[out.length - 1] += w;
    else out.push(w);
    end = t.start + t.text.length;
  }
  return out;
}

function edit(before: string, after: string, lang: string, ops: readonly WordOp[] = wordDiff(before, after, lang)): Edit {
  const removed = ops.filter((o) => o.op === 'del').map((o) => o.a);
  const added = ops.filter((o) => o.op === 'ins').map((o) => o.b);
  return {
    removed, added,
    removedWords: removed.flatMap(([s, e]) => wordsIn(before.slice(s, e), lang)),
    addedWords: added.flatMap(([s, e]) => wordsIn(after.slice(s, e), lang)),
    removedText: stretches(before, removed),
    addedText: stretches(after, added),
  };
}

type Kind = 'requirement' | 'number' | 'time';

/** What material a stretch of changed text touches: requirement words, numbers, time periods. */
function touched(text: string, changed: readonly [number, number][], lang: string): Set<Kind> {
  const kinds = new Set<Kind>();
  if (!changed.length) return kinds;
  const terms = materialTerms(text, lang);
  if (overlaps(terms.requirement, changed)) kinds.add('requirement');
  if (overlaps(terms.time, changed)) kinds.add('time');
  if (overlaps(terms.number, changed)) kinds.add('number');
  return kinds;
}

const KIND_ORDER: Kind[] = ['requirement', 'number', 'time'];

/** Reason texts in the report's language. */
class Writer {
  constructor(private readonly messages: Messages) {}

  t(key: string, values: Record<string, string> = {}): string {
    return this.messages.t(`review.reason.${key}`, values);
  }

  quote(text: string, max = 70): string {
    return this.t('quote', { text: excerpt(text, max) });
  }

  where(section: string): string {
    return section ? this.t('where', { section: excerpt(section, 40) }) : '';
  }

  /** Changed stretches of text, quoted as written; separate stretches joined by an ellipsis. */
  stretches(list: readonly string[]): string {
    return list.length ? this.quote(list.join(' … '), 40) : this.t('nothing');
  }

  kinds(kinds: Set<Kind>): string {
    return this.messages.list(KIND_ORDER.filter((k) => kinds.has(k)).map((k) => this.t(`kind.${k}`)));
  }

  format(changes: readonly FormatChange[]): string {
    return this.messages.list([...new Set(changes.map((c) => this.messages.t(`review.redline.format.${c.kind}`)))]);
  }
}

/** Whether an edit only fixes spelling: every changed word pairs with one a couple of letters away. */
function spellingOnly(e: Edit): boolean {
  const { removedWords: removed, addedWords: added } = e;
  if (!removed.length || removed.length !== added.length) return false;
  return removed.every((w, i) => {
    const v = added[i]!;
    return Math.min(w.length, v.length) >= 4 && editDistance(w, v) <= 2 && !/\d/.test(w + v);
  });
}

/** Why an edited block is material, or undefined. */
function materialEdit(before: string, after: string, e: Edit, lang: string, w: Writer): string | undefined {
  const kinds = new Set([...touched(before, e.removed, lang), ...touched(after, e.added, lang)]);
  if (!kinds.size) return undefined;
  return w.t('material', { what: w.kinds(kinds), removed: w.stretches(e.removedText), added: w.stretches(e.addedText) });
}

const isHeading = (kind: string) => /^h[1-6]$/.test(kind);

/** Whether a whole block states a requirement, a number or a time period. */
function statesRequirement(text: string, lang: string): boolean {
  return statesMaterial(text, lang);
}

/**
 * Classifies body edits block by block: requirement words (must, shall, never, within...;
 * しなければならない, すること, できる...), numbers and time periods, and any edit in a Scope,
 * Roles or Exceptions section (適用範囲, 役割と責任, 例外) are MAJOR; case, punctuation, spacing,
 * spelling and formatting (emphasis, heading markup, link targets) are PATCH; other wording is
 * MINOR. Reasons are written in the report's language.
 */
export function classifyBody(changes: readonly BlockChange[], options: ClassifyOptions): Reason[] {
  const { lang } = options;
  const w = new Writer(options.messages);
  const reasons: Reason[] = [];
  const material = (section: string) => isMaterialSection(section, lang);
  for (const change of changes) {
    const { before, after, section } = change;
    const block = (after ?? before)!;
    const where = w.where(section);
    const heading = isHeading(block.kind);
    if (change.moved) {
      const from = change.sectionBefore ?? '';
      if (from === section) reasons.push({ level: 'minor', text: w.t('moved', { where, text: w.quote(block.text) }) });
      else {
        const level = statesRequirement(block.text, lang) || material(from) || material(section) ? 'major' : 'minor';
        reasons.push({ level, text: w.t('moved-between', { from: excerpt(from, 40), to: excerpt(section, 40), text: w.quote(block.text) }) });
      }
      continue;
    }
    if (before && after) {
      if (before.text === after.text) reasons.push({ level: 'patch', text: w.t('formatting', { what: w.format(change.format ?? []), where, text: w.quote(after.text) }) });
      else if (squash(before.text) === squash(after.text)) reasons.push({ level: 'patch', text: w.t('case-only', { where, text: w.quote(after.text) }) });
      else {
        const e = edit(before.text, after.text, lang, change.ops);
        if (heading) reasons.push({ level: spellingOnly(e) ? 'patch' : 'minor', text: w.t('heading', { before: w.quote(before.text), after: w.quote(after.text) }) });
        else if (spellingOnly(e)) reasons.push({ level: 'patch', text: w.t('spelling', { where, text: w.quote(after.text) }) });
        else {
          const why = materialEdit(before.text, after.text, e, lang, w);
          if (why) reasons.push({ level: 'major', text: `${why}${where}` });
          else if (material(section)) reasons.push({ level: 'major', text: w.t('material-section', { section: excerpt(section, 40), text: w.quote(after.text) }) });
          else reasons.push({ level: 'minor', text: w.t('rewording', { where, text: w.quote(after.text) }) });
        }
      }
      continue;
    }
    const verb = after ? 'adds' : 'removes';
    if (heading) reasons.push({ level: 'minor', text: w.t(`${verb}-heading`, { text: w.quote(block.text) }) });
    else if (statesRequirement(block.text, lang)) reasons.push({ level: 'major', text: w.t(`${verb}-requirement`, { where, text: w.quote(block.text) }) });
    else if (material(section)) reasons.push({ level: 'major', text: w.t(`${verb}-section-text`, { section: excerpt(section, 40), text: w.quote(block.text) }) });
    else reasons.push({ level: 'minor', text: w.t(`${verb}-text`, { where, text: w.quote(block.text) }) });
  }
  return reasons;
}

/** How much each frontmatter field weighs. Bookkeeping (version, status, effective, review.last) weighs nothing. */
const FIELD_LEVEL: Record<string, ChangeLevel> = {
  id: 'minor', title: 'minor', summary: 'patch', aliases: 'patch', owner: 'minor', approvers: 'minor', 'review.cycle': 'minor',
  criteria: 'minor', controls: 'minor', audience: 'minor', classification: 'minor', related: 'patch',
};

/** Classifies frontmatter changes (see FIELD_LEVEL; docs/review.md explains the audience rule). */
export function classifyFields(changes: readonly FieldChange[], messages: Messages): Reason[] {
  const none = messages.t('review.reason.none');
  return changes.flatMap((c): Reason[] => {
    const level = FIELD_LEVEL[c.field];
    if (!level) return [];
    const detail = c.added || c.removed
      ? [...(c.added ?? []).map((x) => `+${x}`), ...(c.removed ?? []).map((x) => `−${x}`)].join(', ')
      : `${c.before ?? none} → ${c.after ?? none}`;
    return [{ level, text: messages.t('review.reason.field', { field: c.field, detail: excerpt(detail, 90) }) }];
  });
}

/** Reasons with the most material first (otherwise in the text's order), as the report and the HTML pages list them. */
export function mostMaterialFirst(reasons: readonly Reason[]): Reason[] {
  return [...reasons].sort((a, b) => LEVEL_ORDER[b.level] - LEVEL_ORDER[a.level]);
}

/** The largest level among reasons. */
export function overallLevel(reasons: readonly Reason[]): ChangeLevel {
  return reasons.reduce<ChangeLevel>((max, r) => (LEVEL_ORDER[r.level] > LEVEL_ORDER[max] ? r.level : max), 'none');
}
