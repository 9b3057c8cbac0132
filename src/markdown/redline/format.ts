import { containersOf, type Cell, type TextBlock } from './blocks.js';
import { markSpans, runsOf, sameMarks, type Run } from './inline.js';

/**
 * What changed about a block whose words did not: emphasis (bold, italic, code, strike-through),
 * a link's target, heading markup (level, or a paragraph made a heading), the kind of block
 * (a paragraph made a list item), list numbering, bullets or nesting, a table's header or
 * alignment, other layout (a paragraph quoted).
 */
export type FormatChange =
  | { kind: 'emphasis' }
  | { kind: 'link'; from: string; to: string }
  | { kind: 'heading'; from: string; to: string }
  | { kind: 'block'; from: string; to: string }
  | { kind: 'list' }
  | { kind: 'table' }
  | { kind: 'layout' };

const heading = (kind: string) => /^h[1-6]$/.test(kind);
const inList = (b: TextBlock) => containersOf(b).some((c) => c.tag === 'li');

/** A block's containers as the reader sees their shape: kinds, numbering start, nesting (not which list or item). */
export function shape(block: TextBlock): string {
  if (!block.path) return '';
  let s = shapes.get(block.path);
  if (s === undefined) {
    s = containersOf(block).map((c) => (c.tag === 'ol' ? `ol${c.start ?? 1}` : c.tag)).join('/');
    if (shapes.size > 10_000) shapes.clear();
    shapes.set(block.path, s);
  }
  return s;
}
const shapes = new Map<string, string>();

/** How two runs of the same text differ in formatting: emphasis, link targets, or nothing. */
function inlineChanges(a: readonly Run[], b: readonly Run[], out: FormatChange[]): void {
  const sa = markSpans(a);
  const sb = markSpans(b);
  let i = 0;
  let j = 0;
  while (i < sa.length && j < sb.length) {
    const x = sa[i]!;
    const y = sb[j]!;
    if (!sameMarks(x.marks, y.marks)) {
      const la = x.marks.find((m) => m.startsWith('a:'));
      const lb = y.marks.find((m) => m.startsWith('a:'));
      const plain = (marks: string[]) => marks.filter((m) => !m.startsWith('a:'));
      if (la !== lb && la && lb && !out.some((c) => c.kind === 'link' && c.from === la.slice(2) && c.to === lb.slice(2))) {
        out.push({ kind: 'link', from: la.slice(2), to: lb.slice(2) });
      }
      if ((!la !== !lb || !sameMarks(plain(x.marks), plain(y.marks))) && !out.some((c) => c.kind === 'emphasis')) out.push({ kind: 'emphasis' });
    }
    if (x.end <= y.end) i++;
    if (y.end <= x.end) j++;
  }
}

function cellChanges(a: readonly Cell[], b: readonly Cell[], out: FormatChange[]): void {
  if (a.length !== b.length || a.some((c, i) => !c.head !== !b[i]!.head || c.align !== b[i]!.align)) out.push({ kind: 'table' });
  if (a.length === b.length) a.forEach((c, i) => inlineChanges(runsOf(c), runsOf(b[i]!), out));
}

/** What changed between two blocks with the same text (empty when nothing a reader sees did). */
export function formatChanges(a: TextBlock, b: TextBlock): FormatChange[] {
  const out: FormatChange[] = [];
  // An item's text and a paragraph inside an item differ only in the list's spacing (tight or loose).
  const spacing = inList(a) && inList(b) && [a.kind, b.kind].every((k) => k === 'li' || k === 'p');
  if (a.kind !== b.kind) {
    if (heading(a.kind) || heading(b.kind)) out.push({ kind: 'heading', from: a.kind, to: b.kind });
    else out.push(spacing ? { kind: 'list' } : { kind: 'block', from: a.kind, to: b.kind });
  }
  if (shape(a) !== shape(b) && !out.some((c) => c.kind === 'block' || c.kind === 'list')) {
    out.push(a.kind === 'tr' || b.kind === 'tr' ? { kind: 'table' } : inList(a) || inList(b) ? { kind: 'list' } : { kind: 'layout' });
  }
  if (a.cells && b.cells) cellChanges(a.cells, b.cells, out);
  else inlineChanges(runsOf(a), runsOf(b), out);
  return out;
}
