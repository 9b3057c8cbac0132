import type { Root } from 'hast';
import { diffArrays, diffWords } from 'diff';
import { textBlocks, type TextBlock } from './blocks.js';

/** Word counts of a redline. */
export interface RedlineStats {
  inserted: number;
  deleted: number;
  unchanged: number;
}

/** A redline between two rendered bodies. */
export interface Redline {
  /** HTML of the later text with insertions in <ins> and deletions in <del>, block by block; each changed block carries the id `changeAnchor(n)`. */
  html: string;
  stats: RedlineStats;
  changed: boolean;
  /** The blocks that changed, as pairs (either side may be missing), for classifiers. */
  changes: { before: TextBlock | undefined; after: TextBlock | undefined }[];
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const words = (s: string) => (s.match(/\S+/g) ?? []).length;

/** The words of a block, as similarity() compares them. */
interface Profile {
  words: string[];
  set: Set<string>;
  /** Adjacent word pairs with their counts (for long blocks). */
  pairs: Map<string, number>;
}

function profile(text: string): Profile {
  const list = text.toLowerCase().match(/\w+/g) ?? [];
  const pairs = new Map<string, number>();
  for (let i = 0; i + 1 < list.length; i++) {
    const k = `${list[i]} ${list[i + 1]}`;
    pairs.set(k, (pairs.get(k) ?? 0) + 1);
  }
  return { words: list, set: new Set(list), pairs };
}

/** Blocks this long are compared by shared word pairs, not shared words. */
const LONG = 8;

/**
 * How alike two blocks are (0..1), to pair an edited block with its original. Short blocks
 * (table rows, list items) compare shared words; long ones compare shared adjacent word pairs,
 * so a rewritten paragraph that merely reuses common words is shown as replaced, not as a
 * confetti of word-level changes (which is also what makes redlines of rewrites cheap).
 */
function similarity(a: Profile, b: Profile): number {
  if (!a.words.length || !b.words.length) return 0;
  if (a.words.length >= LONG && b.words.length >= LONG) {
    let common = 0;
    for (const [k, n] of a.pairs) common += Math.min(n, b.pairs.get(k) ?? 0);
    return (2 * common) / (a.words.length - 1 + b.words.length - 1);
  }
  return a.words.filter((w) => b.set.has(w)).length / Math.max(a.words.length, b.set.size);
}

/** The id of the n-th change (1-based, in the order of `Redline.changes`), so a summary can link to it. */
export const changeAnchor = (n: number): string => `change-${n}`;

function wrap(block: TextBlock, inner: string, state: 'same' | 'ins' | 'del' | 'changed', change?: number): string {
  const cls = `rl-block rl-${block.kind}${state === 'same' ? '' : ` rl-${state}`}`;
  return `<div class="${cls}"${change ? ` id="${changeAnchor(change)}"` : ''}>${inner}</div>`;
}

/**
 * A word-level redline of rendered text (not a raw line diff): blocks are matched first, then
 * edited blocks are compared word by word.
 */
export function redline(before: Root, after: Root): Redline {
  return redlineBlocks(textBlocks(before), textBlocks(after));
}

/** A redline of two bodies already flattened with `textBlocks` (blocks can be cached; trees are large). */
export function redlineBlocks(a: readonly TextBlock[], b: readonly TextBlock[]): Redline {
  const key = (x: TextBlock) => `${x.kind}\u0000${x.text}`;
  const parts = diffArrays(a.map(key), b.map(key));
  const stats: RedlineStats = { inserted: 0, deleted: 0, unchanged: 0 };
  const out: string[] = [];
  const changes: Redline['changes'] = [];
  let ia = 0;
  let ib = 0;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    if (!part.added && !part.removed) {
      for (let k = 0; k < part.count!; k++) {
        const block = b[ib++]!;
        ia++;
        stats.unchanged += words(block.text);
        out.push(wrap(block, escape(block.text), 'same'));
      }
      continue;
    }
    // Gather a run of removals and additions and pair edited blocks by similarity.
    const removed: TextBlock[] = [];
    const added: TextBlock[] = [];
    while (p < parts.length && (parts[p]!.added || parts[p]!.removed)) {
      const run = parts[p]!;
      for (let k = 0; k < run.count!; k++) (run.removed ? removed : added).push(run.removed ? a[ia++]! : b[ib++]!);
      p++;
    }
    p--;
    const pairedWith = new Map<TextBlock, TextBlock>();
    const addedProfiles = added.map((x) => profile(x.text));
    let from = 0;
    for (const r of removed) {
      let best = -1;
      let score = 0.3;
      const rp = profile(r.text);
      for (let k = from; k < added.length; k++) {
        const s = similarity(rp, addedProfiles[k]!);
        if (s > score) [best, score] = [k, s];
      }
      if (best >= 0) {
        pairedWith.set(added[best]!, r);
        from = best + 1;
      }
    }
    const matched = new Set(pairedWith.values());
    let ri = 0;
    const flushRemoved = (until: TextBlock | undefined) => {
      while (ri < removed.length && removed[ri] !== until) {
        const r = removed[ri++]!;
        if (matched.has(r)) continue;
        stats.deleted += words(r.text);
        changes.push({ before: r, after: undefined });
        out.push(wrap(r, `<del>${escape(r.text)}</del>`, 'del', changes.length));
      }
      if (until !== undefined && removed[ri] === until) ri++;
    };
    for (const block of added) {
      const original = pairedWith.get(block);
      if (original) {
        flushRemoved(original);
        changes.push({ before: original, after: block });
        const html = diffWords(original.text, block.text).map((d) => {
          const n = words(d.value);
          if (d.added) {
            stats.inserted += n;
            return `<ins>${escape(d.value)}</ins>`;
          }
          if (d.removed) {
            stats.deleted += n;
            return `<del>${escape(d.value)}</del>`;
          }
          stats.unchanged += n;
          return escape(d.value);
        }).join('');
        out.push(wrap(block, html, 'changed', changes.length));
      } else {
        stats.inserted += words(block.text);
        changes.push({ before: undefined, after: block });
        out.push(wrap(block, `<ins>${escape(block.text)}</ins>`, 'ins', changes.length));
      }
    }
    flushRemoved(undefined);
  }
  return { html: out.join('\n'), stats, changed: stats.inserted + stats.deleted > 0, changes };
}
