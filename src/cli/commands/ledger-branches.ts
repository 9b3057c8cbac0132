import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PreceptError, UsageError } from '../../core/errors.js';
import { failure, usageFailure } from '../../core/i18n/failure.js';
import { writeFileAtomically } from '../../core/output/atomic.js';
import { packageRoot } from '../../core/package-root.js';
import { GitRepo } from '../../history/git.js';
import { committedLedger } from '../../records/ledger/anchor.js';
import type { LedgerKind } from '../../records/ledger/kind.js';
import { rebaseLiveLedger } from '../../records/ledger/live-rebase.js';
import { mergeLedgers } from '../../records/ledger/merge.js';
import { configureMergeDriver, ensureLedgerAttributes, ledgerAttributesLine, shellWord } from '../../records/ledger/merge-driver.js';
import { ledgerPath } from '../../records/ledger/read.js';
import { LEDGERS } from '../../records/ledger/registry.js';
import { validateAgainst } from '../../repo/schema/validator.js';
import { COMMON, type Command } from '../command.js';
import { loadMessages, sayIn } from '../../core/i18n/messages.js';
import { readerLocale } from '../reader-locale.js';

/**
 * Which ledger a merge is about: from the path git passes (%P), else from the records themselves
 * (the first record of any side, checked against each kind's schema).
 */
function kindOf(pathname: string | undefined, sides: readonly Buffer[], locale: string): LedgerKind {
  if (pathname !== undefined) {
    const byName = LEDGERS.find((k) => path.posix.basename(pathname.split(path.sep).join('/')) === k.file);
    if (byName) return byName;
  }
  for (const bytes of sides) {
    const nl = bytes.indexOf(10);
    if (nl <= 0) continue;
    let record: unknown;
    try {
      record = JSON.parse(bytes.subarray(0, nl).toString('utf8'));
    } catch {
      continue;
    }
    const kind = LEDGERS.find((k) => validateAgainst(k.schema, record).length === 0);
    if (kind) return kind;
  }
  throw new PreceptError(sayIn(locale, 'ledger.merge.unknown-kind', { named: pathname === undefined ? 'no' : 'yes', file: pathname ?? '', known: LEDGERS.map((k) => k.file).join(', ') }), { exitCode: 1, locale });
}

/** `precept ledger merge BASE OURS THEIRS [PATH]`: git's merge driver for the ledgers. */
export const ledgerMergeCommand: Command = {
  name: 'ledger merge',
  summary: "git's merge driver for ledgers: keep both branches' records, drop repeats, re-chain the appended ones",
  args: '<base> <ours> <theirs> [path]',
  positionals: { min: 3, max: 4 },
  options: {},
  details: `Run by git as \`precept ledger merge %O %A %B %P\` (set up with \`precept ledger setup\`).
Writes the merged ledger to <ours>: the other side's ledger (the branch merged in) as it is, then
the records this side appended that it lacks (by key), numbered and chained after it.
Exit 1, leaving the conflict to git, when a side changed or removed a record of the base or does
not verify.`,
  async run(ctx) {
    const [base, ours, theirs, pathname] = ctx.positionals as [string, string, string, string | undefined];
    // Git runs the driver for whichever repo is merging, outside its config: the terminal's language.
    const locale = readerLocale(ctx.io.env);
    const resolve = (file: string) => path.resolve(ctx.io.cwd, file);
    const read = (file: string) => readFile(resolve(file)).catch((error: Error) => {
      throw new UsageError(sayIn(locale, 'ledger.merge.unreadable', { file, error: error.message }), { locale });
    });
    // Every side is read, and the first unreadable one in argument order is named (Promise.all would name whichever failed first).
    const settled = await Promise.allSettled([read(base), read(ours), read(theirs)]);
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const sides = settled.map((r) => (r as PromiseFulfilledResult<Buffer>).value) as [Buffer, Buffer, Buffer];
    const kind = kindOf(pathname, sides, locale);
    const label = pathname ?? kind.file;
    const merged = mergeLedgers(kind, label, ...sides, locale);
    await writeFileAtomically(resolve(ours), merged.bytes);
    ctx.out(loadMessages(locale).t('ledger.merge.merged', { file: label, theirs: merged.theirs, ours: merged.ours, dropped: merged.duplicates }));
    return 0;
  },
};

/** `precept ledger rebase --onto REF`: re-chain the local appended records onto REF's ledgers. */
export const ledgerRebaseCommand: Command = {
  name: 'ledger rebase',
  summary: "re-chain the records appended here onto another commit's ledgers (for scripts that push records)",
  options: {
    root: COMMON.root,
    onto: { type: 'string', value: 'REF', description: 'the commit whose ledgers the local records go after (origin/main)' },
  },
  details: `Each ledger in the working tree becomes REF's ledger followed by the local records REF
does not have (by key), renumbered and chained after REF's. Records REF already holds are dropped.
Typical use after a rejected push:
  git fetch origin main
  precept ledger rebase --onto origin/main
  git reset -q --soft origin/main
  git commit -q -m "Record acknowledgements" -- records/
  git reset -q --hard HEAD
  git push origin HEAD:main`,
  async run(ctx) {
    const onto = ctx.string('onto');
    if (!onto) throw usageFailure('cli.onto');
    const config = await ctx.config();
    const git = await GitRepo.open(ctx.root);
    if (!git) throw failure('cli.no-git-commits-rebase', { root: ctx.root });
    const commit = await git.resolve(onto);
    const messages = loadMessages(config.locale);
    for (const kind of LEDGERS) {
      const where = ledgerPath(ctx.root, config.paths.records, kind);
      const upstream = (await committedLedger(git, commit, where.file)) ?? Buffer.alloc(0);
      const done = await rebaseLiveLedger(where.path, kind, upstream, where.file, { locale: config.locale });
      ctx.out(done.changed
        ? messages.t('cli.ledger.rebased', { file: where.file, kept: done.kept.length, onto, theirs: done.lines - done.kept.length, dropped: done.dropped.length })
        : messages.t('cli.ledger.already-extends', { file: where.file, onto, records: done.lines }));
    }
    return 0;
  },
};

/** `precept ledger setup`: register the merge driver in this clone and route the ledgers to it. */
export const ledgerSetupCommand: Command = {
  name: 'ledger setup',
  summary: "set up git to merge ledgers with precept's merge driver (once per clone)",
  options: {
    root: COMMON.root,
    command: { type: 'string', value: 'CMD', description: 'how git should run precept (default: this node and this precept, by absolute path)' },
  },
  details: `Sets merge.precept-ledger.driver in the clone's .git/config (git never takes drivers
from a repository's files, so every clone that merges ledgers runs this once) and makes sure
.gitattributes sends <records>/*.jsonl to it (precept init writes that line; commit it).`,
  async run(ctx) {
    const config = await ctx.config();
    const git = await GitRepo.openWorkTree(ctx.root);
    if (!git) throw failure('cli.no-git', { root: ctx.root });
    const command = ctx.string('command')
      ?? `${shellWord(process.execPath)} ${shellWord(path.join(packageRoot(), 'lib', 'cli', 'bin', 'precept.js'))}`;
    await configureMergeDriver(git, command);
    const added = await ensureLedgerAttributes(ctx.root, config.paths.records);
    const messages = loadMessages(config.locale);
    ctx.out(messages.t('cli.ledger.driver', { records: config.paths.records, command }));
    ctx.out(added ? messages.t('cli.ledger.attributes-added', { line: ledgerAttributesLine(config.paths.records) }) : messages.t('cli.ledger.attributes-present'));
    return 0;
  },
};
