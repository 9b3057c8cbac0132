import { randomBytes } from 'node:crypto';
import type { Element, ElementContent, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';

/** The marker a body's policy links carry until a page resolves them. */
export const LINK_MARKER = 'precept-link:';
/** The marker a body's images and links to other files carry until a page resolves them. */
export const ASSET_MARKER = 'precept-asset:';

/** What a body's HTML depends on besides the body: the page it lands on, and the portal's words. */
export interface BodyPageValues {
  /** The href of the body's n-th link to another policy, from the page; undefined when there is no such link. */
  policyHref(n: number): string | undefined;
  /** The URL of the body's n-th file (an image or attachment), from the page; undefined when it is not published. */
  assetHref(n: number): string | undefined;
  /** Whether images from other sites are shown (config site.remoteImages). */
  remoteImages: 'block' | 'allow';
  labels: {
    /** Each heading's link to itself. */
    anchor: string;
    /** The scrolling box around the n-th table. */
    table: (n: number) => string;
    /** What stands in for an image that is not shown. */
    blockedImage: (alt: string) => string;
  };
}

/**
 * A place in a body's HTML that the page fills in: the href of a link to another policy, a
 * label in the portal's language, or a whole element whose form depends on the page (an image
 * or a link to a file, which a version may or may not publish; a remote image, which the
 * portal's config may block). `tables` counts the tables before that element, so the ones inside
 * it are numbered as in the rest of the body.
 */
export type BodyHole = { href: number } | { label: 'anchor' } | { table: number } | { node: Element; tables: number };

/** A body's HTML as the pages share it: serialized text with holes between. */
export type BodyPart = string | BodyHole;

const HEADING = /^h[2-6]$/;
const REMOTE = /^(https?:)?\/\//i;

/** The index a marker carries (`precept-link:3` -> 3), when the value is one. */
function markerIndex(value: unknown, marker: string): number | undefined {
  return typeof value === 'string' && value.startsWith(marker) ? Number(value.slice(marker.length)) : undefined;
}

/** The alt text of an image that is not shown, in its place. */
function missingImage(img: Element, label: string | undefined): ElementContent {
  const alt = typeof img.properties['alt'] === 'string' ? img.properties['alt'] : '';
  return { type: 'element', tagName: 'span', properties: { className: ['image-missing'] }, children: [{ type: 'text', value: label ?? alt }] };
}

/**
 * The body's tree as one page shows it, on a copy (the stored tree is shared): links to other
 * policies and files resolved, images given their URL or a note in their place and made to load
 * lazily, each heading given a link to itself, each table a box that scrolls. `state.tables`
 * numbers the tables. `defer`, when given, may take an element out whole (see `bodyParts`).
 */
export function pageNode(
  node: ElementContent, values: BodyPageValues, state: { tables: number },
  defer?: (node: Element, state: { tables: number }) => ElementContent | undefined,
): ElementContent {
  if (node.type !== 'element') return node;
  const deferred = defer?.(node, state);
  if (deferred) return deferred;
  const properties = { ...node.properties };
  const href = properties['href'];
  if (node.tagName === 'a') {
    const link = markerIndex(href, LINK_MARKER);
    const asset = link === undefined ? markerIndex(href, ASSET_MARKER) : undefined;
    if (link !== undefined || asset !== undefined) {
      const resolved = link !== undefined ? values.policyHref(link) : values.assetHref(asset!);
      if (resolved === undefined) delete properties['href'];
      else properties['href'] = resolved;
    }
  }
  if (node.tagName === 'img') {
    const src = properties['src'];
    const asset = markerIndex(src, ASSET_MARKER);
    if (asset !== undefined) {
      const resolved = values.assetHref(asset);
      if (resolved === undefined) return missingImage(node, undefined);
      properties['src'] = resolved;
    } else if (typeof src === 'string' && REMOTE.test(src) && values.remoteImages === 'block') {
      return missingImage(node, values.labels.blockedImage(typeof properties['alt'] === 'string' ? properties['alt'] : src));
    }
    // Images load lazily: a long policy with many screenshots opens at once.
    properties['loading'] = 'lazy';
  }
  const children = node.children.map((c) => pageNode(c, values, state, defer));
  const id = properties['id'];
  if (HEADING.test(node.tagName) && typeof id === 'string' && id) {
    children.push({ type: 'text', value: ' ' }, {
      type: 'element', tagName: 'a',
      properties: { className: ['heading-anchor'], href: `#${id}`, ariaLabel: values.labels.anchor, dataPagefindIgnore: true },
      children: [{ type: 'text', value: '#' }],
    });
  }
  const element = { ...node, properties, children } satisfies Element;
  if (node.tagName !== 'table') return element;
  // A wide table scrolls in its own box, which keyboard users can focus and scroll too.
  return {
    type: 'element', tagName: 'div',
    properties: { className: ['table-scroll'], role: 'region', tabIndex: 0, ariaLabel: values.labels.table(++state.tables) },
    children: [element],
  };
}

/**
 * Whether an element's form depends on the page beyond the values of its attributes: an image or
 * a link that is one of the body's files (published or not, by version), or a remote image (shown
 * or not, by config). These are the elements for which `pageNode` asks `assetHref` about a file
 * the body has, or looks at `remoteImages`.
 */
function pageDecides(node: Element, assets: readonly string[]): boolean {
  if (node.tagName === 'a') {
    const href = node.properties['href'];
    const asset = markerIndex(href, LINK_MARKER) === undefined ? markerIndex(href, ASSET_MARKER) : undefined;
    return asset !== undefined && assets[asset] !== undefined;
  }
  if (node.tagName !== 'img') return false;
  const src = node.properties['src'];
  const asset = markerIndex(src, ASSET_MARKER);
  return asset !== undefined ? assets[asset] !== undefined : typeof src === 'string' && REMOTE.test(src);
}

function countTables(node: ElementContent): number {
  if (node.type !== 'element') return 0;
  let n = node.tagName === 'table' ? 1 : 0;
  for (const c of node.children) n += countTables(c);
  return n;
}

/**
 * The random token holes are marked with: one per thread, drawn again whenever a body turns out
 * to contain it (asking the system for random bytes once per body cost more than the check).
 */
let holeToken = randomBytes(12).toString('hex');

/**
 * A body's HTML for every page at once: `pageNode` over the tree with each page-dependent value
 * left as a hole, stringified once where the body is rendered (a worker thread), so that a page
 * only fills the holes in (`fillBody`) instead of copying and stringifying the tree. Holes are
 * marked in the tree with a random token that the text is checked not to contain (a body that
 * did would be marked again with another), so nothing in a body can pass for a hole.
 */
export function bodyParts(tree: Root, links: readonly unknown[], assets: readonly string[]): BodyPart[] {
  for (;;) {
    const token = holeToken;
    const holes: BodyHole[] = [];
    const hole = (h: BodyHole): string => `\uE000${token}${holes.push(h) - 1}\uE001`;
    const leftToPage = (): never => {
      throw new Error('bodyParts: an element that depends on the page was not left to it');
    };
    const values: BodyPageValues = {
      policyHref: (n) => (links[n] === undefined ? undefined : hole({ href: n })),
      // Reached only for a file the body does not have: no page can show it.
      assetHref: (n) => (assets[n] === undefined ? undefined : leftToPage()),
      get remoteImages(): 'block' {
        return leftToPage();
      },
      labels: {
        get anchor() {
          return hole({ label: 'anchor' });
        },
        table: (n) => hole({ table: n }),
        blockedImage: leftToPage,
      },
    };
    const defer = (node: Element, state: { tables: number }): ElementContent | undefined => {
      if (!pageDecides(node, assets)) return undefined;
      const placeholder: ElementContent = { type: 'text', value: hole({ node, tables: state.tables }) };
      state.tables += countTables(node);
      return placeholder;
    };
    const state = { tables: 0 };
    const html = toHtml({ type: 'root', children: tree.children.map((c) => (c.type === 'doctype' ? c : pageNode(c, values, state, defer))) });
    const pieces = html.split(new RegExp(`\uE000${token}(\\d+)\uE001`));
    // Every hole exactly once, or the text held the token: mark again.
    const seen = new Set(pieces.filter((_, i) => i % 2 === 1));
    if (pieces.length !== holes.length * 2 + 1 || seen.size !== holes.length) {
      holeToken = randomBytes(12).toString('hex');
      continue;
    }
    return pieces.map((p, i) => (i % 2 === 0 ? p : holes[Number(p)]!)).filter((p) => p !== '');
  }
}

const ATTRIBUTE = /[\0"&'`]/g;
const escapeReference = (c: string) => `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`;

/** A value as hast-util-to-html writes it in a double-quoted attribute. */
export function escapeAttribute(value: string): string {
  return value.replace(ATTRIBUTE, escapeReference);
}

/** A body's HTML on one page: its parts with the holes filled in from the page's values. */
export function fillBody(parts: readonly BodyPart[], values: BodyPageValues): string {
  let html = '';
  for (const part of parts) {
    if (typeof part === 'string') html += part;
    else if ('href' in part) {
      const href = values.policyHref(part.href);
      // A hole is made only for a link the body has, which always leads somewhere.
      if (href === undefined) throw new Error(`body link ${part.href} has no href`);
      html += escapeAttribute(href);
    }
    else if ('label' in part) html += escapeAttribute(values.labels.anchor);
    else if ('table' in part) html += escapeAttribute(values.labels.table(part.table));
    else html += toHtml(pageNode(part.node, values, { tables: part.tables }));
  }
  return html;
}
