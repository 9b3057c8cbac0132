import type { Command } from '../command.js';
import { ackCommand } from './ack.js';
import { acksImportCommand } from './acks-import.js';
import { acksStatusCommand } from './acks-status.js';
import { approvalsImportCommand } from './approvals-import.js';
import { approvalsStatusCommand } from './approvals-status.js';
import { approveCommand } from './approve.js';
import { buildCommand } from './build.js';
import { checkCommand } from './check.js';
import { codeownersCommand } from './codeowners.js';
import { dueCommand } from './due.js';
import { importComplyCommand } from './import-comply.js';
import { devCommand } from './dev.js';
import { initCommand } from './init.js';
import { ledgerRepairCommand, ledgerVerifyCommand } from './ledger.js';
import { reviewCommand } from './review.js';
import { keygenCommand } from './keygen.js';
import { packCommand } from './pack.js';
import { verifyCommand } from './verify.js';
import { serveCommand } from './serve.js';

/** Every command, in the order `precept --help` lists them. */
export const COMMANDS: readonly Command[] = [
  checkCommand,
  buildCommand,
  packCommand,
  verifyCommand,
  keygenCommand,
  devCommand,
  initCommand,
  reviewCommand,
  approveCommand,
  approvalsImportCommand,
  approvalsStatusCommand,
  ackCommand,
  acksImportCommand,
  acksStatusCommand,
  dueCommand,
  serveCommand,
  codeownersCommand,
  ledgerVerifyCommand,
  ledgerRepairCommand,
  importComplyCommand,
];
