import { existsSync, linkSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import type { BodyGroup, BodyStore } from '../data/bodies.js';
import { hashKey } from '../build/cache.js';
import { mapLimit } from '../../repo/load/concurrency.js';
import type { Theme } from '../theme/theme.js';
import type { RecycledSite } from './spare-site.js';
import type { PreviousIndex } from './search-index.js';

/** One page of the site: where it goes, its template, and the data it shows. */
export interface PageSpec {
  /** Path from the site root, e.g. policies/access-control/index.html. */
  path: string;
  /** Template under site/pages/. */
  template: string;
  /**
   * Everything the page shows. Rendered bodies appear as BodyRef/RedlineRef (hashed as their keys),
   * so the page's key changes exactly when what it shows does.
   */
  data: Record<string, unknown>;
  /** Bodies and redlines to have ready before rendering; pages sharing a group are written together. */
  needs?: BodyGroup;
  /** Adds the rendered bodies, resolved for this page, to the data. */
  complete?: (bodies: BodyStore) => Record<string, unknown>;
}

/** What the site stage remembers of the pages it wrote: key and size by path. */
export interface PageManifest {
  format: 1;
  pages: Record<string, string>;
  search: PreviousIndex | undefined;
}

/** How many pages were rendered and how many were carried over unchanged from the last build. */
export interface WriteStats {
  rendered: number;
  reused: number;
}

/** Each page's key: a hash of its template and everything it shows. */
export function pageKeys(specs: readonly PageSpec[], siteKey: string): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const spec of specs) keys[spec.path] = pageKey(spec, siteKey);
  return keys;
}

/** One page's key (see pageKeys). */
export function pageKey(spec: PageSpec, siteKey: string): string {
  return hashKey(siteKey, spec.template, JSON.stringify(spec.data));
}

/** Where pages go: a new folder being filled (a build), or the live one updated in place (precept dev). */
export interface PageSink {
  /** Carries a page over unchanged; false when it cannot (it is rendered then). */
  keep(spec: PageSpec): Promise<boolean>;
  /** Writes a page. */
  write(spec: PageSpec, html: string): void;
}

/**
 * A new site folder: unchanged pages are hard-linked from the previous folder (copied where links
 * fail), or already there in a recycled folder (`recycled`, see spare-site.ts); new pages are
 * written as they are rendered, each folder made once (parents first).
 * Writes are synchronous: through the thread pool, each of the thousands of folders and files of
 * a large site costs twice the CPU (a promise, a file handle, a hand-over to a pool thread and
 * back for every open, write and close), and the CPU is what the build is short of.
 */
export function newFolderSink(tmp: string, previousDir: string, recycled?: RecycledSite): PageSink {
  const dirs = new Set<string>([tmp]);
  for (const dir of recycled?.dirs ?? []) dirs.add(path.join(tmp, dir));
  const ensureDir = (dir: string): void => {
    if (dirs.has(dir)) return;
    ensureDir(path.dirname(dir));
    try {
      mkdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    dirs.add(dir);
  };
  return {
    keep: async (spec) => {
      if (recycled?.pages.has(spec.path)) return true;
      const to = path.join(tmp, spec.path);
      ensureDir(path.dirname(to));
      const from = path.join(previousDir, spec.path);
      try {
        linkSync(from, to);
        return true;
      } catch {
        return copyFile(from, to).then(() => true, () => false);
      }
    },
    write: (spec, html) => {
      const file = path.join(tmp, spec.path);
      ensureDir(path.dirname(file));
      writeFileSync(file, html);
    },
  };
}

/** The live site folder: unchanged pages stay; a changed page replaces its file in one rename. */
export function inPlaceSink(siteDir: string): PageSink {
  return {
    keep: async (spec) => existsSync(path.join(siteDir, spec.path)),
    write: (spec, html) => {
      const file = path.join(siteDir, spec.path);
      mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, html);
      renameSync(tmp, file);
    },
  };
}

/** Pages ready to render: those asked for first in path order, then the rest as they came. */
class PageQueue {
  private readonly first: PageSpec[] = [];
  private readonly rest: PageSpec[] = [];
  private restAt = 0;

  constructor(private readonly isFirst: (spec: PageSpec) => boolean) {}

  add(specs: readonly PageSpec[]): void {
    for (const spec of specs) {
      if (!this.isFirst(spec)) {
        this.rest.push(spec);
        continue;
      }
      // Kept sorted, largest path first, so the next is popped off the end.
      let lo = 0;
      let hi = this.first.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.first[mid]!.path > spec.path) lo = mid + 1;
        else hi = mid;
      }
      this.first.splice(lo, 0, spec);
    }
  }

  take(): PageSpec | undefined {
    return this.first.pop() ?? (this.restAt < this.rest.length ? this.rest[this.restAt++] : undefined);
  }
}

/**
 * Writes pages: a page whose key matches the previous build's is kept; the rest are rendered with
 * the theme, each policy's pages as soon as its bodies are ready (pages do not depend on the
 * order they are written in). Pages `first` picks are rendered before the others that are ready,
 * in path order (the pages search indexes: the index is written while the rest are rendered).
 */
export async function writePages(
  specs: readonly PageSpec[],
  keys: Record<string, string>,
  options: {
    sink: PageSink; previous: PageManifest | undefined; theme: Theme; bodies: BodyStore;
    /** Told of each page once it is in place: its HTML when rendered, undefined when carried over. */
    onPage?: (spec: PageSpec, html: string | undefined) => void;
    first?: (spec: PageSpec) => boolean;
  },
): Promise<WriteStats> {
  const { sink, previous, theme, bodies, onPage } = options;
  const stats: WriteStats = { rendered: 0, reused: 0 };
  const render = async (spec: PageSpec) => {
    const data = spec.complete ? { ...spec.data, ...spec.complete(bodies) } : spec.data;
    const content = await theme.render(`pages/${spec.template}`, data);
    const html = await theme.render('layouts/page.hbs', { ...data, content });
    sink.write(spec, html);
    onPage?.(spec, html);
    stats.rendered++;
  };

  const candidates: PageSpec[] = [];
  let toRender: PageSpec[] = [];
  // Only a page with a key, the same as the previous build's, is carried over: a cold build gives
  // no keys, and a folder with no trusted manifest (a committed dist/) must supply no page.
  const same = (spec: PageSpec) => previous !== undefined && keys[spec.path] !== undefined && previous.pages[spec.path] === keys[spec.path];
  for (const spec of specs) (same(spec) ? candidates : toRender).push(spec);
  const carried = await mapLimit(candidates, 32, (spec) => sink.keep(spec));
  stats.reused = carried.filter(Boolean).length;
  candidates.forEach((spec, i) => {
    if (carried[i]) onPage?.(spec, undefined);
  });
  if (stats.reused < candidates.length) {
    const again = new Set([...toRender, ...candidates.filter((_, i) => !carried[i])]);
    toRender = specs.filter((s) => again.has(s));
  }
  // Group pages by the bodies they need, keeping order; each group joins the queue once its
  // bodies are ready, in whatever order the workers finish them: waiting for them in page order
  // would leave this thread idle behind a slow group.
  const groups = new Map<BodyGroup | undefined, PageSpec[]>();
  for (const spec of toRender) {
    let list = groups.get(spec.needs);
    if (!list) groups.set(spec.needs, (list = []));
    list.push(spec);
  }
  const withBodies = [...groups.keys()].filter((g): g is BodyGroup => g !== undefined);
  const ready = await bodies.prepare(withBodies);
  const queue = new PageQueue(options.first ?? (() => false));
  queue.add(groups.get(undefined) ?? []);
  let failure: unknown;
  let waiting = withBodies.length;
  let wake: (() => void) | undefined;
  withBodies.forEach((group, i) => {
    ready[i]!.then(() => queue.add(groups.get(group)!), (error: unknown) => {
      // The first failure (or a stopped build) ends page rendering.
      failure ??= error;
    }).finally(() => {
      waiting--;
      wake?.();
    });
  });
  for (;;) {
    // A turn of the event loop between pages: a signal is heard at once, not after every ready page.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (failure !== undefined) throw failure;
    const spec = queue.take();
    if (spec) await render(spec);
    else if (waiting) await new Promise<void>((resolve) => (wake = resolve));
    else break;
  }
  return stats;
}
