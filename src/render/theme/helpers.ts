import type Handlebars from 'handlebars';

/** Template helpers shared by the portal and the PDFs. */
export function registerHelpers(hbs: typeof Handlebars): void {
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('ne', (a: unknown, b: unknown) => a !== b);
  hbs.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('not', (a: unknown) => !a);
  hbs.registerHelper('join', (list: unknown, sep: unknown) => (Array.isArray(list) ? list.join(typeof sep === 'string' ? sep : ', ') : ''));
  hbs.registerHelper('len', (list: unknown) => (Array.isArray(list) ? list.length : 0));
  hbs.registerHelper('percent', (n: unknown, d: unknown) => (typeof n === 'number' && typeof d === 'number' && d > 0 ? Math.round((100 * n) / d) : 0));
  /** A date YYYY-MM-DD as "1 Feb 2026" (UTC, fixed English months: output must not depend on locale). */
  hbs.registerHelper('longDate', (d: unknown) => {
    if (typeof d !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(d)) return '';
    const [y, m, day] = d.split('-').map(Number) as [number, number, number];
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    return `${day} ${months[m - 1]} ${y}`;
  });
}
