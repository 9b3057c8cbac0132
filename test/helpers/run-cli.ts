import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main.js';

/** The render cache's home for this test file's CLI runs: tests never write into the user's ~/.cache. */
const CACHE_HOME = mkdtempSync(path.join(os.tmpdir(), 'precept-test-cache-'));

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
    env: { NO_COLOR: '1', XDG_CACHE_HOME: CACHE_HOME, ...options.env },
    ...(now ? { now: () => now } : {}),
  });
  return { code, stdout, stderr };
}
