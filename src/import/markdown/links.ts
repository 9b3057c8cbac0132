import path from 'node:path';
import { sayIn } from '../../core/i18n/messages.js';
import type { Definition, Image, Link } from 'mdast';
import { slug } from 'github-slugger';
import { visit } from 'unist-util-visit';
import { parseMarkdown } from '../../markdown/parse.js';

/** An imported document as links see it. */
export interface LinkTarget {
  /** POSIX path in the imported folder. */
  source: string;
  /** POSIX path of the policy in the new repo. */
  file: string;
  title: string;
  /** Its headings' anchors as precept makes them. */
  slugs: ReadonlySet<string>;
  /** Custom heading ids it had (`{#scope}`), with their heading's text. */
  anchors: ReadonlyMap<string, string>;
}

/** What a rewrite needs to know about the whole import. */
export interface LinkContext {
  /** Imported documents by source path. */
  documents: ReadonlyMap<string, LinkTarget>;
  /** Whether a path of the imported folder is a file that is not a document (an image, a PDF). */
  isAsset(source: string): boolean;
  /** Where an asset goes in the new repo (POSIX), recording that it is to be copied. */
  placeAsset(source: string): string;
  /** The language problems are said in; English when not given. */
  locale?: string;
}

/** A link that could not be carried over. */
export interface LinkProblem {
  /** 1-based, within the body. */
  line: number;
  column: number;
  kind: 'link' | 'image';
  message: string;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

const EXTERNAL = /^([a-z][a-z0-9+.-]*:|\/\/)/i;
const DOCUMENT = /\.(md|markdown|mdx)$/i;

/** The offsets of `[label]` and of the destination of an inline link or image starting at `start`. */
function inlineParts(src: string, start: number, end: number): { label: [number, number]; destination: [number, number] } | undefined {
  let i = start + (src[start] === '!' ? 1 : 0);
  if (src[i] !== '[') return undefined;
  const labelStart = i + 1;
  let depth = 0;
  for (; i < end; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (c === '`') {
      const run = /^`+/.exec(src.slice(i))![0];
      const close = src.indexOf(run, i + run.length);
      if (close > 0 && close < end) i = close + run.length - 1;
    } else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) break;
  }
  if (src[i + 1] !== '(') return undefined;
  const label: [number, number] = [labelStart, i];
  let j = i + 2;
  while (j < end && /\s/.test(src[j]!)) j++;
  return { label, destination: destinationAt(src, j, end) };
}

/** The destination starting at `j`: `<...>` or a run without spaces, parentheses balanced. */
function destinationAt(src: string, j: number, end: number): [number, number] {
  if (src[j] === '<') return [j + 1, Math.max(j + 1, src.indexOf('>', j))];
  let k = j;
  let parens = 0;
  while (k < end) {
    const c = src[k]!;
    if (c === '\\') {
      k += 2;
      continue;
    }
    if (c === '(') parens++;
    else if (c === ')') {
      if (parens === 0) break;
      parens--;
    } else if (/\s/.test(c)) break;
    k++;
  }
  return [j, k];
}

/** Where `url` (a path, maybe without extension, maybe site-absolute) leads among the documents and files. */
function resolvePath(url: string, from: string, ctx: LinkContext): { document?: LinkTarget; asset?: string } | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(url);
  } catch {
    decoded = url;
  }
  const dir = path.posix.dirname(from);
  const bases: string[] = [];
  if (decoded.startsWith('/')) {
    // Site-absolute: the imported folder may be any part of the site (content/, docs/): try it
    // as rooted there, then without its leading segments.
    const parts = decoded.slice(1).split('/');
    for (let n = 0; n < parts.length; n++) bases.push(parts.slice(n).join('/'));
  } else {
    bases.push(path.posix.join(dir, decoded));
    // Hugo and Docusaurus serve a page as a folder: a link relative to the page's URL.
    if (!DOCUMENT.test(decoded)) bases.push(path.posix.join(from.replace(DOCUMENT, ''), decoded));
  }
  for (const raw of bases) {
    const base = path.posix.normalize(raw).replace(/\/$/, '');
    if (base.startsWith('..')) continue;
    const candidates = DOCUMENT.test(base) ? [base] : [`${base}.md`, `${base}.markdown`, `${base}.mdx`, `${base}/README.md`, `${base}/readme.md`, `${base}/index.md`, `${base}/_index.md`];
    for (const c of candidates) {
      const document = ctx.documents.get(c.replace(/^\.\//, ''));
      if (document) return { document };
    }
    if (!DOCUMENT.test(base) && ctx.isAsset(base)) return { asset: base };
  }
  // Hugo's ref "name.md" finds a page by its file name anywhere.
  if (DOCUMENT.test(decoded) && !decoded.includes('/')) {
    const named = [...ctx.documents.values()].filter((d) => path.posix.basename(d.source) === decoded);
    if (named.length === 1) return { document: named[0]! };
  }
  return undefined;
}

/** The anchor precept gives a heading a link's fragment meant, or undefined when there is none. */
function mapFragment(fragment: string, target: LinkTarget): string | undefined {
  let wanted = fragment;
  try {
    wanted = decodeURIComponent(fragment);
  } catch { /* kept as written */ }
  const custom = target.anchors.get(wanted);
  if (custom !== undefined) {
    const s = slug(custom);
    if (target.slugs.has(s)) return s;
  }
  if (target.slugs.has(wanted)) return wanted;
  const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  return [...target.slugs].find((s) => norm(s) === norm(wanted));
}

const relativeUrl = (from: string, to: string) => {
  const rel = path.posix.relative(path.posix.dirname(from), to);
  return encodeURI(rel.startsWith('.') ? rel : rel || path.posix.basename(to));
};

/**
 * Rewrites the links and images of an imported body for the new repo: links between imported
 * documents (relative, site-absolute, without extension, to index pages) point at the new policy
 * files, with fragments mapped to precept's heading anchors; images and files are placed beside
 * the policies. A link to a document that was not imported becomes its text (check would call it
 * broken); GitBook's labels that are only a file name become the page's title.
 */
export function rewriteLinks(body: string, doc: LinkTarget, ctx: LinkContext): { text: string; problems: LinkProblem[]; links: number } {
  const edits: Edit[] = [];
  const problems: LinkProblem[] = [];
  const say = (key: string, values: Record<string, string>) => sayIn(ctx.locale ?? 'en', `import.markdown.${key}`, values);
  let links = 0;
  const tree = parseMarkdown(body);
  visit(tree, ['link', 'image', 'definition'], (node) => {
    const n = node as Link | Image | Definition;
    const pos = n.position;
    if (!pos || pos.start.offset === undefined || pos.end.offset === undefined) return;
    const start = pos.start.offset;
    const end = pos.end.offset;
    let destination: [number, number];
    let labelRange: [number, number] | undefined;
    if (n.type === 'definition') {
      const colon = body.indexOf(']:', start);
      if (colon < 0 || colon > end) return;
      let j = colon + 2;
      while (j < end && /\s/.test(body[j]!)) j++;
      destination = destinationAt(body, j, end);
    } else {
      const parts = inlineParts(body, start, end);
      if (!parts) return; // a reference link: its definition is rewritten
      destination = parts.destination;
      labelRange = parts.label;
    }
    const url = body.slice(destination[0], destination[1]);
    if (!url || EXTERNAL.test(url)) return;
    const at = { line: pos.start.line, column: pos.start.column };
    const kind = n.type === 'image' ? 'image' : 'link';
    const hash = url.indexOf('#');
    const pathPart = (hash >= 0 ? url.slice(0, hash) : url).split('?')[0]!;
    const fragment = hash >= 0 ? url.slice(hash + 1) : undefined;
    if (!pathPart) {
      if (!fragment || kind === 'image') return;
      const mapped = mapFragment(fragment, doc);
      if (mapped === fragment) return;
      if (mapped !== undefined) {
        edits.push({ start: destination[0], end: destination[1], text: `#${mapped}` });
      } else if (n.type === 'link' && labelRange) {
        edits.push({ start, end, text: body.slice(labelRange[0], labelRange[1]) });
        problems.push({ ...at, kind, message: say('no-heading', { fragment }) });
      }
      return;
    }
    const found = resolvePath(pathPart, doc.source, ctx);
    if (found?.asset !== undefined) {
      edits.push({ start: destination[0], end: destination[1], text: relativeUrl(doc.file, ctx.placeAsset(found.asset)) });
      return;
    }
    if (!found?.document) {
      if (kind === 'image' && n.type === 'image') {
        // check calls an image without its file broken: the reader gets its description instead.
        edits.push({ start, end, text: n.alt ? `*${n.alt.replace(/[*_\\]/g, '\\$&')}*` : '' });
        problems.push({ ...at, kind, message: say('no-image', { url }) });
      }
      else if (DOCUMENT.test(pathPart) && labelRange) {
        edits.push({ start, end, text: body.slice(labelRange[0], labelRange[1]) });
        problems.push({ ...at, kind, message: say('not-document', { url }) });
      } else if (!/\.[a-z0-9]{1,5}$/i.test(pathPart) && n.type !== 'definition') {
        problems.push({ ...at, kind, message: say('no-document', { url }) });
      }
      return;
    }
    const target = found.document;
    let anchor = '';
    if (fragment) {
      const mapped = mapFragment(fragment, target);
      if (mapped !== undefined) anchor = `#${mapped}`;
      else problems.push({ ...at, kind, message: say('no-heading-there', { url, file: target.source, fragment }) });
    }
    edits.push({ start: destination[0], end: destination[1], text: `${relativeUrl(doc.file, target.file)}${anchor}` });
    links++;
    if (labelRange) {
      const labelText = body.slice(labelRange[0], labelRange[1]).trim();
      if (labelText === pathPart || labelText === path.posix.basename(pathPart)) edits.push({ start: labelRange[0], end: labelRange[1], text: target.title.replace(/[[\]\\]/g, '\\$&') });
    }
  });
  edits.sort((a, b) => b.start - a.start);
  let text = body;
  let floor = Number.POSITIVE_INFINITY;
  for (const e of edits) {
    if (e.end > floor) continue; // nested in an edit already made (a link unwrapped around an image)
    text = `${text.slice(0, e.start)}${e.text}${text.slice(e.end)}`;
    floor = e.start;
  }
  return { text, problems, links };
}
