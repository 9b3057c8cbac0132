import { isIsoDate, type IsoDate } from '../../core/dates/calendar.js';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** 1-12 for a month name or its abbreviation of three letters or more ("Jun", "Sept", "June"). */
function month(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return undefined;
  const i = MONTHS.findIndex((m) => m.startsWith(w));
  return i < 0 ? undefined : i + 1;
}

function iso(y: number, m: number, d: number): IsoDate | undefined {
  const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return isIsoDate(s) ? s : undefined;
}

/**
 * Reads one of comply's free-text revision dates ("Jun 1 2018", "June 1, 2018", "1 Jun 2018",
 * "2018-06-01", "2018/06/01"). Undefined for anything not a whole, unambiguous calendar day
 * ("Q3 2018", "06/01/2018", "Jun 2018"): the import keeps such text in the history section
 * and reports it instead of guessing.
 */
export function parseRevisionDate(text: string): IsoDate | undefined {
  const s = text.trim().replace(/\s+/g, ' ');
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  // Month name first: "Jun 1 2018", "June 1st, 2018".
  m = /^([A-Za-z]+\.?) (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$/.exec(s);
  if (m) {
    const mo = month(m[1]!);
    return mo ? iso(Number(m[3]), mo, Number(m[2])) : undefined;
  }
  // Day first: "1 Jun 2018", "1st of June, 2018".
  m = /^(\d{1,2})(?:st|nd|rd|th)?(?: of)? ([A-Za-z]+\.?),? (\d{4})$/.exec(s);
  if (m) {
    const mo = month(m[2]!);
    return mo ? iso(Number(m[3]), mo, Number(m[1])) : undefined;
  }
  return undefined;
}
