import { createHash } from 'node:crypto';
import { isRestricted } from '../../repo/project/access.js';
import type { PolicyView } from '../data/views.js';
import type { SiteFiles } from './files.js';
import { urls } from './urls.js';

/**
 * The file in the site folder that tells `precept serve` which paths belong to confidential and
 * restricted policies. A hidden file: the static server never serves it.
 */
export const ACCESS_FILE = '.precept-access.json';

/** What a built site says about its restricted paths (see docs/security.md, restricted reading). */
export interface SiteAccess {
  format: 1;
  /**
   * Site paths (a folder covers everything below it) by the policies whose readers may fetch
   * them: a policy's folder (its page and every version page), its PDF, its search index, and
   * each image or attachment no unrestricted policy uses.
   */
  paths: Record<string, string[]>;
}

/** Whether the build treats a policy as readable only by its readers. */
export const restricted = (p: Pick<PolicyView, 'classification'>): boolean => isRestricted(p);

/**
 * The folder of a restricted policy's own search index, under `pagefind/`. Named by a hash, so
 * the search page can list every index without naming the policies (an outsider's request for
 * one is a 404 like any other).
 */
export function restrictedSearchDir(policyId: string): string {
  return `pagefind/_r/${createHash('sha256').update(`precept-restricted-search\0${policyId}`).digest('hex').slice(0, 20)}`;
}

/** The access file of a build: every path a restricted policy owns. */
export function siteAccess(policies: readonly PolicyView[], files: SiteFiles, pdf: ((p: PolicyView) => string) | undefined): SiteAccess {
  const paths: Record<string, string[]> = {};
  const add = (at: string, id: string) => {
    const list = (paths[at] ??= []);
    if (!list.includes(id)) list.push(id);
  };
  const open = new Set<string>();
  for (const p of policies) {
    const names = p.versions.flatMap((v) => (files.byVersion.get(v)?.paths ?? []).map(([, at]) => at));
    if (!restricted(p)) {
      for (const at of names) open.add(at);
      continue;
    }
    add(urls.policy(p.id).replace(/\/index\.html$/, ''), p.id);
    add(restrictedSearchDir(p.id), p.id);
    if (pdf) add(pdf(p), p.id);
    for (const at of names) add(at, p.id);
  }
  // A file an unrestricted policy shows is public anyway (one name is one content).
  for (const at of open) delete paths[at];
  return { format: 1, paths };
}
