import type { Theme } from '../theme/theme.js';
import type { PolicyDocument } from './policy-document.js';
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
 */
export async function themePrintJob(
  theme: Theme,
  templates: { page: string; header: string; footer: string },
  data: Record<string, unknown>,
  paper: Paper,
): Promise<PrintJob> {
  const css = await pdfCss(theme);
  const [html, header, footer] = await Promise.all([
    theme.render(templates.page, { ...data, css }),
    theme.render(templates.header, data),
    theme.render(templates.footer, data),
  ]);
  return { html, header, footer, paper, margin: DEFAULT_MARGINS };
}

/** The print job of one policy version: `site/pdf/policy.hbs` with `header.hbs` and `footer.hbs`. */
export function policyPrintJob(theme: Theme, doc: PolicyDocument, paper: Paper): Promise<PrintJob> {
  return themePrintJob(theme, { page: 'pdf/policy.hbs', header: 'pdf/header.hbs', footer: 'pdf/footer.hbs' }, { ...doc }, paper);
}
