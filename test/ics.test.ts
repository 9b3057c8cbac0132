/** The review calendar's content lines: folded at 75 octets (RFC 5545 3.1), ASCII or not, and unfolded to the same text. */
import { expect, it } from 'vitest';
import type { BuildData } from '../src/render/data/build-data.js';
import { reviewCalendar } from '../src/render/site/ics.js';

const policy = (id: string, title: string) => ({
  id, title, status: 'approved', version: '1.0.0', effective: '2026-01-01', owner: { name: 'Ada Owner' },
  review: { next: '2027-01-01', cycle: 'annual', last: '2026-01-01' },
});

it('folds long lines at 75 octets without splitting a character, and unfolds to the text', () => {
  const titles = ['A'.repeat(75 - 'SUMMARY:Review: '.length), 'Long ascii title '.repeat(12), 'アクセス管理方針 '.repeat(12), `${'x'.repeat(60)}é${'y'.repeat(100)}`];
  const data = { buildTime: new Date('2026-11-25T00:00:00Z'), asOf: '2026-11-25', policies: titles.map((t, i) => policy(`p-${i}`, t)) } as unknown as BuildData;
  const ics = reviewCalendar(data, { name: 'Org', slug: 'org', baseUrl: undefined });
  const lines = ics.split('\r\n');
  for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  expect(lines.filter((l) => l.startsWith(' ')).length).toBeGreaterThan(4);
  const unfolded = ics.replace(/\r\n /g, '');
  for (const t of titles) expect(unfolded).toContain(t.trimEnd());
  expect(unfolded).not.toContain('\uFFFD');
});
