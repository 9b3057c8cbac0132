import path from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { fillBody } from '../data/body-html.js';
import type { BodyData, BodyLimit } from '../data/render-job.js';
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
    overLimit: (limit: BodyLimit) => string;
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

/**
 * A body's HTML for one page: links to other policies and files resolved from that page, images
 * given their place, headings a link to themselves (see body-html.ts). The body was stringified
 * once for all its pages; this fills in what differs.
 */
export function bodyHtml(body: BodyData, ctx: BodyPageContext): string {
  if (body.limit !== undefined) {
    return toHtml({ type: 'element', tagName: 'p', properties: { className: ['notice', 'body-limit'] }, children: [{ type: 'text', value: ctx.labels.overLimit(body.limit) }] });
  }
  return fillBody(body.html, {
    policyHref: (n) => policyHref(body, n, ctx),
    assetHref: (n) => {
      const file = body.assets[n];
      const published = file === undefined ? undefined : ctx.assets.get(file);
      return published === undefined ? undefined : `${ctx.root}${published}`;
    },
    remoteImages: ctx.remoteImages,
    labels: ctx.labels,
  });
}
