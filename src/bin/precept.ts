#!/usr/bin/env node
import { main } from '../cli/main.js';

const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => controller.abort());
const { stdout, stderr, env } = process;
process.exitCode = await main({ argv: process.argv.slice(2), cwd: process.cwd(), stdout, stderr, env, signal: controller.signal });
