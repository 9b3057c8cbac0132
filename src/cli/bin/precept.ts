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
// SIGHUP is taken over only while a command listens for it (serve reloads on it).
const onReload = (listener: () => void) => {
  process.on('SIGHUP', listener);
  return () => void process.off('SIGHUP', listener);
};
const { stdout, stderr, env } = process;
process.exitCode = await main({ argv: process.argv.slice(2), cwd: process.cwd(), stdout, stderr, env, signal: controller.signal, onReload });
