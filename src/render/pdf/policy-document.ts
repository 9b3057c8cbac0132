import { isIsoDate } from '../../core/dates/calendar.js';
import { availableLocales, loadMessages, type Messages } from '../../core/i18n/messages.js';
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
  /** The status in words, in the document's language. */
  statusLabel: string;
  /** The language the policy is written in (`lang`, else the config's locale): the PDF's /Lang. */
  lang: string;
  /** The catalogue the document's own words come from: its language when precept has one, else the config's. */
  locale: string;
  /** "Draft: not in force" and the like, for anything but an approved policy. */
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

const catalogues = new Map<string, Messages>();

/** A locale's messages, loaded once per process. */
export function messagesFor(locale: string): Messages {
  let messages = catalogues.get(locale);
  if (!messages) catalogues.set(locale, (messages = loadMessages(locale)));
  return messages;
}

/**
 * The language a policy document's own words (labels, banner) are in: the policy's `lang` when
 * precept has a catalogue for it, so a standalone PDF reads in one language; else the config's.
 */
export function documentLocale(lang: string, configured: string): string {
  if (availableLocales().includes(lang)) return lang;
  const base = lang.split('-')[0]!;
  return availableLocales().includes(base) ? base : configured;
}

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
  const lang = str(meta['lang']) ?? project.config.locale;
  const locale = documentLocale(lang, project.config.locale);
  const messages = messagesFor(locale);
  const classification = str(meta['classification']) ?? 'internal';
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
    statusLabel: messages.has(`common.status.${status}`) ? messages.t(`common.status.${status}`) : status,
    lang,
    locale,
    banner: messages.has(`pdf.banner.${status}`) ? messages.t(`pdf.banner.${status}`) : undefined,
    owner: personRef(project, str(meta['owner']) ?? 'unknown'),
    approvers: list(meta['approvers']).map((p) => personRef(project, p)),
    effective,
    lastReview: last,
    nextReview: next,
    classification: messages.has(`common.classification.${classification}`) ? messages.t(`common.classification.${classification}`) : capitalize(classification),
    summary: str(meta['summary']),
    contentHash: policyContentHash(meta, id, body, project.config.defaultFramework),
    bodyHtml: html,
  };
}
