import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { PreceptError } from '../errors.js';
import { availableLocales, messagesDir } from './locales.js';
import { parsePlainYaml } from '../yaml/plain-yaml.js';
import { yamlLib } from '../yaml/yaml-lib.js';
import { Memo } from '../memo.js';
import { isPhrase, type Phrase, type PhraseValues } from './phrase.js';

/** Values a message may interpolate: ICU MessageFormat arguments (`{count, plural, ...}`, `{name}`). */
export type MessageValues = Record<string, string | number | boolean | Date | null | undefined>;

/** How a calendar date is written: `long` "1 February 2026" / 2026年2月1日, `medium` "1 Feb 2026" / 2026/02/01; each locale has its own default (`meta.date-style`). */
export type DateStyle = 'long' | 'medium' | 'short';

export { availableLocales, messagesDir } from './locales.js';

/** Flattens nested YAML maps into dotted keys: `{portal: {owner: Owner}}` -> `portal.owner`. */
function flatten(node: unknown, prefix: string, out: Map<string, string>, file: string): void {
  if (typeof node === 'string') {
    out.set(prefix, node);
    return;
  }
  if (node === null || typeof node !== 'object' || Array.isArray(node)) {
    throw new PreceptError(`message catalogue ${file}: "${prefix}" must be a string or a map of messages`);
  }
  for (const [k, v] of Object.entries(node)) flatten(v, prefix ? `${prefix}.${k}` : k, out, file);
}

/**
 * Reads one locale's catalogue into dotted keys. Each area of precept has its own file
 * (`portal.yaml`, `pack.yaml`, ...), whose name is the first part of its keys (`portal.owner`).
 */
export function readCatalogue(locale: string): Map<string, string> {
  if (!/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(locale)) throw new PreceptError(`not a locale: "${locale}"`);
  const dir = path.join(messagesDir(), locale);
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  } catch {
    throw new PreceptError(`no message catalogue for locale "${locale}" (precept has: ${availableLocales().join(', ')})`);
  }
  const table = new Map<string, string>();
  for (const f of files) {
    const rel = `messages/${locale}/${f}`;
    const text = readFileSync(path.join(dir, f), 'utf8');
    // Catalogues are mostly plain YAML, which the fast reader takes; the full parser reads the rest.
    flatten(parsePlainYaml(text) ?? yamlLib().parse(text) ?? {}, f.slice(0, -'.yaml'.length), table, rel);
  }
  return table;
}

/**
 * The strings precept writes for people, in one language, with dates and numbers formatted
 * for it. Keys missing from a catalogue fall back to English, so a partial translation still
 * builds; a key missing from English is a bug in precept and throws.
 */
export class Messages {
  private readonly compiled = new Map<string, IntlMessageFormat>();
  private readonly plain = new Map<string, string>();
  private readonly dateFormats = new Map<DateStyle, Intl.DateTimeFormat>();
  private listFormat: Intl.ListFormat | undefined;
  private numberFormat: Intl.NumberFormat | undefined;
  /** The locale Intl formats dates and numbers with (`meta.intl`, e.g. en-GB for "1 Feb 2026"). */
  readonly intlLocale: string;
  /** Changes whenever a message of this catalogue or its fallback changes: part of output cache keys. */
  readonly key: string;

  constructor(
    /** The catalogue's locale, also the `lang` of what is written with it. */
    readonly locale: string,
    private readonly table: ReadonlyMap<string, string>,
    private readonly fallback?: Messages,
  ) {
    this.intlLocale = table.get('meta.intl') ?? locale;
    const hash = createHash('sha256').update(`${locale}\0${fallback?.key ?? ''}`);
    for (const [k, v] of [...table].sort(([a], [b]) => (a < b ? -1 : 1))) hash.update(`\0${k}\0${v}`);
    this.key = hash.digest('hex');
  }

  /** Whether this catalogue (or its fallback) has a message. */
  has(key: string): boolean {
    return this.table.has(key) || (this.fallback?.has(key) ?? false);
  }

  /** The message for `key` as written in the catalogue, for code that fills it in itself (the portal's scripts). */
  source(key: string): string {
    const source = this.table.get(key);
    if (source !== undefined) return source;
    if (this.fallback) return this.fallback.source(key);
    throw new Error(`message "${key}" is missing from messages/${this.locale}/`);
  }

  /** The message for `key`, with ICU arguments filled in. */
  t(key: string, values?: MessageValues): string {
    // Most messages on a page are labels without arguments: formatted once, then reused.
    let plain = true;
    for (const _ in values) {
      plain = false;
      break;
    }
    if (plain) {
      let text = this.plain.get(key);
      if (text === undefined) this.plain.set(key, (text = this.format(key, undefined)));
      return text;
    }
    return this.format(key, values);
  }

  /** A phrase in this language, its phrase arguments formatted first. */
  say(p: Phrase): string {
    if (!p.values) return this.t(p.key);
    const values: MessageValues = {};
    for (const [k, v] of Object.entries(p.values)) values[k] = isPhrase(v) ? this.say(v) : v;
    return this.t(p.key, values);
  }

  private format(key: string, values: MessageValues | undefined): string {
    let format = this.compiled.get(key);
    if (!format) {
      const source = this.table.get(key);
      if (source === undefined) {
        if (this.fallback) return this.fallback.t(key, values);
        throw new Error(`message "${key}" is missing from messages/${this.locale}.yaml`);
      }
      format = new IntlMessageFormat(source, this.intlLocale, undefined, { ignoreTag: true });
      this.compiled.set(key, format);
    }
    const out = format.format(values as Record<string, string | number | boolean | Date | null | undefined>);
    return Array.isArray(out) ? out.join('') : String(out);
  }

  /** How this locale writes a date unless told otherwise (`meta.date-style`: "1 Feb 2026", 2026年2月1日). */
  get dateStyle(): DateStyle {
    const style = this.table.get('meta.date-style') ?? this.fallback?.dateStyle;
    return style === 'long' || style === 'short' ? style : 'medium';
  }

  /**
   * A date in text and reports meant to be read and compared at a glance (`due`, `acks status`,
   * the calendar's descriptions): `meta.report-date-style`, `iso` (2026-02-01) in English,
   * long (2026年2月1日) in Japanese.
   */
  reportDate(iso: string): string {
    const style = this.table.get('meta.report-date-style') ?? this.fallback?.table.get('meta.report-date-style');
    return style === 'iso' || style === undefined ? iso : this.date(iso, style === 'long' || style === 'short' ? style : 'medium');
  }

  /** A calendar date (YYYY-MM-DD) written for this locale; anything else comes back as given. */
  date(iso: string, style: DateStyle = this.dateStyle): string {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
    // Making a DateTimeFormat costs far more than using one: a pack writes tens of thousands of dates.
    let format = this.dateFormats.get(style);
    if (!format) this.dateFormats.set(style, (format = new Intl.DateTimeFormat(this.intlLocale, { timeZone: 'UTC', dateStyle: style })));
    return format.format(new Date(`${iso}T00:00:00Z`));
  }

  /** An instant (signing time, build time) with its UTC offset, for this locale. */
  dateTime(instant: Date, timeZone = 'UTC'): string {
    return new Intl.DateTimeFormat(this.intlLocale, { timeZone, dateStyle: 'medium', timeStyle: 'long' }).format(instant);
  }

  /** A number with this locale's grouping. */
  number(n: number): string {
    this.numberFormat ??= new Intl.NumberFormat(this.intlLocale);
    return this.numberFormat.format(n);
  }

  /** "a, b and c" / 「a、b、c」. */
  list(items: readonly string[]): string {
    this.listFormat ??= new Intl.ListFormat(this.intlLocale, { style: 'long', type: 'conjunction' });
    return this.listFormat.format(items);
  }
}

// The catalogues ship with precept and do not change while it runs: read once per process (per
// worker thread), not per render job or per command step.
const loaded = new Memo<string, Messages>({ entries: 64 });

/** Loads the catalogue for a locale, falling back to English for keys it lacks. */
export function loadMessages(locale = 'en'): Messages {
  return loaded.get(locale, () => {
    const english = locale === 'en' ? undefined : loadMessages('en');
    return english ? new Messages(locale, readCatalogue(locale), english) : new Messages('en', readCatalogue('en'));
  });
}

/**
 * A message of `locale`'s catalogue, for code that has something to say only when something is
 * wrong (the loader, the ledger readers): the catalogue is read then, once per process, and never
 * on the path where every file is fine.
 */
export function sayIn(locale: string, key: string, values?: PhraseValues): string {
  return loadMessages(locale).say(values === undefined ? { key } : { key, values });
}
