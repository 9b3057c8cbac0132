/**
 * Calendar dates as YYYY-MM-DD strings (the form policies use), computed in UTC so a result
 * never depends on the machine's time zone.
 */
export type IsoDate = string;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `s` is a real calendar date in YYYY-MM-DD form (2026-02-30 is not). */
export function isIsoDate(s: unknown): s is IsoDate {
  if (typeof s !== 'string') return false;
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** The UTC calendar date of an instant. */
export function toIsoDate(instant: Date): IsoDate {
  return instant.toISOString().slice(0, 10);
}

/** Whether `name` is an IANA time zone this Node.js knows (Asia/Tokyo, UTC). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * The calendar date of an instant on the wall clocks of a time zone: 2026-03-01T15:30Z is
 * 2026-03-02 in Asia/Tokyo. The zone must be valid (see isTimeZone).
 */
export function dateInZone(instant: Date, timeZone: string): IsoDate {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', calendar: 'gregory', numberingSystem: 'latn' }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

/** Milliseconds since the epoch at UTC midnight of a date. */
export function dateToMillis(date: IsoDate): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** A period expressed in calendar units. */
export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
}

const NAMED: Record<string, string> = { annual: 'P1Y', semiannual: 'P6M', quarterly: 'P3M', monthly: 'P1M' };

/** Parses a review cycle (annual, semiannual, quarterly, monthly or an ISO 8601 duration). */
export function parseCycle(cycle: string): Duration | undefined {
  const iso = NAMED[cycle] ?? cycle;
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(iso);
  if (!m || iso === 'P') return undefined;
  return { years: Number(m[1] ?? 0), months: Number(m[2] ?? 0), weeks: Number(m[3] ?? 0), days: Number(m[4] ?? 0) };
}

/** Adds a duration to a date; month arithmetic clamps to the month's last day (Jan 31 + P1M = Feb 28). */
export function addDuration(date: IsoDate, d: Duration): IsoDate {
  const [y, m, day] = date.split('-').map(Number) as [number, number, number];
  const totalMonths = (y + d.years) * 12 + (m - 1) + d.months;
  const ny = Math.floor(totalMonths / 12);
  const nm = totalMonths % 12;
  const lastDay = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  const base = Date.UTC(ny, nm, Math.min(day, lastDay));
  return toIsoDate(new Date(base + (d.weeks * 7 + d.days) * 86_400_000));
}

/** Adds whole days to a date (negative to go back). */
export function addDays(date: IsoDate, days: number): IsoDate {
  return toIsoDate(new Date(dateToMillis(date) + days * 86_400_000));
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((dateToMillis(b) - dateToMillis(a)) / 86_400_000);
}

/** Compares two dates as strings sort (YYYY-MM-DD sorts chronologically). */
export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
