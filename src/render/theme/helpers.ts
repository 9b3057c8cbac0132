import type Handlebars from 'handlebars';
import type { DateStyle, Messages, MessageValues } from '../../core/i18n/messages.js';

/** The catalogue a template is rendered with: passed as `@messages` in the template's data. */
function messagesOf(options: Handlebars.HelperOptions | undefined, fallback: Messages): Messages {
  const fromData = (options?.data as { messages?: Messages } | undefined)?.messages;
  return fromData ?? fallback;
}

/**
 * What a catalogue's messages and dates come out as, by the arguments they were filled in with:
 * a portal repeats the same few (a version badge, a review date) on thousands of pages, and
 * formatting one again costs far more than looking it up. Kept by the theme (one build), for
 * each catalogue its pages are written in. Arguments that are not plain values (a Date, markup)
 * are not remembered, and the table is emptied when it grows large.
 */
class Formatted {
  private readonly table = new Map<string, string>();

  constructor(private readonly messages: Messages) {}

  private remember(key: string, make: () => string): string {
    let text = this.table.get(key);
    if (text === undefined) {
      if (this.table.size >= 50_000) this.table.clear();
      this.table.set(key, (text = make()));
    }
    return text;
  }

  /** `messages.t(key, values)`. */
  t(key: string, values: Record<string, unknown>): string {
    let id = key;
    for (const name in values) {
      const value = values[name];
      const type = typeof value;
      // The type is part of the key: 1 and "1" may format differently (plurals, numbers).
      // Strings are quoted, so no value can pass for a separator and the next argument.
      if (type === 'string') id += `\0${name}\0${JSON.stringify(value)}`;
      else if (type === 'number' || type === 'boolean' || value === undefined || value === null) id += `\0${name}\0${type}\0${String(value)}`;
      else return this.messages.t(key, values as MessageValues);
    }
    return this.remember(id, () => this.messages.t(key, values as MessageValues));
  }

  /** `messages.date(iso, style)`. */
  date(iso: string, style: DateStyle | undefined): string {
    return this.remember(`\u0001${style ?? ''}\0${iso}`, () => this.messages.date(iso, style));
  }
}

/** Template helpers shared by the portal and the PDFs; strings and dates come from `messages`. */
export function registerHelpers(hbs: typeof Handlebars, messages: Messages): string[] {
  const builtin = new Set(Object.keys(hbs.helpers));
  const catalogues = new Map<Messages, Formatted>();
  const formatted = (options: Handlebars.HelperOptions | undefined): Formatted => {
    const m = messagesOf(options, messages);
    let f = catalogues.get(m);
    if (!f) catalogues.set(m, (f = new Formatted(m)));
    return f;
  };
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('ne', (a: unknown, b: unknown) => a !== b);
  // As in JavaScript: the deciding value itself, so `(or (date d) "none")` can fill in a message.
  hbs.registerHelper('and', (...args: unknown[]) => {
    const values = args.slice(0, -1);
    const falsy = values.findIndex((v) => !v);
    return falsy < 0 ? values.at(-1) : values[falsy];
  });
  hbs.registerHelper('or', (...args: unknown[]) => {
    const values = args.slice(0, -1);
    const truthy = values.findIndex(Boolean);
    return truthy < 0 ? values.at(-1) : values[truthy];
  });
  hbs.registerHelper('not', (a: unknown) => !a);
  hbs.registerHelper('join', (list: unknown, sep: unknown) => (Array.isArray(list) ? list.join(typeof sep === 'string' ? sep : ', ') : ''));
  hbs.registerHelper('len', (list: unknown) => (Array.isArray(list) ? list.length : 0));
  hbs.registerHelper('percent', (n: unknown, d: unknown) => (typeof n === 'number' && typeof d === 'number' && d > 0 ? Math.round((100 * n) / d) : 0));
  /**
   * `{{t "key" name=value}}`: a message from the catalogue, HTML-escaped like any `{{value}}`.
   * A value made by `t-element` (or another helper's safe string) goes in as markup, so a message
   * can hold a link or code: `{{t "portal.search.needs-js" link=(t-element "a" (t "portal.search.register") href=homeHref)}}`.
   */
  hbs.registerHelper('t', (key: unknown, options: Handlebars.HelperOptions) => {
    if (typeof key !== 'string') throw new Error('the t helper needs a message key');
    const hash = options.hash as Record<string, unknown>;
    let plain = true;
    for (const name in hash) {
      if (hash[name] instanceof hbs.SafeString) {
        plain = false;
        break;
      }
    }
    if (plain) return formatted(options).t(key, hash);
    const markup = Object.entries(hash).filter(([, v]) => v instanceof hbs.SafeString);
    // Placeholders from the private use area stand in for the markup while the message is escaped.
    const values: Record<string, unknown> = { ...hash };
    markup.forEach(([name], i) => (values[name] = `\uE000${i}\uE001`));
    const text = hbs.escapeExpression(messagesOf(options, messages).t(key, values as MessageValues));
    return new hbs.SafeString(text.replace(/\uE000(\d+)\uE001/g, (_, i: string) => (markup[Number(i)]![1] as Handlebars.SafeString).toHTML()));
  });
  // The helpers below are named t-* so they cannot hide a template's own fields ({{message}}, {{tag}}).
  /** `{{t-source "key"}}`: a message as written, placeholders and all, for a script to fill in (data attributes). */
  hbs.registerHelper('t-source', (key: unknown, options: Handlebars.HelperOptions) => {
    if (typeof key !== 'string') throw new Error('the t-source helper needs a message key');
    return messagesOf(options, messages).source(key);
  });
  /** `{{t-locale "lang"}}` (the catalogue's language), `{{t-locale "intl"}}` (the Intl locale), `{{t-locale "date-style"}}`. */
  hbs.registerHelper('t-locale', (what: unknown, options: Handlebars.HelperOptions) => {
    const m = messagesOf(options, messages);
    return what === 'intl' ? m.intlLocale : what === 'date-style' ? m.dateStyle : m.locale;
  });
  /** `(link-list items)`: each item's `<a href>title</a>` (with its `lang`), joined as the language joins a list. */
  hbs.registerHelper('link-list', (items: unknown, options: Handlebars.HelperOptions) => {
    const list = Array.isArray(items) ? (items as { href?: string; title?: string; lang?: string }[]) : [];
    const e = hbs.escapeExpression;
    return new hbs.SafeString(list.map((i) => `<a href="${e(i.href ?? '')}"${i.lang ? ` lang="${e(i.lang)}"` : ''}>${e(i.title ?? '')}</a>`)
      .join(e(messagesOf(options, messages).t('common.list-separator'))));
  });
  /** `(name-list items "person")`: the `name` of each item (or of the item's `person`), joined as the language joins a list. */
  hbs.registerHelper('name-list', (items: unknown, ...rest: unknown[]) => {
    const options = rest.at(-1) as Handlebars.HelperOptions;
    const field = typeof rest[0] === 'string' ? rest[0] : undefined;
    const list = Array.isArray(items) ? (items as Record<string, unknown>[]) : [];
    const nameOf = (i: Record<string, unknown>) => String(((field ? i[field] : i) as { name?: unknown } | undefined)?.name ?? '');
    return list.map(nameOf).join(messagesOf(options, messages).t('common.list-separator'));
  });
  /** `(t-element "code" text)`, `(t-element "a" text href=url)`: an element with escaped text and attributes, for `t`. */
  hbs.registerHelper('t-element', (name: unknown, text: unknown, options: Handlebars.HelperOptions) => {
    if (typeof name !== 'string' || !/^[a-z][a-z0-9]*$/.test(name)) throw new Error('the t-element helper needs an element name');
    const attrs = Object.entries(options.hash as Record<string, unknown>).map(([k, v]) => ` ${k}="${hbs.escapeExpression(String(v))}"`).join('');
    return new hbs.SafeString(`<${name}${attrs}>${hbs.escapeExpression(String(text ?? ''))}</${name}>`);
  });
  /** `{{date d}}` / `{{date d "long"}}`: a YYYY-MM-DD date written for the locale ("1 Feb 2026", 2026年2月1日). */
  const date = (d: unknown, ...rest: unknown[]) => {
    const options = rest.at(-1) as Handlebars.HelperOptions;
    const style = typeof rest[0] === 'string' ? (rest[0] as DateStyle) : undefined;
    return typeof d === 'string' ? formatted(options).date(d, style) : '';
  };
  hbs.registerHelper('date', date);
  /** The older name of `date`, kept so repo theme overrides written for it still work. */
  hbs.registerHelper('longDate', date);
  /** `{{number n}}`: a number with the locale's digit grouping. */
  hbs.registerHelper('number', (n: unknown, options: Handlebars.HelperOptions) => (typeof n === 'number' ? messagesOf(options, messages).number(n) : ''));
  return Object.keys(hbs.helpers).filter((name) => !builtin.has(name));
}
