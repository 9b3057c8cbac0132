import { stringify } from 'yaml';
import type { IsoDate } from '../../core/dates/calendar.js';
import type { RevisionEntry } from './read-meta.js';

/** An imported policy, ready to write. */
export interface PolicyDraft {
  id: string;
  /** Repo-relative path of the file to write. */
  file: string;
  title: string;
  aliases: string[];
  owner: string;
  reviewLast: IsoDate | undefined;
  criteria: Map<string, string[]>;
  /** Criteria comply cited that precept left out, kept as a comment beside criteria:. */
  dropped: string[];
  audience: string[];
  classification: 'public' | 'internal' | 'confidential' | 'restricted';
  /** The converted GFM body, history section included. */
  body: string;
  /** The comply file it came from. */
  source: string;
}

const scalar = (v: string) => stringify(v, { lineWidth: 0 }).trimEnd();
/** Text for a YAML comment: one line, whatever the comply files held. */
const comment = (v: string) => v.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
const flow = (v: string[]) => stringify(v, { collectionStyle: 'flow', flowCollectionPadding: false, lineWidth: 0 }).trimEnd();

/** The policy file: frontmatter in the README's field order, then the body. */
export function policyFileText(p: PolicyDraft): string {
  const lines = ['---', `id: ${p.id}`, `title: ${scalar(p.title)}`];
  if (p.aliases.length) lines.push(`aliases: ${flow(p.aliases)}`);
  lines.push('version: 1.0.0', 'status: in-review', `owner: ${p.owner}`, 'review:', '  cycle: annual');
  if (p.reviewLast) lines.push(`  last: ${p.reviewLast}`);
  if (p.criteria.size) {
    lines.push('criteria:');
    for (const [fw, ids] of p.criteria) lines.push(`  ${fw}: ${flow(ids)}`);
  }
  if (p.dropped.length) {
    lines.push(comment(`# comply also cited ${p.dropped.join(', ')}, which precept's catalogues do not have (see the import report)`));
  }
  if (p.audience.length) lines.push(`audience: ${flow(p.audience)}`);
  lines.push(`classification: ${p.classification}`, comment(`# imported from comply: ${p.source}`), '---', '');
  return `${lines.join('\n')}\n${p.body}`;
}

const cell = (s: string) => s.replace(/\s+/g, ' ').replace(/(?<!\\)\|/g, '\\|').trim();

/**
 * comply's `majorRevisions` as a "Document history" section at the end of the body, at the
 * level of the body's own top headings. Dates stay as comply wrote them: they are free text.
 */
export function historySection(revisions: readonly RevisionEntry[], body: string): string {
  if (!revisions.length) return '';
  const depths = [...body.matchAll(/^(#{1,6})\s/gm)].map((m) => m[1]!.length);
  const depth = depths.length ? Math.min(...depths) : 1;
  return [
    `${'#'.repeat(depth)} Document history`,
    '',
    'Major revisions recorded in comply before this policy was imported into precept:',
    '',
    '| Date | Comment |',
    '| --- | --- |',
    ...revisions.map((r) => `| ${cell(r.date)} | ${cell(r.comment)} |`),
    '',
  ].join('\n');
}
