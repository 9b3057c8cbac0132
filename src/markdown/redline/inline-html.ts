/** Inline content of a redline block: text in pieces (kept, deleted, inserted, reformatted) with its formatting, as hast. */
import type { Element, ElementContent, Properties } from 'hast';
import { markSpans, sameMarks, type Run } from './inline.js';
import type { RedlineLabels } from './labels.js';
import { insertedCore, type WordOp } from './words.js';

/** How a stretch of text is marked: kept, deleted, inserted, or kept with its formatting changed. */
export type Mark = 'same' | 'del' | 'ins' | 'fmt';
export interface Piece {
  text: string;
  marks: readonly string[];
  state: Mark;
}

/** A hast element. */
export const el = (tagName: string, properties: Properties = {}, children: ElementContent[] = []): Element => ({ type: 'element', tagName, properties, children });
/** A hast text node. */
export const text = (value: string): ElementContent => ({ type: 'text', value });

/** The element a mark renders as. Links are not followed from a redline: they show as links do, with no target. */
function markElement(mark: string): Element {
  if (mark.startsWith('a:')) return el('span', { className: ['rl-link'] });
  if (mark === 'strike') return el('s');
  if (mark === 'img') return el('span', { className: ['rl-img'] });
  return el(['strong', 'em', 'code', 'sup', 'sub', 'kbd'].includes(mark) ? mark : 'span');
}

/** The runs of `runs` between two offsets of their text. */
export function slice(runs: readonly Run[], start: number, end: number, state: Mark): Piece[] {
  const out: Piece[] = [];
  let at = 0;
  for (const r of runs) {
    const from = Math.max(start, at);
    const to = Math.min(end, at + r.text.length);
    if (from < to) out.push({ text: r.text.slice(from - at, to - at), marks: r.marks ?? [], state });
    at += r.text.length;
  }
  return out;
}

/** Text kept between two versions (`length` characters from `aStart` and `bStart`), 'fmt' where its formatting changed. */
export function kept(a: readonly Run[], b: readonly Run[], aStart: number, bStart: number, length: number): Piece[] {
  const spans = markSpans(a);
  const out: Piece[] = [];
  let at = aStart;
  for (const piece of slice(b, bStart, bStart + length, 'same')) {
    let rest = piece.text;
    while (rest) {
      const span = spans.find((s) => s.start <= at && at < s.end);
      const n = span ? Math.min(rest.length, span.end - at) : rest.length;
      out.push({ text: rest.slice(0, n), marks: piece.marks, state: span && sameMarks(span.marks, piece.marks) ? 'same' : 'fmt' });
      rest = rest.slice(n);
      at += n;
    }
  }
  return out;
}

/** The pieces of an edited text: each word diff step with the formatting of the side it comes from. */
export function editedPieces(a: readonly Run[], b: readonly Run[], ops: readonly WordOp[]): Piece[] {
  const after = b.map((r) => r.text).join('');
  return ops.flatMap((op) => {
    if (op.op === 'del') return slice(a, op.a[0], op.a[1], 'del');
    if (op.op === 'ins') {
      const [s, e] = insertedCore(after, op);
      return [...slice(b, op.b[0], s, 'same'), ...slice(b, s, e, 'ins'), ...slice(b, e, op.b[1], 'same')];
    }
    return kept(a, b, op.a[0], op.b[0], op.b[1] - op.b[0]);
  });
}

/** Opens the marks a piece needs inside `root`, reusing those already open (`open` is the stack of open marks). */
function enter(root: ElementContent[], open: { mark: string; children: ElementContent[] }[], marks: readonly string[]): ElementContent[] {
  let k = 0;
  while (k < open.length && k < marks.length && open[k]!.mark === marks[k]) k++;
  open.length = k;
  for (let i = k; i < marks.length; i++) {
    const e = markElement(marks[i]!);
    (i === 0 ? root : open[i - 1]!.children).push(e);
    open.push({ mark: marks[i]!, children: e.children });
  }
  return open.length ? open[open.length - 1]!.children : root;
}

export function appendText(parent: ElementContent[], value: string): void {
  if (!value.includes('\n')) {
    parent.push(text(value));
    return;
  }
  value.split('\n').forEach((line, i) => {
    if (i) parent.push(el('br'));
    if (line) parent.push(text(line));
  });
}

/** A screen-reader label's attributes: its language only when it is not the text's. */
const srProps = (labels: RedlineLabels): Properties => (labels.lang ? { className: ['rl-sr'], lang: labels.lang } : { className: ['rl-sr'] });

const SR: Record<Exclude<Mark, 'same'>, [keyof RedlineLabels, keyof RedlineLabels]> = {
  ins: ['insStart', 'insEnd'], del: ['delStart', 'delEnd'], fmt: ['fmtStart', 'fmtEnd'],
};

/**
 * Inline content from pieces. A change inside one stretch of formatting sits inside it
 * (`<strong>Head of <del>Security</del><ins>IT</ins></strong>`); a change across several holds
 * them (`<ins><em>new</em> words</ins>`). Each change is announced to screen readers in the
 * reader's language, and shown by more than colour (underline, strike-through, outline).
 */
export function inline(pieces: readonly Piece[], labels: RedlineLabels): ElementContent[] {
  const root: ElementContent[] = [];
  const open: { mark: string; children: ElementContent[] }[] = [];
  for (let i = 0; i < pieces.length;) {
    const state = pieces[i]!.state;
    let j = i;
    while (j < pieces.length && pieces[j]!.state === state) j++;
    const group = pieces.slice(i, j);
    i = j;
    if (state === 'same') {
      for (const piece of group) appendText(enter(root, open, piece.marks), piece.text);
      continue;
    }
    let common = group[0]!.marks.length;
    for (const piece of group) {
      let k = 0;
      while (k < common && k < piece.marks.length && piece.marks[k] === group[0]!.marks[k]) k++;
      common = k;
    }
    const wrapper = state === 'fmt' ? el('span', { className: ['rl-fmt'] }) : el(state);
    // The words for screen readers sit beside the change, so the change's own text is just its text.
    const [start, end] = SR[state];
    const parent = enter(root, open, group[0]!.marks.slice(0, common));
    parent.push(el('span', srProps(labels), [text(labels[start])]), wrapper, el('span', srProps(labels), [text(labels[end])]));
    const inner: { mark: string; children: ElementContent[] }[] = [];
    for (const piece of group) appendText(enter(wrapper.children, inner, piece.marks.slice(common)), piece.text);
  }
  return root;
}

export const whole = (runs: readonly Run[], state: Mark): Piece[] => runs.map((r) => ({ text: r.text, marks: r.marks ?? [], state }));
