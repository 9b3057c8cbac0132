import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** Every file under a folder (POSIX paths relative to it, sorted). */
export async function listFiles(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, child)));
    else out.push(child);
  }
  return out.sort();
}

/** The HTML pages of a built site, by path. */
export async function sitePages(siteDir: string): Promise<Map<string, string>> {
  const pages = new Map<string, string>();
  for (const rel of await listFiles(siteDir)) if (rel.endsWith('.html')) pages.set(rel, await readFile(path.join(siteDir, rel), 'utf8'));
  return pages;
}

/** Text of an HTML fragment as a reader sees it (tags dropped, entities of the usual kind decoded, spaces collapsed). */
export function visibleText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
