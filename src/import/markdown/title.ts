import { toString } from 'mdast-util-to-string';
import { parseMarkdown } from '../../markdown/parse.js';

/** A body's leading level-1 heading, if it opens the body. */
export interface LeadingHeading {
  text: string;
  /** The body without the heading (and the blank lines after it). */
  rest: string;
}

/**
 * The level-1 heading a body opens with (ATX or setext), read through remark. The portal and the
 * PDFs print a policy's title above its body, so a heading repeating it would show twice: the
 * importer takes the title from it and drops it.
 */
export function leadingHeading(body: string): LeadingHeading | undefined {
  const first = parseMarkdown(body).children[0];
  if (!first || first.type !== 'heading' || first.depth !== 1 || !first.position) return undefined;
  const text = toString(first).replace(/\s+/g, ' ').trim();
  if (!text) return undefined;
  const rest = body.slice(first.position.end.offset).replace(/^[ \t]*\n(\s*\n)*/, '');
  return { text, rest };
}

/** Two titles that say the same thing, whatever their case, spacing and punctuation. */
export function sameTitle(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().normalize('NFKC').replace(/[^\p{L}\p{N}]+/gu, '');
  return norm(a) === norm(b);
}
