import { Memo } from '../core/memo.js';
import path from 'node:path';
import GithubSlugger from 'github-slugger';
import type { Element, Root as HastRoot } from 'hast';
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { headingLines, topLevelBlocks } from './blocks.js';
import { fastMdast } from './fast-parse.js';
import { exceedsLimits } from './limits.js';

/*
 * Links, images and heading anchors of Markdown bodies. Most text is read with the fast front end
 * (markdown-it, fast-parse.ts); remark (parse.ts) and an HTML parser are needed only for what it
 * leaves to remark, for raw HTML links, and for positions (asked for by diagnostics). They are
 * heavy to load (two hundred modules), so this module does not load them: links.ts does, and
 * hands them over; whoever imports links.ts gets every function here working synchronously.
 * Code that imports only this module (loading a repo, check's rules, for a quick start) calls
 * through withFullParsers, which loads them the first time a text needs them.
 */

/** The complete parsers, once loaded. */
export interface FullParsers {
  parseMarkdown(body: string): Root;
  fromHtml(html: string, options: { fragment: true }): HastRoot;
}

let full: FullParsers | undefined;

/** Thrown when a text needs the complete parsers and they are not loaded (withFullParsers loads them and asks again). */
export class FullParsersNeeded extends Error {
  constructor() {
    super('precept internal error: the Markdown and HTML parsers are not loaded (call through withFullParsers, or import markdown/links.js)');
  }
}

/** Hands over the complete parsers (links.ts does, when it is loaded). */
export function useFullParsers(parsers: FullParsers): void {
  full = parsers;
}

function fullParsers(): FullParsers {
  if (!full) throw new FullParsersNeeded();
  return full;
}

/**
 * `fn()`, loading the complete parsers first if it turns out to need them. `fn` must be safe to
 * run twice (the functions here are: what they remember, they remember only once computed).
 */
export async function withFullParsers<T>(fn: () => T): Promise<T> {
  try {
    return fn();
  } catch (error) {
    if (!(error instanceof FullParsersNeeded)) throw error;
    await import('./links.js');
    return fn();
  }
}

/** A link or image written in a Markdown body. */
export interface BodyLink {
  url: string;
  /** A link (or link definition) leads somewhere; an image is shown in place. */
  kind: 'link' | 'image';
  /** Written as raw HTML (`<a href>`, `<img src>`) rather than Markdown. */
  html: boolean;
  /** 1-based line and column within the body. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** The attribute of each raw-HTML element that the portal treats as a link or an image. */
const HTML_REFERENCES: Record<string, { attribute: string; kind: BodyLink['kind'] }> = {
  a: { attribute: 'href', kind: 'link' },
  img: { attribute: 'src', kind: 'image' },
};

/** Links and images in a piece of raw HTML, positioned in the body (the HTML starts at `line`:`column`). */
function htmlLinks(html: string, line: number, column: number): BodyLink[] {
  if (!/<(?:a|img)\b/i.test(html)) return [];
  const links: BodyLink[] = [];
  visit(fullParsers().fromHtml(html, { fragment: true }), 'element', (el: Element) => {
    const ref = HTML_REFERENCES[el.tagName];
    const url = ref ? el.properties[ref.attribute === 'href' ? 'href' : 'src'] : undefined;
    if (!ref || typeof url !== 'string' || !el.position) return;
    const at = (p: { line: number; column: number }) => ({ line: line + p.line - 1, column: p.line === 1 ? column + p.column - 1 : p.column });
    const start = at(el.position.start);
    const end = at(el.position.end);
    links.push({ url, kind: ref.kind, html: true, line: start.line, column: start.column, endLine: end.line, endColumn: end.column });
  });
  return links;
}

/** Every link, link definition and image in a body (Markdown or raw HTML), with its position. */
export function collectLinks(tree: Root): BodyLink[] {
  const links: BodyLink[] = [];
  visit(tree, (node) => {
    if (!node.position) return;
    const { start, end } = node.position;
    if (node.type === 'link' || node.type === 'definition' || node.type === 'image') {
      const kind = node.type === 'image' ? 'image' : 'link';
      links.push({ url: node.url, kind, html: false, line: start.line, column: start.column, endLine: end.line, endColumn: end.column });
    } else if (node.type === 'html') {
      links.push(...htmlLinks(node.value, start.line, start.column));
    }
  });
  return links;
}

/**
 * A heading's own anchor written after its text, as Pandoc, kramdown and GitBook allow: `## Scope
 * {#scope}`. Only lowercase ids, like the slugs headings get, so a body never takes an id the
 * theme uses (the theme's are capitalised: Main, Approvals).
 */
export const HEADING_ID = /[ \t]*\{#([a-z0-9][a-z0-9._-]*)\}[ \t]*$/;

/** A heading's text without its `{#id}`, and the id. */
export function splitHeadingId(text: string): { text: string; id: string | undefined } {
  const m = HEADING_ID.exec(text);
  return m ? { text: text.slice(0, m.index), id: m[1] } : { text, id: undefined };
}

/** The anchor of a heading: its `{#id}` when it has one, else the next GitHub slug of its text. */
function headingAnchor(slugger: GithubSlugger, text: string): string {
  const { id } = splitHeadingId(text);
  return id ?? slugger.slug(text);
}

/** The anchors GitHub (and the portal, through rehype-slug) give the headings of a tree, in order. */
export function headingSlugs(tree: Root): Set<string> {
  const slugger = new GithubSlugger();
  const slugs = new Set<string>();
  visit(tree, 'heading', (node) => {
    slugs.add(headingAnchor(slugger, toString(node)));
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
  // The fast front end's tree is remark's wherever it takes the text.
  let text = '';
  visit(fastMdast(line) ?? fullParsers().parseMarkdown(line), 'heading', (node) => {
    text = toString(node);
  });
  return text;
}

/** Heading anchors by body: check reads every body's on every run, and a dev rebuild the same unchanged bodies again. */
const headingSlugsOfBody = new Memo<string, ReadonlySet<string>>({ entries: 20_000, weight: 256 * 1024 * 1024, weigh: (body) => body.length });

/** Heading anchors of a body, parsing only heading lines that may hold inline markup. */
export function bodyHeadingSlugs(body: string): ReadonlySet<string> {
  return headingSlugsOfBody.get(body, () => {
    if (exceedsLimits(body)) return new Set();
    const slugger = new GithubSlugger();
    return new Set(headingLines(body).map((l) => headingAnchor(slugger, headingText(l.text))));
  });
}

const HTML_LINK = /<(?:a|img)\b/iy;

/**
 * Whether text may hold a link or image: `](`, `][`, `]:` or an `<a`/`<img` tag. As the
 * regular expression /\][([:]|<(?:a|img)\b/i would say, by jumping from one `]` or `<` to
 * the next (a tenth of the time, on every body of a repo).
 */
export function mayLink(text: string): boolean {
  for (let i = text.indexOf(']'); i >= 0; i = text.indexOf(']', i + 1)) {
    const next = text.charCodeAt(i + 1);
    if (next === 40 || next === 91 || next === 58) return true;
  }
  for (let i = text.indexOf('<'); i >= 0; i = text.indexOf('<', i + 1)) {
    HTML_LINK.lastIndex = i;
    if (HTML_LINK.test(text)) return true;
  }
  return false;
}

/** Where a link sits, 1-based. */
type Span = Pick<BodyLink, 'line' | 'column' | 'endLine' | 'endColumn'>;

/**
 * The links of one top-level block. Which links there are (URL, kind, HTML or not) comes from the
 * fast front end where it reads the block as remark-gfm does; their positions, which only a
 * diagnostic needs, come from remark when first asked for. Loading and most rules only look at
 * URLs, so remark parses just the blocks a diagnostic points into.
 */
class BlockLinks {
  private spans: readonly Span[] | undefined;

  constructor(
    private readonly text: string,
    readonly found: readonly Omit<BodyLink, keyof Span>[],
    spans?: readonly Span[],
  ) {
    this.spans = spans;
  }

  /** The position of the i-th link (remark's tree holds the same links in the same order). */
  span(index: number): Span {
    if (!this.spans) {
      const parsed = collectLinks(fullParsers().parseMarkdown(this.text));
      // The front ends agree on every text fast-parse takes (a test holds them together); were
      // they ever to differ, positions are matched by URL so a diagnostic still points near.
      this.spans = this.found.map((f, i) => {
        const same = (l: BodyLink | undefined) => l !== undefined && l.url === f.url && l.kind === f.kind && l.html === f.html;
        const at = same(parsed[i]) ? parsed[i] : parsed.find(same);
        return at ? { line: at.line, column: at.column, endLine: at.endLine, endColumn: at.endColumn } : { line: 1, column: 1, endLine: 1, endColumn: 1 };
      });
    }
    return this.spans[index]!;
  }
}

/** Links (with no positions: these are the fast tree's, which has none) of a tree from fast-parse. */
function foundLinks(tree: Root): Omit<BodyLink, keyof Span>[] {
  const found: Omit<BodyLink, keyof Span>[] = [];
  visit(tree, (node) => {
    if (node.type === 'link' || node.type === 'definition' || node.type === 'image') {
      found.push({ url: node.url, kind: node.type === 'image' ? 'image' : 'link', html: false });
    } else if (node.type === 'html' && /<(?:a|img)\b/i.test(node.value)) {
      for (const l of htmlLinks(node.value, 1, 1)) found.push({ url: l.url, kind: l.kind, html: true });
    }
  });
  return found;
}

/** Links of blocks already parsed, by block text: a long-running process (precept dev) checks the same blocks again and again. */
const blockLinks = new Memo<string, BlockLinks>({ entries: 20_000 });

/**
 * An inline link or image in its plainest form, `[label](destination)`: a label of one line
 * without brackets or emphasis marks, a destination without spaces, brackets, quotes, escapes or
 * entities (so remark keeps it as written).
 */
const SIMPLE_LINK = /(!?)\[([^[\]\n*_]*)\]\(([^\s()<>"'\\&\x00-\x1f\x7f]+)\)/g;
/**
 * What may make Markdown read a simple link otherwise, or hold a link of another form: code
 * (backticks, tildes, four-space indents), raw HTML and autolinks (<), escapes and entities,
 * tables, literal URLs and emails (GFM autolinks them), tabs and carriage returns.
 */
const NOT_SIMPLE = /[`~<\\&|@\t\r]|:\/\/|www\.|^ {4}/im;

/**
 * The links of text whose only Markdown links are simple ones (and that holds nothing that could
 * make them read otherwise), in order; undefined for any other text. Such links are links in any
 * block they stand in (paragraph, heading, list item, quote), so this is what remark finds
 * without parsing at all: most blocks that link to another policy are like this.
 */
export function simpleLinks(text: string): Omit<BodyLink, keyof Span>[] | undefined {
  if (NOT_SIMPLE.test(text)) return undefined;
  const found: Omit<BodyLink, keyof Span>[] = [];
  const rest = text.replace(SIMPLE_LINK, (_m, bang: string, _label: string, url: string) => {
    found.push({ url, kind: bang ? 'image' : 'link', html: false });
    return ' ';
  });
  // Any other bracket might be a reference, a footnote, a task box or a link of another form.
  return rest.includes('[') || rest.includes(']') ? undefined : found;
}

function linksOfBlock(text: string): BlockLinks {
  return blockLinks.get(text, () => {
    const simple = simpleLinks(text);
    if (simple) return new BlockLinks(text, simple);
    const fast = fastMdast(text);
    if (fast) return new BlockLinks(text, foundLinks(fast));
    const links = collectLinks(fullParsers().parseMarkdown(text));
    return new BlockLinks(text, links.map(({ url, kind, html }) => ({ url, kind, html })), links);
  });
}

/** A link of a block, whose position (shifted by the block's first line) is read when first asked for. */
function blockLink(block: BlockLinks, index: number, lineOffset: number): BodyLink {
  const { url, kind, html } = block.found[index]!;
  return Object.defineProperties({ url, kind, html } as BodyLink, {
    line: { enumerable: true, get: () => block.span(index).line + lineOffset },
    column: { enumerable: true, get: () => block.span(index).column },
    endLine: { enumerable: true, get: () => block.span(index).endLine + lineOffset },
    endColumn: { enumerable: true, get: () => block.span(index).endColumn },
  });
}

/**
 * Every link and image in a body, parsing only the top-level blocks that could hold one.
 * Positions are 1-based within the body.
 */
export function bodyLinks(body: string): readonly BodyLink[] {
  return linksOfBody.get(body, () => collectBodyLinks(body));
}

// Loading (assets), several check rules and the renderer each ask for the same bodies' links.
const linksOfBody = new Memo<string, readonly BodyLink[]>({ entries: 50_000, weight: 256 * 1024 * 1024, weigh: (body) => body.length });

function collectBodyLinks(body: string): BodyLink[] {
  // A body over the parsing limits is not parsed at all (body-limits reports it).
  if (!mayLink(body) || exceedsLimits(body)) return [];
  const links: BodyLink[] = [];
  for (const block of topLevelBlocks(body)) {
    if (!mayLink(block.text)) continue;
    const found = linksOfBlock(block.text);
    for (let i = 0; i < found.found.length; i++) links.push(blockLink(found, i, block.line));
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

/** Where a link or image URL leads, as the portal sees it. */
export type LinkTarget =
  | { kind: 'external'; scheme: string }
  | { kind: 'anchor'; fragment: string }
  /** A file of the repo: `path` decoded, relative to the linking file's folder, or to the repo root when `absolute`. */
  | { kind: 'file'; path: string; absolute: boolean; fragment: string | undefined };

/** Classifies a link's URL: another site (or data:, mailto:), an anchor on this page, or a file of the repo. */
export function linkTarget(url: string): LinkTarget {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  if (scheme) return { kind: 'external', scheme: scheme[1]!.toLowerCase() };
  if (url.startsWith('//')) return { kind: 'external', scheme: '' };
  const hash = url.indexOf('#');
  const rawPath = hash >= 0 ? url.slice(0, hash) : url;
  const fragment = hash >= 0 ? url.slice(hash + 1) : undefined;
  if (rawPath === '' || /^\?/.test(rawPath)) return { kind: 'anchor', fragment: fragment ?? '' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath.split('?')[0]!);
  } catch {
    decoded = rawPath.split('?')[0]!;
  }
  return { kind: 'file', path: decoded, absolute: decoded.startsWith('/'), fragment };
}

/**
 * The repo path (POSIX, from the root) a file link leads to from a file in `dir`, or undefined
 * when it climbs out of the repo.
 */
export function repoPath(dir: string, target: { path: string; absolute: boolean }): string | undefined {
  const joined = target.absolute ? target.path.replace(/^\/+/, '') : path.posix.join(dir, target.path);
  const normalized = path.posix.normalize(joined === '' ? '.' : joined).replace(/\/$/, '');
  if (normalized === '..' || normalized.startsWith('../')) return undefined;
  return normalized;
}
