import { sayIn } from '../../core/i18n/messages.js';
import { phrase, type PhraseValues } from '../../core/i18n/phrase.js';

/** How often a control's evidence is produced (schemas/control.schema.json). */
export type EvidenceFrequency = 'continuous' | 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'semiannual' | 'annual' | 'per-event';

/** A comply procedure's cron, read. */
export type CronReading =
  | { ok: true; frequency: EvidenceFrequency; schedule: string; perYear: number }
  | { ok: false; reason: string };

/** `name`: the field's key under `import.comply.cron-field`. */
interface FieldSpec { name: string; min: number; max: number; names?: readonly string[] }

const SECOND: FieldSpec = { name: 'second', min: 0, max: 59 };
const MINUTE: FieldSpec = { name: 'minute', min: 0, max: 59 };
const HOUR: FieldSpec = { name: 'hour', min: 0, max: 23 };
const DOM: FieldSpec = { name: 'day-of-month', min: 1, max: 31 };
const MONTH: FieldSpec = { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] };
const DOW: FieldSpec = { name: 'day-of-week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] };
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const DESCRIPTORS: Record<string, number> = {
  '@yearly': 1, '@annually': 1, '@monthly': 12, '@weekly': 52, '@daily': 365, '@midnight': 365, '@hourly': 365 * 24,
};

type Say = (key: string, values?: PhraseValues) => string;

/** Why a field cannot be read, naming the field in the reader's language: thrown, and caught as the reading's reason. */
function fieldProblem(say: Say, key: string, spec: FieldSpec, values: PhraseValues): Error {
  return new Error(say(key, { ...values, field: phrase(`import.comply.cron-field.${spec.name}`) }));
}

function parseValue(text: string, spec: FieldSpec, say: Say): number {
  const named = spec.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return named + spec.min;
  if (!/^\d+$/.test(text)) throw fieldProblem(say, 'cron-not-value', spec, { text });
  const n = Number(text);
  if (n < spec.min || n > spec.max) throw fieldProblem(say, 'cron-out-of-range', spec, { n, min: spec.min, max: spec.max });
  return n;
}

/** The values a cron field selects, and whether it is a wildcard (`*` or `?`). */
function parseField(field: string, spec: FieldSpec, say: Say): { values: Set<number>; star: boolean } {
  const values = new Set<number>();
  let star = false;
  for (const part of field.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw fieldProblem(say, 'cron-bad-step', spec, { step: stepText });
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') {
      [lo, hi] = [spec.min, spec.max];
      if (stepText === undefined) star = true;
    } else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      [lo, hi] = [parseValue(a, spec, say), parseValue(b, spec, say)];
      if (hi < lo) throw fieldProblem(say, 'cron-empty-range', spec, { range });
    } else {
      lo = parseValue(range, spec, say);
      hi = stepText === undefined ? lo : spec.max;
    }
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return { values, star };
}

/** Go's time.ParseDuration, enough for `@every 1h30m`. */
function goDurationSeconds(text: string): number | undefined {
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, 'µs': 1e-6, ns: 1e-9 };
  let total = 0;
  const rest = text.replace(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g, (_, n: string, u: string) => {
    total += Number(n) * units[u]!;
    return '';
  });
  return rest === '' && total > 0 ? total : undefined;
}

/** The evidence frequency for a number of runs per year: the most frequent value it meets. */
export function frequencyFor(perYear: number): EvidenceFrequency {
  if (perYear >= 365 * 4) return 'continuous';
  if (perYear >= 250) return 'daily';
  if (perYear >= 50) return 'weekly';
  if (perYear >= 12) return 'monthly';
  if (perYear >= 4) return 'quarterly';
  if (perYear >= 2) return 'semiannual';
  return 'annual';
}

/**
 * Reads a comply procedure's `cron:` as comply's scheduler does (robfig/cron v1: seconds first,
 * then minute, hour, day of month, month and an optional day of week; or a descriptor such as
 * `@monthly` or `@every 24h`), and turns it into an evidence frequency plus a standard
 * five-field cron for `schedule` (descriptors are kept as written). `reason` is said in `locale`.
 */
export function readComplyCron(cron: string, locale = 'en'): CronReading {
  const say: Say = (key, values) => sayIn(locale, `import.comply.${key}`, values);
  const text = cron.trim();
  try {
    if (text.startsWith('@')) {
      const every = /^@every\s+(\S+)$/.exec(text);
      const perYear = every ? 365 * 86_400 / (goDurationSeconds(every[1]!) ?? NaN) : DESCRIPTORS[text.toLowerCase()];
      if (perYear === undefined || !Number.isFinite(perYear)) return { ok: false, reason: say('cron-descriptor', { text }) };
      return { ok: true, frequency: frequencyFor(perYear), schedule: text, perYear };
    }
    const fields = text.split(/\s+/);
    if (fields.length !== 5 && fields.length !== 6) {
      return { ok: false, reason: say('cron-field-count', { count: fields.length }) };
    }
    const [sec, min, hour, dom, month, dow = '*'] = fields as [string, string, string, string, string, string?];
    const s = parseField(sec, SECOND, say);
    const mi = parseField(min, MINUTE, say);
    const h = parseField(hour, HOUR, say);
    const d = parseField(dom, DOM, say);
    const mo = parseField(month, MONTH, say);
    const w = parseField(dow, DOW, say);
    let days = 0;
    for (const m of mo.values) {
      const inMonth = DAYS_IN_MONTH[m - 1]!;
      const domDays = [...d.values].filter((v) => v <= inMonth).length;
      const dowDays = (inMonth * w.values.size) / 7;
      // robfig/cron: when either day field is a wildcard both must match, else either may.
      if (d.star || w.star) days += d.star && w.star ? inMonth : d.star ? dowDays : domDays;
      else days += Math.min(inMonth, domDays + dowDays);
    }
    const perYear = days * h.values.size * mi.values.size * s.values.size;
    if (perYear === 0) return { ok: false, reason: say('cron-never') };
    const std = (f: string) => f.replace(/\?/g, '*');
    return { ok: true, frequency: frequencyFor(perYear), schedule: [min, hour, dom, month, dow].map(std).join(' '), perYear };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}
