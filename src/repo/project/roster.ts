import { compareDates, type IsoDate } from '../../core/dates/calendar.js';
import type { Person } from '../schema/types.generated.js';
import type { Roster } from './types.js';

/** Whether a person is on staff on a date: started (or no start) and not yet left. */
export function isActive(person: Person, asOf: IsoDate): boolean {
  if (person.start && compareDates(person.start, asOf) > 0) return false;
  if (person.end && compareDates(person.end, asOf) < 0) return false;
  return true;
}

/** Whether a person belongs to a group, directly or because the group includes everyone. */
export function inGroup(roster: Roster, person: Person, groupId: string): boolean {
  if (roster.groups.get(groupId)?.group.everyone) return true;
  return person.groups?.includes(groupId) ?? false;
}

/** Everyone in any of the groups who is on staff on the date, by id. */
export function audienceMembers(roster: Roster, groups: readonly string[], asOf: IsoDate): Person[] {
  const out: Person[] = [];
  for (const { person } of roster.people.values()) {
    if (isActive(person, asOf) && groups.some((g) => inGroup(roster, person, g))) out.push(person);
  }
  return out;
}
