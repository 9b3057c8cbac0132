import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../../core/output/atomic.js';
import type { GitRepo } from '../../history/git.js';

/** The name git knows precept's ledger merge driver by (`merge=precept-ledger`, `merge.precept-ledger.driver`). */
export const MERGE_DRIVER = 'precept-ledger';

/** The .gitattributes line that sends the ledgers in a records folder to precept's merge driver. */
export function ledgerAttributesLine(recordsDir: string): string {
  const dir = recordsDir.split(path.sep).join('/').replace(/\/+$/, '');
  // Spaces would end the pattern; git's attribute patterns escape nothing else that a folder name holds.
  return `${dir.replace(/ /g, '[ ]')}/*.jsonl merge=${MERGE_DRIVER}`;
}

/**
 * Makes sure `<root>/.gitattributes` routes the ledgers to the merge driver (`precept init`,
 * `precept ledger setup`). Keeps every line already there; returns whether it added the line.
 */
export async function ensureLedgerAttributes(root: string, recordsDir: string): Promise<boolean> {
  const file = path.join(root, '.gitattributes');
  const line = ledgerAttributesLine(recordsDir);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  if (text.split(/\r?\n/).some((l) => l.trim() === line)) return false;
  const sep = text === '' || text.endsWith('\n') ? '' : '\n';
  await writeFileAtomically(file, `${text}${sep}${line}\n`);
  return true;
}

/**
 * Quotes a word for the shell git runs a merge driver with (`sh -c`): single quotes, with any
 * single quote in it closed, escaped and reopened.
 */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Registers the merge driver in the repository's own config (`.git/config`; git never takes a
 * driver from the repository's files, so each clone runs this once): `command` is how to run
 * precept, and git appends `ledger merge %O %A %B %P`.
 */
export async function configureMergeDriver(git: GitRepo, command: string): Promise<void> {
  await git.run(['config', '--local', `merge.${MERGE_DRIVER}.name`, 'precept ledgers: keep both sides\' records, re-chained']);
  await git.run(['config', '--local', `merge.${MERGE_DRIVER}.driver`, `${command} ledger merge %O %A %B %P`]);
}

/** The driver command configured in the repository, if any. */
export async function configuredMergeDriver(git: GitRepo): Promise<string | undefined> {
  const value = await git.run(['config', '--local', '--get', `merge.${MERGE_DRIVER}.driver`]).catch(() => '');
  return value.trim() || undefined;
}
