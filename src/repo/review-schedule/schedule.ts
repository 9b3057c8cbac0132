import { addDuration, compareDates, daysBetween, parseCycle, type IsoDate } from '../../core/dates/calendar.js';
import type { PolicyFrontmatter } from '../schema/types.generated.js';

/** When a policy is next due for review, and its state on a given date. */
export interface ReviewState {
  /** The date the next review is due, or undefined when neither review.last nor effective is set. */
  next: IsoDate | undefined;
  /** The date the schedule counts from: review.last, else effective. */
  basis: IsoDate | undefined;
  status: 'ok' | 'due-soon' | 'overdue' | 'unscheduled';
  /** Days until due (negative when overdue). */
  daysLeft: number | undefined;
}

/** The review schedule of a policy as of a date: next = (review.last or effective) + cycle. */
export function reviewState(meta: Pick<PolicyFrontmatter, 'review' | 'effective'>, asOf: IsoDate, dueSoonDays = 30): ReviewState {
  const basis = meta.review.last ?? meta.effective;
  const cycle = parseCycle(meta.review.cycle);
  if (!basis || !cycle) return { next: undefined, basis, status: 'unscheduled', daysLeft: undefined };
  const next = addDuration(basis, cycle);
  const daysLeft = daysBetween(asOf, next);
  const status = compareDates(next, asOf) < 0 ? 'overdue' : daysLeft <= dueSoonDays ? 'due-soon' : 'ok';
  return { next, basis, status, daysLeft };
}
