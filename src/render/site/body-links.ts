import path from 'node:path';
import type { Element, ElementContent, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { LINK_MARKER, type BodyData } from '../data/render-job.js';
import { urls } from './urls.js';

/** What a page needs to turn a body's tree into its HTML. */
export interface BodyPageContext {
  /** The relative prefix from the page to the site root. */
  root: string;
  /** The id of the policy each file (a root-relative path) holds now. */
  policyFiles: ReadonlyMap<string, string>;
  policyIds: { has(id: string): boolean };
  /** The label of each heading's link to itself. */
  anchorLabel: string;
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

/**
 * A body's HTML for one page: links to other policies resolved from that page and headings given
 * a link to themselves, all on a copy of the tree (the stored body is shared by every page), then
 * stringified once.
 */
export function bodyHtml(body: BodyData, ctx: BodyPageContext): string {
  const copy = (node: ElementContent): ElementContent => {
    if (node.type !== 'element') return node;
    const properties = { ...node.properties };
    const href = properties['href'];
    if (node.tagName === 'a' && typeof href === 'string' && href.startsWith(LINK_MARKER)) {
      const resolved = policyHref(body, Number(href.slice(LINK_MARKER.length)), ctx);
      if (resolved === undefined) delete properties['href'];
      else properties['href'] = resolved;
    }
    const children = node.children.map(copy);
    const id = properties['id'];
    if (HEADING.test(node.tagName) && typeof id === 'string' && id) {
      children.push({ type: 'text', value: ' ' }, {
        type: 'element', tagName: 'a',
        properties: { className: ['heading-anchor'], href: `#${id}`, ariaLabel: ctx.anchorLabel, dataPagefindIgnore: true },
        children: [{ type: 'text', value: '#' }],
      });
    }
    return { ...node, properties, children } satisfies Element;
  };
  const tree: Root = { type: 'root', children: body.tree.children.map((c) => (c.type === 'doctype' ? c : copy(c))) };
  return toHtml(tree);
}
