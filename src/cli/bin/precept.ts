#!/usr/bin/env node
import { main } from '../main.js';

const controller = new AbortController();
// The first signal asks the command to stop cleanly (temporary output removed); a second one exits at once.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (controller.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143);
    controller.abort();
  });
}
const { stdout, stderr, env } = process;
process.exitCode = await main({ argv: process.argv.slice(2), cwd: process.cwd(), stdout, stderr, env, signal: controller.signal });
