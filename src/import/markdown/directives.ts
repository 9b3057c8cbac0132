/**
 * Site-generator constructs in Markdown bodies, turned into plain GitHub Markdown: GitBook's
 * `{% hint %}`, `{% content-ref %}`, `{% tabs %}`, `{% embed %}` and `{% file %}` blocks, MkDocs
 * (`!!! note`) and Docusaurus (`:::tip`) admonitions, Hugo's hint and figure shortcodes and its
 * `ref`/`relref` links, kramdown's `{:toc}`, and custom heading ids (`## Scope {#scope}`). They
 * are not Markdown, so remark leaves them as text: they are read line by line, never inside code.
 */

/** A construct left as written, for a finding. */
export interface KeptDirective {
  /** 0-based line in the body. */
  line: number;
  /** 1-based column, when known. */
  column?: number;
  text: string;
}

/** A body after conversion. */
export interface ConvertedBody {
  text: string;
  /** For each line of `text`, the 0-based line of the original body it came from. */
  origins: number[];
  kept: KeptDirective[];
  /** Custom heading ids removed from headings, with the heading's text (links to them are rewritten). */
  anchors: Map<string, string>;
  /** How many constructs were converted. */
  converted: number;
}

const LABELS: Record<string, string> = {
  info: 'Note', note: 'Note', hint: 'Hint', tip: 'Tip', success: 'Tip', warning: 'Warning', caution: 'Caution',
  danger: 'Danger', important: 'Important', abstract: 'Summary', summary: 'Summary', example: 'Example', quote: 'Quote',
  question: 'Question', bug: 'Bug', failure: 'Failure', attention: 'Attention', error: 'Error',
};

const label = (type: string | undefined, title?: string) => (title?.trim() || LABELS[(type ?? 'note').toLowerCase()] || `${(type ?? 'Note').charAt(0).toUpperCase()}${(type ?? 'note').slice(1)}`);

const attr = (tag: string, name: string) => new RegExp(`${name}\\s*=\\s*"([^"]*)"`).exec(tag)?.[1] ?? new RegExp(`${name}\\s*=\\s*'([^']*)'`).exec(tag)?.[1];
const GITBOOK = /^\s*\{%\s*([a-z-]+)\b([^%]*)%\}\s*$/;
const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

/** Finds the line closing a block opened at `start` (`end` matches it, `open` a nested opener). */
function blockEnd(lines: readonly string[], start: number, end: RegExp, open?: RegExp): number {
  let depth = 0;
  for (let i = start + 1; i < lines.length; i++) {
    if (open?.test(lines[i]!)) depth++;
    else if (end.test(lines[i]!)) {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** Inline constructs: Hugo's ref/relref links and figures, custom heading ids. */
function inline(line: string, anchors: Map<string, string>, count: () => void): string {
  let out = line.replace(/\{\{[<%]\s*(?:rel)?ref\s+"([^"]+)"\s*[>%]\}\}/g, (_m, target: string) => {
    count();
    return target;
  });
  out = out.replace(/\{\{[<%]\s*figure\s+([^>%]*)[>%]\}\}/g, (m, attrs: string) => {
    const src = attr(attrs, 'src');
    if (!src) return m;
    count();
    return `![${attr(attrs, 'alt') ?? attr(attrs, 'caption') ?? attr(attrs, 'title') ?? ''}](${src})`;
  });
  const heading = /^(#{1,6}\s+.*?)\s*\{#([A-Za-z0-9_:.-]+)(?:\s+[^}]*)?\}\s*$/.exec(out);
  if (heading) {
    count();
    anchors.set(heading[2]!, heading[1]!.replace(/^#{1,6}\s+/, ''));
    out = heading[1]!;
  }
  return out;
}

/** Output lines, each with the original line it came from. */
class Lines extends Array<string> {
  readonly origins: number[] = [];

  add(origin: number, ...lines: string[]): void {
    for (const line of lines) {
      this.push(line);
      this.origins.push(origin);
    }
  }

  /** Adds converted lines, keeping where each came from. */
  addAll(lines: Lines): void {
    lines.forEach((line, i) => this.add(lines.origins[i]!, line));
  }
}

/** A callout as a block quote whose first line names it: "> **Warning:** ...". Lines keep their origins. */
function callout(title: string, inner: Lines, origin: number): Lines {
  let a = 0;
  let b = inner.length;
  while (a < b && !inner[a]!.trim()) a++;
  while (b > a && !inner[b - 1]!.trim()) b--;
  const out = new Lines();
  const from = (i: number) => inner.origins[i] ?? origin;
  const first = inner[a] ?? '';
  if (a === b) out.add(origin, `> **${title}:**`);
  else if (/^\s*([-*+]\s|\d+[.)]\s|#{1,6}\s|>|```|~~~|\|)/.test(first)) {
    out.add(origin, `> **${title}:**`, '>');
    out.add(from(a), `> ${first}`.trimEnd());
  } else {
    out.add(origin, `> **${title}:** ${first}`.trimEnd());
  }
  for (let i = a + 1; i < b; i++) out.add(from(i), inner[i]!.trim() ? `> ${inner[i]}`.trimEnd() : '>');
  return out;
}

/** Converts the constructs of one run of lines (recursively for blocks inside blocks). */
function convertLines(lines: readonly string[], offset: number, result: ConvertedBody): Lines {
  const out = new Lines();
  const count = () => result.converted++;
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fenceMark = FENCE.exec(line)?.[1];
    if (fence) {
      if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length && line.trim() === fenceMark) fence = undefined;
      out.add(offset + i, line);
      continue;
    }
    if (fenceMark) {
      fence = fenceMark;
      out.add(offset + i, line);
      continue;
    }
    const gitbook = GITBOOK.exec(line);
    if (gitbook) {
      const [, tag = '', attrs = ''] = gitbook;
      const closer = new RegExp(`^\\s*\\{%\\s*end${tag}\\s*%\\}\\s*$`);
      const opener = new RegExp(`^\\s*\\{%\\s*${tag}\\b`);
      const end = ['hint', 'content-ref', 'tabs', 'tab', 'code', 'file', 'embed', 'stepper', 'step'].includes(tag) ? blockEnd(lines, i, closer, opener) : -1;
      const inner = end >= 0 ? convertLines(lines.slice(i + 1, end), offset + i + 1, result) : new Lines();
      if (tag === 'hint' && end >= 0) {
        out.addAll(callout(label(attr(attrs, 'style')), inner, offset + i));
      } else if (tag === 'content-ref' && end >= 0) {
        // GitBook draws a card for the page; its content is the link, which is kept as a paragraph.
        const link = inner.find((l) => /\[[^\]]*\]\([^)]*\)/.test(l)) ?? `[${attr(attrs, 'url') ?? ''}](${attr(attrs, 'url') ?? ''})`;
        out.add(inner.origins[inner.indexOf(link)] ?? offset + i, link.trim());
      } else if ((tag === 'tabs' || tag === 'stepper') && end >= 0) {
        out.addAll(inner);
      } else if ((tag === 'tab' || tag === 'step') && end >= 0) {
        const title = attr(attrs, 'title');
        if (title) out.add(offset + i, `**${title}**`, '');
        out.addAll(inner);
      } else if (tag === 'code' && end >= 0) {
        const title = attr(attrs, 'title');
        if (title) out.add(offset + i, `*${title}*`, '');
        out.addAll(inner);
      } else if (tag === 'embed' || tag === 'file') {
        const url = attr(attrs, 'url') ?? attr(attrs, 'src');
        const caption = end >= 0 ? inner.join(' ').trim() : '';
        if (!url) {
          result.kept.push({ line: offset + i, column: line.search(/\S/) + 1, text: line.trim() });
          out.add(offset + i, line);
          continue;
        }
        out.add(offset + i, tag === 'embed' && !caption ? `<${url}>` : `[${caption || url.split('/').pop()}](${url})`);
      } else {
        result.kept.push({ line: offset + i, column: line.search(/\S/) + 1, text: line.trim() });
        out.add(offset + i, line);
        continue;
      }
      count();
      if (end >= 0) i = end;
      continue;
    }
    const mkdocs = /^(!!!|\?\?\?\+?)\s+([A-Za-z-]+)(?:\s+"([^"]*)")?\s*$/.exec(line);
    if (mkdocs) {
      let end = i + 1;
      while (end < lines.length && (lines[end]!.startsWith('    ') || lines[end]!.startsWith('\t') || (!lines[end]!.trim() && (lines[end + 1]?.startsWith('    ') ?? false)))) end++;
      const body = lines.slice(i + 1, end).map((l) => l.replace(/^( {4}|\t)/, ''));
      out.addAll(callout(label(mkdocs[2], mkdocs[3]), convertLines(body, offset + i + 1, result), offset + i));
      count();
      i = end - 1;
      continue;
    }
    const docusaurus = /^:::([A-Za-z]+)(?:\[([^\]]*)\]|\s+(.*))?\s*$/.exec(line);
    if (docusaurus) {
      const end = blockEnd(lines, i, /^:::\s*$/, /^:::[A-Za-z]/);
      if (end >= 0) {
        out.addAll(callout(label(docusaurus[1], docusaurus[2] ?? docusaurus[3]), convertLines(lines.slice(i + 1, end), offset + i + 1, result), offset + i));
        count();
        i = end;
        continue;
      }
    }
    const hugo = /^\s*\{\{[<%]\s*(hint|notice|alert|callout|note|tip|warning)\b([^>%]*)[>%]\}\}\s*$/.exec(line);
    if (hugo) {
      const end = blockEnd(lines, i, new RegExp(`^\\s*\\{\\{[<%]\\s*/${hugo[1]}\\s*[>%]\\}\\}\\s*$`));
      if (end >= 0) {
        const type = /^(hint|notice|alert|callout)$/.test(hugo[1]!) ? (hugo[2]!.trim().split(/\s+/)[0]?.replace(/^type\s*=\s*/, '').replace(/"/g, '') || 'note') : hugo[1];
        out.addAll(callout(label(type, attr(hugo[2]!, 'title')), convertLines(lines.slice(i + 1, end), offset + i + 1, result), offset + i));
        count();
        i = end;
        continue;
      }
    }
    if (/^\s*\{:\s*[^}]*\}\s*$/.test(line)) {
      // kramdown attribute lists ({:toc}, {: .class}); the "* TOC" item a {:toc} replaces goes too.
      if (/\{:\s*toc\s*\}/.test(line) && /^\s*[-*+]\s+TOC\s*$/i.test(out[out.length - 1] ?? '')) {
        out.pop();
        out.origins.pop();
      }
      count();
      continue;
    }
    let converted = inline(line, result.anchors, count);
    // "#incidents" opening a line is text (Markdown needs a space after a heading's #): escaped,
    // so it stays text and check does not take it for a heading with the space missing.
    if (/^ {0,3}#+[^\s#]/.test(converted) && !/^ {0,3}#+\s/.test(converted)) {
      converted = converted.replace(/^( {0,3})#/, '$1\\#');
      count();
    }
    const construct = /\{%.*?%\}|\{\{.*?\}\}/.exec(converted);
    if (construct) result.kept.push({ line: offset + i, column: construct.index + 1, text: construct[0].slice(0, 80) });
    out.add(offset + i, converted);
  }
  return out;
}

/** Converts the site-generator constructs of a body (line endings already LF). */
export function convertDirectives(body: string): ConvertedBody {
  const result: ConvertedBody = { text: '', origins: [], kept: [], anchors: new Map(), converted: 0 };
  const lines = convertLines(body.split('\n'), 0, result);
  result.text = lines.join('\n');
  result.origins = lines.origins;
  return result;
}
