import type { Element, ElementContent, Properties, Root } from 'hast';
import { containersOf, type Cell, type Container, type TextBlock } from './blocks.js';
import type { FormatChange } from './format.js';
import { runsOf } from './inline.js';
import { appendText, editedPieces, el, inline, kept, text, whole, type Piece } from './inline-html.js';
import { TABLE_NUMBER, type RedlineLabels } from './labels.js';
import { serializeRedline } from './serialize.js';
import { wordDiff, type WordOp } from './words.js';
import { diffSequences } from './sequence-diff.js';

/** One block of a redline as shown: kept, edited (word by word), reformatted, inserted, deleted or moved. */
export type RedlineItem =
  | { state: 'same'; a: TextBlock; b: TextBlock }
  | { state: 'changed'; a: TextBlock; b: TextBlock; ops: WordOp[] }
  | { state: 'format'; a: TextBlock; b: TextBlock; format: FormatChange[] }
  | { state: 'ins'; b: TextBlock }
  | { state: 'del'; a: TextBlock }
  | { state: 'moved-away'; a: TextBlock; up: boolean }
  | { state: 'moved-here'; b: TextBlock; fromAbove: boolean };

const ALIGN = new Set(['left', 'center', 'right']);


/** A note on a block, visible (not colour alone) and read out in place. */
const note = (words: string, labels: RedlineLabels): Element => el('span', labels.lang ? { className: ['rl-note'], lang: labels.lang } : { className: ['rl-note'] }, [text(words)]);

function formatNote(changes: readonly FormatChange[], labels: RedlineLabels): string {
  const kinds = changes.map((c) => (c.kind === 'link' ? `${labels.link} ${c.from} → ${c.to}` : labels[c.kind]));
  return `${labels.formatting}${kinds.join(labels.separator)}`;
}

/** Cells of two versions of a row, aligned: by position when the count is the same, else by their text. */
function alignCells(a: readonly Cell[], b: readonly Cell[]): [Cell | undefined, Cell | undefined][] {
  if (a.length === b.length) return a.map((c, i) => [c, b[i]]);
  const out: [Cell | undefined, Cell | undefined][] = [];
  let ia = 0;
  let ib = 0;
  const parts = diffSequences(a.map((c) => c.text), b.map((c) => c.text));
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    const n = part.count;
    if (!part.added && !part.removed) {
      for (let k = 0; k < n; k++) out.push([a[ia++], b[ib++]]);
    } else if (part.removed && parts[p + 1]?.added) {
      // Replaced cells: pair them up in order, the rest are removed or added.
      const m = parts[p + 1]!.count;
      for (let k = 0; k < Math.max(n, m); k++) out.push([k < n ? a[ia++] : undefined, k < m ? b[ib++] : undefined]);
      p++;
    } else {
      for (let k = 0; k < n; k++) out.push(part.removed ? [a[ia++], undefined] : [undefined, b[ib++]]);
    }
  }
  return out;
}

/** A table row: cells kept, edited word by word, inserted or deleted. */
function row(item: RedlineItem, lang: string, labels: RedlineLabels): Element[] {
  const pairs: [Cell | undefined, Cell | undefined][] =
    item.state === 'same' || item.state === 'changed' || item.state === 'format' ? alignCells(item.a.cells ?? [], item.b.cells ?? [])
      : 'a' in item ? (item.a.cells ?? []).map((c) => [c, undefined]) : (item.b.cells ?? []).map((c) => [undefined, c]);
  const whole_ = item.state === 'ins' || item.state === 'moved-here' ? 'ins' : item.state === 'del' || item.state === 'moved-away' ? 'del' : undefined;
  return pairs.map(([ca, cb]) => {
    const cell = (cb ?? ca)!;
    const props: Properties = {};
    if (cell.align && ALIGN.has(cell.align)) props['align'] = cell.align;
    let pieces: Piece[];
    if (whole_) pieces = whole(runsOf(cell), whole_);
    else if (!ca) {
      pieces = whole(runsOf(cb!), 'ins');
      props['className'] = ['rl-ins'];
    } else if (!cb) {
      pieces = whole(runsOf(ca), 'del');
      props['className'] = ['rl-del'];
    } else if (ca.text === cb.text) pieces = kept(runsOf(ca), runsOf(cb), 0, 0, cb.text.length);
    else pieces = editedPieces(runsOf(ca), runsOf(cb), wordDiff(ca.text, cb.text, lang));
    return el(cell.head ? 'th' : 'td', props, inline(pieces, labels));
  });
}

const STATE_CLASS: Record<RedlineItem['state'], string[]> = {
  same: [], changed: ['rl-changed'], format: ['rl-format'], ins: ['rl-ins'], del: ['rl-del'],
  'moved-away': ['rl-del', 'rl-moved'], 'moved-here': ['rl-ins', 'rl-moved'],
};
/** The id of the n-th change (1-based, in the order of `Redline.changes`), so a summary can link to it. */
export const changeAnchor = (n: number): string => `change-${n}`;
/** The states that are changes (`Redline.changes` lists one per block in these states, in order). */
const CHANGE_STATES = new Set<RedlineItem['state']>(['changed', 'format', 'ins', 'del', 'moved-here']);

/** The class list of a block whose own classes are `first`, in a state. */
const classList = (first: string[], state: RedlineItem['state']): string[] => (state === 'same' ? first : [...first, ...STATE_CLASS[state]]);

/** Text without formatting or changes (most of a redline). */
function plain(value: string): ElementContent[] {
  const out: ElementContent[] = [];
  appendText(out, value);
  return out;
}

/** The content of a block (not a row) as shown. */
function content(item: RedlineItem, labels: RedlineLabels): ElementContent[] {
  switch (item.state) {
    case 'same': return item.b.runs ? inline(whole(item.b.runs, 'same'), labels) : plain(item.b.text);
    case 'changed': return inline(editedPieces(runsOf(item.a), runsOf(item.b), item.ops), labels);
    case 'format': return [...inline(kept(runsOf(item.a), runsOf(item.b), 0, 0, item.b.text.length), labels), note(formatNote(item.format, labels), labels)];
    case 'ins': return inline(whole(runsOf(item.b), 'ins'), labels);
    case 'del': return inline(whole(runsOf(item.a), 'del'), labels);
    case 'moved-away': return [...inline(whole(runsOf(item.a), 'del'), labels), note(item.up ? labels.movedUp : labels.movedDown, labels)];
    case 'moved-here': return [...inline(whole(runsOf(item.b), 'ins'), labels), note(item.fromAbove ? labels.movedHereFromAbove : labels.movedHereFromBelow, labels)];
  }
}

/** An open container of the output: which container of each version it stands for. */
interface Open {
  tag: Container['tag'];
  a: number | undefined;
  b: number | undefined;
  element: Element;
}

function containerElement(c: Container): Element {
  switch (c.tag) {
    case 'ol': return el('ol', c.start !== undefined && c.start !== 1 ? { start: c.start } : {});
    case 'li': return el('li', c.value !== undefined ? { value: String(c.value) } : {});
    case 'table': return el('table', { className: ['rl-table'] });
    case 'blockquote': return el('blockquote', { className: ['rl-quote'] });
    case 'dl': return el('div', { className: ['rl-dl'] });
    default: return el(c.tag);
  }
}

/** A table in a box that scrolls sideways, as the portal's policy pages have them: a wide table never widens the page. */
const scrollBox = (table: Element, labels: RedlineLabels, n: number): Element =>
  el('div', { className: ['table-scroll'], role: 'region', tabIndex: 0, ariaLabel: labels.tableRegion.replace(TABLE_NUMBER, String(n)) }, [table]);

/**
 * Renders a redline as HTML built on a tree (every text escaped by the serializer): paragraphs
 * and headings as blocks, list items in their lists (numbered as in the version they come from,
 * nested), table rows in their tables, each marked kept, edited, reformatted, inserted, deleted
 * or moved. Blocks of both versions share a container when they stand in the same one.
 */
export function renderRedline(items: readonly RedlineItem[], lang: string, labels: RedlineLabels): string {
  return serializeRedline(redlineTree(items, lang, labels));
}

/** The tree renderRedline serializes. */
export function redlineTree(items: readonly RedlineItem[], lang: string, pageLabels: RedlineLabels): Root {
  // The redline's own words say their language when it is not the text's (a Japanese policy in
  // an English portal).
  const primary = (tag: string) => tag.toLowerCase().split('-')[0];
  const foreign = Boolean(lang) && primary(lang) !== primary(pageLabels.lang);
  const labels = foreign ? pageLabels : { ...pageLabels, lang: '' };
  const root: Root = { type: 'root', children: [] };
  const stack: Open[] = [];
  let tables = 0;
  let changes = 0;
  const add = (parent: Element | Root, child: Element) => {
    if (parent.type === 'root' && parent.children.length) parent.children.push(text('\n'));
    parent.children.push(child);
  };
  for (const item of items) {
    const main = 'b' in item ? item.b : item.a;
    const other = item.state === 'same' || item.state === 'changed' || item.state === 'format' ? item.a : undefined;
    const side = 'b' in item ? 'b' : 'a';
    const path = containersOf(main);
    const otherPath = other ? containersOf(other) : [];
    for (let d = 0; d < path.length; d++) {
      const c = path[d]!;
      const oc = otherPath[d]?.tag === c.tag ? otherPath[d] : undefined;
      const open = stack[d];
      // A list item's own text always starts its item; other blocks join the container they share.
      const ownItem = d === path.length - 1 && main.kind === 'li';
      const fits = open && open.tag === c.tag && !ownItem && (open[side] === undefined || open[side] === c.id)
        && (!oc || open.a === undefined || open.a === oc.id);
      if (fits) {
        open[side] = c.id;
        if (oc) open.a = oc.id;
        continue;
      }
      stack.length = d;
      const element = containerElement(c);
      add(d ? stack[d - 1]!.element : root, c.tag === 'table' ? scrollBox(element, labels, ++tables) : element);
      stack.push({ tag: c.tag, a: side === 'a' ? c.id : oc?.id, b: side === 'b' ? c.id : undefined, element });
    }
    stack.length = path.length;
    const parent = stack.length ? stack[stack.length - 1]!.element : root;
    const anchor = CHANGE_STATES.has(item.state) ? { id: changeAnchor(++changes) } : {};
    if (main.kind === 'tr') {
      const cells = row(item, lang, labels);
      if (item.state === 'format') cells[cells.length - 1]?.children.push(note(formatNote(item.format, labels), labels));
      if (item.state === 'moved-away' || item.state === 'moved-here') {
        const words = item.state === 'moved-away' ? (item.up ? labels.movedUp : labels.movedDown) : item.fromAbove ? labels.movedHereFromAbove : labels.movedHereFromBelow;
        cells[cells.length - 1]?.children.push(note(words, labels));
      }
      add(parent, el('tr', { className: classList(['rl-tr'], item.state), ...anchor }, cells));
    } else if (main.kind === 'li' && parent.type === 'element' && parent.tagName === 'li') {
      parent.properties['className'] = classList(['rl-block', 'rl-li'], item.state);
      if (anchor.id) parent.properties['id'] = anchor.id;
      parent.children.push(...content(item, labels));
    } else {
      add(parent, el('div', { className: classList(['rl-block', `rl-${main.kind}`], item.state), ...anchor }, content(item, labels)));
    }
  }
  // The text says its language (for line breaking and screen readers' voices), whatever the page's.
  return lang ? { type: 'root', children: [el('div', { lang }, [text('\n'), ...(root.children as ElementContent[]), text('\n')])] } : root;
}
