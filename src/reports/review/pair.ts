import { normalizeBody } from '../../repo/content-hash/content-hash.js';
import type { Policy } from '../../repo/project/types.js';

/** One policy across a pull request: before (at the base), after (in the working tree), or both. */
export interface PolicyPair {
  id: string;
  before: Policy | undefined;
  after: Policy | undefined;
  /** Set when the file moved (or the id changed with it). */
  renamed: { fromFile: string; fromId: string } | undefined;
}

const byFile = (a: PolicyPair, b: PolicyPair) => {
  const fa = (a.after ?? a.before)!.file;
  const fb = (b.after ?? b.before)!.file;
  return fa < fb ? -1 : fa > fb ? 1 : 0;
};

/**
 * Matches the policies at the base with those in the working tree: by id, then a file whose id
 * changed by its path, then an id that disappeared by an identical body (a rename of a file
 * whose id came from its name).
 */
export function pairPolicies(before: readonly Policy[], after: readonly Policy[]): PolicyPair[] {
  const pairs: PolicyPair[] = [];
  const leftBefore = new Map(before.map((p) => [p.id, p]));
  const leftAfter: Policy[] = [];
  for (const p of after) {
    const old = leftBefore.get(p.id);
    if (old) {
      leftBefore.delete(p.id);
      pairs.push({ id: p.id, before: old, after: p, renamed: old.file !== p.file ? { fromFile: old.file, fromId: old.id } : undefined });
    } else leftAfter.push(p);
  }
  const rest: Policy[] = [];
  for (const p of leftAfter) {
    const candidates = [...leftBefore.values()];
    const old = candidates.find((o) => o.file === p.file) ?? candidates.find((o) => normalizeBody(o.body) === normalizeBody(p.body) && normalizeBody(p.body) !== '');
    if (old) {
      leftBefore.delete(old.id);
      pairs.push({ id: p.id, before: old, after: p, renamed: { fromFile: old.file, fromId: old.id } });
    } else rest.push(p);
  }
  for (const p of rest) pairs.push({ id: p.id, before: undefined, after: p, renamed: undefined });
  for (const p of leftBefore.values()) pairs.push({ id: p.id, before: p, after: undefined, renamed: undefined });
  return pairs.sort(byFile);
}
