import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { failure, usageFailure } from '../../core/i18n/failure.js';
import { availableLocales, loadMessages } from '../../core/i18n/messages.js';
import { packageRoot } from '../../core/package-root.js';
import { schemaLocation } from '../../import/starter/editor.js';
import { starterFiles } from '../../import/starter/starter.js';
import { writeNewFiles } from '../../import/starter/write-new.js';
import { ensureLedgerAttributes } from '../../records/ledger/merge-driver.js';
import { loadConfig } from '../../repo/config/config.js';
import type { Command } from '../command.js';

/** The entries a starter or the example puts at the top of a repo: a folder holding one is a repo already. */
export const REPO_ENTRIES = ['precept.config.yaml', 'people.yaml', 'policies', 'controls', 'records'] as const;

/** The example organisation `--example` copies. */
export const EXAMPLE = 'examples/kestrel';

const GITIGNORE = 'dist/\n.precept-cache/\n*.p12\n*.pfx\n';

/** The starters this installation has (folders under starters/), by locale. */
async function starters(): Promise<string[]> {
  const entries = await readdir(path.join(packageRoot(), 'starters'), { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

/**
 * Sends the ledgers to precept's merge driver in the new repo's .gitattributes, so two branches
 * that both appended records merge cleanly once a clone ran `precept ledger setup`.
 */
export async function routeLedgerMerges(root: string): Promise<void> {
  const config = await loadConfig(root);
  await ensureLedgerAttributes(root, config.paths.records);
}

/** `precept init [DIR]`: a new policy repo from a starter (or the example organisation). */
export const initCommand: Command = {
  name: 'init',
  summary: 'create a policy repo: a clean starter organisation, or the example with --example',
  args: '[DIR]',
  positionals: { min: 0, max: 1 },
  options: {
    org: { type: 'string', value: 'NAME', description: 'your organisation\'s name, written into precept.config.yaml (with a slug for file names)' },
    locale: { type: 'string', value: 'LOCALE', description: 'the starter\'s language: a folder of precept\'s starters/ (default: en)' },
    example: { type: 'boolean', description: 'start from the example organisation (15 policies, 43 controls) instead, without its ledgers, its policies in review' },
    force: { type: 'boolean', description: 'write into a folder that already has a policy repo (existing files are kept, never overwritten)' },
  },
  details: [
    'Writes precept.config.yaml, people.yaml (one person), one policy (policies/information-security.md,',
    'in review), one control and empty ledgers in records/ into DIR (default: the current folder), plus',
    '.gitignore and .vscode/ settings that point your editor at precept\'s JSON Schemas. YAML files name',
    'their schema on their first line, so a typo is underlined as you type. Add policies and controls',
    'with `precept new policy <id>` and `precept new control <ID>`.',
  ].join('\n'),
  async run(ctx) {
    const target = path.resolve(ctx.io.cwd, ctx.positionals[0] ?? '.');
    const example = ctx.flag('example');
    const locale = ctx.string('locale');
    if (example && locale !== undefined) throw usageFailure('cli.example-locale');
    let source: string;
    if (example) {
      source = path.join(packageRoot(), ...EXAMPLE.split('/'));
    } else {
      const wanted = locale ?? 'en';
      const available = await starters();
      if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(wanted) || !available.includes(wanted)) {
        throw failure('cli.no-starter', { locale: wanted, available: available.join(', ') || 'none' });
      }
      source = path.join(packageRoot(), 'starters', wanted);
    }
    const org = ctx.string('org')?.replace(/\s+/g, ' ').trim();
    if (org === '') throw usageFailure('cli.org-empty');
    await mkdir(target, { recursive: true });
    const existing = await readdir(target);
    const clash = REPO_ENTRIES.filter((e) => existing.includes(e));
    if (clash.length && !ctx.flag('force')) {
      throw failure('cli.init-clash', { target, files: clash.join(', ') });
    }
    const schemas = schemaLocation(target, packageRoot(), existsSync);
    const files = await starterFiles({ source, kind: example ? 'example' : 'starter', organization: org, schemas });
    if (!existing.includes('.gitignore')) files.set('.gitignore', GITIGNORE);
    const result = await writeNewFiles(target, files);
    await routeLedgerMerges(target);
    const relative = path.relative(ctx.io.cwd, target);
    const shown = relative.startsWith('..') || path.isAbsolute(relative) ? target : relative || '.';
    // The starter's own language: a Japanese starter is introduced in Japanese.
    const language = example ? 'en' : locale ?? 'en';
    const m = loadMessages(availableLocales().includes(language) ? language : 'en');
    const what = example ? m.t('cli.init.from-example') : m.t('cli.init.from-starter', { locale: locale ?? 'en' });
    const kept = result.kept.length ? m.t('cli.init.kept', { count: result.kept.length, files: result.kept.join(', ') }) : '';
    ctx.out(m.t('cli.init.created', { dir: shown, what, count: result.written.length, kept }));
    if (!schemas.installed) ctx.err(m.t('cli.init.schemas-note', { dir: path.join(shown, schemas.fromRoot) }));
    const check = `precept check${shown === '.' ? '' : ` --root ${shown}`}`;
    ctx.out(m.t(example ? 'cli.init.next-example' : 'cli.init.next-starter', { check }));
    ctx.out(m.t('cli.init.ledger-setup'));
    return 0;
  },
};
