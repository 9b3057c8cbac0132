import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { toText } from 'hast-util-to-text';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeSlug from 'rehype-slug';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { topLevelBlocks } from './blocks.js';

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
}

/** How a renderer treats links. */
export interface RenderOptions {
  /**
   * Rewrites a link's href (e.g. `access-control.md#scope` to the portal's URL for it).
   * Return undefined to keep the href as written.
   */
  rewriteLink?: (href: string) => string | undefined;
}

/**
 * GitHub's sanitization schema, plus the page-break marker precept uses (`<div
 * class="page-break"></div>`, from comply's `\pagebreak`) and table cell alignment.
 */
export const SANITIZE_SCHEMA: SanitizeSchema = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    div: [...(defaultSchema.attributes?.['div'] ?? []), ['className', 'page-break']],
    td: [...(defaultSchema.attributes?.['td'] ?? []), ['align', 'left', 'center', 'right']],
    th: [...(defaultSchema.attributes?.['th'] ?? []), ['align', 'left', 'center', 'right']],
  },
};

const HTML_HINT = /<[a-z!/?]/i;
/** Constructs whose meaning crosses blank lines: reference definitions, footnotes, multi-paragraph HTML. */
const NEEDS_WHOLE_DOCUMENT = /^ {0,3}\[[^\]]+\]:|\[\^|<(!--|\?|!\[CDATA|pre|script|style|textarea)/im;

type Stage = (markdown: string) => HastRoot;

function stage(raw: boolean): Stage {
  const proc = unified().use(remarkParse).use(remarkGfm).use(remarkRehype, { allowDangerousHtml: raw });
  // rehype-raw (a full HTML parser) is only needed when the text holds HTML.
  const full = (raw ? proc.use(rehypeRaw) : proc).use(rehypeSanitize, SANITIZE_SCHEMA).freeze();
  return (markdown) => full.runSync(full.parse(markdown)) as HastRoot;
}

const plainStage = stage(false);
const htmlStage = stage(true);
const toHast = (markdown: string) => (HTML_HINT.test(markdown) ? htmlStage : plainStage)(markdown);
const finish = unified().use(rehypeSlug).use(rehypeStringify).freeze();

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
  render(body: string, options: RenderOptions = {}): RenderedBody {
    const children: ElementContent[] = [];
    if (NEEDS_WHOLE_DOCUMENT.test(body)) {
      children.push(...(toHast(body).children as ElementContent[]));
    } else {
      for (const block of topLevelBlocks(body)) {
        if (children.length) children.push({ type: 'text', value: '\n' });
        children.push(...structuredClone(this.block(block.text)));
      }
    }
    const tree: HastRoot = { type: 'root', children };
    finish.runSync(tree);
    const headings: RenderedHeading[] = [];
    visit(tree, 'element', (node: Element) => {
      if (/^h[1-6]$/.test(node.tagName)) {
        headings.push({ depth: Number(node.tagName[1]), text: toText(node).trim(), id: String(node.properties?.['id'] ?? '') });
      }
      if (options.rewriteLink && node.tagName === 'a' && typeof node.properties?.['href'] === 'string') {
        const next = options.rewriteLink(node.properties['href']);
        if (next !== undefined) node.properties['href'] = next;
      }
    });
    return { html: finish.stringify(tree), headings, text: toText(tree, { whitespace: 'normal' }), tree };
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

/** Renders a body whole, without block caching: the reference the cached renderer must match. */
export function renderWhole(body: string): string {
  const tree = toHast(body);
  finish.runSync(tree);
  return finish.stringify(tree);
}
