import { sayIn } from '../../../core/i18n/messages.js';
import { isGridBorder, readGridTable } from './grid-table.js';
import { escapeContinuation, escapePlaceholderTags, stripHeadingAttributes } from './inline.js';
import { continuesList, readListMarker, type ListMarker, type OrderedStyle } from './list-marker.js';
import { isPipeTableStart, readPipeTable } from './pipe-table.js';
import { writeTable } from './table-output.js';
import type { SayProblem, TableModel } from './table-model.js';

/** Something in a body the conversion could not carry over as written. Lines are 0-based in the body. */
export interface BodyProblem {
  line: number;
  column: number;
  ruleId: 'comply-table' | 'comply-latex' | 'comply-markdown';
  message: string;
  hint?: string;
}

/** What a conversion did, for the import's summary. */
export interface BodyStats {
  gridTables: number;
  pipeTables: number;
  htmlTables: number;
  pageBreaks: number;
  lists: number;
}

/** A body converted from comply's pandoc Markdown to GFM. */
export interface ConvertedBody {
  markdown: string;
  problems: BodyProblem[];
  stats: BodyStats;
}

/** An open list while scanning: where its items sit in the source and in the output. */
interface Level {
  kind: 'bullet' | 'ordered';
  style: OrderedStyle | undefined;
  delimiter: string;
  /** The output marker's delimiter (`.`/`)` or `-`/`*`); alternated to keep adjacent lists apart. */
  out: string;
  next: number;
  srcIndent: number;
  srcContent: number;
  outContent: number;
}

type Prev = 'blank' | 'text' | 'item' | 'block' | 'heading' | 'code';

/** The page-break commands comply's documents use (raw LaTeX that only pandoc's PDF output honoured). */
export const PAGE_BREAK_HTML = '<div class="page-break"></div>';
const PAGE_BREAK = /^\\(?:pagebreak|newpage|clearpage)(?:\{\})?$/;
const LATEX_LINE = /^\\[A-Za-z]+\*?(?:\[[^\]]*\]|\{[^}]*\})*$/;
const THEMATIC = /^ {0,3}([-*_])(?: *\1){2,} *$/;
const HEADING = /^ {0,3}#{1,6}(?:\s|$)/;
/** "#Policy": meant as a heading, but a heading needs a space after its #s. */
const CRAMPED_HEADING = /^#{1,6}[A-Za-z][^#]{0,78}$/;
const FENCE = /^(`{3,}|~{3,})/;
const SIMPLE_TABLE_RULE = /^ *-{3,}(?: +-{3,})+ *$/;

function expandTabs(line: string): string {
  const lead = /^[ \t]*/.exec(line)![0];
  if (!lead.includes('\t')) return line;
  let width = 0;
  for (const ch of lead) width = ch === '\t' ? width + 4 - (width % 4) : width + 1;
  return ' '.repeat(width) + line.slice(lead.length);
}

/**
 * Converts a comply body (pandoc Markdown) to GitHub Flavored Markdown that renders the same
 * text: pandoc's lettered and roman lists (`a.`, `i.`) become ordered lists nested by
 * indentation, grid tables and `+`-separated pipe tables become GFM tables (HTML tables when a
 * cell holds blocks or there is no header), `\pagebreak` becomes precept's page-break marker,
 * and lines pandoc reads as text but GFM would start a block with are escaped. Problems are
 * said in `locale` (the reader's).
 */
export function convertPandocBody(body: string, locale = 'en'): ConvertedBody {
  const say: SayProblem = (key, values) => sayIn(locale, `import.comply.${key}`, values);
  const lines = body.split('\n').map((l) => expandTabs(l.replace(/\r$/, '')));
  const out: string[] = [];
  const problems: BodyProblem[] = [];
  const stats: BodyStats = { gridTables: 0, pipeTables: 0, htmlTables: 0, pageBreaks: 0, lists: 0 };
  let stack: Level[] = [];
  let prev: Prev = 'blank';

  const blank = () => {
    if (out.length && out[out.length - 1] !== '') out.push('');
  };
  /** Writes a table read from a grid or pipe table as its own block, indented to `pad`. */
  const emitTable = (table: TableModel, pad: number) => {
    const written = writeTable(table, (cell) => convertPandocBody(cell, locale).markdown.trimEnd());
    if (written.form === 'html') stats.htmlTables++;
    blank();
    out.push(...written.lines.map((l) => ' '.repeat(pad) + l), '');
  };
  /** How many open lists a line indented this far sits inside (two columns past a marker nests). */
  const depthFor = (indent: number) => {
    let k = 0;
    while (k < stack.length && indent >= stack[k]!.srcIndent + 2) k++;
    return k;
  };
  /** Closes lists a block at `indent` is not inside; returns the output indentation for it. */
  const placeBlock = (indent: number) => {
    const k = depthFor(indent);
    stack = stack.slice(0, k);
    return k ? stack[k - 1]!.outContent : 0;
  };
  const inline = escapePlaceholderTags;

  const emitItem = (marker: ListMarker, line: string) => {
    const k = depthFor(marker.indent);
    let level = stack[k];
    let fresh = false;
    if (level && continuesList(marker, level)) {
      stack = stack.slice(0, k + 1);
      level.next++;
    } else {
      const replaced = level;
      const ordered = marker.kind === 'ordered';
      const out = ordered ? (replaced?.out === '.' ? ')' : '.') : (replaced?.out === '-' ? '*' : '-');
      level = {
        kind: marker.kind, style: marker.styles[0], delimiter: marker.delimiter, out,
        next: marker.values[0] ?? 1, srcIndent: marker.indent, srcContent: 0, outContent: 0,
      };
      stack = [...stack.slice(0, k), level];
      fresh = true;
      stats.lists++;
    }
    const parent = k ? stack[k - 1]!.outContent : 0;
    const mark = level.kind === 'ordered' ? `${level.next}${level.out}` : level.out;
    level.outContent = parent + mark.length + 1;
    level.srcContent = marker.content ? line.length - marker.content.length : marker.indent + mark.length + 1;
    // GFM lets only a list starting at 1 interrupt a paragraph: separate the others.
    if (fresh && level.kind === 'ordered' && level.next !== 1 && (prev === 'text' || prev === 'item')) out.push('');
    out.push(`${' '.repeat(parent)}${mark}${marker.content ? ` ${inline(marker.content)}` : ''}`);
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    const indent = line.length - line.trimStart().length;
    if (trimmed === '') {
      if (out.length && out[out.length - 1] !== '') out.push('');
      if (prev !== 'code') prev = 'blank';
      continue;
    }
    const fence = FENCE.exec(line.slice(indent));
    if (fence && (indent <= 3 || stack.length)) {
      const pad = placeBlock(indent);
      const close = new RegExp(`^ *${fence[1]![0] === '`' ? '`' : '~'}{${fence[1]!.length},} *$`);
      const copy = (l: string) => ' '.repeat(pad) + l.slice(Math.min(indent, l.length - l.trimStart().length));
      out.push(copy(line));
      let j = i + 1;
      for (; j < lines.length && !close.test(lines[j]!); j++) out.push(copy(lines[j]!));
      if (j < lines.length) out.push(copy(lines[j]!));
      else problems.push({ line: i, column: indent + 1, ruleId: 'comply-markdown', message: say('unclosed-code') });
      i = j;
      prev = 'block';
      continue;
    }
    if (PAGE_BREAK.test(trimmed)) {
      stack = [];
      blank();
      out.push(PAGE_BREAK_HTML, '');
      stats.pageBreaks++;
      prev = 'block';
      continue;
    }
    if (LATEX_LINE.test(trimmed)) {
      problems.push({ line: i, column: indent + 1, ruleId: 'comply-latex', message: say('latex', { command: trimmed }),
        hint: say('latex-hint') });
      blank();
      prev = 'blank';
      continue;
    }
    if (isGridBorder(line)) {
      const pad = placeBlock(indent);
      const read = readGridTable(lines, i, say);
      for (const p of read.problems) problems.push({ line: i + p.line, column: indent + 1, ruleId: 'comply-table', message: p.message });
      stats.gridTables++;
      emitTable(read.table, pad);
      i = read.end - 1;
      prev = 'block';
      continue;
    }
    if (isPipeTableStart(lines, i)) {
      const pad = placeBlock(indent);
      const read = readPipeTable(lines, i);
      stats.pipeTables++;
      emitTable(read.table, pad);
      i = read.end - 1;
      prev = 'block';
      continue;
    }
    if (SIMPLE_TABLE_RULE.test(line)) {
      problems.push({ line: i, column: indent + 1, ruleId: 'comply-table', message: say('simple-table'),
        hint: say('simple-table-hint') });
    }
    const continuing = prev === 'text' || prev === 'item';
    if (THEMATIC.test(line) && !continuing) {
      stack = [];
      out.push(trimmed);
      prev = 'block';
      continue;
    }
    if (HEADING.test(line) && !continuing) {
      stack = [];
      const { line: heading, attributes } = stripHeadingAttributes(trimmed);
      if (attributes) {
        problems.push({ line: i, column: line.indexOf(attributes) + 1, ruleId: 'comply-markdown',
          message: say('heading-attributes', { attributes }) });
      }
      out.push(inline(heading));
      prev = 'heading';
      continue;
    }
    if (CRAMPED_HEADING.test(line) && !continuing) {
      stack = [];
      const fixed = line.replace(/^(#+)/, '$1 ');
      problems.push({ line: i, column: 1, ruleId: 'comply-markdown',
        message: say('cramped-heading', { text: trimmed, fixed }) });
      out.push(inline(fixed));
      prev = 'heading';
      continue;
    }
    const marker = THEMATIC.test(line) ? undefined : readListMarker(line);
    // pandoc starts a list only after a blank line (or inside another list).
    if (marker && (stack.length || !continuing)) {
      emitItem(marker, line);
      prev = 'item';
      continue;
    }
    if (stack.length && continuing) {
      out.push(' '.repeat(stack[stack.length - 1]!.outContent) + escapeContinuation(inline(line.trimStart())));
      prev = 'text';
      continue;
    }
    if (stack.length) {
      const k = depthFor(indent);
      stack = stack.slice(0, k);
      const level = stack[k - 1];
      if (level) {
        const code = indent >= level.srcContent + 4;
        out.push(code ? ' '.repeat(level.outContent + 4) + line.slice(level.srcContent + 4) : ' '.repeat(level.outContent) + inline(line.trimStart()));
        prev = code ? 'code' : 'text';
        continue;
      }
    }
    if (indent >= 4 && (prev === 'code' || !continuing)) {
      out.push(line);
      prev = 'code';
      continue;
    }
    out.push(continuing ? escapeContinuation(inline(line)) : inline(line));
    prev = 'text';
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  while (out.length && out[0] === '') out.shift();
  return { markdown: out.length ? `${out.join('\n')}\n` : '', problems, stats };
}
