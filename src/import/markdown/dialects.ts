import { isIsoDate, type IsoDate } from '../../core/dates/calendar.js';

/**
 * What the front matter of Hugo, Jekyll, GitBook, Docusaurus and MkDocs documents says that
 * precept has a field for. Everything else is kept, as written, under `x:`.
 */
export interface MappedFrontMatter {
  title: string | undefined;
  summary: string | undefined;
  /** The day the current text was last changed (lastmod, last_modified_at, last_update, updated). */
  modified: IsoDate | undefined;
  /** The day the document was written or published (date, publishDate). */
  created: IsoDate | undefined;
  /** draft: true, or Jekyll's published: false. */
  draft: boolean;
  /** An author named in the front matter (author, authors, last_update.author). */
  authors: string[];
  /** Fields precept itself uses, when a source already carries them (a half-done migration). */
  precept: Record<string, unknown>;
  /** Every other key, kept under x:. */
  passthrough: Record<string, unknown>;
}

/** Keys each generator uses for the title, summary, dates and drafts (the rest pass through). */
const TITLE = ['title'];
const SUMMARY = ['description', 'summary', 'excerpt'];
const MODIFIED = ['lastmod', 'last_modified_at', 'lastModified', 'last_update', 'updated', 'revision_date', 'modified', 'git_revision_date_localized'];
const CREATED = ['date', 'publishDate', 'created', 'creation_date'];
const DRAFT = ['draft', 'published'];
const AUTHOR = ['author', 'authors'];
/** precept's own fields a source may already hold; the importer validates them before use. */
export const PRECEPT_FIELDS = ['version', 'status', 'owner', 'approvers', 'effective', 'review', 'criteria', 'controls', 'audience', 'classification', 'related', 'aliases'] as const;
/** Keys that never leave the reader: they would poison an object, and precept refuses them. */
const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);

/** A date in any of the forms the generators write (2024-03-01, 2024-03-01T10:00:00+09:00, "2024-03-01 10:00"), as the day written. */
export function dayOf(value: unknown): IsoDate | undefined {
  if (value && typeof value === 'object' && !Array.isArray(value)) return dayOf((value as Record<string, unknown>)['date']);
  if (typeof value !== 'string') return undefined;
  const day = /^\s*(\d{4}-\d{2}-\d{2})(?:$|[T\s])/.exec(value)?.[1];
  return day && isIsoDate(day) ? day : undefined;
}

const oneLine = (v: string) => v.replace(/\s+/g, ' ').trim();

function names(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/\s*(?:,|\band\b)\s*/).map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(value)) return value.flatMap(names);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return [o['name'], o['email']].filter((v): v is string => typeof v === 'string');
  }
  return [];
}

/** Sorts a document's front matter into what precept uses and what it keeps under x:. */
export function mapFrontMatter(data: Readonly<Record<string, unknown>>): MappedFrontMatter {
  const out: MappedFrontMatter = { title: undefined, summary: undefined, modified: undefined, created: undefined, draft: false, authors: [], precept: {}, passthrough: {} };
  for (const [key, value] of Object.entries(data)) {
    if (UNSAFE.has(key)) continue;
    if (TITLE.includes(key) && typeof value === 'string' && value.trim() && out.title === undefined) {
      out.title = oneLine(value);
    } else if (SUMMARY.includes(key) && typeof value === 'string' && value.trim() && out.summary === undefined) {
      out.summary = oneLine(value);
    } else if (MODIFIED.includes(key) && dayOf(value)) {
      out.modified = out.modified && out.modified > dayOf(value)! ? out.modified : dayOf(value);
      const author = key === 'last_update' && value && typeof value === 'object' ? (value as Record<string, unknown>)['author'] : undefined;
      if (typeof author === 'string') out.authors.push(author);
      continue;
    } else if (CREATED.includes(key) && dayOf(value)) {
      out.created ??= dayOf(value);
      out.passthrough[key] = value;
    } else if (DRAFT.includes(key) && typeof value === 'boolean') {
      out.draft ||= key === 'draft' ? value : !value;
    } else if (AUTHOR.includes(key)) {
      out.authors.push(...names(value));
      out.passthrough[key] = value;
    } else if (key === 'aliases' && (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.includes('/')))) {
      // Hugo's and Jekyll's aliases are old URLs of the page, not other names of the policy.
      out.passthrough[key] = value;
    } else if ((PRECEPT_FIELDS as readonly string[]).includes(key)) {
      out.precept[key] = value;
    } else {
      out.passthrough[key] = value;
    }
  }
  return out;
}
