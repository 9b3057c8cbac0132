import { isIsoDate, toIsoDate, type IsoDate } from '../../core/dates/calendar.js';

/** A time read from a CSV cell or a flag: an instant, or a whole day. */
export interface AckTime {
  /** Milliseconds since the epoch (midnight UTC for a day). */
  instant: number;
  date: IsoDate;
  /** Whether only the day was given: comparisons with it are by day. */
  dayOnly: boolean;
  /** As the ledger writes it: UTC, whole seconds. */
  iso: string;
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** An instant as the ledger writes it: UTC, whole seconds. */
export function ledgerInstant(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/**
 * Reads `2026-03-01`, `2026-03-01T09:30:00Z`, `2026-03-01 09:30`, `2026-03-01T09:30:00+02:00`;
 * a time without a zone is UTC. Undefined for anything else.
 */
export function parseAckTime(text: string): AckTime | undefined {
  const value = text.trim();
  if (isIsoDate(value)) {
    const instant = Date.parse(`${value}T00:00:00Z`);
    return { instant, date: value, dayOnly: true, iso: ledgerInstant(instant) };
  }
  const m = DATE_TIME.exec(value);
  if (!m || !isIsoDate(m[1])) return undefined;
  const [hh, mm, ss] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  if (hh > 23 || mm > 59 || ss > 59) return undefined;
  let zone = (m[5] ?? 'Z').toUpperCase();
  if (zone !== 'Z' && !zone.includes(':')) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const instant = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${String(ss).padStart(2, '0')}${zone}`);
  if (Number.isNaN(instant)) return undefined;
  const floored = Math.floor(instant / 1000) * 1000;
  return { instant: floored, date: toIsoDate(new Date(floored)), dayOnly: false, iso: ledgerInstant(floored) };
}
