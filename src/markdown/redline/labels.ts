import { loadMessages, type Messages } from '../../core/i18n/messages.js';

/**
 * The words a redline writes, in the reader's language: what screen readers announce around
 * insertions, deletions and formatting changes (colour and strike-through are not enough), and
 * the notes on moved blocks and formatting-only changes. Plain strings, so they cross to render
 * workers and into cache keys as they are.
 */
export interface RedlineLabels {
  /** The language of these words (the catalogue's locale). */
  lang: string;
  insStart: string;
  insEnd: string;
  delStart: string;
  delEnd: string;
  fmtStart: string;
  fmtEnd: string;
  movedUp: string;
  movedDown: string;
  movedHereFromAbove: string;
  movedHereFromBelow: string;
  /** Starts the note on a formatting-only change ("Formatting changed: "), followed by the kinds below, separated by `separator`. */
  formatting: string;
  separator: string;
  emphasis: string;
  heading: string;
  block: string;
  list: string;
  table: string;
  layout: string;
  link: string;
  /** Names the scrolling box around each table; `{number}` stands for the table's number in the redline. */
  tableRegion: string;
}

const KEYS: Record<Exclude<keyof RedlineLabels, 'lang' | 'tableRegion'>, string> = {
  insStart: 'review.redline.sr.ins-start', insEnd: 'review.redline.sr.ins-end',
  delStart: 'review.redline.sr.del-start', delEnd: 'review.redline.sr.del-end',
  fmtStart: 'review.redline.sr.fmt-start', fmtEnd: 'review.redline.sr.fmt-end',
  movedUp: 'review.redline.moved.up', movedDown: 'review.redline.moved.down',
  movedHereFromAbove: 'review.redline.moved.here-from-above', movedHereFromBelow: 'review.redline.moved.here-from-below',
  formatting: 'review.redline.format.note', separator: 'review.redline.format.separator', emphasis: 'review.redline.format.emphasis', heading: 'review.redline.format.heading',
  block: 'review.redline.format.block', list: 'review.redline.format.list', table: 'review.redline.format.table', layout: 'review.redline.format.layout',
  link: 'review.redline.format.link',
};

/** Where a table's number goes in `tableRegion` (filled in per table by the renderer). */
export const TABLE_NUMBER = '{number}';

/** The redline's words from a message catalogue. */
export function redlineLabels(messages: Messages): RedlineLabels {
  const out = { lang: messages.locale } as RedlineLabels;
  for (const [k, key] of Object.entries(KEYS) as [Exclude<keyof RedlineLabels, 'lang' | 'tableRegion'>, string][]) out[k] = messages.t(key);
  // Labels are plain strings (they cross to render workers and into cache keys): the number is filled in later.
  out.tableRegion = messages.t('review.redline.table-region', { number: TABLE_NUMBER });
  return out;
}

let english: RedlineLabels | undefined;

/** English labels, for callers that do not say. */
export function defaultRedlineLabels(): RedlineLabels {
  english ??= redlineLabels(loadMessages('en'));
  return english;
}
