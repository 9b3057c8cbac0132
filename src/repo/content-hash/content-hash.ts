import crypto, { createHash } from 'node:crypto';

/** Names the canonical form, so a future change to it can never collide with today's hashes. */
export const CONTENT_HASH_SCHEME = 'precept-content-v1';

/**
 * Frontmatter fields left out of the content hash: bookkeeping that approving, scheduling or
 * reviewing a policy changes without changing what it says.
 */
export const BOOKKEEPING_FIELDS = ['status', 'effective', 'review.last'] as const;

const SORTED_LISTS = ['approvers', 'controls', 'audience', 'related', 'aliases'] as const;
const SCALARS = ['id', 'title', 'summary', 'version', 'owner', 'classification'] as const;

/** JSON with object keys sorted recursively and no whitespace: one text for one value. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    // As `[${value.map(canonicalJson).join(',')}]`, written out: ledgers serialize many records.
    let out = '[';
    for (let i = 0; i < value.length; i++) out += `${i ? ',' : ''}${canonicalJson(value[i]) ?? ''}`;
    return `${out}]`;
  }
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    const flat = sortedFlatCopy(value as Record<string, unknown>, keys);
    if (flat) return JSON.stringify(flat);
    let out = '{';
    let first = true;
    for (const k of keys) {
      out += `${first ? '' : ','}${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`;
      first = false;
    }
    return `${out}}`;
  }
  return JSON.stringify(value);
}

/**
 * An object of `value`'s members in `keys` order, which one JSON.stringify writes exactly as the
 * loop above would (a ledger line in one native call instead of two per member, a third of a
 * batch append's serialising): only when every member is a string, number, boolean or null, and
 * no key is one a plain object would reorder (array indices come first) or treat specially.
 */
function sortedFlatCopy(value: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> | undefined {
  const copy: Record<string, unknown> = {};
  for (const k of keys) {
    const v = value[k];
    const type = typeof v;
    if (type !== 'string' && type !== 'number' && type !== 'boolean' && v !== null) return undefined;
    const c = k.charCodeAt(0);
    if ((c >= 48 && c <= 57) || k === '__proto__') return undefined;
    copy[k] = v;
  }
  return copy;
}

/** The body as hashed: NFC, LF line ends, no trailing spaces, no leading or trailing blank lines. */
export function normalizeBody(body: string): string {
  let text = body.normalize('NFC');
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  if (text.includes('\u2028') || text.includes('\u2029')) {
    // A multiline regex would end lines at these too: strip line by line.
    text = text.split('\n').map((line) => line.replace(/[ \t]+$/, '')).join('\n');
  } else if (text.includes(' \n') || text.includes('\t\n') || text.endsWith(' ') || text.endsWith('\t')) {
    text = text.replace(/[ \t]+$/gm, '');
  }
  let start = 0;
  while (text.charCodeAt(start) === 10) start++;
  let end = text.length;
  while (end > start && text.charCodeAt(end - 1) === 10) end--;
  return text.slice(start, end);
}

/**
 * The meaningful frontmatter: every field but the bookkeeping ones, with lists that are sets
 * sorted and `criteria` resolved to framework -> sorted ids.
 */
export function meaningfulMeta(meta: Readonly<Record<string, unknown>>, id: string, defaultFramework: string): Record<string, unknown> {
  const out: Record<string, unknown> = { id };
  for (const key of SCALARS) if (key !== 'id' && meta[key] !== undefined) out[key] = meta[key];
  for (const key of SORTED_LISTS) {
    const list = meta[key];
    if (Array.isArray(list) && list.length) out[key] = [...list].map(String).sort();
  }
  const review = meta['review'] as Record<string, unknown> | undefined;
  if (review && typeof review === 'object' && review['cycle'] !== undefined) out['review'] = { cycle: review['cycle'] };
  const criteria = meta['criteria'];
  const map: Record<string, string[]> = {};
  if (Array.isArray(criteria)) {
    if (criteria.length) map[defaultFramework] = criteria.map(String).sort();
  } else if (criteria && typeof criteria === 'object') {
    for (const [fw, ids] of Object.entries(criteria as Record<string, unknown>)) {
      if (Array.isArray(ids) && ids.length) map[fw] = ids.map(String).sort();
    }
  }
  if (Object.keys(map).length) out['criteria'] = map;
  return out;
}

/** The exact text that is hashed (documented in docs/content-hash.md). */
export function canonicalPolicyText(meta: Readonly<Record<string, unknown>>, id: string, body: string, defaultFramework: string): string {
  return `${CONTENT_HASH_SCHEME}\n${canonicalJson(meaningfulMeta(meta, id, defaultFramework))}\n${normalizeBody(body)}\n`;
}

/** `sha256:<hex>` of a policy's canonical form: what approvals and acknowledgements bind to. */
export function policyContentHash(meta: Readonly<Record<string, unknown>>, id: string, body: string, defaultFramework: string): string {
  return sha256(canonicalPolicyText(meta, id, body, defaultFramework));
}

const hashes = new WeakMap<object, Map<string, string>>();

/**
 * policyContentHash of a loaded policy, remembered for the policy object (loaded policies are
 * never changed): check's rules, the approval overview and the timelines of a build all ask.
 */
export function loadedPolicyHash(policy: { readonly id: string; readonly meta: object; readonly body: string }, defaultFramework: string): string {
  const key = `${defaultFramework}\0${policy.id}`;
  let known = hashes.get(policy);
  if (!known) hashes.set(policy, (known = new Map()));
  let hash = known.get(key);
  if (hash === undefined) {
    hash = policyContentHash(policy.meta as Record<string, unknown>, policy.id, policy.body, defaultFramework);
    known.set(key, hash);
  }
  return hash;
}

// crypto.hash (Node 20.12+) hashes in one call, several times faster than createHash for the
// short lines ledgers are made of.
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: 'hex') => string }).hash;

/** `sha256:<hex>` of raw bytes (source files in manifests). */
export function sha256(data: string | Uint8Array): string {
  return `sha256:${oneShot ? oneShot('sha256', data, 'hex') : createHash('sha256').update(data).digest('hex')}`;
}
