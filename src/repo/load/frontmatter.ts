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
  const lines = text.split('\n');
  const first = lines[0]?.replace(/\r$/, '');
  if (first === undefined || !FENCE.test(first)) {
    return { yaml: undefined, yamlLine: 0, body: text, bodyLine: 0, unterminated: false };
  }
  for (let i = 1; i < lines.length; i++) {
    if (CLOSE.test(lines[i]!.replace(/\r$/, ''))) {
      return {
        yaml: lines.slice(1, i).join('\n'),
        yamlLine: 1,
        body: lines.slice(i + 1).join('\n'),
        bodyLine: i + 1,
        unterminated: false,
      };
    }
  }
  return { yaml: undefined, yamlLine: 1, body: text, bodyLine: 0, unterminated: true };
}
