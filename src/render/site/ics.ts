import type { BuildData } from '../data/build-data.js';
import { addDays } from '../../core/dates/calendar.js';
import { loadMessages, type Messages } from '../../core/i18n/messages.js';
import { cycleLabel } from './labels.js';
import { urls } from './urls.js';

/** Control characters (HTAB aside) that RFC 5545 allows in no value; a CR or LF alone would end the content line. */
const CONTROLS = /[\u0000-\u0008\u000a-\u001f\u007f]/g;

/**
 * Escapes an iCalendar TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, every
 * line break (CRLF, a bare CR or a bare LF) written as `\n`, and other controls dropped, so a
 * title can never start a property of its own.
 */
function text(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n').replace(CONTROLS, '');
}

const ASCII = /^[\u0000-\u007f]*$/;

/** Folds a content line at 75 octets without splitting a UTF-8 character (RFC 5545 3.1). */
function fold(line: string): string {
  // Most lines are ASCII, one octet a character: cut by length (a 1000-policy calendar is folded
  // on every dev rebuild; measuring each character took 0.1 s).
  if (ASCII.test(line)) {
    if (line.length <= 75) return line;
    const parts = [line.slice(0, 75)];
    for (let i = 75; i < line.length; i += 74) parts.push(line.slice(i, i + 74));
    return parts.join('\r\n ');
  }
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (octets + n > (out.length ? 74 : 75)) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += n;
  }
  out.push(current);
  return out.join('\r\n ');
}

const compact = (date: string) => date.replace(/-/g, '');

/**
 * `reviews.ics`: an all-day event on each policy's next review date, for people to subscribe to,
 * written in the portal's language. DTSTAMP is the build time, so the file is the same for the
 * same commit.
 */
export function reviewCalendar(data: BuildData, options: { name: string; slug: string; baseUrl: string | undefined; messages?: Messages }): string {
  const m = options.messages ?? loadMessages('en');
  const stamp = (data.buildTime ?? new Date(`${data.asOf}T00:00:00Z`)).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//precept//Policy review calendar//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${text(m.t('ics.calendar-name', { org: options.name }))}`,
  ];
  const due = data.policies
    .filter((p) => p.status !== 'retired' && p.review.next)
    .sort((a, b) => (a.review.next! < b.review.next! ? -1 : a.review.next! > b.review.next! ? 1 : a.id < b.id ? -1 : 1));
  for (const p of due) {
    const next = p.review.next!;
    const description = [
      m.t('ics.owner', { name: p.owner.name }),
      m.t('ics.version', { version: p.version }),
      m.t('ics.cycle', { cycle: cycleLabel(m, p.review.cycle) }),
      p.review.last ? m.t('ics.last-review', { date: m.reportDate(p.review.last) }) : m.t('ics.effective', { date: p.effective ? m.reportDate(p.effective) : m.t('ics.not-set') }),
    ].join('\n');
    lines.push(
      'BEGIN:VEVENT',
      `UID:review-${p.id}-${compact(next)}@${options.slug}.precept`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${compact(next)}`,
      `DTEND;VALUE=DATE:${compact(addDays(next, 1))}`,
      `SUMMARY:${text(m.t('ics.summary', { title: p.title }))}`,
      `DESCRIPTION:${text(description)}`,
      `CATEGORIES:${text(m.t('ics.category'))}`,
      'TRANSP:TRANSPARENT',
    );
    if (options.baseUrl) lines.push(`URL:${options.baseUrl.replace(CONTROLS, '').replace(/\/?$/, '/')}${urls.policy(p.id)}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
