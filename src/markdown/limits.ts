import { Memo } from '../core/memo.js';
import { phrase, type Phrase } from '../core/i18n/phrase.js';
/**
 * Bounds on what one policy body may ask of the Markdown parsers, so hostile or broken input
 * (thousands of nested quotes or <div>s, endless bracket and emphasis runs, giant tables) costs a
 * bounded amount of stack, memory and time. What exceeds them is a diagnostic on the file, and
 * is not rendered.
 */
export const BODY_LIMITS = {
  /** Nested block containers (block quotes and list items) on one line. */
  maxBlockNesting: 32,
  /** Nested raw-HTML elements. */
  maxHtmlNesting: 64,
  /**
   * Brackets, emphasis and code delimiters (`[ ] * _ ~ \``) in one top-level block: resolving
   * them costs time that grows with the square of their number in a block.
   */
  maxInlineDelimiters: 10_000,
  /** The same delimiters in the whole body. */
  maxBodyDelimiters: 100_000,
  /** Lines of one top-level block (a paragraph, a list, a table). */
  maxBlockLines: 20_000,
  /** Table rows in a body (a PDF cannot print more in reasonable time). */
  maxTableRows: 5_000,
  /** Top-level blocks in a body. */
  maxBlocks: 20_000,
} as const;

/** Where a body exceeds a limit, and which. */
export interface LimitExceeded {
  /** 1-based line (and column) within the body. */
  line: number;
  column: number;
  /** What was counted and its bound, to be said in the repo's language ("block quotes and lists nested more than 32 deep"). */
  reason: Phrase;
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
/** A tag (not an autolink such as <https://...> or <a@b.example>): a name followed by space, / or >. */
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])[^<>]*?(\/?)>/g;
const CONTAINER = /^ {0,3}(?:>[ \t]?|(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$))/;
const FENCE = /^ {0,3}(`{3,}(?=[^`]*$)|~{3,})/;

// check's rules and the renderer ask about the same bodies; budgeted by characters so every body
// of a large repo fits (the strings are the policies' own, held anyway) and a dev session stays bounded.
const checked = new Memo<string, LimitExceeded | null>({ entries: 50_000, weight: 256 * 1024 * 1024, weigh: (body) => body.length });

/**
 * The first limit a body exceeds, or undefined. Linear in the body's length; remembered for the
 * last bodies asked about (check's rules and the renderer ask about the same ones).
 */
export function exceedsLimits(body: string): LimitExceeded | undefined {
  return checked.get(body, () => scan(body) ?? null) ?? undefined;
}

function scan(body: string): LimitExceeded | undefined {
  const L = BODY_LIMITS;
  const lines = body.split('\n');
  // Counts that cannot go over their bounds in a body this size are not kept: no more
  // delimiters than characters, no more table rows, blocks or block lines than lines.
  const countDelimiters = body.length > Math.min(L.maxInlineDelimiters, L.maxBodyDelimiters);
  const countLines = lines.length > Math.min(L.maxTableRows, L.maxBlocks, L.maxBlockLines);
  let htmlDepth = 0;
  let delimiters = 0;
  let allDelimiters = 0;
  let blockLines = 0;
  let blocks = 0;
  let tableRows = 0;
  let fence: string | undefined;
  let previousBlank = true;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const at = (column: number, key: string, limit: number): LimitExceeded => ({ line: i + 1, column, reason: phrase(`check.body-limits.${key}`, { limit }) });
    const blank = /^[ \t]*$/.test(line);
    if (fence) {
      if (line.trim().startsWith(fence)) fence = undefined;
      continue;
    }
    const open = FENCE.exec(line);
    if (open) fence = open[1]!.slice(0, 3);
    if (blank) {
      if (!previousBlank) blocks++;
      if (countLines && blocks > L.maxBlocks) return at(1, 'blocks', L.maxBlocks);
      delimiters = 0;
      blockLines = 0;
      previousBlank = true;
      continue;
    }
    previousBlank = false;
    if (++blockLines > L.maxBlockLines && countLines) return at(1, 'block-lines', L.maxBlockLines);
    // Block containers: strip > and list markers one by one.
    let rest = line;
    let depth = 0;
    for (let m = CONTAINER.exec(rest); m && m[0].length > 0; m = CONTAINER.exec(rest)) {
      rest = rest.slice(m[0].length);
      if (++depth > L.maxBlockNesting) return at(line.length - rest.length, 'block-nesting', L.maxBlockNesting);
    }
    if (countLines && line.includes('|') && ++tableRows > L.maxTableRows) return at(1, 'table-rows', L.maxTableRows);
    for (let c = 0; countDelimiters && c < line.length; c++) {
      const ch = line.charCodeAt(c);
      // [ ] * _ ~ `
      if (ch === 91 || ch === 93 || ch === 42 || ch === 95 || ch === 126 || ch === 96) {
        if (++delimiters > L.maxInlineDelimiters) return at(c + 1, 'block-delimiters', L.maxInlineDelimiters);
        if (++allDelimiters > L.maxBodyDelimiters) return at(c + 1, 'body-delimiters', L.maxBodyDelimiters);
      }
    }
    if (line.includes('<')) {
      for (const m of line.matchAll(TAG)) {
        const name = m[2]!.toLowerCase();
        if (VOID.has(name) || m[3]) continue;
        if (m[1]) htmlDepth = Math.max(0, htmlDepth - 1);
        else if (++htmlDepth > L.maxHtmlNesting) return at(m.index + 1, 'html-nesting', L.maxHtmlNesting);
      }
    }
  }
  return undefined;
}
