import GithubSlugger from 'github-slugger';
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { headingLines, topLevelBlocks } from './blocks.js';
import { parseMarkdown } from './parse.js';

/** A link written in a Markdown body. */
export interface BodyLink {
  url: string;
  /** 1-based line and column within the body. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Every link and link definition in a body, with its position. */
export function collectLinks(tree: Root): BodyLink[] {
  const links: BodyLink[] = [];
  visit(tree, (node) => {
    if ((node.type === 'link' || node.type === 'definition') && node.position) {
      const { start, end } = node.position;
      links.push({ url: node.url, line: start.line, column: start.column, endLine: end.line, endColumn: end.column });
    }
  });
  return links;
}

/** The anchors GitHub (and the portal, through rehype-slug) give the headings of a tree, in order. */
export function headingSlugs(tree: Root): Set<string> {
  const slugger = new GithubSlugger();
  const slugs = new Set<string>();
  visit(tree, 'heading', (node) => {
    slugs.add(slugger.slug(toString(node)));
  });
  return slugs;
}

/**
 * An ATX heading whose text holds nothing Markdown could turn into markup (no emphasis, code,
 * links, HTML, entities or escapes): its text is the line without the #s, as parsing gives it.
 */
const PLAIN_ATX = /^ {0,3}#{1,6}(?:[ \t]+([^*_`[\]<>&\\!~|#\t\r\n\f\v]*?))?(?:[ \t]+#+)?[ \t\r]*$/u;

/** The text of one heading line (or setext pair), as mdast-util-to-string gives it. */
function headingText(line: string): string {
  const plain = PLAIN_ATX.exec(line);
  if (plain) return plain[1] ?? '';
  let text = '';
  visit(parseMarkdown(line), 'heading', (node) => {
    text = toString(node);
  });
  return text;
}

/** Heading anchors of a body, parsing only heading lines that may hold inline markup. */
export function bodyHeadingSlugs(body: string): Set<string> {
  const slugger = new GithubSlugger();
  return new Set(headingLines(body).map((l) => slugger.slug(headingText(l.text))));
}

const MAY_LINK = /\.md\b|\]\(#|\]:\s*#/i;

/** Links of blocks already parsed, by block text: a long-running process (precept dev) checks the same blocks again and again. */
const blockLinks = new Map<string, BodyLink[]>();
const MAX_REMEMBERED = 20_000;

function linksOfBlock(text: string): BodyLink[] {
  let links = blockLinks.get(text);
  if (!links) {
    links = collectLinks(parseMarkdown(text));
    if (blockLinks.size >= MAX_REMEMBERED) blockLinks.delete(blockLinks.keys().next().value!);
    blockLinks.set(text, links);
  }
  return links;
}

/**
 * Links in a body that may point at another policy or an in-page anchor, parsing only the
 * top-level blocks that could hold one. Positions are 1-based within the body.
 */
export function policyLinks(body: string): BodyLink[] {
  if (!MAY_LINK.test(body)) return [];
  const links: BodyLink[] = [];
  for (const block of topLevelBlocks(body)) {
    if (!MAY_LINK.test(block.text)) continue;
    for (const link of linksOfBlock(block.text)) {
      links.push({ ...link, line: link.line + block.line, endLine: link.endLine + block.line });
    }
  }
  return links;
}

/**
 * Splits a relative link to a Markdown file into its path and fragment, or returns undefined for
 * links that are not to a .md file (external URLs, mailto:, in-page anchors, images).
 */
export function markdownLinkTarget(url: string): { path: string; fragment: string | undefined } | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//') || url.startsWith('#')) return undefined;
  const hash = url.indexOf('#');
  const rawPath = hash >= 0 ? url.slice(0, hash) : url;
  const fragment = hash >= 0 ? url.slice(hash + 1) : undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath.split('?')[0]!);
  } catch {
    decoded = rawPath;
  }
  if (!/\.md$/i.test(decoded)) return undefined;
  return { path: decoded, fragment };
}
