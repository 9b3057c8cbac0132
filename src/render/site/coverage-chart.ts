import type { Messages } from '../../core/i18n/messages.js';
import type { CoverageCounts, FrameworkCoverage } from '../data/views.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (n: number) => (Math.round(n * 10) / 10).toString();

/** Bar colours (also set in CSS, so a theme can change them); each has at least 3:1 contrast on white. */
const COLOURS = { policy: '#1a7f37', control: '#0969da', gap: '#cf222e' } as const;

const WIDTH = 720;
const LABEL = 250;
const BAR = 360;
const ROW = 26;
const BAR_H = 16;

/**
 * Coverage at a glance as an inline SVG (no chart script): one stacked bar per framework and per
 * group in scope, split into criteria covered by a policy, by a control only, and gaps.
 */
export function coverageChart(coverage: readonly FrameworkCoverage[], messages: Messages): string {
  const rows: { label: string; counts: CoverageCounts; strong: boolean }[] = [];
  for (const f of coverage.filter((c) => c.inScope)) {
    rows.push({ label: f.short, counts: f.totals, strong: true });
    const groups = f.groups.filter((g) => g.inScope);
    if (groups.length > 1) for (const g of groups) rows.push({ label: g.name, counts: g, strong: false });
  }
  if (!rows.length) return '';
  const height = rows.length * ROW + 8;
  const parts: string[] = [];
  const summary: string[] = [];
  rows.forEach((row, i) => {
    const y = 4 + i * ROW;
    const { total, byPolicy, byControlOnly, gaps } = row.counts;
    const covered = byPolicy + byControlOnly;
    const label = row.strong ? row.label : `\u2003${row.label}`;
    parts.push(`<text x="0" y="${y + 13}" class="chart-label${row.strong ? ' chart-strong' : ''}" fill="#1f2328">${esc(label)}</text>`);
    let x = LABEL;
    for (const [kind, n] of [['policy', byPolicy], ['control', byControlOnly], ['gap', gaps]] as const) {
      if (!n || !total) continue;
      const w = (BAR * n) / total;
      parts.push(`<rect x="${num(x)}" y="${y}" width="${num(w)}" height="${BAR_H}" class="chart-${kind}" fill="${COLOURS[kind]}"/>`);
      x += w;
    }
    if (!total) parts.push(`<rect x="${LABEL}" y="${y}" width="${BAR}" height="${BAR_H}" class="chart-empty" fill="#eaeef2"/>`);
    parts.push(`<text x="${LABEL + BAR + 8}" y="${y + 13}" class="chart-value" fill="#1f2328">${covered}/${total}</text>`);
    summary.push(messages.t('portal.chart.row', { label: row.label, covered, total, byPolicy, byControl: byControlOnly, gaps }));
  });
  return [
    `<svg class="coverage-chart" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="Chart-title Chart-desc" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="Chart-title">${esc(messages.t('portal.chart.title'))}</title>`,
    `<desc id="Chart-desc">${esc(summary.join(messages.t('portal.chart.join')))}${esc(messages.t('portal.sentence-end'))}</desc>`,
    ...parts,
    '</svg>',
  ].join('\n');
}
