import { Findings as ImportFindings } from '../findings.js';

export type { ExpectedCheck, ImportFinding } from '../findings.js';

/** Every finding id, with what it means (README's migration guide lists them). */
export const FINDING_IDS = {
  'comply-metadata': 'A document\'s metadata could not be read (no `---`, malformed YAML): it was not imported.',
  'comply-split': 'The first `---` is inside a line, or the file opens with `---`: metadata was split as comply (or frontmatter) reads it.',
  'comply-field': 'A metadata or comply.yml field precept has no place for; left out.',
  'comply-owner': 'comply has no owners: the placeholder owner was assigned.',
  'comply-criterion': 'A criterion that is not in the catalogue (the theme cites CC9.9); dropped from criteria.',
  'comply-standard': 'A standard that is cited but not defined, or a standard entry precept cannot use.',
  'comply-date': 'A revision date that is not a calendar day precept can read; kept as text in the history.',
  'comply-review': 'The last revision is more than a review cycle ago: the review is overdue.',
  'comply-template': 'A Go template action other than the organisation fields; kept as written.',
  'comply-table': 'A table that could not be converted exactly.',
  'comply-latex': 'Raw LaTeX other than `\\pagebreak`; left out.',
  'comply-markdown': 'pandoc Markdown with no GFM equivalent (heading attributes, unclosed code).',
  'comply-cron': 'A procedure schedule comply could not run either; the control has no schedule.',
  'comply-procedure': 'A procedure became a control no policy requires yet.',
  'comply-coverage': 'A criterion in scope that no imported document satisfies.',
  'comply-organization': 'No comply.yml name and no --org: a placeholder organisation name was used.',
  'comply-id': 'Two documents would get the same id; one was renamed.',
} as const;

/** A finding id. */
export type FindingId = keyof typeof FINDING_IDS;

/** comply's findings, in order. */
export class Findings extends ImportFindings<FindingId> {}
