import { copyFile, link, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BodyGroup, BodyStore } from '../build-data/bodies.js';
import { hashKey } from '../build/cache.js';
import { mapLimit } from '../load/concurrency.js';
import type { Theme } from '../theme/theme.js';

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
  search: { key: string; files: string[] } | undefined;
}

/** Runs async work with at most `limit` tasks in flight. */
class TaskQueue {
  private readonly running = new Set<Promise<void>>();
  constructor(private readonly limit: number) {}

  async add(task: () => Promise<void>): Promise<void> {
    while (this.running.size >= this.limit) await Promise.race(this.running);
    const p = task().finally(() => this.running.delete(p));
    this.running.add(p);
  }

  async drain(): Promise<void> {
    await Promise.all(this.running);
  }
}

/** How many pages were rendered and how many were carried over unchanged from the last build. */
export interface WriteStats {
  rendered: number;
  reused: number;
}

/** Each page's key: a hash of its template and everything it shows. */
export function pageKeys(specs: readonly PageSpec[], siteKey: string): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const spec of specs) keys[spec.path] = hashKey(siteKey, spec.template, JSON.stringify(spec.data));
  return keys;
}

/**
 * Writes pages into the new site folder: a page whose key matches the previous build's is
 * hard-linked from the old folder (copied where links fail); the rest are rendered with the theme,
 * each policy's pages as soon as its bodies are ready. `onPage` hears of each page once it is in
 * the folder, with its HTML when it was rendered.
 */
export async function writePages(
  specs: readonly PageSpec[],
  keys: Record<string, string>,
  options: {
    tmp: string; previousDir: string; previous: PageManifest | undefined; theme: Theme; bodies: BodyStore;
    onPage?: (spec: PageSpec, html: string | undefined) => void;
  },
): Promise<WriteStats> {
  const { tmp, previous, theme, bodies } = options;
  const stats: WriteStats = { rendered: 0, reused: 0 };
  const queue = new TaskQueue(32);
  const dirs = new Set<string>();
  const ensureDir = async (file: string) => {
    const dir = path.dirname(file);
    if (dirs.has(dir)) return;
    await mkdir(dir, { recursive: true });
    dirs.add(dir);
  };
  const render = async (spec: PageSpec) => {
    const data = spec.complete ? { ...spec.data, ...spec.complete(bodies) } : spec.data;
    const content = await theme.render(`pages/${spec.template}`, data);
    const html = await theme.render('layouts/page.hbs', { ...data, content });
    const file = path.join(tmp, spec.path);
    await queue.add(async () => {
      await ensureDir(file);
      await writeFile(file, html);
    });
    options.onPage?.(spec, html);
    stats.rendered++;
  };

  const candidates: PageSpec[] = [];
  let toRender: PageSpec[] = [];
  for (const spec of specs) (previous?.pages[spec.path] === keys[spec.path] ? candidates : toRender).push(spec);
  const carried = await mapLimit(candidates, 32, async (spec) => {
    const from = path.join(options.previousDir, spec.path);
    const to = path.join(tmp, spec.path);
    await ensureDir(to);
    return link(from, to).then(() => true, () => copyFile(from, to).then(() => true, () => false));
  });
  stats.reused = carried.filter(Boolean).length;
  candidates.forEach((spec, i) => carried[i] && options.onPage?.(spec, undefined));
  if (stats.reused < candidates.length) {
    const again = new Set([...toRender, ...candidates.filter((_, i) => !carried[i])]);
    toRender = specs.filter((s) => again.has(s));
  }
  // Group pages by the bodies they need, keeping order, and render each group once it is ready.
  const groups = new Map<BodyGroup | undefined, PageSpec[]>();
  for (const spec of toRender) {
    let list = groups.get(spec.needs);
    if (!list) groups.set(spec.needs, (list = []));
    list.push(spec);
  }
  const withBodies = [...groups.keys()].filter((g): g is BodyGroup => g !== undefined);
  const ready = await bodies.prepare(withBodies);
  ready.forEach((p) => p.catch(() => {})); // awaited below, in order; keep early failures from being unhandled
  for (const spec of groups.get(undefined) ?? []) await render(spec);
  for (let i = 0; i < withBodies.length; i++) {
    await ready[i];
    for (const spec of groups.get(withBodies[i]) ?? []) await render(spec);
  }
  await queue.drain();
  return stats;
}
