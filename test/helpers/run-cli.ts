import { main } from '../../src/cli/main.js';

/** What a CLI run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process through main(), capturing output. */
export async function runCli(argv: string[], options: { cwd?: string; env?: Record<string, string>; now?: Date } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const now = options.now;
  const code = await main({
    argv,
    cwd: options.cwd ?? process.cwd(),
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env: { NO_COLOR: '1', ...options.env },
    ...(now ? { now: () => now } : {}),
  });
  return { code, stdout, stderr };
}
