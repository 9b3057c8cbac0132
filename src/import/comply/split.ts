/** A comply document split into its YAML metadata and Markdown body, as comply splits it. */
export interface ComplySplit {
  /** The metadata text (everything before the first `---`). */
  yaml: string;
  /** 0-based line of the first metadata line. */
  yamlLine: number;
  /** The body: everything after that `---`, starting with the rest of its line. */
  body: string;
  /** 0-based line the body starts on (the line of the `---`). */
  bodyLine: number;
  /** Where the `---` was found when it is not a line of its own (comply splits there anyway). */
  midLine?: { line: number; column: number };
  /** The file opens with a `---` line, which comply would read as empty metadata. */
  openingFence: boolean;
}

const FENCE_LINE = /^---[ \t]*\r?$/;

/**
 * Splits a comply document the way comply does (`strings.Split(content, "---")`, first piece
 * metadata, the rest re-joined as the body): at the first `---` anywhere, so later `---` runs
 * (grid table borders, horizontal rules) stay in the body. A file that opens with a `---`
 * line (standard frontmatter) is split at the next `---` instead: comply would read its
 * metadata as empty, which is never what its author meant. Undefined when there is no `---`,
 * which comply refuses as malformed.
 */
export function splitComplyDocument(text: string): ComplySplit | undefined {
  let offset = 0;
  let openingFence = false;
  const firstLineEnd = text.indexOf('\n');
  if (FENCE_LINE.test(firstLineEnd < 0 ? text : text.slice(0, firstLineEnd))) {
    if (firstLineEnd < 0) return undefined;
    openingFence = true;
    offset = firstLineEnd + 1;
  }
  const at = text.indexOf('---', offset);
  if (at < 0) return undefined;
  const lineOf = (index: number) => countNewlines(text, 0, index);
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.indexOf('\n', at);
  const wholeLine = FENCE_LINE.test(text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd));
  const split: ComplySplit = {
    yaml: text.slice(offset, at),
    yamlLine: openingFence ? 1 : 0,
    body: text.slice(at + 3),
    bodyLine: lineOf(at),
    openingFence,
  };
  if (!wholeLine) split.midLine = { line: lineOf(at) + 1, column: at - lineStart + 1 };
  return split;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
