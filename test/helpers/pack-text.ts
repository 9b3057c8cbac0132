import { expect } from 'vitest';
import { pdfText } from './pdf.js';

/** Text with runs of spaces and line breaks as single spaces (table cells wrap). */
export const flat = (text: string) => text.replace(/\s+/g, ' ');

/**
 * Whether the parts appear in this order, each within a short distance of the one before: a table
 * row whose cells wrap comes out of pdftotext interleaved with its neighbours' lines. Within a
 * part, a line may wrap at any space (where depends on the font's widths), so other cells' words
 * may fall there too. Fails the test, naming the parts, when they do not.
 */
export function inOrder(text: string, ...parts: string[]): boolean {
  const gap = '[\\s\\S]{0,160}?';
  const escape = (p: string) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').split(' ').join(`\\s(?:${gap}\\s)?`);
  if (new RegExp(parts.map(escape).join(gap)).test(text)) return true;
  expect.fail(`not found in this order: ${parts.map((p) => JSON.stringify(p)).join(' ... ')}`);
}

/** The contents page of a pack as (title, page) pairs, read from the PDF's text. */
export function contents(file: string): { title: string; page: number }[] {
  const text = pdfText(file, { first: 2, last: 2, layout: true });
  return text.split('\n').map((l) => /^\s*(\S.*?)\s{2,}(\d+)\s*$/.exec(l)).filter((m): m is RegExpExecArray => Boolean(m))
    .map((m) => ({ title: m[1]!, page: Number(m[2]) }));
}

/**
 * The text of one section of a pack, from its first page to the page before the next section: laid
 * out as on the page (a table row on one line), or in reading order (a cell's wrapped lines together).
 */
export function section(file: string, title: string, { layout = true }: { layout?: boolean } = {}): string {
  const toc = contents(file);
  const at = toc.findIndex((e) => e.title === title);
  if (at < 0) expect.fail(`no section "${title}" in the contents: ${toc.map((e) => e.title).join(', ')}`);
  const next = toc.slice(at + 1).find((e) => e.page > toc[at]!.page);
  return pdfText(file, { first: toc[at]!.page, ...(next ? { last: next.page - 1 } : {}), layout });
}
