import { createRequire } from 'node:module';

// ajv-formats is a CommonJS package; its format definitions module needs nothing of ajv's.
const require = createRequire(import.meta.url);
type FormatDefinition = { validate: (s: string) => boolean; compare: (a: string, b: string) => number | undefined };
const { fullFormats } = require('ajv-formats/dist/formats.js') as {
  fullFormats: Record<'date' | 'date-time', FormatDefinition> & Record<'email', RegExp> & Record<'uri', (s: string) => boolean>;
};

const LEDGER_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * RFC 3339 date-time as ajv-formats checks it, with a fast path for the one form ledgers write
 * (YYYY-MM-DDTHH:MM:SSZ, on every line of a ledger that grows to hundreds of thousands).
 */
function dateTime(s: string): boolean {
  if (!LEDGER_INSTANT.test(s)) return fullFormats['date-time'].validate(s);
  const n = (from: number, to: number) => Number(s.slice(from, to));
  const [year, month, day, hour, minute, second] = [n(0, 4), n(5, 7), n(8, 10), n(11, 13), n(14, 16), n(17, 19)];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (month < 1 || month > 12 || day < 1 || day > (month === 2 && leap ? 29 : DAYS[month]!)) return false;
  if (hour <= 23 && minute <= 59 && second <= 59) return true;
  return hour === 23 && minute === 59 && second === 60; // a leap second, in UTC
}

/**
 * The formats the schemas use, as ajv gets them: ajv-formats' full definitions, and its date-time
 * with the ledger fast path. The validators compiled ahead of time (validators.generated.ts) call
 * these; scripts/schema-validators.mjs compiles with definitions of the same kinds.
 */
export const formats = {
  date: fullFormats.date,
  email: fullFormats.email,
  uri: fullFormats.uri,
  'date-time': { type: 'string' as const, validate: dateTime, compare: fullFormats['date-time'].compare },
};
