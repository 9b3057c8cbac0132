import type { Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const parser = unified().use(remarkParse).use(remarkGfm).freeze();

/** Parses a policy body (Markdown with GitHub extensions: tables, task lists, autolinks) to mdast. */
export function parseMarkdown(body: string): Root {
  return parser.parse(body);
}
