import { loadMessages } from '../core/i18n/messages.js';
import path from 'node:path';
import { GitRepo } from '../history/git.js';
import { buildTime } from '../history/build-time.js';
import { MarkdownRenderer } from '../markdown/render.js';
import type { ResolvedConfig } from '../repo/config/config.js';
import type { PdfPrinter } from '../render/pdf/printer.js';
import { Theme } from '../render/theme/theme.js';
import type { CommandContext } from './context.js';


/** What the PDF-making commands share: git, the build time, the theme, one Markdown renderer and one printer. */
export interface PdfTools {
  git: GitRepo | undefined;
  time: Date;
  /** Whether `time` came from SOURCE_DATE_EPOCH (a reproducible build). */
  fixedTime: boolean;
  theme: Theme;
  markdown: MarkdownRenderer;
  printer: PdfPrinter;
}

/** Opens the tools for a repo around its printer (see openPrinter), which the caller closes in a `finally`. */
export async function openPdfTools(ctx: CommandContext, root: string, config: ResolvedConfig, printer: PdfPrinter): Promise<PdfTools> {
  const git = await GitRepo.open(root);
  const time = (await buildTime(ctx.io.env, git)) ?? ctx.now();
  const theme = await Theme.load(path.join(root, config.paths.site), loadMessages(config.locale));
  const epoch = ctx.io.env['SOURCE_DATE_EPOCH'];
  return { git, time, fixedTime: epoch !== undefined && epoch !== '', theme, markdown: new MarkdownRenderer(), printer };
}
