import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import { listFiles } from './site-files.js';

/** A link or image in a built site that leads nowhere. */
export interface DeadReference {
  page: string;
  attribute: string;
  url: string;
  why: string;
}

const REFERENCES: Record<string, string[]> = { href: ['a', 'area', 'link'], src: ['img', 'script', 'source', 'iframe', 'audio', 'video', 'track', 'embed'], srcSet: ['img', 'source'] };

/** The URLs an element refers to, as [attribute, url]. */
function references(node: Element): [string, string][] {
  const out: [string, string][] = [];
  for (const [attribute, tags] of Object.entries(REFERENCES)) {
    const value = node.properties[attribute];
    if (!tags.includes(node.tagName) || value === undefined || value === null) continue;
    const text = Array.isArray(value) ? value.join(' ') : String(value);
    if (attribute === 'srcSet') for (const candidate of text.split(',')) out.push([attribute, candidate.trim().split(/\s+/)[0] ?? '']);
    else out.push([attribute, text]);
  }
  return out;
}

/**
 * Every internal `href`, `src` and `srcset` of every HTML page of a built site that does not lead
 * to a file of the site, or whose `#fragment` names no element (id or name) of the page it leads
 * to. External URLs (any scheme, or `//host`) and `data:` URLs are not followed; an external
 * URL that is not http(s) or mailto is reported. Works on any static site folder.
 */
export async function deadReferences(siteDir: string): Promise<{ dead: DeadReference[]; checked: number }> {
  const files = await listFiles(siteDir);
  const pages = new Map<string, Root>();
  for (const f of files) if (f.endsWith('.html')) pages.set(f, fromHtml(await readFile(path.join(siteDir, f), 'utf8')));
  const ids = new Map<string, Set<string>>();
  const idsOf = (page: string): Set<string> => {
    let set = ids.get(page);
    if (!set) {
      set = new Set();
      const tree = pages.get(page);
      if (tree) visit(tree, 'element', (el: Element) => {
        for (const key of ['id', 'name']) if (typeof el.properties[key] === 'string') set!.add(el.properties[key] as string);
      });
      ids.set(page, set);
    }
    return set;
  };
  const dead: DeadReference[] = [];
  let checked = 0;
  for (const [page, tree] of pages) {
    visit(tree, 'element', (node: Element) => {
      for (const [attribute, url] of references(node)) {
        checked++;
        const report = (why: string) => dead.push({ page, attribute, url, why });
        if (url === '') return report('empty URL');
        if (/^data:/i.test(url)) continue;
        if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(url)) {
          if (!/^(https?:|mailto:)/i.test(url)) report('external URL with an unexpected scheme');
          continue;
        }
        if (url.startsWith('/')) {
          report('site-absolute URL (breaks when the site is not at the host root)');
          continue;
        }
        const hash = url.indexOf('#');
        const file = (hash >= 0 ? url.slice(0, hash) : url).split('?')[0]!;
        const fragment = hash >= 0 ? url.slice(hash + 1) : undefined;
        let decoded: string;
        try {
          decoded = decodeURIComponent(file);
        } catch {
          report('malformed percent-encoding');
          continue;
        }
        let target = decoded === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), decoded));
        if (target.startsWith('../')) {
          report('leads outside the site');
          continue;
        }
        const onDisk = path.join(siteDir, target);
        if (existsSync(onDisk) && statSync(onDisk).isDirectory()) target = path.posix.join(target, 'index.html');
        if (!existsSync(path.join(siteDir, target))) {
          report(`no file ${target}`);
          continue;
        }
        if (fragment && target.endsWith('.html')) {
          let id = fragment;
          try {
            id = decodeURIComponent(fragment);
          } catch {
            report('malformed fragment');
            continue;
          }
          if (!idsOf(target).has(id)) report(`${target} has no element with id "${id}"`);
        }
      }
    });
  }
  return { dead, checked };
}
