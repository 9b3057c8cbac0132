import { Findings } from '../findings.js';

/** Every finding id of `precept import markdown`, with what it means (the README lists them). */
export const MARKDOWN_FINDING_IDS = {
  'markdown-frontmatter': 'Front matter that cannot be read (malformed YAML, TOML or JSON): the document was not imported.',
  'markdown-empty': 'A document with no text (a section index holding only front matter): not imported.',
  'markdown-id': 'Two documents would get the same id; one was given its folder\'s name as a prefix.',
  'markdown-owner': 'Nobody to own a document (no git history, no --owner): the placeholder owner was assigned.',
  'markdown-review': 'The last revision is more than a review cycle ago, or no date is known: the review is overdue or unscheduled.',
  'markdown-link': 'A link to a file that was not imported, or to a heading that does not exist: kept as text, or the #heading dropped.',
  'markdown-image': 'An image whose file was not found in the folder; the link was left as written.',
  'markdown-directive': 'A template or site-generator construct (Liquid, a Hugo shortcode, a GitBook block) with no Markdown equivalent; kept as written.',
  'markdown-summary': 'A description too long for summary (500 characters); kept under x:.',
  'markdown-organization': 'No site title and no --org: the folder\'s name was used as the organisation\'s.',
  'markdown-coverage': 'No imported document maps criteria: every criterion in scope is a coverage gap until they are mapped.',
} as const;

/** A finding id of the Markdown importer. */
export type MarkdownFindingId = keyof typeof MARKDOWN_FINDING_IDS;

/** The Markdown importer's findings, in order. */
export class MarkdownFindings extends Findings<MarkdownFindingId> {}
