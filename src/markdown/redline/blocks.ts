import type { Element, ElementContent, Root } from 'hast';
import { toText } from 'hast-util-to-text';
import { InlineText, type InlineOptions, type Run } from './inline.js';

export type { Run } from './inline.js';

/**
 * An element a block sits in: a list, a list item, a table and its head or body, a quotation,
 * a definition list. `id` tells apart two containers of one kind in one text (numbered in
 * document order); `start` is a numbered list's first number, `value` a numbered item's own.
 */
export interface Container {
  tag: 'ul' | 'ol' | 'li' | 'table' | 'thead' | 'tbody' | 'blockquote' | 'dl';
  id: number;
  start?: number;
  value?: number;
}

/** A table cell: its text and formatting, whether it is a header cell, and its alignment. */
export interface Cell {
  text: string;
  runs?: Run[];
  head?: true;
  align?: string;
}

/** A unit of text compared in a redline: a paragraph, heading, list item's own text, table row, code block. */
export interface TextBlock {
  /** What it is: p, h1-h6, li, tr, pre, dt, dd, caption, summary. */
  kind: string;
  /** The text a reader sees, spacing included (table rows: the cells joined by " | "). */
  text: string;
  /** Its inline formatting, when it has any (see Run). */
  runs?: Run[];
  /** For table rows: the cells. */
  cells?: Cell[];
  /**
   * The containers it sits in, outermost first, written compactly (`ol3s1/li4v2`: list 3
   * starting at 1, its item 4 numbered 2), since blocks are cached and passed between threads
   * as JSON; `containersOf` reads it. A list item's own text ends with its item.
   */
  path?: string;
}

const CONTAINER = /^([a-z]+)(\d+)(?:s(-?\d+))?(?:v(-?\d+))?$/;

/** Paths read back, by their text: the versions of a policy repeat most of them. */
const parsed = new Map<string, readonly Container[]>();

/** A block's containers, outermost first. */
export function containersOf(block: TextBlock): readonly Container[] {
  if (!block.path) return [];
  let list = parsed.get(block.path);
  if (list) return list;
  list = block.path.split('/').map((part) => {
    const m = CONTAINER.exec(part);
    if (!m) return { tag: 'blockquote', id: -1 };
    const c: Container = { tag: m[1] as Container['tag'], id: Number(m[2]) };
    if (m[3] !== undefined) c.start = Number(m[3]);
    if (m[4] !== undefined) c.value = Number(m[4]);
    return c;
  });
  if (parsed.size > 10_000) parsed.clear();
  parsed.set(block.path, list);
  return list;
}

const writePath = (path: readonly Container[]) =>
  path.map((c) => `${c.tag}${c.id}${c.start !== undefined ? `s${c.start}` : ''}${c.value !== undefined ? `v${c.value}` : ''}`).join('/');

/** Elements whose content is one block of inline text. */
const LEAVES = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'dt', 'dd', 'caption', 'summary', 'figcaption']);
/** Elements that hold blocks, or are blocks of their own: inline text beside them is a block of its own. */
const BLOCKS = new Set([...LEAVES, 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'pre', 'blockquote', 'div', 'dl',
  'section', 'details', 'figure', 'hr', 'article', 'aside', 'header', 'footer', 'nav', 'main', 'address']);

const isBlock = (node: ElementContent) => node.type === 'element' && BLOCKS.has(node.tagName);
const elements = (node: Element) => node.children.filter((c): c is Element => c.type === 'element');

/**
 * Flattens a rendered body into the blocks a reader sees, in order, each with its inline
 * formatting and the lists, items and tables it sits in (so a redline can show them as they
 * were: numbered from the right number, nested, as tables).
 */
export function textBlocks(tree: Root, options: InlineOptions = {}): TextBlock[] {
  const out: TextBlock[] = [];
  let ids = 0;
  const emit = (kind: string, inline: InlineText, path: Container[]) => {
    const done = inline.finish();
    if (!done) return;
    const block: TextBlock = { kind, text: done.text };
    if (done.runs) block.runs = done.runs;
    if (path.length) block.path = writePath(path);
    out.push(block);
  };
  const inlineOf = (node: Element) => {
    const inline = new InlineText(options);
    for (const c of node.children) inline.add(c);
    return inline;
  };
  /** A node's children: blocks in turn, and runs of inline content between them as blocks of `kind`. */
  const walk = (children: readonly ElementContent[], path: Container[], kind = 'p'): void => {
    let inline: InlineText | undefined;
    let first = true;
    const flush = () => {
      if (inline) emit(first ? kind : 'p', inline, path);
      if (inline) first = false;
      inline = undefined;
    };
    for (const child of children) {
      if (!isBlock(child)) {
        inline ??= new InlineText(options);
        inline.add(child);
        continue;
      }
      flush();
      first = false;
      block(child as Element, path);
    }
    flush();
  };
  const block = (node: Element, path: Container[]): void => {
    const tag = node.tagName;
    if (LEAVES.has(tag)) emit(tag, inlineOf(node), path);
    else if (tag === 'pre') {
      const text = toText(node, { whitespace: 'pre' }).replace(/\n+$/, '');
      if (text.trim()) out.push(path.length ? { kind: 'pre', text, path: writePath(path) } : { kind: 'pre', text });
    } else if (tag === 'ul' || tag === 'ol') {
      const list: Container = { tag, id: ids++ };
      const start = tag === 'ol' ? Number(node.properties['start'] ?? 1) : undefined;
      if (start !== undefined) list.start = Number.isFinite(start) ? start : 1;
      let n = 0;
      for (const li of elements(node)) {
        if (li.tagName !== 'li') continue;
        const item: Container = { tag: 'li', id: ids++ };
        if (list.start !== undefined) item.value = list.start + n;
        n++;
        walk(li.children, [...path, list, item], 'li');
      }
    } else if (tag === 'table') {
      const table: Container = { tag: 'table', id: ids++ };
      for (const section of elements(node)) {
        const rows = section.tagName === 'tr' ? [section] : elements(section).filter((r) => r.tagName === 'tr');
        const part: Container = { tag: section.tagName === 'thead' ? 'thead' : 'tbody', id: table.id };
        for (const row of rows) {
          const cells = elements(row).filter((c) => c.tagName === 'td' || c.tagName === 'th').map((c): Cell => {
            const done = inlineOf(c).finish();
            const cell: Cell = { text: done?.text ?? '' };
            if (done?.runs) cell.runs = done.runs;
            if (c.tagName === 'th') cell.head = true;
            if (typeof c.properties['align'] === 'string') cell.align = c.properties['align'];
            return cell;
          });
          if (cells.length) out.push({ kind: 'tr', text: cells.map((c) => c.text).join(' | '), cells, path: writePath([...path, table, part]) });
        }
      }
    } else if (tag === 'blockquote' || tag === 'dl') {
      walk(node.children, [...path, { tag, id: ids++ }]);
    } else if (tag !== 'hr') {
      walk(node.children, path);
    }
  };
  walk(tree.children as ElementContent[], []);
  return out;
}
