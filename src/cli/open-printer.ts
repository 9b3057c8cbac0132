import path from 'node:path';
import type { ResolvedConfig } from '../repo/config/config.js';
import { PdfPrinter } from '../render/pdf/printer.js';
import { cacheDirFor } from './cache-dir.js';
import type { CommandContext } from './context.js';

/**
 * The printer of a repo (its configured browser, its PDF cache); the caller closes it in a
 * `finally`. With `warm`, the browser starts at once, in the background (for commands that will
 * certainly print). A module of its own, light to load, so a command can start the browser
 * before it loads the rest of its code.
 */
export async function openPrinter(ctx: CommandContext, root: string, config: ResolvedConfig, options: { warm?: boolean } = {}): Promise<PdfPrinter> {
  const printer = PdfPrinter.create({
    env: ctx.io.env,
    configuredBrowser: config.browser.executable,
    runningAsRoot: process.getuid?.() === 0,
    cacheDir: await cacheDirFor(ctx, root).then((dir) => (dir === undefined ? undefined : path.join(dir, 'pdf'))),
  });
  if (options.warm) printer.warmUp();
  return printer;
}
