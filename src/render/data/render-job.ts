import path from 'node:path';
import { splitFrontmatter } from '../../repo/load/frontmatter.js';
import { markdownLinkTarget } from '../../markdown/links.js';
import type { MarkdownRenderer, RenderedHeading } from '../../markdown/render.js';
import { textBlocks, type TextBlock } from '../../markdown/redline/blocks.js';
import { redlineBlocks, type RedlineOptions, type RedlineStats } from '../../markdown/redline/redline.js';

/** A link from a body to another policy file, resolved to a root-relative path; pages turn it into a URL. */
export interface BodyLinkTarget {
  path: string;
  fragment: string | undefined;
}

/** A rendered policy body as pages use it: independent of the page it lands on. */
export interface BodyData {
  /** Sanitized HTML; links to other policies read `href="precept-link:N"` (N indexes `links`). */
  html: string;
  headings: RenderedHeading[];
  /** The body as the redline sees it. */
  blocks: TextBlock[];
  links: BodyLinkTarget[];
  words: number;
}

/** A word-level redline between two versions. */
export interface RedlineData {
  html: string;
  stats: RedlineStats;
}

/** One body to render: the whole file text (frontmatter is dropped) and the folder links resolve from. */
export interface BodyTask {
  key: string;
  text: string;
  dir: string;
}

/** One redline to compute, between two body keys, in a language with a reader's words. */
export interface RedlineTask {
  key: string;
  before: string;
  after: string;
  options: Required<RedlineOptions>;
}

/**
 * The rendering work of one policy: bodies, redlines, and the bodies rendered earlier that its
 * redlines compare, as JSON (BodyData or just its blocks): a string crosses to a worker thread
 * far more cheaply than the objects would.
 */
export interface RenderJob {
  bodies: BodyTask[];
  redlines: RedlineTask[];
  known: [string, string][];
}

/**
 * What a job rendered, each item as JSON: the form the persistent cache stores, made where the
 * rendering happened (a worker), and cheaper to pass between threads than objects.
 */
export interface RenderJobResult {
  bodies: [string, string][];
  redlines: [string, string][];
}

/** The marker a body's policy links carry until a page resolves them. */
export const LINK_MARKER = 'precept-link:';

/**
 * Renders a body. Headings are shifted down one level when the body uses `#` (the page title is
 * the only h1), and links to other policy files become markers the page resolves.
 */
export function renderBody(renderer: MarkdownRenderer, text: string, dir: string): BodyData {
  const links: BodyLinkTarget[] = [];
  const rendered = renderer.render(splitFrontmatter(text).body, {
    rewriteLink: (href) => {
      const target = markdownLinkTarget(href);
      if (!target) return undefined;
      const resolved = target.path.startsWith('/') ? path.posix.normalize(target.path.slice(1)) : path.posix.normalize(path.posix.join(dir, target.path));
      links.push({ path: resolved, fragment: target.fragment });
      return `${LINK_MARKER}${links.length - 1}`;
    },
  });
  let { html, headings } = rendered;
  if (headings.some((h) => h.depth === 1)) {
    html = html.replace(/<(\/?)h([1-6])(?=[\s>])/g, (_, slash: string, n: string) => `<${slash}h${Math.min(6, Number(n) + 1)}`);
    headings = headings.map((h) => ({ ...h, depth: Math.min(6, h.depth + 1) }));
  }
  // Redlines compare links by the file they point at, not by their marker's number.
  const blocks = textBlocks(rendered.tree, {
    href: (href) => {
      const link = href.startsWith(LINK_MARKER) ? links[Number(href.slice(LINK_MARKER.length))] : undefined;
      return link ? `${link.path}${link.fragment ? `#${link.fragment}` : ''}` : href;
    },
  });
  const words = blocks.reduce((n, b) => n + (b.text.match(/\S+/g)?.length ?? 0), 0);
  return { html, headings, blocks, links, words };
}

/** Runs a render job with one renderer (whose block cache makes a policy's versions cheap). */
export function runRenderJob(renderer: MarkdownRenderer, job: RenderJob): RenderJobResult {
  const blocks = new Map<string, TextBlock[]>(job.known.map(([key, json]) => [key, (JSON.parse(json) as Pick<BodyData, 'blocks'>).blocks]));
  const bodies: [string, string][] = [];
  for (const task of job.bodies) {
    const data = renderBody(renderer, task.text, task.dir);
    blocks.set(task.key, data.blocks);
    bodies.push([task.key, JSON.stringify(data)]);
  }
  const redlines: [string, string][] = [];
  for (const task of job.redlines) {
    const before = blocks.get(task.before);
    const after = blocks.get(task.after);
    if (!before || !after) throw new Error(`redline ${task.key}: body not rendered`);
    const { html, stats } = redlineBlocks(before, after, task.options);
    redlines.push([task.key, JSON.stringify({ html, stats } satisfies RedlineData)]);
  }
  return { bodies, redlines };
}
