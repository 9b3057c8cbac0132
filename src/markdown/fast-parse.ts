import type { Blockquote, Code, Heading, Html, Image, Link, List, ListItem, Paragraph, Parents, PhrasingContent, Root, RootContent, Table, TableCell, TableRow } from 'mdast';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import { createRequire } from 'node:module';
import type MarkdownItCallable from 'markdown-it';
import type { MarkdownIt, Token } from 'markdown-it';

/**
 * A fast Markdown front end: markdown-it (CommonMark, GFM tables and `~~strikethrough~~`)
 * tokenizes, and its tokens become the same mdast tree remark (micromark) would build, so the
 * rest of the pipeline (mdast -> hast, sanitizing, slugs) is shared and the HTML is the same.
 * markdown-it is about 25 times faster than micromark on policy text, which is what lets a
 * large portal build in seconds.
 *
 * Where the two parsers could disagree, this module does not guess: `fastMdast` returns
 * undefined and the caller uses remark. That covers GFM footnotes, single-tilde
 * strikethrough, task list items, and lists whose looseness markdown-it does not record.
 * A test holds the two front ends together on the CommonMark spec examples, GFM cases and real
 * policy sets.
 */

/**
 * Text remark-gfm reads differently from markdown-it: footnotes, `~single~` strikethrough, task
 * list items, tabs in indentation (the parsers expand them differently in lazy lines), link
 * reference definitions (what may follow one differs), and nested block quotes (their lazy lines).
 */
const REMARK_ONLY = /\[\^|(?:^|[^~])~(?!~)|^[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[[ xX]\]|^[ >]*\t|^[ >]*\[[^\]]+\]:|^ {0,3}> {0,4}>/m;
/** Where a literal URL or email may be (GFM autolinks them). */
const LINK_MARKER = /:\/\/|www\.|@/gi;
const HAS_LINK_MARKER = /:\/\/|www\.|@/i;
/** `<https://...>` and `<a@b.c>`: CommonMark autolinks, which both parsers read alike. */
const ANGLE_AUTOLINK = /<[a-z][a-z\d+.-]{1,31}:[^\s<>]*>|<[^\s<>@]+@[^\s<>]+>/gi;
/** Emphasis, brackets and punctuation around a URL (not part of it for either parser). */
const AROUND = /^[*_~(["']+|[*_~)\]"'.,:;!?]+$/g;
/**
 * Inside a literal URL or email, what micromark's autolink tokenizer reads before emphasis,
 * entities and HTML (so markdown-it would read it otherwise), and the `mailto:`/`xmpp:`
 * prefixes it leaves out.
 */
const LINK_CONFLICT = /[*_~<>&\\`]|(?:mailto|xmpp):/i;
const SPACE = /\s/;

/** The whitespace-delimited run of text around `at`. */
function runAround(text: string, at: number): { start: number; end: number } {
  let start = at;
  while (start > 0 && !SPACE.test(text[start - 1]!)) start--;
  let end = at;
  while (end < text.length && !SPACE.test(text[end]!)) end++;
  return { start, end };
}

/** A table's delimiter row (`| --- | :-: |`). */
const DELIMITER_ROW = /^ {0,3}\|? *:?-+:? *(?:\| *:?-+:? *)*\|? *$/;

/** A delimiter row under a line without a pipe: remark makes a one-column table of it, markdown-it does not. */
function pipelessHeader(lines: string[]): boolean {
  for (let i = 1; i < lines.length; i++) {
    if (lines[i]!.includes('|') && DELIMITER_ROW.test(lines[i]!) && !lines[i - 1]!.includes('|') && lines[i - 1]!.trim()) return true;
  }
  return false;
}

/**
 * Whether markdown-it may read the text differently from remark-gfm (then remark parses it),
 * and whether it may hold literal autolinks at all (else their transform is skipped).
 */
function survey(markdown: string): { remark: boolean; links: boolean } {
  if (REMARK_ONLY.test(markdown)) return { remark: true, links: true };
  let links = false;
  let checkedTo = -1;
  for (const marker of markdown.matchAll(LINK_MARKER)) {
    links = true;
    if (marker.index < checkedTo) continue;
    const { start, end } = runAround(markdown, marker.index);
    checkedTo = end;
    const bare = markdown.slice(start, end).replace(ANGLE_AUTOLINK, ' ').replace(AROUND, '');
    if (HAS_LINK_MARKER.test(bare) && LINK_CONFLICT.test(bare)) return { remark: true, links };
  }
  return { remark: false, links };
}

/**
 * markdown-it silently stops reading text nested deeper than this (remark does not): text that
 * comes near it goes to remark.
 */
const MAX_NESTING = 50;
const require = createRequire(import.meta.url);
let md: MarkdownIt | undefined;

/**
 * The markdown-it instance, made when first needed: a process whose texts need no parsing (check
 * on bodies whose links are all plain) never loads it. Its CommonJS build loads synchronously.
 */
function markdownIt(): MarkdownIt {
  if (md) return md;
  const MarkdownItClass = require('markdown-it') as typeof MarkdownItCallable;
  md = new MarkdownItClass('commonmark', { html: true, linkify: false, typographer: false, maxNesting: MAX_NESTING }).enable(['table', 'strikethrough']);
  // remark keeps URLs as written (entities and escapes decoded) and leaves judging them to the
  // sanitizer; mdast -> hast percent-encodes them. Do the same: no rewriting, no refusing here.
  md.normalizeLink = (url: string) => url;
  md.normalizeLinkText = (text: string) => text;
  md.validateLink = () => true;
  return md;
}

const autolinkLiterals = gfmAutolinkLiteralFromMarkdown().transforms![0]!;

/** HTML blocks of CommonMark types 1 to 5: they end at a closing marker, not a blank line. */
const RAW_HTML_BLOCK = /^ {0,3}<(?:pre|script|style|textarea|!|\?)/i;

/** Thrown inside the converter when the tokens hold something remark would read differently. */
class Unsupported extends Error {}

/** The mdast tree of a Markdown text, or undefined when remark must parse it instead. */
export function fastMdast(markdown: string): Root | undefined {
  const { remark, links } = survey(markdown);
  if (remark) return undefined;
  const lines = markdown.split('\n');
  if (pipelessHeader(lines)) return undefined;
  try {
    const root = convert(markdownIt().parse(markdown, {}), lines);
    if (links) autolinkLiterals(root);
    return root;
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

type Open = Exclude<Parents, Root> | Root;

/** A token attribute as a string (markdown-it types allow numbers). */
function attr(t: Token, name: string): string | null {
  const value = t.attrGet(name);
  return value === null ? null : String(value);
}

function convert(tokens: Token[], lines: string[]): Root {
  for (const t of tokens) {
    if (t.level >= MAX_NESTING - 2 || t.children?.some((c) => c.level >= MAX_NESTING - 2)) throw new Unsupported('deep nesting');
  }
  const root: Root = { type: 'root', children: [] };
  const stack: Open[] = [root];
  const top = () => stack[stack.length - 1]!;
  const add = (node: RootContent) => (top() as Parents).children.push(node as never);
  const open = (node: Exclude<Parents, Root>) => {
    add(node);
    stack.push(node);
  };
  let aligns: Table['align'] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    switch (t.type) {
      case 'paragraph_open':
        open({ type: 'paragraph', children: [] });
        break;
      case 'heading_open':
        open({ type: 'heading', depth: Number(t.tag.slice(1)) as Heading['depth'], children: [] });
        break;
      case 'blockquote_open':
        open({ type: 'blockquote', children: [] } satisfies Blockquote);
        break;
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const ordered = t.type === 'ordered_list_open';
        // micromark reads a list starting at 2 or more right after indented code as a paragraph.
        const before = (top() as Parents).children.at(-1);
        if (ordered && Number(t.attrGet('start') ?? 1) !== 1 && before?.type === 'code' && before.lang === null && tokens[i - 1]?.type === 'code_block') {
          throw new Unsupported('ordered list after indented code');
        }
        const spread = listLoose(tokens, i);
        open({ type: 'list', ordered, start: ordered ? Number(t.attrGet('start') ?? 1) : null, spread, children: [] } satisfies List);
        break;
      }
      case 'list_item_open':
        open({ type: 'listItem', spread: (top() as List).spread ?? false, checked: null, children: [] } satisfies ListItem);
        break;
      case 'table_open':
        // A delimiter row without a pipe (`---`) is a setext underline to remark.
        if (!t.map || !lines[t.map[0] + 1]?.includes('|')) throw new Unsupported('table delimiter row without a pipe');
        aligns = [];
        open({ type: 'table', align: aligns, children: [] });
        break;
      case 'tr_open':
        open({ type: 'tableRow', children: [] } satisfies TableRow);
        break;
      case 'th_open':
      case 'td_open': {
        if (t.type === 'th_open') {
          const style = attr(t, 'style');
          aligns!.push(style ? (style.replace('text-align:', '') as 'left' | 'right' | 'center') : null);
        }
        open({ type: 'tableCell', children: [] } satisfies TableCell);
        break;
      }
      case 'paragraph_close':
      case 'heading_close':
      case 'blockquote_close':
      case 'bullet_list_close':
      case 'ordered_list_close':
      case 'list_item_close':
      case 'table_close':
      case 'tr_close':
      case 'th_close':
      case 'td_close':
        stack.pop();
        break;
      case 'thead_open':
      case 'thead_close':
      case 'tbody_open':
      case 'tbody_close':
        break;
      case 'hr':
        add({ type: 'thematicBreak' });
        break;
      case 'code_block':
        add({ type: 'code', lang: null, meta: null, value: t.content.replace(/\n+$/, '') } satisfies Code);
        break;
      case 'fence': {
        // A fence left open runs to the end of the text, where the parsers keep different lines.
        if (!t.map || !closesFence(lines[t.map[1] - 1], t.markup) || t.map[1] - t.map[0] < 2) throw new Unsupported('unclosed fence');
        const info = markdownIt().utils.unescapeAll(t.info).trim();
        const at = info.search(/[ \t]/);
        add({
          type: 'code',
          lang: info ? (at < 0 ? info : info.slice(0, at)) : null,
          meta: at < 0 ? null : info.slice(at).trim() || null,
          value: t.content.replace(/\n$/, ''),
        } satisfies Code);
        break;
      }
      case 'html_block':
        // Raw-text HTML blocks (script, style, pre, comments, ...) can run to the end of the text,
        // where the two parsers keep different trailing line endings.
        if (RAW_HTML_BLOCK.test(t.content)) throw new Unsupported('raw HTML block');
        add({ type: 'html', value: t.content.replace(/\n+$/, '') } satisfies Html);
        break;
      case 'inline':
        (top() as Paragraph).children.push(...inline(t.children ?? [], stack.some((n) => n.type === 'listItem' || n.type === 'blockquote')));
        break;
      default:
        throw new Unsupported(t.type);
    }
  }
  return root;
}

/** Whether a line closes a fence opened with `markup` (same character, at least as long). */
function closesFence(line: string | undefined, markup: string): boolean {
  const m = line === undefined ? null : /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
  return m !== null && m[1]![0] === markup[0] && m[1]!.length >= markup.length;
}

/**
 * Whether a list is loose. markdown-it records it only by hiding the paragraphs of tight lists,
 * so a list with no paragraph of its own says nothing: remark decides those.
 */
function listLoose(tokens: Token[], at: number): boolean {
  const level = tokens[at]!.level;
  for (let i = at + 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.level === level && (t.type === 'bullet_list_close' || t.type === 'ordered_list_close')) break;
    if (t.type === 'paragraph_open' && t.level === level + 2) return !t.hidden;
  }
  throw new Unsupported('list without paragraphs');
}

/** The plain text of inline tokens (an image's alt). */
function plainText(tokens: Token[]): string {
  let out = '';
  for (const t of tokens) {
    if (t.type === 'text' || t.type === 'code_inline') out += t.content;
    else if (t.type === 'softbreak' || t.type === 'hardbreak') out += '\n';
    else if (t.type === 'image') out += plainText(t.children ?? []);
  }
  return out;
}

/** Inline content; `contained`: in a list item or block quote, where a line may be a lazy continuation. */
function inline(tokens: Token[], contained: boolean): PhrasingContent[] {
  const root: { children: PhrasingContent[] } = { children: [] };
  const stack: { children: PhrasingContent[] }[] = [root];
  const children = () => stack[stack.length - 1]!.children;
  const open = (node: PhrasingContent & { children: PhrasingContent[] }) => {
    children().push(node);
    stack.push(node);
  };
  // Text runs and soft line breaks make one text node, as in mdast.
  const text = (value: string) => {
    const list = children();
    const last = list[list.length - 1];
    if (last?.type === 'text') last.value += value;
    else list.push({ type: 'text', value });
  };
  for (const [i, t] of tokens.entries()) {
    switch (t.type) {
      case 'text':
        text(t.content);
        break;
      case 'softbreak':
        text('\n');
        break;
      case 'hardbreak':
        children().push({ type: 'break' });
        break;
      case 'code_inline':
        children().push({ type: 'inlineCode', value: t.content });
        break;
      case 'em_open':
        open({ type: 'emphasis', children: [] });
        break;
      case 'strong_open':
        open({ type: 'strong', children: [] });
        break;
      case 's_open':
        open({ type: 'delete', children: [] });
        break;
      case 'link_open':
        open({ type: 'link', url: attr(t, 'href') ?? '', title: attr(t, 'title'), children: [] } satisfies Link);
        break;
      case 'em_close':
      case 'strong_close':
      case 's_close':
      case 'link_close':
        stack.pop();
        break;
      case 'image':
        children().push({ type: 'image', url: attr(t, 'src') ?? '', title: attr(t, 'title'), alt: plainText(t.children ?? []) } satisfies Image);
        break;
      case 'html_inline':
        // A line starting with HTML after a list item's or quote's line: remark ends the container there.
        if (contained && tokens[i - 1]?.type === 'softbreak') throw new Unsupported('HTML starting a lazy line');
        children().push({ type: 'html', value: t.content });
        break;
      default:
        throw new Unsupported(t.type);
    }
  }
  return root.children;
}
