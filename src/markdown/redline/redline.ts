import type { Root } from 'hast';
import { textBlocks, type TextBlock } from './blocks.js';
import { formatChanges, shape, type FormatChange } from './format.js';
import { renderRedline, type RedlineItem } from './html.js';
import { defaultRedlineLabels, type RedlineLabels } from './labels.js';
import { COMPARABLE_WORDS, countWords, UNSPACED, wordDiff, type WordOp } from './words.js';
import { diffSequences } from './sequence-diff.js';

/** Word counts of a redline, and how many words moved and blocks changed only their formatting. */
export interface RedlineStats {
  inserted: number;
  deleted: number;
  unchanged: number;
  moved: number;
  reformatted: number;
}

/** A block that changed, for classifiers: either side may be missing (added, removed). */
export interface BlockChange {
  before: TextBlock | undefined;
  after: TextBlock | undefined;
  /** The same block, moved to another place. */
  moved?: true;
  /** What changed when only the formatting did. */
  format?: FormatChange[];
  /** The heading the block sits under (after the change; for a removed block, before it); '' when none. */
  section: string;
  /** For a moved block: the heading it sat under before. */
  sectionBefore?: string;
  /** For an edited block: the word diff of its texts, as the redline shows it (classifiers read it rather than diff again). */
  ops?: WordOp[];
}

/** A redline between two rendered bodies. */
export interface Redline {
  /** HTML of the later text with insertions in <ins> and deletions in <del>, block by block. */
  html: string;
  stats: RedlineStats;
  changed: boolean;
  /** The blocks that changed, in the order the redline shows them. */
  changes: BlockChange[];
}

/** How a redline reads its texts and writes its words. */
export interface RedlineOptions {
  /** The texts' language (BCP 47), for finding words (Japanese has no spaces between them). */
  lang?: string;
  labels?: RedlineLabels;
}

/**
 * The words of a block, as similarity() compares them: words between spaces, and single
 * characters of scripts without spaces. Words are numbered (per redline) so that word pairs are
 * numbers, not strings: pairing is most of what a redline of a rewrite costs.
 */
interface Profile {
  words: number[];
  /** The distinct words (made when a short block is compared). */
  set?: Set<number>;
  /** Adjacent word pairs (hashed), sorted, a pair as often as it occurs (for long blocks). */
  pairs: Int32Array;
}

const SPACED_WORDS = /[\p{L}\p{M}\p{N}_]+/gu;

function profile(text: string, ids: Map<string, number>): Profile {
  const found = text.toLowerCase().match(UNSPACED.test(text) ? COMPARABLE_WORDS : SPACED_WORDS) ?? [];
  const words = found.map((w) => {
    let id = ids.get(w);
    if (id === undefined) ids.set(w, (id = ids.size));
    return id;
  });
  const pairs = new Int32Array(Math.max(0, words.length - 1));
  // A 30-bit hash of the pair, so pairs are small integers; two pairs sharing a hash only nudge a
  // similarity score, never what the redline says.
  for (let i = 0; i + 1 < words.length; i++) pairs[i] = (words[i]! * 65_599 + words[i + 1]!) & 0x3fffffff;
  // Sorted, pairs shared by two blocks are counted by one merge (every block of a run is compared with several).
  return { words, pairs: pairs.sort() };
}

const wordSet = (p: Profile) => (p.set ??= new Set(p.words));

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
    // Pairs in common, each as often as the block with fewer of it has it.
    const [x, y] = [a.pairs, b.pairs];
    let common = 0;
    for (let i = 0, j = 0; i < x.length && j < y.length;) {
      if (x[i] === y[j]) {
        common++;
        i++;
        j++;
      } else if (x[i]! < y[j]!) i++;
      else j++;
    }
    return (2 * common) / (a.words.length - 1 + b.words.length - 1);
  }
  const set = wordSet(b);
  return a.words.filter((w) => set.has(w)).length / Math.max(a.words.length, set.size);
}

/** Rows alike in most cells are the same row edited, however short the cells. */
function rowSimilarity(a: TextBlock, b: TextBlock): number {
  if (!a.cells || !b.cells) return 0;
  const same = a.cells.filter((c, i) => b.cells![i]?.text === c.text).length;
  return same / Math.max(a.cells.length, b.cells.length);
}

/** What tells blocks apart: kind, place in lists and tables, text and formatting. */
function blockKey(x: TextBlock): string {
  let key = `${x.kind}\u0000${shape(x)}\u0000${x.text}`;
  const runs = (list: TextBlock['runs']) => (list ? list.map((r) => `${r.text.length}:${(r.marks ?? []).join(' ')}`).join('\u0001') : '');
  if (x.cells) key += x.cells.map((c) => `\u0000${c.head ? 'h' : ''}${c.align ?? ''}${runs(c.runs)}`).join('');
  else key += `\u0000${runs(x.runs)}`;
  return key;
}

/** The heading each block sits under ('' before the first heading, and for headings). */
function sectionsOf(blocks: readonly TextBlock[]): string[] {
  let heading = '';
  return blocks.map((b) => {
    if (!/^h[1-6]$/.test(b.kind)) return heading;
    heading = b.text;
    return '';
  });
}

/**
 * A word-level redline of rendered text (not a raw line diff): blocks are matched first, then
 * edited blocks are compared word by word.
 */
export function redline(before: Root, after: Root, options: RedlineOptions = {}): Redline {
  return redlineBlocks(textBlocks(before), textBlocks(after), options);
}

/** A block of the redline with its place in each version (for sections and moves). */
type Placed = RedlineItem & { ia?: number; ib?: number; run?: number };

/**
 * A redline of two bodies already flattened with `textBlocks` (blocks can be cached; trees are
 * large). Blocks are matched by a diff of the whole blocks; within each stretch of removed and
 * added blocks, edited ones are paired with their originals by similarity and compared word by
 * word; a removed block that reappears elsewhere unchanged is shown as moved.
 */
export function redlineBlocks(a: readonly TextBlock[], b: readonly TextBlock[], options: RedlineOptions = {}): Redline {
  const lang = options.lang ?? 'en';
  return finish(redlineItems(a, b, lang), a, b, lang, options.labels ?? defaultRedlineLabels());
}

/** The blocks of a redline, in order, each kept, edited, reformatted, inserted, deleted or moved (see redlineBlocks). */
export function redlineItems(a: readonly TextBlock[], b: readonly TextBlock[], lang: string): (RedlineItem & { ia?: number; ib?: number })[] {
  const keysA = a.map(blockKey);
  const keysB = b.map(blockKey);
  const parts = diffSequences(keysA, keysB);
  const items: Placed[] = [];
  let ia = 0;
  let ib = 0;
  let runs = 0;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    if (!part.added && !part.removed) {
      for (let k = 0; k < part.count; k++) items.push({ state: 'same', a: a[ia]!, b: b[ib]!, ia: ia++, ib: ib++ });
      continue;
    }
    // Gather a run of removals and additions and pair edited blocks by similarity.
    const removed: number[] = [];
    const added: number[] = [];
    while (p < parts.length && (parts[p]!.added || parts[p]!.removed)) {
      const run = parts[p]!;
      for (let k = 0; k < run.count; k++) (run.removed ? removed : added).push(run.removed ? ia++ : ib++);
      p++;
    }
    p--;
    const run = runs++;
    const pairedWith = new Map<number, number>();
    // Profiles are the costly part of pairing: only made when there is something to pair.
    const ids = new Map<string, number>();
    const addedProfiles = removed.length ? added.map((x) => profile(b[x]!.text, ids)) : [];
    let from = 0;
    for (const r of added.length ? removed : []) {
      let best = -1;
      let score = 0.3;
      const rp = profile(a[r]!.text, ids);
      for (let k = from; k < added.length; k++) {
        const other = b[added[k]!]!;
        // The same words (reformatted) beat any edit.
        const s = other.text === a[r]!.text ? 2 : Math.max(similarity(rp, addedProfiles[k]!), rowSimilarity(a[r]!, other));
        if (s > score) [best, score] = [k, s];
      }
      if (best >= 0) {
        pairedWith.set(added[best]!, r);
        from = best + 1;
      }
    }
    const matched = new Set(pairedWith.values());
    let ri = 0;
    const flushRemoved = (until: number | undefined) => {
      while (ri < removed.length && removed[ri] !== until) {
        const r = removed[ri++]!;
        if (!matched.has(r)) items.push({ state: 'del', a: a[r]!, ia: r, run });
      }
      if (until !== undefined && removed[ri] === until) ri++;
    };
    for (const x of added) {
      const original = pairedWith.get(x);
      if (original === undefined) {
        // Deletions read before the insertions that replace them.
        while (ri < removed.length && !matched.has(removed[ri]!)) items.push({ state: 'del', a: a[removed[ri]!]!, ia: removed[ri++]!, run });
        items.push({ state: 'ins', b: b[x]!, ib: x, run });
        continue;
      }
      flushRemoved(original);
      const before = a[original]!;
      const after = b[x]!;
      if (before.text === after.text) items.push({ state: 'format', a: before, b: after, format: formatChanges(before, after), ia: original, ib: x });
      else items.push({ state: 'changed', a: before, b: after, ops: after.cells ? [] : wordDiff(before.text, after.text, lang), ia: original, ib: x });
    }
    flushRemoved(undefined);
  }
  markMoves(items, keysA, keysB);
  return items;
}

/** A block removed in one place and added unchanged in another (not the same stretch) was moved. */
function markMoves(items: Placed[], keysA: readonly string[], keysB: readonly string[]): void {
  const removedByKey = new Map<string, number[]>();
  items.forEach((item, i) => {
    if (item.state !== 'del') return;
    const key = keysA[item.ia!]!;
    const list = removedByKey.get(key);
    if (list) list.push(i);
    else removedByKey.set(key, [i]);
  });
  items.forEach((item, i) => {
    if (item.state !== 'ins') return;
    const list = removedByKey.get(keysB[item.ib!]!);
    const at = list?.findIndex((j) => items[j]!.run !== item.run) ?? -1;
    if (at < 0) return;
    const j = list!.splice(at, 1)[0]!;
    const away = items[j]!;
    if (away.state !== 'del') return;
    items[j] = { state: 'moved-away', a: away.a, up: j > i, ia: away.ia! };
    items[i] = { state: 'moved-here', b: item.b, fromAbove: j < i, ib: item.ib!, ia: away.ia! };
  });
}

/** Stats, the changes for classifiers, and the HTML. */
function finish(items: readonly Placed[], a: readonly TextBlock[], b: readonly TextBlock[], lang: string, labels: RedlineLabels): Redline {
  const sectionA = sectionsOf(a);
  const sectionB = sectionsOf(b);
  const stats: RedlineStats = { inserted: 0, deleted: 0, unchanged: 0, moved: 0, reformatted: 0 };
  const changes: BlockChange[] = [];
  for (const item of items) {
    const section = item.ib !== undefined ? sectionB[item.ib]! : sectionA[item.ia!]!;
    switch (item.state) {
      case 'same':
        stats.unchanged += countWords(item.b.text);
        break;
      case 'format':
        stats.unchanged += countWords(item.b.text);
        stats.reformatted++;
        changes.push({ before: item.a, after: item.b, format: item.format, section });
        break;
      case 'changed': {
        // A table row's ops are its cells' (html.ts); its text's are counted here.
        const ops = item.b.cells ? wordDiff(item.a.text, item.b.text, lang) : item.ops;
        count(ops, item.a.text, item.b.text, stats);
        changes.push({ before: item.a, after: item.b, section, ops });
        break;
      }
      case 'ins':
        stats.inserted += countWords(item.b.text);
        changes.push({ before: undefined, after: item.b, section });
        break;
      case 'del':
        stats.deleted += countWords(item.a.text);
        changes.push({ before: item.a, after: undefined, section });
        break;
      case 'moved-here':
        stats.moved += countWords(item.b.text);
        changes.push({ before: a[item.ia!], after: item.b, moved: true, section, sectionBefore: sectionA[item.ia!]! });
        break;
      case 'moved-away':
        break;
    }
  }
  const changed = stats.inserted + stats.deleted + stats.moved + stats.reformatted > 0;
  return { html: renderRedline(items, lang, labels), stats, changed, changes };
}

function count(ops: ReturnType<typeof wordDiff>, before: string, after: string, stats: RedlineStats): void {
  for (const op of ops) {
    if (op.op === 'del') stats.deleted += countWords(before.slice(op.a[0], op.a[1]));
    else if (op.op === 'ins') stats.inserted += countWords(after.slice(op.b[0], op.b[1]));
    else stats.unchanged += countWords(after.slice(op.b[0], op.b[1]));
  }
}
