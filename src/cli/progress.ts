import type { CommandContext } from './context.js';

/**
 * A progress line on stderr ("Rendering PDFs 12/32") that redraws in place, only when stderr is
 * a terminal; `done()` clears it. Elsewhere (CI, pipes, tests) it prints nothing.
 */
export function progressLine(ctx: CommandContext, label: string): { update: (done: number, total: number) => void; done: () => void } {
  const tty = Boolean(ctx.io.stderr.isTTY) && !ctx.flag('quiet');
  let shown = false;
  let last = 0;
  return {
    update(done, total) {
      if (!tty || total === 0) return;
      const now = Date.now();
      if (done < total && now - last < 80) return;
      last = now;
      const width = 24;
      const filled = Math.round((width * done) / total);
      ctx.io.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}\x1b[K`);
      shown = true;
    },
    done() {
      if (shown) ctx.io.stderr.write('\r\x1b[K');
      shown = false;
    },
  };
}
