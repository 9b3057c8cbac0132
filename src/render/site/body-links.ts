import path from 'node:path';
import { LINK_MARKER, type BodyData } from '../data/render-job.js';
import { urls } from './urls.js';

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/**
 * A body's HTML with its links to other policies turned into URLs from this page: to the policy's
 * page when the file (or, for an old version, a policy with that file name) still exists, else to
 * the register.
 */
export function resolveBodyLinks(body: BodyData, root: string, policyFiles: ReadonlyMap<string, string>, policyIds: { has(id: string): boolean }): string {
  if (!body.links.length) return body.html;
  const pattern = new RegExp(`href="${LINK_MARKER}(\\d+)"`, 'g');
  return body.html.replace(pattern, (whole, n: string) => {
    const link = body.links[Number(n)];
    if (!link) return whole;
    const stem = path.posix.basename(link.path).replace(/\.md$/i, '');
    const id = policyFiles.get(link.path) ?? (policyIds.has(stem) ? stem : undefined);
    if (!id) return `href="${root}${urls.home}"`;
    const fragment = link.fragment ? `#${escapeAttr(link.fragment)}` : '';
    return `href="${root}${urls.policy(id)}${fragment}"`;
  });
}
