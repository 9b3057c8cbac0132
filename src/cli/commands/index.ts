import type { Command } from '../command.js';
import { checkCommand } from './check.js';
import { importComplyCommand } from './import-comply.js';
import { initCommand } from './init.js';

/** Every command, in the order `precept --help` lists them. */
export const COMMANDS: readonly Command[] = [
  checkCommand,
  initCommand,
  importComplyCommand,
];
