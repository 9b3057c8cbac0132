import type { Command } from '../command.js';
import { buildCommand } from './build.js';
import { checkCommand } from './check.js';
import { devCommand } from './dev.js';
import { initCommand } from './init.js';

/** Every command, in the order `precept --help` lists them. */
export const COMMANDS: readonly Command[] = [
  checkCommand,
  buildCommand,
  devCommand,
  initCommand,
];
