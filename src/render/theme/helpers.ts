import type Handlebars from 'handlebars';
import type { DateStyle, Messages, MessageValues } from '../../core/i18n/messages.js';

/** The catalogue a template is rendered with: passed as `@messages` in the template's data. */
function messagesOf(options: Handlebars.HelperOptions | undefined, fallback: Messages): Messages {
  const fromData = (options?.data as { messages?: Messages } | undefined)?.messages;
  return fromData ?? fallback;
}

/** Template helpers shared by the portal and the PDFs; strings and dates come from `messages`. */
export function registerHelpers(hbs: typeof Handlebars, messages: Messages): void {
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('ne', (a: unknown, b: unknown) => a !== b);
  hbs.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('not', (a: unknown) => !a);
  hbs.registerHelper('join', (list: unknown, sep: unknown) => (Array.isArray(list) ? list.join(typeof sep === 'string' ? sep : ', ') : ''));
  hbs.registerHelper('len', (list: unknown) => (Array.isArray(list) ? list.length : 0));
  hbs.registerHelper('percent', (n: unknown, d: unknown) => (typeof n === 'number' && typeof d === 'number' && d > 0 ? Math.round((100 * n) / d) : 0));
  /** `{{t "key" name=value}}`: a message from the catalogue, HTML-escaped like any `{{value}}`. */
  hbs.registerHelper('t', (key: unknown, options: Handlebars.HelperOptions) => {
    if (typeof key !== 'string') throw new Error('the t helper needs a message key');
    return messagesOf(options, messages).t(key, options.hash as MessageValues);
  });
  /** `{{date d}}` / `{{date d "long"}}`: a YYYY-MM-DD date written for the locale ("1 Feb 2026", 2026/02/01). */
  const date = (d: unknown, ...rest: unknown[]) => {
    const options = rest.at(-1) as Handlebars.HelperOptions;
    const style = (typeof rest[0] === 'string' ? rest[0] : 'medium') as DateStyle;
    return typeof d === 'string' ? messagesOf(options, messages).date(d, style) : '';
  };
  hbs.registerHelper('date', date);
  /** The older name of `date`, kept so repo theme overrides written for it still work. */
  hbs.registerHelper('longDate', date);
  /** `{{number n}}`: a number with the locale's digit grouping. */
  hbs.registerHelper('number', (n: unknown, options: Handlebars.HelperOptions) => (typeof n === 'number' ? messagesOf(options, messages).number(n) : ''));
}
