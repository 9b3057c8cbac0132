import { diffWords } from 'diff';
import type { TextBlock } from '../../markdown/redline/blocks.js';
import type { Redline } from '../../markdown/redline/redline.js';
import { editDistance } from '../../core/suggest/did-you-mean.js';
import type { FieldChange } from './fields.js';

/** How much a change matters, as a version step: MAJOR is material (staff must re-acknowledge). */
export type ChangeLevel = 'major' | 'minor' | 'patch' | 'none';

/** One reason behind a classification, shown so reviewers can disagree with it. */
export interface Reason {
  level: ChangeLevel;
  text: string;
}

export const LEVEL_ORDER: Record<ChangeLevel, number> = { none: 0, patch: 1, minor: 2, major: 3 };

/** Words whose addition, removal or replacement changes what someone must, may or may not do, or to whom it applies. */
const NORMATIVE = new Set(['must', 'shall', 'should', 'may', 'required', 'require', 'requires', 'mandatory', 'prohibited', 'forbidden', 'never',
  'always', 'only', 'not', 'no', 'cannot', 'within', 'least', 'most', 'minimum', 'maximum', 'except', 'unless', 'all', 'every', 'any', 'none']);
/** Units of time and frequency: a changed duration or cadence is a changed obligation. */
const TIME = /^(seconds?|minutes?|hours?|days?|weeks?|months?|years?|hourly|daily|weekly|monthly|quarterly|annually|yearly|immediately|promptly)$/;
/** Sections whose every edit is material: who and what the policy applies to, who does what. */
const MATERIAL_SECTION = /\b(scope|applicability|roles?|responsibilit\w*|exceptions?)\b/i;

const words = (s: string) => s.toLowerCase().match(/[\p{L}\p{N}]+(?:['’.][\p{L}\p{N}]+)*/gu) ?? [];
const squash = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
const excerpt = (s: string, max = 70) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};
const quote = (s: string) => `“${excerpt(s)}”`;

/** The heading each block sits under, by block identity, for the blocks of one side. */
export function sectionsOf(blocks: readonly TextBlock[]): Map<string, string> {
  const out = new Map<string, string>();
  let heading = '';
  for (const b of blocks) {
    if (/^h[1-6]$/.test(b.kind)) heading = b.text;
    else if (!out.has(b.text)) out.set(b.text, heading);
  }
  return out;
}

/** Why an edited block is material, or undefined. */
function materialEdit(before: string, after: string): string | undefined {
  const parts = diffWords(before, after);
  const removed = parts.filter((p) => p.removed).flatMap((p) => words(p.value));
  const added = parts.filter((p) => p.added).flatMap((p) => words(p.value));
  const changed = [...removed, ...added];
  const show = (list: string[]) => list.join(' ') || '(nothing)';
  const kinds = [
    changed.some((w) => NORMATIVE.has(w)) ? 'requirement words' : '',
    changed.some((w) => /\d/.test(w)) ? 'numbers' : '',
    changed.some((w) => TIME.test(w)) ? 'time periods' : '',
  ].filter(Boolean);
  if (!kinds.length) return undefined;
  const what = kinds.length > 1 ? `${kinds.slice(0, -1).join(', ')} and ${kinds[kinds.length - 1]}` : kinds[0]!;
  return `changes ${what}: “${excerpt(show(removed), 40)}” → “${excerpt(show(added), 40)}”`;
}

/** Whether an edit only fixes spelling: every changed word pairs with one a couple of letters away. */
function spellingOnly(before: string, after: string): boolean {
  const parts = diffWords(before, after);
  const removed = parts.filter((p) => p.removed).flatMap((p) => words(p.value));
  const added = parts.filter((p) => p.added).flatMap((p) => words(p.value));
  if (!removed.length || removed.length !== added.length) return false;
  return removed.every((w, i) => {
    const v = added[i]!;
    return Math.min(w.length, v.length) >= 4 && editDistance(w, v) <= 2 && !/\d/.test(w + v);
  });
}

/**
 * Classifies body edits block by block: requirement words (must, shall, never, within...),
 * numbers and time periods, and any edit in a Scope or Roles section are MAJOR; case,
 * punctuation, spacing and spelling fixes are PATCH; other wording is MINOR.
 */
export function classifyBody(changes: Redline['changes'], sections: ReadonlyMap<string, string>): Reason[] {
  const reasons: Reason[] = [];
  for (const { before, after } of changes) {
    const block = (after ?? before)!;
    const section = sections.get(block.text) ?? '';
    const where = section ? ` in “${excerpt(section, 40)}”` : '';
    const heading = /^h[1-6]$/.test(block.kind);
    if (before && after) {
      if (squash(before.text) === squash(after.text)) reasons.push({ level: 'patch', text: `case, punctuation or spacing only${where}: ${quote(after.text)}` });
      else if (heading) reasons.push({ level: spellingOnly(before.text, after.text) ? 'patch' : 'minor', text: `heading ${quote(before.text)} → ${quote(after.text)}` });
      else if (spellingOnly(before.text, after.text)) reasons.push({ level: 'patch', text: `spelling${where}: ${quote(after.text)}` });
      else {
        const material = materialEdit(before.text, after.text);
        if (material) reasons.push({ level: 'major', text: `${material}${where}` });
        else if (MATERIAL_SECTION.test(section)) reasons.push({ level: 'major', text: `rewords the ${excerpt(section, 40)} section: ${quote(after.text)}` });
        else reasons.push({ level: 'minor', text: `rewording${where}: ${quote(after.text)}` });
      }
      continue;
    }
    const verb = after ? 'adds' : 'removes';
    if (heading) reasons.push({ level: 'minor', text: `${verb} the section heading ${quote(block.text)}` });
    else if (words(block.text).some((w) => NORMATIVE.has(w) || /\d/.test(w) || TIME.test(w))) reasons.push({ level: 'major', text: `${verb} a requirement${where}: ${quote(block.text)}` });
    else if (MATERIAL_SECTION.test(section)) reasons.push({ level: 'major', text: `${verb} text in the ${excerpt(section, 40)} section: ${quote(block.text)}` });
    else reasons.push({ level: 'minor', text: `${verb} text${where}: ${quote(block.text)}` });
  }
  return reasons;
}

/** How much each frontmatter field weighs. Bookkeeping (version, status, effective, review.last) weighs nothing. */
const FIELD_LEVEL: Record<string, ChangeLevel> = {
  id: 'minor', title: 'minor', summary: 'patch', aliases: 'patch', owner: 'minor', approvers: 'minor', 'review.cycle': 'minor',
  criteria: 'minor', controls: 'minor', audience: 'minor', classification: 'minor', related: 'patch',
};

/** Classifies frontmatter changes (see FIELD_LEVEL; docs/review.md explains the audience rule). */
export function classifyFields(changes: readonly FieldChange[]): Reason[] {
  return changes.flatMap((c): Reason[] => {
    const level = FIELD_LEVEL[c.field];
    if (!level) return [];
    const detail = c.added || c.removed
      ? [...(c.added ?? []).map((x) => `+${x}`), ...(c.removed ?? []).map((x) => `−${x}`)].join(', ')
      : `${c.before ?? '(none)'} → ${c.after ?? '(none)'}`;
    return [{ level, text: `${c.field} changed: ${excerpt(detail, 90)}` }];
  });
}

/** The largest level among reasons. */
export function overallLevel(reasons: readonly Reason[]): ChangeLevel {
  return reasons.reduce<ChangeLevel>((max, r) => (LEVEL_ORDER[r.level] > LEVEL_ORDER[max] ? r.level : max), 'none');
}
