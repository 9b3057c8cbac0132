import type { Element, Root } from 'hast';
import { toText } from 'hast-util-to-text';

/** A unit of text compared in a redline: a paragraph, heading, list item, table row, code block. */
export interface TextBlock {
  /** The element it came from: p, h1-h6, li, tr, pre, dt, dd, blockquote, caption. */
  kind: string;
  text: string;
  /** For table rows: the cell texts. */
  cells?: string[];
}

const LEAVES = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'dt', 'dd', 'caption', 'tr']);
const NESTED_BLOCKS = new Set(['ul', 'ol', 'p', 'table', 'pre', 'blockquote', 'div', 'dl']);

/** Flattens a rendered body into the sequence of text blocks a reader sees. */
export function textBlocks(tree: Root): TextBlock[] {
  const out: TextBlock[] = [];
  const walk = (node: Root | Element): void => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      const tag = child.tagName;
      if (tag === 'tr') {
        const cells = child.children.filter((c): c is Element => c.type === 'element').map((c) => toText(c, { whitespace: 'normal' }).trim());
        out.push({ kind: 'tr', text: cells.join(' | '), cells });
      } else if (LEAVES.has(tag)) {
        const text = toText(child, { whitespace: tag === 'pre' ? 'pre' : 'normal' }).trim();
        if (text) out.push({ kind: tag, text });
      } else if (tag === 'li') {
        // A list item's own words, then its nested lists and paragraphs as blocks of their own.
        const own = child.children.filter((c) => !(c.type === 'element' && NESTED_BLOCKS.has(c.tagName)));
        const text = own.map((c) => toText(c, { whitespace: 'normal' })).join('').trim();
        if (text) out.push({ kind: 'li', text });
        walk(child);
      } else {
        walk(child);
      }
    }
  };
  walk(tree);
  return out;
}
