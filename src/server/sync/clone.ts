import { constants } from 'node:fs';
import { open, readFile, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { failure } from '../../core/i18n/failure.js';
import { writeFileAtomically } from '../../core/output/atomic.js';
import type { GitRepo } from '../../history/git.js';
import { committedBlob, committedLedger } from '../../records/ledger/anchor.js';
import type { ChainFields } from '../../records/ledger/chain.js';
import type { LedgerKind } from '../../records/ledger/kind.js';
import { rebaseLiveLedger, type LiveRebase } from '../../records/ledger/live-rebase.js';
import { withFileLock } from '../../records/ledger/lock.js';
import { ledgerPath } from '../../records/ledger/read.js';
import { LEDGERS } from '../../records/ledger/registry.js';
import { completeLines } from '../../records/ledger/rechain.js';

/** A ledger as the sync handles it. */
export interface SyncLedger {
  kind: LedgerKind;
  /** Root-relative, as messages name it. */
  file: string;
  /** As git names it (relative to the repository's top). */
  gitPath: string;
  /** Absolute. */
  path: string;
}

/** Told, under the ledger's lock, that a ledger file was re-chained onto a commit's. */
export type OnRebased = (ledger: SyncLedger, outcome: LiveRebase<ChainFields>) => void | Promise<void>;

/** Who the server's commits are by. */
export interface Author {
  name: string;
  email: string;
}

/** A move of the clone onto another commit that re-chains the live ledgers; finished on restart if interrupted. */
interface Adoption {
  branch: string;
  from: string;
  to: string;
}

const MARKER = 'precept-sync-adopt.json';
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

const countLines = (bytes: Buffer, from = 0) => {
  let n = 0;
  for (let i = bytes.indexOf(10, from); i >= 0; i = bytes.indexOf(10, i + 1)) n++;
  return n;
};

/** The records of the clone's ledgers and the git operations a sync is made of. */
export class SyncClone {
  private constructor(
    readonly git: GitRepo,
    readonly gitDir: string,
    readonly remote: string,
    readonly branch: string,
    readonly ledgers: readonly SyncLedger[],
    private readonly author: Author,
  ) {}

  /** Opens the server's clone, checking that the branch is checked out and the remote exists. */
  static async open(git: GitRepo, root: string, recordsDir: string, settings: { remote: string; branch: string | undefined; author: Author }): Promise<SyncClone> {
    const gitDir = (await git.run(['rev-parse', '--absolute-git-dir'])).trim();
    const current = (await git.run(['symbolic-ref', '-q', 'HEAD']).catch(() => '')).trim();
    const branch = settings.branch ?? current.replace(/^refs\/heads\//, '');
    if (!current || current !== `refs/heads/${branch}`) {
      throw failure('serve.sync-branch', {
        named: settings.branch ? 'yes' : 'no', branch, dir: git.top, current: current ? current.replace(/^refs\/heads\//, '') : 'none', want: branch || 'none',
      });
    }
    await git.run(['remote', 'get-url', settings.remote]).catch(() => {
      throw failure('serve.sync-no-remote', { dir: git.top, remote: settings.remote });
    });
    const ledgers = LEDGERS.map((kind) => {
      const where = ledgerPath(root, recordsDir, kind);
      return { kind, file: where.file, gitPath: git.toGitPath(where.file), path: path.resolve(where.path) };
    });
    return new SyncClone(git, gitDir, settings.remote, branch, ledgers, settings.author);
  }

  private env(now: Date): Record<string, string> {
    const date = `${Math.floor(now.getTime() / 1000)} +0000`;
    const { name, email } = this.author;
    return { GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_AUTHOR_DATE: date, GIT_COMMITTER_NAME: name, GIT_COMMITTER_EMAIL: email, GIT_COMMITTER_DATE: date };
  }

  /** The commit the clone's branch points at. */
  async head(): Promise<string> {
    return (await this.git.run(['rev-parse', '--verify', '-q', `refs/heads/${this.branch}`])).trim();
  }

  /** Fetches the remote's branch; its commit, or undefined when the remote does not have it yet. */
  async fetch(): Promise<string | undefined> {
    const tracking = `refs/remotes/${this.remote}/${this.branch}`;
    try {
      await this.git.run(['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', this.remote, `+refs/heads/${this.branch}:${tracking}`]);
    } catch (error) {
      if (/couldn't find remote ref/.test((error as Error).message)) return undefined;
      throw error;
    }
    return (await this.git.run(['rev-parse', '--verify', '-q', tracking])).trim();
  }

  /** Whether commit a is b or one of its ancestors. */
  isAncestor(a: string, b: string): Promise<boolean> {
    return this.git.run(['merge-base', '--is-ancestor', a, b]).then(() => true, () => false);
  }

  /**
   * The complete lines of a ledger, every one of them fsynced: its length is read under the
   * ledger's lock (every writer fsyncs before it lets go), and the bytes up to it afterwards
   * through a descriptor opened meanwhile, which keeps them even if the file is replaced.
   */
  async snapshot(ledger: SyncLedger): Promise<Buffer> {
    const opened = await withFileLock(ledger.path, {}, async () => {
      const handle = await open(ledger.path, constants.O_RDONLY | NOFOLLOW).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
      return handle && { handle, size: (await handle.stat()).size };
    });
    if (!opened) return Buffer.alloc(0);
    try {
      const bytes = Buffer.alloc(opened.size);
      let done = 0;
      while (done < bytes.length) {
        const { bytesRead } = await opened.handle.read(bytes, done, bytes.length - done, done);
        if (!bytesRead) break;
        done += bytesRead;
      }
      return completeLines(bytes.subarray(0, done));
    } finally {
      await opened.handle.close();
    }
  }

  /** A ledger as committed at a commit (empty when the commit does not have it). */
  async ledgerAt(commit: string, ledger: SyncLedger): Promise<Buffer> {
    return (await committedLedger(this.git, commit, ledger.file)) ?? Buffer.alloc(0);
  }

  private async hashObject(bytes: Uint8Array, write: boolean): Promise<string> {
    return (await this.git.run(['hash-object', ...(write ? ['-w'] : []), '--stdin'], { input: bytes })).trim();
  }

  /**
   * How many records a ledger snapshot adds to its version at `commit`; refuses a snapshot that
   * does not begin with that version byte for byte (someone changed committed records).
   */
  async added(commit: string, ledger: SyncLedger, snapshot: Buffer): Promise<number> {
    const committed = await committedBlob(this.git, commit, ledger.file);
    if (!committed) return countLines(snapshot);
    if (snapshot.length < committed.size || (await this.hashObject(snapshot.subarray(0, committed.size), false)) !== committed.id) {
      throw failure('serve.sync-ledger-changed', { file: ledger.file, commit: commit.slice(0, 7) }, { exitCode: 1 });
    }
    return countLines(snapshot, committed.size);
  }

  /**
   * Commits new versions of ledgers on top of `parent` without touching the clone's index or
   * files: a private index holds parent's tree with only the ledgers replaced.
   */
  async commit(parent: string, changes: readonly { ledger: SyncLedger; bytes: Buffer }[], message: string, now: Date): Promise<string> {
    const index = { GIT_INDEX_FILE: path.join(this.gitDir, 'precept-sync.index') };
    await rm(index.GIT_INDEX_FILE, { force: true });
    await this.git.run(['read-tree', parent], { env: index });
    for (const { ledger, bytes } of changes) {
      const blob = await this.hashObject(bytes, true);
      await this.git.run(['update-index', '--add', '--cacheinfo', `100644,${blob},${ledger.gitPath}`], { env: index });
    }
    const tree = (await this.git.run(['write-tree'], { env: index })).trim();
    await rm(index.GIT_INDEX_FILE, { force: true });
    return (await this.git.run(['commit-tree', tree, '-p', parent, '-F', '-'], { env: this.env(now), input: message })).trim();
  }

  /** Points the clone's index entries for the ledgers at their versions in `commit`. */
  private async indexLedgersAt(commit: string, now: Date): Promise<void> {
    for (const ledger of this.ledgers) {
      const blob = await committedBlob(this.git, commit, ledger.file);
      if (blob) await this.git.run(['update-index', '--add', '--cacheinfo', `100644,${blob.id},${ledger.gitPath}`], { env: this.env(now) });
    }
  }

  /** Moves the branch from `from` to `to` (refusing if someone else moved it meanwhile). */
  private async moveBranch(from: string, to: string, now: Date): Promise<void> {
    await this.git.run(['update-ref', '-m', 'precept serve --sync', `refs/heads/${this.branch}`, to, from], { env: this.env(now) });
  }

  /**
   * Moves the clone onto a commit that only adds records to its ledgers (their files already
   * hold them): the index entries first, then the branch, so that a crash in between leaves the
   * ledgers merely shown as staged.
   */
  async fastForward(from: string, to: string, now: Date): Promise<void> {
    await this.indexLedgersAt(to, now);
    await this.moveBranch(from, to, now);
  }

  /**
   * Refuses to move the clone onto the remote's commit when that could lose work: commits of
   * its own that change more than the ledgers, or edited files other than the ledgers.
   */
  async assertMovable(head: string, tip: string): Promise<void> {
    const ledgerPaths = new Set(this.ledgers.map((l) => l.gitPath));
    const base = (await this.git.run(['merge-base', head, tip]).catch(() => '')).trim();
    if (!base) throw failure('serve.sync-no-history', { branch: this.branch, remote: this.remote });
    const committed = (await this.git.run(['diff', '--name-only', '-z', '--no-renames', base, head])).split('\0').filter((p) => p && !ledgerPaths.has(p));
    if (committed.length) throw failure('serve.sync-commits', { branch: this.branch, remote: this.remote, files: committed.slice(0, 3).join(', ') });
    const edited = (await this.git.run(['status', '--porcelain=v1', '-z', '--untracked-files=no'])).split('\0').filter((e) => e.length > 3).map((e) => e.slice(3)).filter((p) => !ledgerPaths.has(p));
    if (edited.length) throw failure('serve.sync-edited', { files: edited.slice(0, 3).join(', '), remote: this.remote, branch: this.branch });
  }

  /**
   * Moves the clone from `from` onto `to`, a commit on the remote's side: the live ledgers are
   * re-chained onto `to`'s (under their locks, keeping records appended meanwhile), the other
   * files `to` changed are checked out, then the branch moves. A marker in the git folder records
   * the move first, so a crash part-way is finished by `recover()` on the next start.
   */
  async adopt(from: string, to: string, now: Date, onRebased: OnRebased): Promise<void> {
    await writeFileAtomically(path.join(this.gitDir, MARKER), `${JSON.stringify({ branch: this.branch, from, to } satisfies Adoption)}\n`);
    await this.finish({ branch: this.branch, from, to }, now, onRebased);
  }

  private async finish(move: Adoption, now: Date, onRebased: OnRebased): Promise<void> {
    for (const ledger of this.ledgers) {
      const upstream = await this.ledgerAt(move.to, ledger);
      await rebaseLiveLedger(ledger.path, ledger.kind, upstream, ledger.file, { replaced: (outcome) => onRebased(ledger, outcome) });
    }
    const ledgerPaths = new Set(this.ledgers.map((l) => l.gitPath));
    const fields = (await this.git.run(['diff', '--name-status', '-z', '--no-renames', move.from, move.to])).split('\0');
    const update: string[] = [];
    const remove: string[] = [];
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const [status, file] = [fields[i]!, fields[i + 1]!];
      if (ledgerPaths.has(file)) continue;
      (status === 'D' ? remove : update).push(file);
    }
    if (update.length) await this.git.run(['--literal-pathspecs', 'checkout', move.to, '--pathspec-from-file=-', '--pathspec-file-nul'], { input: update.join('\0') });
    if (remove.length) {
      await this.git.run(['--literal-pathspecs', 'rm', '-q', '--cached', '--ignore-unmatch', '--pathspec-from-file=-', '--pathspec-file-nul'], { input: remove.join('\0') });
      for (const file of remove) await rm(path.join(this.git.top, file), { force: true });
    }
    await this.indexLedgersAt(move.to, now);
    const head = await this.head();
    if (head !== move.to) await this.moveBranch(move.from, move.to, now);
    await unlink(path.join(this.gitDir, MARKER)).catch(() => undefined);
  }

  /** Whether a move onto the remote's commit was interrupted in this clone (see adopt). */
  static async interrupted(git: GitRepo): Promise<boolean> {
    const gitDir = (await git.run(['rev-parse', '--absolute-git-dir'])).trim();
    return readFile(path.join(gitDir, MARKER)).then(() => true, () => false);
  }

  /** Finishes a move onto the remote's commit that a crash interrupted (see adopt). */
  async recover(now: Date, onRebased: OnRebased): Promise<boolean> {
    const text = await readFile(path.join(this.gitDir, MARKER), 'utf8').catch(() => undefined);
    if (text === undefined) return false;
    const move = JSON.parse(text) as Adoption;
    if (move.branch !== this.branch) throw failure('serve.sync-interrupted', { other: move.branch, file: path.join(this.gitDir, MARKER), branch: this.branch });
    await this.finish(move, now, onRebased);
    return true;
  }

  /** Pushes a commit to the remote's branch; false when the remote has moved on (not a fast-forward). */
  async push(commit: string): Promise<boolean> {
    try {
      await this.git.run(['push', '--quiet', '--no-verify', this.remote, `${commit}:refs/heads/${this.branch}`]);
      return true;
    } catch (error) {
      if (/\[rejected\]|non-fast-forward|fetch first/.test((error as Error).message)) return false;
      throw error;
    }
  }
}
