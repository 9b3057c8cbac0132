/** A frontmatter field that differs between base and working tree. */
export interface FieldChange {
  /** Field path as written: owner, review.cycle, criteria. */
  field: string;
  before: string | undefined;
  after: string | undefined;
  /** For lists: the items added and removed. */
  added?: string[];
  removed?: string[];
}

/** Fields compared, in the order the report lists them. */
export const FIELDS = ['id', 'title', 'summary', 'aliases', 'version', 'status', 'owner', 'approvers', 'effective', 'review.cycle', 'review.last',
  'criteria', 'controls', 'audience', 'classification', 'related'] as const;
/** The top-level frontmatter keys those fields read, for keeping only what a comparison needs. */
const ROOTS = [...new Set(FIELDS.map((f) => f.split('.')[0]!))];

/** The part of a frontmatter that fieldChanges compares (history keeps this much of each version). */
export function comparedMeta(meta: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ROOTS) if (meta[key] !== undefined) out[key] = meta[key];
  return out;
}

const LISTS = new Set(['aliases', 'approvers', 'criteria', 'controls', 'audience', 'related']);

function valueAt(meta: Record<string, unknown>, field: string, defaultFramework: string): unknown {
  if (field === 'criteria') {
    const value = meta['criteria'];
    const entries: [string, unknown][] = Array.isArray(value) ? [[defaultFramework, value]] : value && typeof value === 'object' ? Object.entries(value) : [];
    return entries.flatMap(([fw, ids]) => (Array.isArray(ids) ? ids.map((id) => `${fw} ${String(id)}`) : []));
  }
  const [a, b] = field.split('.') as [string, string | undefined];
  const v = meta[a];
  return b ? (v && typeof v === 'object' ? (v as Record<string, unknown>)[b] : undefined) : v;
}

const text = (v: unknown) => (v === undefined || v === null ? undefined : Array.isArray(v) ? v.map(String).join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** The frontmatter fields that differ, lists compared as sets (order alone is not a change). */
export function fieldChanges(before: Record<string, unknown>, after: Record<string, unknown>, defaultFramework: string): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of FIELDS) {
    const a = valueAt(before, field, defaultFramework);
    const b = valueAt(after, field, defaultFramework);
    if (LISTS.has(field)) {
      const la = Array.isArray(a) ? a.map(String) : [];
      const lb = Array.isArray(b) ? b.map(String) : [];
      const added = lb.filter((x) => !la.includes(x));
      const removed = la.filter((x) => !lb.includes(x));
      if (added.length || removed.length) out.push({ field, before: text(a), after: text(b), added, removed });
    } else if (text(a) !== text(b)) {
      out.push({ field, before: text(a), after: text(b) });
    }
  }
  return out;
}
