import path from 'node:path';
import type { Element, Root as HastRoot, RootContent } from 'hast';
import { readHistoricalMeta } from '../../history/versions.js';
import { splitFrontmatter } from '../../repo/load/frontmatter.js';
import { linkTarget, markdownLinkTarget, repoPath } from '../../markdown/links.js';
import type { MarkdownRenderer, RenderedHeading } from '../../markdown/render.js';
import { textBlocks, type TextBlock } from '../../markdown/redline/blocks.js';
import { changeAnchor } from '../../markdown/redline/html.js';
import { redlineBlocks, type BlockChange, type RedlineOptions, type RedlineStats } from '../../markdown/redline/redline.js';
import { loadMessages, type Messages } from '../../core/i18n/messages.js';
import type { Phrase } from '../../core/i18n/phrase.js';
import { classifyBody, overallLevel, type ChangeLevel, type ClassifyOptions } from '../../repo/versioning/classify.js';
import { ASSET_MARKER, bodyParts, LINK_MARKER, type BodyPart } from './body-html.js';

/** A link from a body to another policy file, resolved to a root-relative path; pages turn it into a URL. */
export interface BodyLinkTarget {
  path: string;
  fragment: string | undefined;
}

/** A rendered policy body as pages use it: independent of the page it lands on. */
/** Where a body goes over a parsing limit (its line) and which, said in the page's language. */
export interface BodyLimit {
  line: number;
  reason: Phrase;
}

export interface BodyData {
  /**
   * The sanitized body's HTML with the holes each page fills in (see body-html.ts): links to
   * other policies (`precept-link:N` in the tree, N indexing `links`) and to files, images,
   * labels. They are resolved on the tree and marked in it before it is stringified, once, so
   * nothing in the text can ever be taken for a link, a hole or markup.
   */
  html: BodyPart[];
  headings: RenderedHeading[];
  /** The body as the redline sees it. */
  blocks: TextBlock[];
  links: BodyLinkTarget[];
  /**
   * Files the body shows or links to (repo paths), other than policies; their links and images
   * have `href`/`src` `precept-asset:N` (N indexes this list) until a page resolves them.
   */
  assets: string[];
  words: number;
  /** Why the body is not shown (it exceeds a parsing limit); pages say so instead. */
  limit?: BodyLimit;
}

/** A word-level redline between two versions. */
export interface RedlineData {
  html: string;
  stats: RedlineStats;
  /** What changed, as precept's classifier sees it: each change with the id it has in `html`. */
  summary: ChangeSummary;
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
 * The rendering work of one policy: bodies, redlines, and the blocks of bodies rendered earlier
 * that its redlines compare, as JSON: a string crosses to a worker thread far more cheaply than
 * the objects would.
 */
export interface RenderJob {
  bodies: BodyTask[];
  redlines: RedlineTask[];
  known: [string, string][];
}

/**
 * What a job rendered, each item as JSON: the form the persistent cache stores, made where the
 * rendering happened (a worker), and cheaper to pass between threads than objects. A body comes
 * in two: what its pages show (BodyData but `blocks`), and its `blocks`, which only later
 * redlines read, so the pages' thread need not parse them.
 */
export interface RenderJobResult {
  bodies: [key: string, page: string, blocks: string][];
  redlines: [string, string][];
}


/**
 * Renders a body. Headings are shifted down one level when the body uses `#` (the page title is
 * the only h1), and links to other policy files become markers the page resolves.
 */
export function renderBody(renderer: MarkdownRenderer, text: string, dir: string): BodyData {
  const { tree, ...body } = bodyTree(renderer, text, dir);
  return { html: body.limit === undefined ? bodyParts(tree, body.links, body.assets) : [], ...body };
}

/** A body rendered to its sanitized tree (no positions), before the tree is stringified for its pages. */
export function bodyTree(renderer: MarkdownRenderer, text: string, dir: string): Omit<BodyData, 'html'> & { tree: HastRoot } {
  const links: BodyLinkTarget[] = [];
  const assets: string[] = [];
  const asset = (url: string): string | undefined => {
    const target = linkTarget(url);
    const file = target.kind === 'file' ? repoPath(dir, target) : undefined;
    if (file === undefined) return undefined;
    let n = assets.indexOf(file);
    if (n < 0) n = assets.push(file) - 1;
    return `${ASSET_MARKER}${n}`;
  };
  const title = readHistoricalMeta(text)['title'];
  const rendered = renderer.render(splitFrontmatter(text).body, {
    ...(typeof title === 'string' ? { title } : {}),
    rewriteLink: (href) => {
      const target = markdownLinkTarget(href);
      if (!target) return asset(href);
      const resolved = target.path.startsWith('/') ? path.posix.normalize(target.path.slice(1)) : path.posix.normalize(path.posix.join(dir, target.path));
      links.push({ path: resolved, fragment: target.fragment });
      return `${LINK_MARKER}${links.length - 1}`;
    },
    rewriteImage: asset,
  });
  let { headings } = rendered;
  // Redlines compare links by the file they point at, not by their marker's number.
  const blocks = textBlocks(rendered.tree, {
    href: (href) => {
      const link = href.startsWith(LINK_MARKER) ? links[Number(href.slice(LINK_MARKER.length))] : undefined;
      return link ? `${link.path}${link.fragment ? `#${link.fragment}` : ''}` : href;
    },
  });
  const shift = headings.some((h) => h.depth === 1);
  if (shift) headings = headings.map((h) => ({ ...h, depth: Math.min(6, h.depth + 1) }));
  const tree = { type: 'root', children: rendered.tree.children.map((c) => plainNode(c, shift)) } satisfies HastRoot;
  const words = blocks.reduce((n, b) => n + (b.text.match(/\S+/g)?.length ?? 0), 0);
  return { tree, headings, blocks, links, assets, words, ...(rendered.limit ? { limit: { line: rendered.limit.line, reason: rendered.limit.reason } } : {}) };
}

const HEADING = /^h([1-6])$/;

/** A copy of a node without source positions (they only bloat the cache), headings shifted down one level when asked. */
function plainNode(node: RootContent, shift: boolean): RootContent {
  if (node.type === 'element') {
    const rank = shift ? HEADING.exec(node.tagName) : null;
    const tagName = rank ? `h${Math.min(6, Number(rank[1]) + 1)}` : node.tagName;
    return { type: 'element', tagName, properties: node.properties, children: node.children.map((c) => plainNode(c, shift) as Element['children'][number]) };
  }
  // The sanitizer leaves no raw HTML; were one to slip through, it is shown as text, never as markup.
  if (node.type === 'raw') return { type: 'text', value: node.value };
  if (node.type === 'text' || node.type === 'comment') return { type: node.type, value: node.value };
  return node;
}

/** Runs a render job with one renderer (whose block cache makes a policy's versions cheap). */
export function runRenderJob(renderer: MarkdownRenderer, job: RenderJob): RenderJobResult {
  const blocks = new Map<string, TextBlock[]>(job.known.map(([key, json]) => [key, JSON.parse(json) as TextBlock[]]));
  const bodies: RenderJobResult['bodies'] = [];
  for (const task of job.bodies) {
    const { blocks: own, ...page } = renderBody(renderer, task.text, task.dir);
    blocks.set(task.key, own);
    bodies.push([task.key, JSON.stringify(page), JSON.stringify(own)]);
  }
  const redlines: [string, string][] = [];
  const catalogues = new Map<string, Messages>();
  for (const task of job.redlines) {
    const before = blocks.get(task.before);
    const after = blocks.get(task.after);
    if (!before || !after) throw new Error(`redline ${task.key}: body not rendered`);
    const { html, stats, changes } = redlineBlocks(before, after, task.options);
    // Reasons in the portal's language (the redline's labels'), about a text in the policy's.
    const locale = task.options.labels.lang;
    let messages = catalogues.get(locale);
    if (!messages) catalogues.set(locale, (messages = loadMessages(locale)));
    const summary = changeSummary(changes, { messages, lang: task.options.lang });
    redlines.push([task.key, JSON.stringify({ html, stats, summary } satisfies RedlineData)]);
  }
  return { bodies, redlines };
}

/** One change of a redline as its summary lists it. */
export interface SummarizedChange {
  /** The id of the changed block in the redline's HTML. */
  anchor: string;
  level: ChangeLevel;
  /** The heading the change sits under ('' before the first heading). */
  section: string;
  reasons: string[];
}

/** What changed between two versions: the classification of the text, and each change. */
export interface ChangeSummary {
  level: ChangeLevel;
  changes: SummarizedChange[];
}

/** Classifies a redline's changes one by one (the text only: frontmatter is the review's to compare). */
export function changeSummary(changes: readonly BlockChange[], options: ClassifyOptions): ChangeSummary {
  const reasons = changes.map((change) => classifyBody([change], options));
  return {
    level: overallLevel(reasons.flat()),
    changes: changes.map((change, i): SummarizedChange => {
      const block = (change.after ?? change.before)!;
      return {
        anchor: changeAnchor(i + 1), level: overallLevel(reasons[i]!),
        // A changed heading is its own section.
        section: /^h[1-6]$/.test(block.kind) ? block.text : change.section,
        reasons: reasons[i]!.map((r) => r.text),
      };
    }),
  };
}
