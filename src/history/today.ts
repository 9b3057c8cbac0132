import { dateInZone, isIsoDate, type IsoDate } from '../core/dates/calendar.js';
import { buildTime } from './build-time.js';
import type { GitRepo } from './git.js';

/** Where the day "today" came from. */
export type TodaySource = 'as-of' | 'SOURCE_DATE_EPOCH' | 'HEAD commit' | 'clock';

/** The day every date rule is judged on, and where it came from. */
export interface Today {
  date: IsoDate;
  source: TodaySource;
  /** The time zone the instant was read in. */
  timezone: string;
}

/** What `resolveToday` reads. */
export interface TodayInputs {
  /** `--as-of`: a date, or `today` for the clock's day in the time zone. */
  asOf?: IsoDate | 'today' | undefined;
  env: Readonly<Record<string, string | undefined>>;
  git: GitRepo | undefined;
  /** The organisation's IANA time zone (config `timezone`). */
  timezone: string;
  now: () => Date;
}

/**
 * "Today" for every command, so that `check`, `build`, `due` and the rest agree on one day:
 * `--as-of` when given; else the instant a build is stamped with (SOURCE_DATE_EPOCH, else the
 * HEAD commit's time), read on the organisation's wall clock; else (no git) the clock. A review
 * committed at 00:30 in Tokyo is due that Tokyo day for every command, whatever the machine's
 * zone and whenever the command runs.
 */
export async function resolveToday(inputs: TodayInputs): Promise<Today> {
  const { asOf, timezone } = inputs;
  if (asOf !== undefined && asOf !== 'today') {
    if (!isIsoDate(asOf)) throw new RangeError(`not a date: ${asOf}`);
    return { date: asOf, source: 'as-of', timezone };
  }
  if (asOf === 'today') return { date: dateInZone(inputs.now(), timezone), source: 'clock', timezone };
  const stamped = await buildTime(inputs.env, inputs.git);
  if (stamped) {
    const epoch = inputs.env['SOURCE_DATE_EPOCH'];
    return { date: dateInZone(stamped, timezone), source: epoch !== undefined && epoch !== '' ? 'SOURCE_DATE_EPOCH' : 'HEAD commit', timezone };
  }
  return { date: dateInZone(inputs.now(), timezone), source: 'clock', timezone };
}
