import type { Element, ElementContent } from 'hast';

/**
 * A stretch of text with its inline formatting, outermost first: `strong`, `em`, `code`,
 * `strike`, `sup`, `sub`, `kbd`, `img` (an image's alt text) and `a:<href>` (a link and where it
 * goes). The text is what a reader sees: white space collapsed as a browser collapses it, a line
 * break (`<br>`) as "\n".
 */
export interface Run {
  text: string;
  marks?: string[];
}

/** Inline elements whose formatting a redline keeps, by the mark they give their text. */
const MARKS: Record<string, string> = {
  strong: 'strong', b: 'strong', em: 'em', i: 'em', code: 'code', del: 'strike', s: 'strike', strike: 'strike',
  sup: 'sup', sub: 'sub', kbd: 'kbd',
};

/** White space a browser collapses to one space, other than a single space. */
const SPACING = /[\t\n\r\f]| {2}/;

/** How collecting inline text treats links: `href` maps a link's target (e.g. a link marker to the file it points at). */
export interface InlineOptions {
  href?: (href: string) => string;
}

/** Collects inline content into runs, collapsing white space across elements as a browser does. */
export class InlineText {
  readonly runs: Run[] = [];
  /** The last character emitted was a space or a line break (or nothing was emitted yet). */
  private atSpace = true;

  constructor(private readonly options: InlineOptions) {}

  /** Adds an inline node and its descendants. */
  add(node: ElementContent, marks: string[] = []): void {
    if (node.type === 'text') {
      // Most text has single spaces only: testing is cheaper than rebuilding it unchanged.
      this.push(SPACING.test(node.value) ? node.value.replace(/[ \t\n\r\f]+/g, ' ') : node.value, marks);
      return;
    }
    if (node.type !== 'element') return;
    const tag = node.tagName;
    if (tag === 'br') {
      this.trimEnd();
      this.append('\n', marks);
      this.atSpace = true;
      return;
    }
    if (tag === 'img') {
      const alt = typeof node.properties['alt'] === 'string' ? node.properties['alt'].trim() : '';
      if (alt) this.push(alt, [...marks, 'img']);
      return;
    }
    if (tag === 'input' && node.properties['type'] === 'checkbox') {
      // A task list item's box, as the reader sees it.
      this.push(node.properties['checked'] ? '☑' : '☐', marks);
      return;
    }
    const mark = tag === 'a' ? `a:${this.href(node)}` : MARKS[tag];
    const inner = mark && !marks.includes(mark) ? [...marks, mark] : marks;
    for (const child of node.children) this.add(child, inner);
  }

  private href(node: Element): string {
    const href = typeof node.properties['href'] === 'string' ? node.properties['href'] : '';
    return this.options.href ? this.options.href(href) : href;
  }

  private push(text: string, marks: string[]): void {
    if (this.atSpace && text.startsWith(' ')) text = text.slice(1);
    if (!text) return;
    this.append(text, marks);
    this.atSpace = text.endsWith(' ');
  }

  private append(text: string, marks: string[]): void {
    const last = this.runs[this.runs.length - 1];
    if (last && sameMarks(last.marks, marks)) last.text += text;
    else this.runs.push(marks.length ? { text, marks } : { text });
  }

  /** Drops the space before a line break or the end, which a browser does not show. */
  private trimEnd(): void {
    const last = this.runs[this.runs.length - 1];
    if (!last?.text.endsWith(' ')) return;
    last.text = last.text.slice(0, -1);
    if (!last.text) this.runs.pop();
  }

  /** The text and its runs (undefined when it is one run without formatting), or undefined when empty. */
  finish(): { text: string; runs: Run[] | undefined } | undefined {
    this.trimEnd();
    const text = this.runs.map((r) => r.text).join('');
    if (!text.trim()) return undefined;
    const plain = this.runs.length === 1 && !this.runs[0]!.marks;
    return { text, runs: plain ? undefined : this.runs };
  }
}

/** Whether two mark lists are the same. */
export function sameMarks(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((m, i) => m === y[i]);
}

/** The runs of a block's text (one unformatted run when it has none). */
export function runsOf(block: { text: string; runs?: Run[] | undefined }): Run[] {
  return block.runs ?? [{ text: block.text }];
}

/** The marks at each character offset of a text, as [start, end, marks] spans. */
export function markSpans(runs: readonly Run[]): { start: number; end: number; marks: string[] }[] {
  let at = 0;
  return runs.map((r) => {
    const span = { start: at, end: at + r.text.length, marks: r.marks ?? [] };
    at = span.end;
    return span;
  });
}
