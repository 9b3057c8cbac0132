/** A Markdown file split into its YAML frontmatter and body, with where each starts. */
export interface FrontmatterSplit {
  /** The YAML between the fences, or undefined when the file has no frontmatter. */
  yaml: string | undefined;
  /** 0-based line index of the first YAML line (the line after the opening fence). */
  yamlLine: number;
  body: string;
  /** 0-based line index where the body starts. */
  bodyLine: number;
  /** Whether an opening fence was found but never closed. */
  unterminated: boolean;
}

const FENCE = /^---[ \t]*$/;
const CLOSE = /^(---|\.\.\.)[ \t]*$/;

/**
 * Splits `---`-fenced YAML frontmatter from a Markdown document, as remark-frontmatter and
 * gray-matter do, but keeping line numbers so diagnostics can point into the YAML.
 */
export function splitFrontmatter(text: string): FrontmatterSplit {
  // Line by line from the start, slicing the text rather than splitting all of it: the body
  // (most of a policy) is taken as it is.
  const firstEnd = text.indexOf('\n');
  const first = (firstEnd < 0 ? text : text.slice(0, firstEnd)).replace(/\r$/, '');
  if (!FENCE.test(first)) {
    return { yaml: undefined, yamlLine: 0, body: text, bodyLine: 0, unterminated: false };
  }
  const yamlStart = firstEnd + 1;
  let start = yamlStart;
  for (let i = 1, end = firstEnd; end >= 0; i++, start = end + 1) {
    end = text.indexOf('\n', start);
    const line = end < 0 ? text.slice(start) : text.slice(start, end);
    if (CLOSE.test(line.replace(/\r$/, ''))) {
      return {
        yaml: start > yamlStart ? text.slice(yamlStart, start - 1) : '',
        yamlLine: 1,
        body: end < 0 ? '' : text.slice(end + 1),
        bodyLine: i + 1,
        unterminated: false,
      };
    }
  }
  return { yaml: undefined, yamlLine: 1, body: text, bodyLine: 0, unterminated: true };
}
