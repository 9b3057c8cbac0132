import path from 'node:path';
import { bodyHeadingSlugs } from '../../markdown/links.js';
import { convertDirectives } from './directives.js';
import { mapFrontMatter, type MappedFrontMatter } from './dialects.js';
import type { MarkdownFindings } from './findings.js';
import { readFrontMatter } from './front-matter.js';
import { leadingHeading, sameTitle } from './title.js';

/** One document of the folder, read and converted, before links are rewritten. */
export interface ReadDocument {
  source: string;
  title: string;
  body: string;
  /** The 1-based line of the source file a 1-based line of `body` came from (for findings). */
  sourceLine(bodyLine: number): number;
  mapped: MappedFrontMatter;
  anchors: Map<string, string>;
  slugs: Set<string>;
  /** Constructs converted to Markdown. */
  converted: number;
}

const INDEX = /^(readme|index|_index)\.(md|markdown|mdx)$/i;

/** Whether a document is its folder's index page (GitBook README.md, Hugo _index.md, index.md). */
export const isIndexPage = (source: string) => INDEX.test(path.posix.basename(source));

/** A title from a file name: "access-control.md" -> "Access control". */
function titleFromName(source: string): string {
  const name = isIndexPage(source) ? path.posix.basename(path.posix.dirname(source)) : path.posix.basename(source).replace(/\.(md|markdown|mdx)$/i, '');
  const words = name.replace(/^\d+[-_. ]+/, '').replace(/[-_]+/g, ' ').trim() || name;
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
}

/**
 * Reads one document: its front matter (any dialect), its body with site-generator constructs
 * converted, and its title: the front matter's, else a leading level-1 heading (then removed, as
 * the portal prints the title above the body), else SUMMARY.md's, else the file name's.
 */
export function readDocument(source: string, text: string, summaryTitles: ReadonlyMap<string, string>, findings: MarkdownFindings): ReadDocument | undefined {
  const normalized = text.replace(/\r\n?/g, '\n');
  const front = readFrontMatter(source, normalized, findings.locale);
  if (!front.ok) {
    findings.add(source, front.error.at, 'markdown-frontmatter', findings.say('markdown.not-imported', { problem: front.error.message }),
      { severity: 'error', hint: findings.say('markdown.fix-front-matter') });
    return undefined;
  }
  const { value } = front;
  const mapped = mapFrontMatter(value.data);
  const converted = convertDirectives(value.body);
  for (const kept of converted.kept) {
    findings.add(source, { line: value.bodyLine + kept.line + 1, column: kept.column ?? 1 }, 'markdown-directive',
      findings.say('markdown.directive', { text: kept.text }),
      { hint: findings.say('markdown.directive-hint'), expect: [{ file: '', ruleId: 'template-tag', contains: kept.text }] });
  }
  let body = converted.text;
  let origins = converted.origins;
  let title = mapped.title;
  const heading = leadingHeading(body);
  if (heading && (title === undefined || sameTitle(title, heading.text))) {
    title ??= heading.text;
    origins = origins.slice(body.slice(0, body.length - heading.rest.length).split('\n').length - 1);
    body = heading.rest;
  }
  title ??= summaryTitles.get(source) ?? titleFromName(source);
  if (!body.trim()) {
    findings.add(source, { line: 1, column: 1 }, 'markdown-empty', findings.say('markdown.empty'));
    return undefined;
  }
  const sourceLine = (line: number) => value.bodyLine + (origins[line - 1] ?? line - 1) + 1;
  return { source, title, body, sourceLine, mapped, anchors: converted.anchors, slugs: new Set(bodyHeadingSlugs(body)), converted: converted.converted };
}

/** GitBook's SUMMARY.md: the title each page has in the navigation, by its path. */
export function summaryTitles(text: string): Map<string, string> {
  const titles = new Map<string, string>();
  for (const m of text.matchAll(/^\s*[-*+]\s+\[([^\]]+)\]\(<?([^)>\s]+)>?\)/gm)) {
    let target = m[2]!;
    try {
      target = decodeURIComponent(target);
    } catch { /* as written */ }
    titles.set(path.posix.normalize(target.replace(/^\.\//, '')), m[1]!.trim());
  }
  return titles;
}
