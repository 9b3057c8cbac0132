/**
 * A child process for the concurrency tests: appends `count` approval records to a ledger,
 * one append per record, tagged with the writer's name in `note`; says `busy` after 20.
 * Usage: node --import tsx test/helpers/ledger-writer.ts <file> <writer> <count>
 */
import { appendRecords } from '../../src/records/ledger/append.js';
import { APPROVALS_LEDGER } from '../../src/records/ledger/registry.js';
import { sampleApproval } from './ledger-records.js';

const [file, writer, count] = process.argv.slice(2) as [string, string, string];
for (let i = 0; i < Number(count); i++) {
  await appendRecords(file, APPROVALS_LEDGER, [sampleApproval({ note: `${writer}:${i}` })]);
  if (i === 20) process.stdout.write('busy\n'); // for tests that kill a writer mid-load
}
