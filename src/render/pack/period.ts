import { addDays, compareDates, isIsoDate, type IsoDate } from '../../core/dates/calendar.js';
import { usageFailure } from '../../core/i18n/failure.js';

/** An audit period, both ends included. */
export interface Period {
  from: IsoDate;
  to: IsoDate;
}

/** Validates --from and --to. */
export function parsePeriod(from: string | undefined, to: string | undefined): Period {
  if (from === undefined || to === undefined) throw usageFailure('pack.period-missing');
  for (const [flag, value] of [['--from', from], ['--to', to]] as const) {
    if (!isIsoDate(value)) throw usageFailure('pack.period-date', { flag, value });
  }
  if (compareDates(from, to) > 0) throw usageFailure('pack.period-empty', { from, to });
  return { from, to };
}

/**
 * Whether an interval [start, end) (end exclusive, undefined = open) meets the period, whose
 * last day counts in full.
 */
export function meetsPeriod(start: IsoDate, end: IsoDate | undefined, period: Period): boolean {
  return compareDates(start, period.to) <= 0 && (end === undefined || compareDates(end, period.from) > 0);
}

/** The part of [start, end) inside the period, as [from, until) with until exclusive. */
export function clipToPeriod(start: IsoDate, end: IsoDate | undefined, period: Period): { from: IsoDate; until: IsoDate } {
  const last = addDays(period.to, 1);
  return {
    from: compareDates(start, period.from) < 0 ? period.from : start,
    until: end === undefined || compareDates(end, last) > 0 ? last : end,
  };
}
