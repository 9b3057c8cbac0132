import { diffSequences } from './sequence-diff.js';

/** One step of a word diff: text kept, deleted from `before` or inserted from `after`, as offsets into each. */
export interface WordOp {
  op: 'equal' | 'del' | 'ins';
  /** [start, end) in `before` (empty for insertions). */
  a: [number, number];
  /** [start, end) in `after` (empty for deletions). */
  b: [number, number];
}

/** A word, space or punctuation mark of a text, as Intl.Segmenter finds it. */
export interface Token {
  text: string;
  start: number;
  word: boolean;
}

/**
 * Scripts written without spaces between words, whose words only a dictionary (Intl.Segmenter)
 * finds: Thai, Lao, Myanmar, Khmer, kana, CJK ideographs (with the iteration marks 々 〆 and
 * half-width katakana). Ranges rather than Unicode properties: this is tested on every block.
 */
const UNSPACED_RANGES = '\\u0E00-\\u0EFF\\u1000-\\u109F\\u1780-\\u17FF\\u3005-\\u3007\\u3040-\\u30FF\\u31F0-\\u31FF\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF\\uFF66-\\uFF9F\\u{20000}-\\u{3134F}';
export const UNSPACED = new RegExp(`[${UNSPACED_RANGES}]`, 'u');
/** Words for telling how alike two texts are: each character of a script without spaces alone, runs of other letters and digits. */
export const COMPARABLE_WORDS = new RegExp(`[${UNSPACED_RANGES}]|[^\\s\\p{P}\\p{S}${UNSPACED_RANGES}]+`, 'gu');
/** Characters every language breaks words at: where a diff may start segmenting without changing the words it finds. */
const BREAK = /[\s、。，．・「」『』（）〔〕［］｛｝【】〈〉《》！？；：]/u;

const segmenters = new Map<string, Intl.Segmenter>();

/** The word segmenter for a language (BCP 47; an unknown or malformed tag falls back to the default rules). */
function segmenter(lang: string): Intl.Segmenter {
  let s = segmenters.get(lang);
  if (!s) {
    try {
      s = new Intl.Segmenter(lang || undefined, { granularity: 'word' });
    } catch {
      s = new Intl.Segmenter(undefined, { granularity: 'word' });
    }
    segmenters.set(lang, s);
  }
  return s;
}

/**
 * Words as Unicode's word boundaries (UAX #29, which Intl.Segmenter follows) find them in text
 * written with spaces: letters, digits and marks, joined by an apostrophe, a full stop or a colon
 * between letters ("don't", "e.g") or a full stop or comma between digits ("1.5", "1,000"); a
 * run of spaces; any other character alone. Eight times faster than Intl.Segmenter, which
 * test/redline.test.ts holds it to on real policy texts.
 */
const SPACED_TOKENS = /([\p{L}\p{M}\p{N}_]+(?:(?:(?<=\p{L}[\p{M}]*)['’.:·](?=\p{L})|(?<=\p{N})[.,;'’](?=\p{N}))[\p{L}\p{M}\p{N}_]+)*)|[^\S\n]+|[\s\S]/gu;

/** Splits text into words, spaces and punctuation by the language's rules (`offset` is added to each start). */
export function tokenize(text: string, lang: string, offset = 0): Token[] {
  const out: Token[] = [];
  if (UNSPACED.test(text)) {
    for (const s of segmenter(lang).segment(text)) out.push({ text: s.segment, start: s.index + offset, word: s.isWordLike === true });
    return out;
  }
  for (const m of text.matchAll(SPACED_TOKENS)) out.push({ text: m[0], start: m.index + offset, word: m[1] !== undefined });
  return out;
}

/**
 * Calls `visit` with each word of a text and where it starts, the words `tokenize` finds,
 * without making a token of every word, space and mark (for reading many texts for terms);
 * stops when `visit` returns true.
 */
export function eachWord(text: string, lang: string, visit: (word: string, start: number) => boolean | void): void {
  if (UNSPACED.test(text)) {
    for (const s of segmenter(lang).segment(text)) if (s.isWordLike === true && visit(s.segment, s.index) === true) return;
    return;
  }
  const tokens = new RegExp(SPACED_TOKENS);
  for (let m = tokens.exec(text); m; m = tokens.exec(text)) if (m[1] !== undefined && visit(m[0], m.index) === true) return;
}

const wordCounts = new Map<string, number>();

/** Whether a UTF-16 code unit is of a script without spaces (UNSPACED's ranges; high surrogates of planes 2 and 3). */
function unspacedCode(c: number): boolean {
  return (c >= 0x0e00 && c <= 0x0eff) || (c >= 0x1000 && c <= 0x109f) || (c >= 0x1780 && c <= 0x17ff) || (c >= 0x3005 && c <= 0x3007)
    || (c >= 0x3040 && c <= 0x30ff) || (c >= 0x31f0 && c <= 0x31ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff)
    || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff66 && c <= 0xff9f) || (c >= 0xd840 && c <= 0xd884);
}

/** Runs of characters between white space (as /\S+/g finds them), or -1 when the text has a script without spaces. */
function spaced(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x0e00 && unspacedCode(c)) return -1;
    const space = c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x3000 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0xfeff;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

/**
 * How many words a text has: runs between spaces, and in scripts written without spaces, the
 * words Intl.Segmenter finds (counting those is slow, so counts are remembered: the versions of
 * a policy share most of their blocks).
 */
export function countWords(text: string): number {
  const spacedCount = spaced(text);
  if (spacedCount >= 0) return spacedCount;
  let n = wordCounts.get(text);
  if (n === undefined) {
    n = 0;
    for (const piece of text.match(/\S+/g) ?? []) {
      if (!UNSPACED.test(piece)) n++;
      else for (const s of segmenter('ja').segment(piece)) if (s.isWordLike) n++;
    }
    if (wordCounts.size > 20_000) wordCounts.clear();
    wordCounts.set(text, n);
  }
  return n;
}

/**
 * Characters a replacement may share at its ends and leave unmarked: spaces, and letters of
 * scripts without spaces (where a shared character is a shared part of a phrase).
 */
const sharable = (c: string | undefined) => c !== undefined && (c === ' ' || UNSPACED.test(c));

/**
 * A word-level diff that keeps the text's own spacing: `before` and `after` are split into words
 * by the language's rules (Intl.Segmenter: Japanese, Chinese and Thai words without spaces
 * included), so the ops cover every character of both texts. Only the part between the common
 * start and end is segmented (segmenting is the costly part), from a point where every language
 * breaks words, so the words found are the same as in the whole text.
 */
export function wordDiff(before: string, after: string, lang: string): WordOp[] {
  if (before === after) return before ? [{ op: 'equal', a: [0, before.length], b: [0, after.length] }] : [];
  const max = Math.min(before.length, after.length);
  let p = 0;
  while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
  while (p > 0 && !BREAK.test(before[p - 1]!)) p--;
  while (s > 0 && !BREAK.test(before[before.length - s]!)) s--;
  // Spaces are not compared as words (that would double the work): each word carries the spaces
  // after it, and kept words whose spaces differ (a line break become a space) mark the spaces.
  const words = (text: string, endAt: number) => {
    const list = tokenize(text.slice(p, endAt), lang, p).filter((t) => !spaces(t.text));
    return { list, at: (i: number) => (i < list.length ? list[i]!.start : endAt) };
  };
  const wa = words(before, before.length - s);
  const wb = words(after, after.length - s);
  const ops: WordOp[] = [];
  const push = (op: WordOp['op'], a0: number, a1: number, b0: number, b1: number) => {
    if (a1 > a0 || b1 > b0) ops.push({ op, a: [a0, a1], b: [b0, b1] });
  };
  push('equal', 0, p, 0, p);
  const leadA = wa.at(0);
  const leadB = wb.at(0);
  if (before.slice(p, leadA) === after.slice(p, leadB)) push('equal', p, leadA, p, leadB);
  else {
    push('del', p, leadA, p, p);
    push('ins', leadA, leadA, p, leadB);
  }
  let ia = 0;
  let ib = 0;
  for (const part of diffSequences(wa.list.map((t) => t.text), wb.list.map((t) => t.text))) {
    const n = part.count;
    const [a0, b0] = [wa.at(ia), wb.at(ib)];
    if (part.removed) {
      ia += n;
      push('del', a0, wa.at(ia), b0, b0);
    } else if (part.added) {
      ib += n;
      push('ins', a0, a0, b0, wb.at(ib));
    } else if (before.slice(a0, wa.at(ia + n)) === after.slice(b0, wb.at(ib + n))) {
      ia += n;
      ib += n;
      push('equal', a0, wa.at(ia), b0, wb.at(ib));
    } else {
      for (let k = 0; k < n; k++, ia++, ib++) {
        const [x, y] = [wa.list[ia]!, wb.list[ib]!];
        const [xe, ye] = [x.start + x.text.length, y.start + y.text.length];
        push('equal', x.start, xe, y.start, ye);
        if (before.slice(xe, wa.at(ia + 1)) === after.slice(ye, wb.at(ib + 1))) push('equal', xe, wa.at(ia + 1), ye, wb.at(ib + 1));
        else {
          push('del', xe, wa.at(ia + 1), ye, ye);
          push('ins', wa.at(ia + 1), wa.at(ia + 1), ye, wb.at(ib + 1));
        }
      }
    }
  }
  push('equal', before.length - s, before.length, after.length - s, after.length);
  // Where words start and end in either text: a change gives up shared characters only up to one.
  const edges = (list: Token[]) => {
    let set: Set<number> | undefined;
    return (at: number) => (set ??= new Set(list.flatMap((t) => [t.start, t.start + t.text.length]))).has(at);
  };
  return tidy(ops, before, after, edges(wa.list), edges(wb.list));
}

const SPACES = /^[^\S\n]+$/;
/** Whether a token is a run of spaces (no line break); most start with a printable ASCII character and are not. */
const spaces = (token: string) => {
  const c = token.charCodeAt(0);
  return (c <= 32 || c >= 0x7f) && SPACES.test(token);
};

interface Group {
  del: [number, number];
  ins: [number, number];
}

/**
 * Makes a diff read as an editor would mark it: changes separated only by a space or a single
 * character become one change ("<del>b c</del><ins>x y</ins>", not word by word), deletions come
 * before insertions, and spaces or characters of scripts without spaces that a change shares at
 * its ends, up to where a word ends in either text, are kept ("有効に<del>すること</del><ins>し
 * なければならない</ins>", not 有効<del>にすること</del>, where the segmenter found the word にし).
 */
function tidy(ops: WordOp[], before: string, after: string, edgeA: (at: number) => boolean, edgeB: (at: number) => boolean): WordOp[] {
  const out: (WordOp | Group)[] = [];
  const isGroup = (x: WordOp | Group | undefined): x is Group => x !== undefined && 'del' in x;
  for (const op of ops) {
    const last = out[out.length - 1];
    if (op.op === 'equal') {
      out.push(op);
      continue;
    }
    // A change after [group, short equal] joins that group when both sides then have text.
    const prev = out[out.length - 2];
    if (last && !isGroup(last) && isGroup(prev)) {
      const text = before.slice(last.a[0], last.a[1]);
      const short = text.length <= 1 || !/\S/.test(text);
      const delAfter = prev.del[1] > prev.del[0] || op.op === 'del';
      const insAfter = prev.ins[1] > prev.ins[0] || op.op === 'ins';
      if (short && delAfter && insAfter) {
        out.pop();
        prev.del[1] = last.a[1];
        prev.ins[1] = last.b[1];
        if (op.op === 'del') prev.del[1] = op.a[1];
        else prev.ins[1] = op.b[1];
        continue;
      }
    }
    if (isGroup(last)) {
      if (op.op === 'del') last.del[1] = op.a[1];
      else last.ins[1] = op.b[1];
      continue;
    }
    const a = last ? (last as WordOp).a[1] : 0;
    const b = last ? (last as WordOp).b[1] : 0;
    out.push({ del: op.op === 'del' ? [op.a[0], op.a[1]] : [a, a], ins: op.op === 'ins' ? [op.b[0], op.b[1]] : [b, b] });
  }
  const result: WordOp[] = [];
  const equal = (a: [number, number], b: [number, number]) => {
    if (a[1] <= a[0]) return;
    const last = result[result.length - 1];
    if (last?.op === 'equal' && last.a[1] === a[0]) {
      last.a[1] = a[1];
      last.b[1] = b[1];
    } else result.push({ op: 'equal', a, b });
  };
  for (const x of out) {
    if (!isGroup(x)) {
      equal(x.a, x.b);
      continue;
    }
    let [d0, d1] = x.del;
    let [i0, i1] = x.ins;
    if (d1 > d0 && i1 > i0) {
      let k = 0;
      while (d0 + k < d1 && i0 + k < i1 && before[d0 + k] === after[i0 + k] && sharable(before[d0 + k])) k++;
      while (k > 0 && !edgeA(d0 + k) && !edgeB(i0 + k)) k--;
      d0 += k;
      i0 += k;
      k = 0;
      while (d1 - k > d0 && i1 - k > i0 && before[d1 - k - 1] === after[i1 - k - 1] && sharable(before[d1 - k - 1])) k++;
      while (k > 0 && !edgeA(d1 - k) && !edgeB(i1 - k)) k--;
      d1 -= k;
      i1 -= k;
    }
    equal([x.del[0], d0], [x.ins[0], i0]);
    if (d1 > d0) result.push({ op: 'del', a: [d0, d1], b: [i0, i0] });
    if (i1 > i0) result.push({ op: 'ins', a: [d1, d1], b: [i0, i1] });
    equal([d1, x.del[1]], [i1, x.ins[1]]);
  }
  return result;
}

/**
 * The spaces at the ends of an insertion, which a reader sees as the gap between words rather
 * than as inserted text: [start, end) of what to mark as inserted, within `op.b`. Only for
 * display ("policy <ins>and report breaches</ins>."); the ops stay exact.
 */
export function insertedCore(after: string, op: WordOp): [number, number] {
  let [s, e] = op.b;
  while (s < e && after[s] === ' ') s++;
  while (e > s && after[e - 1] === ' ') e--;
  return s < e ? [s, e] : op.b;
}
