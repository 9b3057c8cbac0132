import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { availableLocales, loadMessages, readCatalogue } from '../src/core/i18n/messages.js';

/** Every argument a message names, with a value of the kind it takes (a number for plurals, "other" for selects). */
function sampleValues(source: string, locale: string): Record<string, string | number> {
  const values: Record<string, string | number> = {};
  type Node = { type: number; value?: string; options?: Record<string, { value: Node[] }>; children?: Node[] };
  const walk = (nodes: Node[]) => {
    for (const n of nodes) {
      // 1 argument, 2 number, 3 date, 4 time, 5 select, 6 plural (@formatjs/icu-messageformat-parser TYPE).
      if (n.type === 1) values[n.value!] ??= 'x';
      if (n.type === 2 || n.type === 6) values[n.value!] = 2;
      if (n.type === 5) values[n.value!] = 'other';
      for (const o of Object.values(n.options ?? {})) walk(o.value);
      if (n.children) walk(n.children);
    }
  };
  walk(new IntlMessageFormat(source, locale, undefined, { ignoreTag: true }).getAst() as unknown as Node[]);
  return values;
}

describe('message catalogues', () => {
  it('ship English and Japanese', () => {
    expect(availableLocales()).toEqual(expect.arrayContaining(['en', 'ja']));
  });

  it('every catalogue has exactly the keys English has (a translation is complete)', () => {
    const english = [...readCatalogue('en').keys()].sort();
    for (const locale of availableLocales()) {
      const keys = [...readCatalogue(locale).keys()].sort();
      expect({ locale, missing: english.filter((k) => !keys.includes(k)), extra: keys.filter((k) => !english.includes(k)) })
        .toEqual({ locale, missing: [], extra: [] });
    }
  });

  it('every message compiles and formats in every locale, and names the same arguments as English', () => {
    const english = readCatalogue('en');
    for (const locale of availableLocales()) {
      const messages = loadMessages(locale);
      for (const [key, source] of readCatalogue(locale)) {
        const values = sampleValues(source, locale);
        expect(() => messages.t(key, values), `${locale}:${key}`).not.toThrow();
        // A translation may leave an argument out (Japanese has no plural forms) but never invent one.
        const known = Object.keys(sampleValues(english.get(key)!, 'en'));
        expect(Object.keys(values).filter((v) => !known.includes(v)), `${locale}:${key}`).toEqual([]);
      }
    }
  });

  it('formats dates, numbers and plurals per locale', () => {
    const en = loadMessages('en');
    const ja = loadMessages('ja');
    expect(en.date('2026-02-01')).toBe('1 Feb 2026');
    expect(ja.date('2026-02-01', 'long')).toBe('2026年2月1日');
    expect(en.number(12345)).toBe('12,345');
    expect(en.t('common.review-badge.overdue', { days: 1 })).toBe('Overdue by 1 day');
    expect(en.t('common.review-badge.overdue', { days: 3 })).toBe('Overdue by 3 days');
    expect(ja.t('portal.default-title', { org: '株式会社サンプル' })).toBe('株式会社サンプル 規程集');
  });

  it('names what is wrong with a missing key or locale', () => {
    expect(() => loadMessages('en').t('no.such.key')).toThrow(/no\.such\.key/);
    expect(() => loadMessages('xx')).toThrow(/no message catalogue for locale "xx"/);
  });
});
