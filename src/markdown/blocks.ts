import { Memo } from '../core/memo.js';

/** A run of lines from a Markdown body, with the 0-based line it starts on. */
export interface BodyBlock {
  text: string;
  line: number;
}

/** A fence line: three or more backticks (with no backtick after them: ```` ```x``` ```` is an inline code span) or tildes. */
const FENCE = /^ {0,3}(`{3,}(?=[^`]*$)|~{3,})/;
const LIST_ITEM = /^([-*+]|\d{1,9}[.)])(\s|$)/;

/**
 * Splits a body into top-level blocks: a block ends at a blank line followed by an unindented
 * line, so list items keep their indented continuations, and fenced code stays whole. Parsing
 * only the blocks that can matter is what keeps `check` fast on large repos; each block parses
 * as it would in place, because only top-level boundaries are cut.
 */
export function topLevelBlocks(body: string): BodyBlock[] {
  const lines = body.split('\n');
  const blocks: BodyBlock[] = [];
  let start = 0;
  let fence: string | undefined;
  let previousBlank = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // CommonMark: a blank line holds nothing but spaces and tabs (a form feed is content).
    const blank = /^[ \t]*\r?$/.test(line);
    if (fence) {
      const close = FENCE.exec(line);
      if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length && line.trim() === close[1]) fence = undefined;
      previousBlank = false;
      continue;
    }
    // Cut only where a new top-level block starts: an unindented line after a blank one that
    // does not continue a list (list items separated by blank lines form one loose list).
    if (previousBlank && !blank && !/^[ \t]/.test(line) && !LIST_ITEM.test(line) && i > start) {
      blocks.push({ text: lines.slice(start, i).join('\n'), line: start });
      start = i;
    }
    const open = FENCE.exec(line);
    if (open) fence = open[1];
    previousBlank = blank;
  }
  if (start < lines.length) blocks.push({ text: lines.slice(start).join('\n'), line: start });
  return blocks;
}

/** The indexes of a body's lines outside fenced code (fence lines themselves excluded). */
function* unfenced(lines: readonly string[]): Generator<number> {
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (fence) {
      const close = FENCE.exec(line);
      if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length && line.trim() === close[1]) fence = undefined;
      continue;
    }
    const open = FENCE.exec(line);
    if (open) fence = open[1];
    else yield i;
  }
}

/** The lines of a body that can be headings (ATX, or setext with their underline), outside code fences. */
export function headingLines(body: string): BodyBlock[] {
  const lines = body.split('\n');
  const out: BodyBlock[] = [];
  for (const i of unfenced(lines)) {
    const line = lines[i]!;
    if (/^ {0,3}#{1,6}(\s|$)/.test(line)) out.push({ text: line, line: i });
    else if (line.trim() && /^ {0,3}(=+|-+)\s*$/.test(lines[i + 1] ?? '') && !/^\s*([-*+]|\d+[.)])\s/.test(line) && !line.includes('|')) {
      out.push({ text: `${line}\n${lines[i + 1]}`, line: i });
    }
  }
  return out;
}

/**
 * Prose lines by body: two rules read every body's on every check, and a dev rebuild checks the
 * same unchanged bodies again (the loader hands back the same strings, so a look-up is cheap).
 */
const prose = new Memo<string, readonly BodyBlock[]>({ entries: 20_000, weight: 256 * 1024 * 1024, weigh: (body) => body.length });

/** The lines of a body outside fenced and indented code (0-based line numbers), where Markdown syntax is read. */
export function proseLines(body: string): readonly BodyBlock[] {
  return prose.get(body, () => findProseLines(body));
}

function findProseLines(body: string): BodyBlock[] {
  const lines = body.split('\n');
  const out: BodyBlock[] = [];
  for (const i of unfenced(lines)) {
    const line = lines[i]!;
    // Indented code (four spaces after a blank line) is left alone too.
    if (/^( {4}|\t)/.test(line) && (i === 0 || /^[ \t]*$/.test(lines[i - 1]!))) continue;
    out.push({ text: line, line: i });
  }
  return out;
}
