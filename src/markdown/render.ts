import GithubSlugger from 'github-slugger';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { toText } from 'hast-util-to-text';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize from 'rehype-sanitize';
import rehypeSlug from 'rehype-slug';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { topLevelBlocks } from './blocks.js';
import { fastMdast } from './fast-parse.js';
import { rehypeSafeImages, SANITIZE_SCHEMA } from './sanitize.js';
import { exceedsLimits, type LimitExceeded } from './limits.js';
import { HEADING_ID } from './links.js';

/** A heading of a rendered body, for tables of contents and PDF bookmarks. */
export interface RenderedHeading {
  depth: number;
  text: string;
  id: string;
}

/** A policy body rendered to safe HTML. */
export interface RenderedBody {
  /** Sanitized HTML: no script, event handlers, javascript: URLs, iframes or styles survive. */
  html: string;
  headings: RenderedHeading[];
  /** The visible text, for search and redlines. */
  text: string;
  /** The sanitized tree, for callers that transform further (redlines). */
  tree: HastRoot;
  /** Set when the body exceeds a parsing limit: nothing of it is rendered (check reports it). */
  limit?: LimitExceeded;
}

/** How a renderer treats links. */
export interface RenderOptions {
  /**
   * Rewrites a link's href (e.g. `access-control.md#scope` to the portal's URL for it).
   * Return undefined to keep the href as written.
   */
  rewriteLink?: (href: string) => string | undefined;
  /** Rewrites an image's src (a file beside the policy to where it is published); undefined keeps it. */
  rewriteImage?: (src: string) => string | undefined;
  /**
   * The title the page already shows: a first heading of level 1 with the same text is left out
   * (converted documents often repeat their title as an H1).
   */
  title?: string;
}

/** Text compared loosely: case, spacing and punctuation around it do not matter. */
const loose = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s\p{P}]+/gu, ' ').trim();

const HTML_HINT = /<[a-z!/?]/i;
/** Constructs whose meaning crosses blank lines: reference definitions, footnotes, multi-paragraph HTML. */
const NEEDS_WHOLE_DOCUMENT = /^ {0,3}\[[^\]]+\]:|\[\^|<(!--|\?|!\[CDATA|pre|script|style|textarea)/im;

type Stage = (markdown: string) => HastRoot;

function stage(raw: boolean, fast: boolean): Stage {
  // No prefix here: the sanitizer prefixes every id once (footnotes had it twice, and their links none).
  const proc = unified().use(remarkParse).use(remarkGfm).use(remarkRehype, { allowDangerousHtml: raw, clobberPrefix: '' });
  // rehype-raw (a full HTML parser) is only needed when the text holds HTML.
  const full = (raw ? proc.use(rehypeRaw) : proc).use(rehypeSanitize, SANITIZE_SCHEMA).use(rehypeSafeImages).freeze();
  if (!fast) return (markdown) => full.runSync(full.parse(markdown)) as HastRoot;
  // markdown-it builds the mdast where it reads the text as remark does; remark parses the rest.
  return (markdown) => full.runSync(fastMdast(markdown) ?? full.parse(markdown)) as HastRoot;
}

const plainStage = stage(false, true);
const htmlStage = stage(true, true);
const toHast = (markdown: string) => (HTML_HINT.test(markdown) ? htmlStage : plainStage)(markdown);
const referencePlain = stage(false, false);
const referenceHtml = stage(true, false);
/** The reference front end (remark alone), which the fast one must match. */
const referenceHast = (markdown: string) => (HTML_HINT.test(markdown) ? referenceHtml : referencePlain)(markdown);
const HEADING = /^h([1-6])$/;

/**
 * Takes a heading's `{#id}` off the end of its text and makes it the heading's id (the last text
 * node must end with it, as Pandoc and kramdown read it). Returns whether it did.
 */
function takeHeadingId(heading: Element): boolean {
  const last = heading.children.at(-1);
  if (!last || last.type !== 'text') return false;
  const m = HEADING_ID.exec(last.value);
  if (!m) return false;
  last.value = last.value.slice(0, m.index);
  heading.properties['id'] = m[1]!;
  return true;
}

/** The `{#id}` of every heading, as a rehype plugin (for renderWhole, the reference). */
function rehypeHeadingIds() {
  return (tree: HastRoot) => {
    const walk = (parent: HastRoot | Element): void => {
      for (const node of parent.children) {
        if (node.type !== 'element') continue;
        if (HEADING.test(node.tagName) && !node.properties['id']) takeHeadingId(node);
        else walk(node);
      }
    };
    walk(tree);
  };
}

/**
 * In-page links to ids the sanitizer prefixed (footnotes, `<a id>` anchors in raw HTML) get the
 * prefix too, as GitHub's own script does; links to headings, which keep their ids, stay.
 */
function localAnchors(tree: HastRoot): void {
  const ids = new Set<string>();
  const links: Element[] = [];
  const walk = (parent: HastRoot | Element): void => {
    for (const node of parent.children) {
      if (node.type !== 'element') continue;
      if (typeof node.properties['id'] === 'string') ids.add(node.properties['id']);
      if (node.tagName === 'a' && typeof node.properties['href'] === 'string' && node.properties['href'].startsWith('#')) links.push(node);
      walk(node);
    }
  };
  walk(tree);
  for (const a of links) {
    const id = (a.properties['href'] as string).slice(1);
    let decoded = id;
    try {
      decoded = decodeURIComponent(id);
    } catch {
      // keep as written
    }
    if (!ids.has(decoded) && ids.has(`${CLOBBER_PREFIX}${decoded}`)) a.properties['href'] = `#${CLOBBER_PREFIX}${id}`;
  }
}

const CLOBBER_PREFIX = SANITIZE_SCHEMA.clobberPrefix ?? 'user-content-';

const finish = unified().use(rehypeHeadingIds).use(rehypeSlug).use(() => localAnchors).use(rehypeStringify).freeze();

/**
 * Line endings as line feeds: a body saved with CRLF renders exactly as the same body with LF
 * (remark would keep the CRs inside text), so converting a file's line endings is no change.
 */
function lineFeeds(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** The concatenated text of a node's descendants (hast-util-to-string, as rehype-slug slugs it). */
function textContent(node: Element | ElementContent): string {
  if ('children' in node) return node.children.map((c) => (c.type === 'text' ? c.value : 'children' in c ? textContent(c) : '')).join('');
  return 'value' in node ? node.value : '';
}

/** A copy of a cached node that rendering may change (ids, hrefs) without touching the cache. */
function cloneNode(node: ElementContent): ElementContent {
  if (node.type !== 'element') return { ...node };
  const properties: Element['properties'] = {};
  for (const [k, v] of Object.entries(node.properties)) properties[k] = Array.isArray(v) ? [...v] : v;
  return { ...node, properties, children: node.children.map(cloneNode) };
}

/**
 * A Markdown renderer that remembers what it has rendered, block by block. Versions of a policy
 * share most of their text, so rendering a history costs little more than rendering its latest
 * version; the output is the same as rendering each body whole.
 */
export class MarkdownRenderer {
  private readonly cache = new Map<string, ElementContent[]>();
  private readonly maxBlocks: number;

  constructor(options: { maxCachedBlocks?: number } = {}) {
    this.maxBlocks = options.maxCachedBlocks ?? 50_000;
  }

  /** Renders a policy body (GFM Markdown, optional inline HTML) to sanitized HTML. */
  render(markdown: string, options: RenderOptions = {}): RenderedBody {
    const body = lineFeeds(markdown);
    const limit = exceedsLimits(body);
    if (limit) return { html: '', headings: [], text: '', tree: { type: 'root', children: [] }, limit };
    const children: ElementContent[] = [];
    if (NEEDS_WHOLE_DOCUMENT.test(body)) {
      children.push(...(toHast(body).children as ElementContent[]));
    } else {
      for (const block of topLevelBlocks(body)) {
        if (children.length) children.push({ type: 'text', value: '\n' });
        for (const node of this.block(block.text)) children.push(cloneNode(node));
      }
    }
    if (options.title !== undefined) {
      const first = children.findIndex((c) => c.type === 'element' || (c.type === 'text' && c.value.trim() !== ''));
      const head = children[first];
      if (head?.type === 'element' && head.tagName === 'h1' && loose(toText(head)) === loose(options.title)) children.splice(first, 1);
    }
    const tree: HastRoot = { type: 'root', children };
    const headings: RenderedHeading[] = [];
    const slugger = new GithubSlugger();
    // One walk in document order does what rehype-slug does (renderWhole still runs rehype-slug,
    // and the equivalence test holds the two together), collects headings and rewrites links.
    const walk = (parent: HastRoot | Element): void => {
      for (const child of parent.children) {
        if (child.type !== 'element') continue;
        const node = child;
        if (node.tagName === 'img') {
          const src = node.properties['src'];
          if (options.rewriteImage && typeof src === 'string') {
            const next = options.rewriteImage(src);
            if (next !== undefined) node.properties['src'] = next;
          }
        }
        const rank = HEADING.exec(node.tagName);
        if (rank) {
          if (!node.properties['id'] && !takeHeadingId(node)) node.properties['id'] = slugger.slug(textContent(node));
          headings.push({ depth: Number(rank[1]), text: toText(node).trim(), id: String(node.properties['id'] ?? '') });
        }
        if (options.rewriteLink && node.tagName === 'a' && typeof node.properties['href'] === 'string') {
          const next = options.rewriteLink(node.properties['href']);
          if (next !== undefined) node.properties['href'] = next;
        }
        walk(node);
      }
    };
    walk(tree);
    localAnchors(tree);
    let text: string | undefined;
    let html: string | undefined;
    return {
      // Computed on first read (from the tree as it is then): the portal's bodies and PDFs use the
      // tree, and stringifying every body for nothing cost a twentieth of a render worker's time.
      get html() {
        return (html ??= finish.stringify(tree));
      },
      headings,
      // Computed on first read: most callers never need it.
      get text() {
        return (text ??= toText(tree, { whitespace: 'normal' }));
      },
      tree,
    };
  }

  private block(text: string): ElementContent[] {
    let hit = this.cache.get(text);
    if (!hit) {
      hit = toHast(text).children as ElementContent[];
      // Drop the whitespace text nodes between top-level elements; render() re-joins with \n.
      hit = hit.filter((n, i) => !(n.type === 'text' && n.value.trim() === '' && (i === 0 || i === hit!.length - 1)));
      if (this.cache.size >= this.maxBlocks) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(text, hit);
    }
    return hit;
  }
}

/** Renders one body with a throwaway renderer (use a MarkdownRenderer for many). */
export function renderMarkdown(body: string, options: RenderOptions = {}): RenderedBody {
  return new MarkdownRenderer().render(body, options);
}

/**
 * Renders a body whole, without block caching: the reference the cached renderer must match.
 * With `{ parser: 'remark' }` it parses with remark alone, the reference for the fast parser.
 */
export function renderWhole(body: string, options: { parser?: 'auto' | 'remark' } = {}): string {
  if (exceedsLimits(lineFeeds(body))) return '';
  const tree = (options.parser === 'remark' ? referenceHast : toHast)(lineFeeds(body));
  finish.runSync(tree);
  return finish.stringify(tree);
}
