/**
 * A child for the lock clean-up tests: takes a lock with the real `acquireLock`, and stops between
 * writing its temporary file and linking it into place, where a SIGKILL leaves the file behind.
 * `die` kills itself with SIGKILL there; `hang` says `ready` and waits there until killed.
 * Usage: node --import tsx test/helpers/lock-crash.ts <lock file> die|hang
 */
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';

const [file, mode] = process.argv.slice(2) as [string, 'die' | 'hang'];
(fsp as { link: unknown }).link = async () => {
  if (mode === 'die') process.kill(process.pid, 'SIGKILL');
  process.stdout.write('ready\n');
  setInterval(() => undefined, 60_000); // stay alive (a pending promise alone would let node exit)
  await new Promise(() => undefined);
};
syncBuiltinESMExports();
const { acquireLock } = await import('../../src/records/ledger/lock.js');
await acquireLock(file);
