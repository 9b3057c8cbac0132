import { compareDates, type IsoDate } from '../../core/dates/calendar.js';
import { validateAgainst } from '../../repo/schema/validator.js';
import { PRECEPT_FIELDS } from './dialects.js';
import type { ReadDocument } from './document.js';
import type { FileHistory } from './git-history.js';

/** What a policy's frontmatter is made from. */
export interface MetaInputs {
  id: string;
  doc: ReadDocument;
  git: FileHistory | undefined;
  owner: string;
  status: 'draft' | 'in-review' | 'approved' | undefined;
  asOf: IsoDate;
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const STATUSES = ['draft', 'in-review', 'approved', 'retired'];

/**
 * A policy's frontmatter from what its source says: title and summary; `effective` and
 * `review.last` from the day the text last changed (the front matter's lastmod, else git's last
 * commit, else its date); `version` 1.0.0 unless it carries a semver one; the status asked for
 * (a source draft stays a draft); precept fields the source already had, where they are valid;
 * and everything else under x:.
 */
export function buildMeta(inputs: MetaInputs): { meta: Record<string, unknown>; passthrough: Record<string, unknown>; longSummary: boolean } {
  const { doc, git, asOf } = inputs;
  const { mapped } = doc;
  const passthrough: Record<string, unknown> = { ...mapped.passthrough };
  const source = mapped.precept;
  let day = mapped.modified ?? git?.lastChanged ?? mapped.created;
  if (day && compareDates(day, asOf) > 0) day = asOf;
  const sourceStatus = typeof source['status'] === 'string' && STATUSES.includes(source['status']) ? source['status'] : undefined;
  const status = mapped.draft ? 'draft' : inputs.status ?? sourceStatus ?? 'in-review';
  const longSummary = (mapped.summary?.length ?? 0) > 500;
  if (longSummary) passthrough['description'] = mapped.summary;
  const meta: Record<string, unknown> = {
    id: inputs.id,
    title: doc.title.slice(0, 200),
    ...(mapped.summary && !longSummary ? { summary: mapped.summary } : {}),
    version: typeof source['version'] === 'string' && SEMVER.test(source['version']) ? source['version'] : '1.0.0',
    status,
    owner: inputs.owner,
    ...(status === 'approved' ? { approvers: [inputs.owner] } : {}),
    ...(day || status === 'approved' ? { effective: day ?? asOf } : {}),
    review: { cycle: 'annual', ...(day ? { last: day } : {}) },
    audience: ['all-staff'],
    classification: 'internal',
  };
  // Precept fields a source already carries win over the defaults, if they are valid here.
  for (const key of PRECEPT_FIELDS) {
    if (key === 'version' || key === 'status' || source[key] === undefined) continue;
    if (key === 'owner') passthrough['owner'] = source[key];
    else meta[key] = source[key];
  }
  if (source['version'] !== undefined && meta['version'] !== source['version']) passthrough['version'] = source['version'];
  if (source['status'] !== undefined && sourceStatus === undefined) passthrough['status'] = source['status'];
  for (let round = 0; round < PRECEPT_FIELDS.length; round++) {
    const errors = validateAgainst('policy', meta);
    const keys = new Set(errors.map((e) => e.instancePath.split('/')[1] ?? '').filter((k) => k in source && k !== 'version' && k !== 'status'));
    if (!keys.size) break;
    for (const key of keys) {
      passthrough[key] = source[key];
      delete meta[key];
    }
    if (!meta['review']) meta['review'] = { cycle: 'annual', ...(day ? { last: day } : {}) };
    if (!meta['audience']) meta['audience'] = ['all-staff'];
    if (!meta['classification']) meta['classification'] = 'internal';
  }
  return { meta, passthrough: jsonSafe(passthrough) as Record<string, unknown>, longSummary };
}

/** Values as YAML can write them back: no undefined, no functions, no prototypes. */
function jsonSafe(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined && typeof v !== 'function' && k !== '__proto__') out[k] = jsonSafe(v);
    return out;
  }
  return value;
}
