import { isIsoDate } from '../../core/dates/calendar.js';
import { policyContentHash } from '../../repo/content-hash/content-hash.js';
import type { MarkdownRenderer } from '../../markdown/render.js';
import type { Project } from '../../repo/project/types.js';
import { reviewState } from '../../repo/review-schedule/schedule.js';

/** A person as the title block shows them. */
export interface PersonRef {
  id: string;
  name: string;
}

/** What a policy PDF shows: the title block's fields and the rendered body. */
export interface PolicyDocument {
  organization: string;
  id: string;
  title: string;
  version: string;
  status: string;
  /** "DRAFT: not in force" and the like, for anything but an approved policy. */
  banner: string | undefined;
  owner: PersonRef;
  approvers: PersonRef[];
  effective: string | undefined;
  lastReview: string | undefined;
  nextReview: string | undefined;
  classification: string;
  summary: string | undefined;
  contentHash: string;
  bodyHtml: string;
}

const BANNERS: Record<string, string> = {
  draft: 'Draft: not in force',
  'in-review': 'In review: not yet in force',
  retired: 'Retired: no longer in force',
};

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** "internal" -> "Internal". */
export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A person id with the roster's name for it (the id itself when the roster does not know it). */
export function personRef(project: Project, id: string): PersonRef {
  return { id, name: project.roster.people.get(id)?.person.name ?? id };
}

/** Marks links that cannot work inside a standalone PDF (other files of the repo), so they print as plain text. */
const UNLINKED = 'precept-unlinked:';

function rewriteForPdf(href: string): string | undefined {
  if (href.startsWith('#') || /^(https?|mailto):/i.test(href)) return undefined;
  return UNLINKED;
}

/**
 * The document for one version of a policy, from its frontmatter (read leniently: historical
 * versions may predate today's schema) and body. Metadata stays plain text here; templates escape it.
 */
export function policyDocument(
  project: Project,
  version: { id: string; meta: Readonly<Record<string, unknown>>; body: string },
  markdown: MarkdownRenderer,
): PolicyDocument {
  const { id, meta, body } = version;
  const status = str(meta['status']) ?? 'draft';
  const review = (meta['review'] && typeof meta['review'] === 'object' ? meta['review'] : {}) as Record<string, unknown>;
  const effective = isIsoDate(meta['effective']) ? meta['effective'] : undefined;
  const last = isIsoDate(review['last']) ? review['last'] : undefined;
  const cycle = str(review['cycle']);
  const next = cycle ? reviewState({ review: { cycle, ...(last ? { last } : {}) }, ...(effective ? { effective } : {}) }, effective ?? last ?? '1970-01-01').next : undefined;
  const html = markdown.render(body, { rewriteLink: rewriteForPdf }).html.replaceAll(` href="${UNLINKED}"`, '');
  return {
    organization: project.config.organization.name,
    id,
    title: str(meta['title']) ?? id,
    version: str(meta['version']) ?? '0.0.0',
    status,
    banner: BANNERS[status],
    owner: personRef(project, str(meta['owner']) ?? 'unknown'),
    approvers: list(meta['approvers']).map((p) => personRef(project, p)),
    effective,
    lastReview: last,
    nextReview: next,
    classification: capitalize(str(meta['classification']) ?? 'internal'),
    summary: str(meta['summary']),
    contentHash: policyContentHash(meta, id, body, project.config.defaultFramework),
    bodyHtml: html,
  };
}
