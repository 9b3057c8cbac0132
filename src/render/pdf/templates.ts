import type { Messages } from '../../core/i18n/messages.js';
import type { Theme } from '../theme/theme.js';
import { embeddedFonts, RUNNING_CSS } from './fonts.js';
import { messagesFor, type PolicyDocument } from './policy-document.js';
import { DEFAULT_MARGINS, type Paper, type PrintJob } from './print-job.js';

const cssByTheme = new WeakMap<Theme, Promise<string>>();

/** The PDF stylesheet (`site/pdf/pdf.css`, overridable by the repo), read once per theme. */
export function pdfCss(theme: Theme): Promise<string> {
  let css = cssByTheme.get(theme);
  if (!css) cssByTheme.set(theme, (css = theme.read('pdf/pdf.css')));
  return css;
}

/**
 * Renders a theme page template into a print job: `site/pdf/<page>.hbs` gets the data plus
 * `css` (inlined, since the page may load nothing), and the running header and footer templates.
 * The fonts the text needs are embedded as data: URLs, in the page's `css` and in a style element
 * before the header and footer (Chromium renders those apart from the page, without its fonts).
 * Text no shipped font can show is refused (MissingGlyphsError) rather than printed as boxes.
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
  const [draft, header, footer] = await Promise.all([
    theme.render(templates.page, { ...data, css }, messages),
    theme.render(templates.header, data, messages),
    theme.render(templates.footer, data, messages),
  ]);
  // The page is rendered again with its fonts: which fonts it needs depends on its text.
  const html = await theme.render(templates.page, { ...data, css: `${embeddedFonts(draft, what)}\n${css}` }, messages);
  const running = (fragment: string) => `<style>${embeddedFonts(fragment, what, { running: true })}\n${RUNNING_CSS}</style>${fragment}`;
  return { html, header: running(header), footer: running(footer), paper, margin: DEFAULT_MARGINS };
}

/** The print job of one policy version: `site/pdf/policy.hbs` with `header.hbs` and `footer.hbs`, in the policy's language. */
export function policyPrintJob(theme: Theme, doc: PolicyDocument, paper: Paper, messages: Messages = messagesFor(doc.locale)): Promise<PrintJob> {
  return themePrintJob(theme, { page: 'pdf/policy.hbs', header: 'pdf/header.hbs', footer: 'pdf/footer.hbs' }, { ...doc }, paper, messages);
}
