import { cp, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PreceptError } from '../../core/errors.js';
import { packageRoot } from '../../core/package-root.js';
import { ensureLedgerAttributes } from '../../records/ledger/merge-driver.js';
import { loadConfig } from '../../repo/config/config.js';
import type { Command } from '../command.js';

/** What `precept init` copies from the bundled example organisation. */
export const EXAMPLE_ENTRIES = ['precept.config.yaml', 'people.yaml', 'policies', 'controls', 'records'] as const;

const GITIGNORE = 'dist/\n.precept-cache/\n*.p12\n*.pfx\n';

/**
 * Sends the ledgers to precept's merge driver in the new repo's .gitattributes, so two branches
 * that both appended records merge cleanly once a clone ran `precept ledger setup`.
 */
export async function routeLedgerMerges(root: string): Promise<void> {
  const config = await loadConfig(root);
  await ensureLedgerAttributes(root, config.paths.records);
}

/** `precept init [DIR]`: scaffold a new policy repo from the bundled example. */
export const initCommand: Command = {
  name: 'init',
  summary: 'create a policy repo from the bundled example organisation',
  args: '[DIR]',
  positionals: { min: 0, max: 1 },
  options: {
    force: { type: 'boolean', description: 'write into a folder that already has policies (existing files are kept)' },
  },
  details: 'Copies precept.config.yaml, people.yaml, policies/, controls/ and records/ into DIR (default: the current folder).\nEdit the organisation name, the roster and the policies, then run `precept check`.',
  async run(ctx) {
    const target = path.resolve(ctx.io.cwd, ctx.positionals[0] ?? '.');
    await mkdir(target, { recursive: true });
    const existing = await readdir(target);
    const clash = EXAMPLE_ENTRIES.filter((e) => existing.includes(e));
    if (clash.length && !ctx.flag('force')) {
      throw new PreceptError(`${target} already has ${clash.join(', ')}; use --force to add the example beside them (nothing is overwritten)`);
    }
    const source = packageRoot();
    let copied = 0;
    for (const entry of EXAMPLE_ENTRIES) {
      const from = path.join(source, entry);
      const info = await stat(from).catch(() => undefined);
      if (!info) continue;
      await cp(from, path.join(target, entry), { recursive: true, force: false, errorOnExist: false });
      copied++;
    }
    if (!existing.includes('.gitignore')) await writeFile(path.join(target, '.gitignore'), GITIGNORE);
    await routeLedgerMerges(target);
    const shown = path.relative(ctx.io.cwd, target) || '.';
    ctx.out(`Created a policy repo in ${shown} (${copied} entries from the example organisation).`);
    ctx.out(`Next: edit ${path.join(shown, 'precept.config.yaml')} and ${path.join(shown, 'people.yaml')}, then run \`precept check --root ${shown}\`.`);
    ctx.out('In each git clone, run `precept ledger setup` once so that merges keep both branches\' records.');
    return 0;
  },
};
