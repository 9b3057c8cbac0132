import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { availableLocales, loadMessages, readCatalogue } from '../src/core/i18n/messages.js';

/** A value for every argument a message declares: numbers for plural and number arguments, 'other' for selects, text otherwise. */
function sampleValues(source: string): Record<string, string | number> {
  const values: Record<string, string | number> = { count: 2, days: 3, n: 1, org: 'Org', name: 'Name', version: '1.0.0' };
  const walk = (elements: readonly unknown[]) => {
    for (const el of elements as { type: number; value?: string; options?: Record<string, { value: unknown[] }> }[]) {
      // intl-messageformat's AST: 1 argument, 2 number, 3 date, 4 time, 5 select, 6 plural.
      if (el.value !== undefined && el.type >= 1 && el.type <= 6 && !(el.value in values)) {
        values[el.value] = el.type === 2 || el.type === 6 ? 2 : el.type === 5 ? 'other' : `[${el.value}]`;
      }
      for (const option of Object.values(el.options ?? {})) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(source, 'en').getAst());
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

  it('every message compiles and formats in every locale', () => {
    for (const locale of availableLocales()) {
      const messages = loadMessages(locale);
      for (const [key, source] of readCatalogue(locale)) {
        expect(() => messages.t(key, sampleValues(source)), `${locale}:${key}`).not.toThrow();
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
