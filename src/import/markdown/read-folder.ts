import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { failure } from '../../core/i18n/failure.js';

/** The files of a folder of Markdown, by POSIX path relative to it. */
export interface MarkdownFolder {
  root: string;
  /** Markdown documents (.md, .markdown, .mdx), navigation files left out. */
  documents: string[];
  /** GitBook's SUMMARY.md, when there is one: its titles name pages. */
  summary: string | undefined;
  /**
   * Every other file, images and attachments documents may link to, by the path a link names
   * (relative to the folder) -> where it is. Hugo's static/ beside content/ is served at the
   * site's root, so its files are here under their paths in static/.
   */
  assets: Map<string, string>;
}

/** Navigation files of GitBook and docsify: tables of contents, not documents. */
const NAVIGATION = new Set(['summary.md', '_sidebar.md', '_navbar.md', '_footer.md', '_coverpage.md']);
/** Folders that hold build output or tooling, never content. */
const SKIPPED = new Set(['node_modules', '_site', '.git', '.github', '.vscode', '.idea', '.obsidian', '.docusaurus']);

/**
 * Lists a folder of Markdown as the site generators would read it: documents, GitBook's
 * SUMMARY.md, and the files beside them (`.gitbook/assets/` included). Symlinks are not
 * followed: what a document may pull in stays inside the folder.
 */
export async function readMarkdownFolder(dir: string): Promise<MarkdownFolder> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw failure('import.not-a-folder', { dir });
  const root = await realpath(dir);
  const folder: MarkdownFolder = { root, documents: [], summary: undefined, assets: new Map() };
  const statics = path.join(path.dirname(root), 'static');
  if (path.basename(root) === 'content' && (await stat(statics).catch(() => undefined))?.isDirectory()) {
    for (const entry of await readdir(statics, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || entry.name.startsWith('.')) continue;
      const abs = path.join(entry.parentPath, entry.name);
      folder.assets.set(path.relative(statics, abs).split(path.sep).join('/'), abs);
    }
  }
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(path.join(root, rel), { withFileTypes: true });
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (SKIPPED.has(entry.name) || (entry.name.startsWith('.') && entry.name !== '.gitbook')) continue;
        await walk(child);
      } else if (entry.isFile()) {
        const lower = entry.name.toLowerCase();
        if (!/\.(md|markdown|mdx)$/.test(lower)) {
          if (!entry.name.startsWith('.')) folder.assets.set(child, path.join(root, ...child.split('/')));
        } else if (NAVIGATION.has(lower)) {
          if (lower === 'summary.md' && !rel) folder.summary = child;
        } else {
          folder.documents.push(child);
        }
      }
    }
  };
  await walk('');
  if (!folder.documents.length) throw failure('import.no-markdown', { dir });
  return folder;
}
