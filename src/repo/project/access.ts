import type { IsoDate } from '../../core/dates/calendar.js';
import type { Person, PolicyFrontmatter } from '../schema/types.generated.js';
import { inGroup, isActive } from './roster.js';
import type { Roster } from './types.js';

/** Classifications whose policies only their readers may see (under `precept serve`, and left out of `build --public`). */
export const RESTRICTED_CLASSIFICATIONS: readonly string[] = ['confidential', 'restricted'];

/** Who may read a restricted policy: its audience groups, its owner and its approvers. */
export interface Readers {
  groups: string[];
  people: string[];
}

/** Whether a policy is confidential or restricted. */
export function isRestricted(meta: { classification: string }): boolean {
  return RESTRICTED_CLASSIFICATIONS.includes(meta.classification);
}

/** A restricted policy's readers, from its frontmatter. */
export function readersOf(meta: Pick<PolicyFrontmatter, 'audience' | 'owner' | 'approvers'>): Readers {
  return { groups: [...(meta.audience ?? [])], people: [...new Set([meta.owner, ...(meta.approvers ?? [])])] };
}

/**
 * Whether a person may read a restricted policy on a day: on staff, and its owner, one of its
 * approvers, or in one of its audience groups (a group with `everyone: true` is everyone on
 * staff). Nobody signed in (`undefined`), and nobody who has left, may.
 */
export function mayRead(readers: Readers, person: Person | undefined, roster: Roster, day: IsoDate): boolean {
  if (!person || !isActive(person, day)) return false;
  return readers.people.includes(person.id) || readers.groups.some((g) => inGroup(roster, person, g));
}
