import { describe, expect, it } from 'vitest';
import { CommandContext } from '../src/cli/context.js';
import { progressLine } from '../src/cli/progress.js';

function context(isTTY: boolean, quiet = false) {
  let stderr = '';
  const ctx = new CommandContext({ argv: [], cwd: '/', env: {}, stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s), isTTY } }, { quiet }, []);
  return { ctx, stderr: () => stderr };
}

describe('progress line', () => {
  it('redraws in place on a terminal and clears itself', () => {
    const { ctx, stderr } = context(true);
    const progress = progressLine(ctx, 'Rendering PDFs');
    progress.update(0, 4);
    progress.update(4, 4);
    progress.done();
    expect(stderr()).toContain('\rRendering PDFs [........................] 0/4');
    expect(stderr()).toContain('\rRendering PDFs [########################] 4/4');
    expect(stderr().endsWith('\r\x1b[K')).toBe(true);
  });

  it('prints nothing when stderr is not a terminal, or with --quiet', () => {
    for (const [tty, quiet] of [[false, false], [true, true]] as const) {
      const { ctx, stderr } = context(tty, quiet);
      const progress = progressLine(ctx, 'Rendering PDFs');
      progress.update(1, 2);
      progress.done();
      expect(stderr()).toBe('');
    }
  });
});
