import path from 'node:path';
import type { Element, ElementContent, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { ASSET_MARKER, LINK_MARKER, type BodyData } from '../data/render-job.js';
import { urls } from './urls.js';

/** What a page needs to turn a body's tree into its HTML. */
export interface BodyPageContext {
  /** The relative prefix from the page to the site root. */
  root: string;
  /** The id of the policy each file (a root-relative path) holds now. */
  policyFiles: ReadonlyMap<string, string>;
  policyIds: { has(id: string): boolean };
  /** Published files of this version, by repo path: their URLs from the site root. */
  assets: ReadonlyMap<string, string>;
  /** Whether images from other sites are shown (config site.remoteImages). */
  remoteImages: 'block' | 'allow';
  /** Words the page adds around the body (from the message catalogue). */
  labels: {
    /** Each heading's link to itself. */
    anchor: string;
    /** The scrolling box around the n-th table. */
    table: (n: number) => string;
    /** What stands in for an image that is not shown. */
    blockedImage: (alt: string) => string;
    /** What stands in for a body that exceeds a parsing limit. */
    overLimit: (limit: string) => string;
  };
}

/**
 * A fragment as it may stand in a URL: decoded once (authors write both `#café` and
 * `#caf%C3%A9`) and percent-encoded again, so no quote, bracket or space survives into the href.
 */
export function encodeFragment(fragment: string): string {
  let decoded = fragment;
  try {
    decoded = decodeURIComponent(fragment);
  } catch {
    // Not valid percent-encoding: encode what was written.
  }
  return encodeURIComponent(decoded);
}

/** The page URL a body's link to another policy leads to: its page when it still exists, else the register. */
function policyHref(body: BodyData, index: number, ctx: BodyPageContext): string | undefined {
  const link = body.links[index];
  if (!link) return undefined;
  const stem = path.posix.basename(link.path).replace(/\.md$/i, '');
  const id = ctx.policyFiles.get(link.path) ?? (ctx.policyIds.has(stem) ? stem : undefined);
  if (!id) return `${ctx.root}${urls.home}`;
  return `${ctx.root}${urls.policy(id)}${link.fragment ? `#${encodeFragment(link.fragment)}` : ''}`;
}

const HEADING = /^h[2-6]$/;

/** The alt text of an image that is not shown, in its place. */
function missingImage(img: Element, label: string | undefined): ElementContent {
  const alt = typeof img.properties['alt'] === 'string' ? img.properties['alt'] : '';
  return { type: 'element', tagName: 'span', properties: { className: ['image-missing'] }, children: [{ type: 'text', value: label ?? alt }] };
}

/**
 * A body's HTML for one page: links to other policies resolved from that page and headings given
 * a link to themselves, all on a copy of the tree (the stored body is shared by every page), then
 * stringified once.
 */
export function bodyHtml(body: BodyData, ctx: BodyPageContext): string {
  if (body.limit !== undefined) {
    return toHtml({ type: 'element', tagName: 'p', properties: { className: ['notice', 'body-limit'] }, children: [{ type: 'text', value: ctx.labels.overLimit(body.limit) }] });
  }
  const assetHref = (marker: string): string | undefined => {
    const file = body.assets[Number(marker.slice(ASSET_MARKER.length))];
    const published = file === undefined ? undefined : ctx.assets.get(file);
    return published === undefined ? undefined : `${ctx.root}${published}`;
  };
  let tables = 0;
  const copy = (node: ElementContent): ElementContent => {
    if (node.type !== 'element') return node;
    const properties = { ...node.properties };
    const href = properties['href'];
    if (node.tagName === 'a' && typeof href === 'string' && href.startsWith(LINK_MARKER)) {
      const resolved = policyHref(body, Number(href.slice(LINK_MARKER.length)), ctx);
      if (resolved === undefined) delete properties['href'];
      else properties['href'] = resolved;
    } else if (node.tagName === 'a' && typeof href === 'string' && href.startsWith(ASSET_MARKER)) {
      const resolved = assetHref(href);
      if (resolved === undefined) delete properties['href'];
      else properties['href'] = resolved;
    }
    if (node.tagName === 'img') {
      const src = properties['src'];
      if (typeof src === 'string' && src.startsWith(ASSET_MARKER)) {
        const resolved = assetHref(src);
        if (resolved === undefined) return missingImage(node, undefined);
        properties['src'] = resolved;
      } else if (typeof src === 'string' && /^(https?:)?\/\//i.test(src) && ctx.remoteImages === 'block') {
        return missingImage(node, ctx.labels.blockedImage(typeof properties['alt'] === 'string' ? properties['alt'] : src));
      }
      // Images load lazily: a long policy with many screenshots opens at once.
      properties['loading'] = 'lazy';
    }
    const children = node.children.map(copy);
    const id = properties['id'];
    if (HEADING.test(node.tagName) && typeof id === 'string' && id) {
      children.push({ type: 'text', value: ' ' }, {
        type: 'element', tagName: 'a',
        properties: { className: ['heading-anchor'], href: `#${id}`, ariaLabel: ctx.labels.anchor, dataPagefindIgnore: true },
        children: [{ type: 'text', value: '#' }],
      });
    }
    const element = { ...node, properties, children } satisfies Element;
    if (node.tagName !== 'table') return element;
    // A wide table scrolls in its own box, which keyboard users can focus and scroll too.
    return {
      type: 'element', tagName: 'div',
      properties: { className: ['table-scroll'], role: 'region', tabIndex: 0, ariaLabel: ctx.labels.table(++tables) },
      children: [element],
    };
  };
  const tree: Root = { type: 'root', children: body.tree.children.map((c) => (c.type === 'doctype' ? c : copy(c))) };
  return toHtml(tree);
}
