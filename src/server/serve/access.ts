import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import type { IsoDate } from '../../core/dates/calendar.js';
import { failure } from '../../core/i18n/failure.js';
import { isRestricted, mayRead, readersOf, type Readers } from '../../repo/project/access.js';
import { isValidPolicy, type Project } from '../../repo/project/types.js';
import type { Person } from '../../repo/schema/types.generated.js';
import { ACCESS_FILE, type SiteAccess } from '../../render/site/access.js';
import { urls } from '../../render/site/urls.js';

/**
 * Who may fetch what of a built site: the paths of confidential and restricted policies (from
 * the build's access file, and every restricted policy's folder from the policies themselves,
 * should the build be older than a change of classification) and each policy's readers, from the
 * policies as they are now.
 */
export interface SiteGate {
  /** Path (a folder covers what is below it) -> the policies whose readers may fetch it. */
  paths: ReadonlyMap<string, readonly string[]>;
  readers: ReadonlyMap<string, Readers>;
}

/** Reads the gate of a built site; a site without an access file (built before precept had one) is gated by the policies alone. */
export async function loadGate(siteDir: string, project: Project): Promise<SiteGate> {
  const paths = new Map<string, string[]>();
  const text = await readFile(path.join(siteDir, ACCESS_FILE), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw failure('serve.access-unreadable', { file: ACCESS_FILE, dir: siteDir, error: error.message }, { cause: error });
  });
  if (text !== undefined) {
    let access: SiteAccess;
    try {
      access = JSON.parse(text) as SiteAccess;
    } catch (error) {
      throw failure('serve.access-not-json', { file: path.join(siteDir, ACCESS_FILE) }, { cause: error });
    }
    if (access.format !== 1 || typeof access.paths !== 'object' || access.paths === null) throw failure('serve.access-unknown', { file: path.join(siteDir, ACCESS_FILE) });
    for (const [at, ids] of Object.entries(access.paths)) if (Array.isArray(ids)) paths.set(at, ids.map(String));
  }
  const readers = new Map<string, Readers>();
  for (const policy of project.policies.filter(isValidPolicy)) {
    if (!isRestricted(policy.meta)) continue;
    readers.set(policy.id, readersOf(policy.meta));
    const folder = path.posix.dirname(urls.policy(policy.id));
    paths.set(folder, [...new Set([...(paths.get(folder) ?? []), policy.id])]);
  }
  return { paths, readers };
}

/** What one request may see: decided once per request for the person it comes from (undefined: nobody signed in). */
export class Reader {
  private readonly decided = new Map<string, boolean>();

  constructor(private readonly gate: SiteGate, private readonly person: Person | undefined, private readonly project: Project, private readonly day: IsoDate) {}

  /** Whether this reader may read a policy; any policy that is not restricted, yes. */
  mayRead(policyId: string): boolean {
    let may = this.decided.get(policyId);
    if (may === undefined) {
      const readers = this.gate.readers.get(policyId);
      // A path the build marked for a policy that is gone, or no longer restricted per the access file, stays closed until the next build.
      const restricted = readers !== undefined || [...this.gate.paths.values()].some((ids) => ids.includes(policyId));
      may = !restricted || (readers !== undefined && mayRead(readers, this.person, this.project.roster, this.day));
      this.decided.set(policyId, may);
    }
    return may;
  }

  /** Whether any path of the site is closed to this reader (else pages go out as built). */
  hidesAnything(): boolean {
    return [...this.gate.paths.values()].some((ids) => !ids.some((id) => this.mayRead(id)));
  }

  /** Whether a site path (segments below the site root) may be fetched: when it is a restricted policy's, by one of its readers. */
  allows(segments: readonly string[]): boolean {
    for (let i = 1; i <= segments.length; i++) {
      const owners = this.gate.paths.get(segments.slice(0, i).join('/'));
      if (owners && !owners.some((id) => this.mayRead(id))) return false;
    }
    return true;
  }

  /**
   * A page as this reader may see it: every link to a path they may not fetch goes, with the
   * row or item the theme marks `data-policy-item` around it (a register row, a related policy),
   * on the page's tree.
   * `pagePath` is the URL path the page was asked for, which relative links start from.
   */
  html(text: string, pagePath: string): string {
    if (!this.hidesAnything()) return text;
    const tree = fromHtml(text);
    const doomed = new Set<Element>();
    const find = (node: Root | Element, ancestors: Element[]) => {
      for (const child of node.children) {
        if (child.type !== 'element') continue;
        const href = child.properties['href'];
        if (child.tagName === 'a' && typeof href === 'string' && !this.allowsHref(href, pagePath)) {
          // The theme marks the rows and items that are about one policy (the register, the
          // acknowledgement bars, a control's policies, related policies); elsewhere only the link goes.
          doomed.add([...ancestors].reverse().find((a) => a.properties['dataPolicyItem'] !== undefined) ?? child);
          continue;
        }
        find(child, [...ancestors, child]);
      }
    };
    const drop = (node: Root | Element) => {
      node.children = node.children.filter((c) => c.type !== 'element' || !doomed.has(c)) as typeof node.children;
      for (const child of node.children) if (child.type === 'element') drop(child);
    };
    find(tree, []);
    if (!doomed.size) return text;
    drop(tree);
    return toHtml(tree);
  }

  private allowsHref(href: string, pagePath: string): boolean {
    let target: URL;
    try {
      target = new URL(href, `http://site${pagePath}`);
    } catch {
      return true;
    }
    if (target.host !== 'site') return true;
    try {
      return this.allows(target.pathname.split('/').slice(1).map(decodeURIComponent).filter((s) => s !== ''));
    } catch {
      return true;
    }
  }
}
