import type { Messages } from '../../core/i18n/messages.js';
import type { Theme } from '../theme/theme.js';
import { embeddedFonts, importedFonts, RUNNING_CSS } from './fonts.js';
import { messagesFor, type PolicyDocument } from './policy-document.js';
import { DEFAULT_MARGINS, type Paper, type PrintJob } from './print-job.js';

const cssByTheme = new WeakMap<Theme, Promise<string>>();

/** The PDF stylesheet (`site/pdf/pdf.css`, overridable by the repo), read once per theme. */
export function pdfCss(theme: Theme): Promise<string> {
  let css = cssByTheme.get(theme);
  if (!css) cssByTheme.set(theme, (css = theme.read('pdf/pdf.css')));
  return css;
}

/** Where the page's fonts go in its `css`: a comment, so Handlebars' escaping leaves it as it is. */
const FONTS_SLOT = '/*precept:fonts*/';

/**
 * Renders a theme page template into a print job: `site/pdf/<page>.hbs` gets the data plus
 * `css` (inlined, since the page may load nothing), and the running header and footer templates.
 * The fonts the text needs come first in the page's `css`: `@import`s of stylesheets the page
 * pool answers from memory (importedFonts), or, where `css` does not open a style element,
 * `@font-face` rules with data: URLs. The running header and footer are rendered apart from the
 * page, without its fonts, in one document of their own for each page: a style element before
 * the header embeds (data: URLs) the fonts both need, and the footer, in the same document,
 * carries none of its own. Text no shipped font can show is refused (MissingGlyphsError) rather
 * than printed as boxes.
 */
export async function themePrintJob(
  theme: Theme,
  templates: { page: string; header: string; footer: string },
  data: Record<string, unknown>,
  paper: Paper,
  messages: Messages = theme.messages,
): Promise<PrintJob> {
  const css = await pdfCss(theme);
  const what = typeof data['title'] === 'string' ? data['title'] : templates.page;
  const [page, header, footer] = await Promise.all([
    theme.render(templates.page, { ...data, css: `${FONTS_SLOT}\n${css}` }, messages),
    theme.render(templates.header, data, messages),
    theme.render(templates.footer, data, messages),
  ]);
  // Which fonts the page needs depends on its text: rendered once with a slot for them.
  const at = page.indexOf(FONTS_SLOT);
  let html: string;
  if (at >= 0 && page.indexOf(FONTS_SLOT, at + 1) < 0 && page.startsWith(`${FONTS_SLOT}\n${css}`, at)) {
    const fonts = page.endsWith('<style>', at) ? importedFonts(page, what) : embeddedFonts(page, what);
    html = `${page.slice(0, at)}${fonts}${page.slice(at + FONTS_SLOT.length)}`;
  } else {
    // A theme that escapes or repeats `css`: rendered again with the fonts, as written.
    const draft = await theme.render(templates.page, { ...data, css }, messages);
    html = await theme.render(templates.page, { ...data, css: `${embeddedFonts(draft, what)}\n${css}` }, messages);
  }
  const running = embeddedFonts(`${header}\n${footer}`, what, { running: true });
  return { html, header: `<style>${running}\n${RUNNING_CSS}</style>${header}`, footer: `<style>\n${RUNNING_CSS}</style>${footer}`, paper, margin: DEFAULT_MARGINS };
}

/** The print job of one policy version: `site/pdf/policy.hbs` with `header.hbs` and `footer.hbs`, in the policy's language. */
export function policyPrintJob(theme: Theme, doc: PolicyDocument, paper: Paper, messages: Messages = messagesFor(doc.locale)): Promise<PrintJob> {
  return themePrintJob(theme, { page: 'pdf/policy.hbs', header: 'pdf/header.hbs', footer: 'pdf/footer.hbs' }, { ...doc }, paper, messages);
}
