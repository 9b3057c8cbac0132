import { phrase, type Phrase } from '../../core/i18n/phrase.js';

/**
 * Ids become folder names in the portal (`policies/<id>/`, `controls/<id>/`, `frameworks/<id>/`)
 * beside the list page of their kind (`controls/index.html`), and file names in PDFs and packs.
 * These would collide with a page precept writes, or cannot be a file name on Windows.
 */
const PAGE_NAMES = new Set(['index.html', 'index.htm', '404.html']);
const WINDOWS_DEVICES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** Why an id cannot be used, or undefined when it can. Compared without case: macOS and Windows file systems ignore it. */
export function reservedIdProblem(id: string): Phrase | undefined {
  if (PAGE_NAMES.has(id.toLowerCase())) return phrase('check.reserved-id.page', { id });
  if (WINDOWS_DEVICES.test(id)) return phrase('check.reserved-id.device', { id });
  return undefined;
}
