import { randomBytes } from 'node:crypto';
import { link, lstat, open, readdir, readFile, stat, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { failure } from '../../core/i18n/failure.js';

/** Who holds a lock file (its JSON content). */
interface Holder {
  pid: number;
  host: string;
  token: string;
  since: string;
}

/** A held lock: release it in a `finally`. */
export interface FileLock {
  path: string;
  release(): Promise<void>;
}

/** Options for acquiring a lock. */
export interface LockOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** A lock from another host, or an unreadable one, older than this is abandoned (default 30 s). */
  staleMs?: number;
}

/** Tokens of the locks this process holds: a lock naming our pid with another token is a previous life's. */
const heldTokens = new Set<string>();
const HOST = os.hostname();

const errno = (error: unknown) => (error as NodeJS.ErrnoException).code;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a process with this id exists on this machine. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errno(error) === 'EPERM';
  }
}

/**
 * Creates `file` exclusively with `content`; false when it already exists. The content is
 * written to a private temporary file first and hard-linked into place, so the lock file never
 * exists half-written (a holder killed mid-create would otherwise leave an empty lock that
 * nobody can attribute). Once the link is made, removing the temporary name is left to
 * `cleanup`, off the caller's way (the lock holds the file either way); await it before leaving.
 */
async function createExclusive(file: string, content: string): Promise<{ created: boolean; cleanup: Promise<void> }> {
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  creating.add(tmp);
  const remove = () => unlink(tmp).catch(() => undefined).finally(() => creating.delete(tmp));
  try {
    const handle = await open(tmp, 'wx', 0o644);
    try {
      await handle.writeFile(content);
    } finally {
      await handle.close();
    }
    await link(tmp, file);
  } catch (error) {
    await remove();
    if (errno(error) === 'EEXIST') return { created: false, cleanup: Promise.resolve() };
    throw error;
  }
  return { created: true, cleanup: remove() };
}

/** Temporary files this process is creating right now: never someone else's leftovers. */
const creating = new Set<string>();

/**
 * Removes the temporary files (`<lock>.<pid>.<hex>.tmp`, `<lock>.break.<pid>.<hex>.tmp`) that a
 * process killed between creating one and linking it into place left behind (SIGKILL runs no
 * `finally`). Each holds its creator's holder record, and is removed only when that holder is
 * stale as a lock would be (see isStale): a live process may be about to link its file, so its
 * file stays. Best effort, on every acquisition (one listing of a small folder, next to the
 * lock's own five system calls): a leftover only costs disk space.
 */
async function removeLeftovers(file: string, staleMs: number): Promise<void> {
  const dir = path.dirname(file);
  const base = path.basename(file);
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(`${base}.`) || !/^(?:break\.)?\d+\.[0-9a-f]{12}\.tmp$/.test(name.slice(base.length + 1))) continue;
    const tmp = path.join(dir, name);
    if (creating.has(tmp)) continue;
    const info = await lstat(tmp).catch(() => undefined);
    if (!info?.isFile()) continue;
    const seen = await readHolder(tmp).catch(() => undefined);
    if (seen && isStale(seen, staleMs)) await unlink(tmp).catch(() => undefined);
  }
}

async function readHolder(file: string): Promise<{ holder: Holder | undefined; text: string; ageMs: number } | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    let holder: Holder | undefined;
    try {
      const data = JSON.parse(text) as Partial<Holder>;
      if (typeof data.pid === 'number' && typeof data.host === 'string' && typeof data.token === 'string') holder = data as Holder;
    } catch {
      holder = undefined;
    }
    return { holder, text, ageMs: Date.now() - info.mtimeMs };
  } catch (error) {
    if (errno(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/** The token of a lock file's holder record, if it has one. */
function tokenOf(text: string): string | undefined {
  try {
    const token = (JSON.parse(text) as Partial<Holder>).token;
    return typeof token === 'string' ? token : undefined;
  } catch {
    return undefined;
  }
}

/** A lock left behind by a process that died (SIGKILL, a crash, a power cut), which nobody will release. */
function isStale(seen: { holder: Holder | undefined; ageMs: number }, staleMs: number): boolean {
  const { holder } = seen;
  if (!holder) return seen.ageMs > staleMs; // being written right now, or abandoned half-written
  if (holder.host !== HOST) return seen.ageMs > staleMs;
  if (holder.pid === process.pid) return !heldTokens.has(holder.token);
  return !alive(holder.pid);
}

/**
 * Removes a stale lock, serialised by a second lock file so that two processes breaking the
 * same stale lock cannot remove a fresh one that one of them has just taken.
 */
async function breakStale(file: string, seenText: string, staleMs: number): Promise<void> {
  const breaker = `${file}.break`;
  // A holder record, like a lock's, so a leftover of it can be attributed (removeLeftovers).
  const content = JSON.stringify({ pid: process.pid, host: HOST, token: randomBytes(12).toString('hex'), since: new Date().toISOString() } satisfies Holder);
  const taken = await createExclusive(breaker, content);
  await taken.cleanup;
  if (!taken.created) {
    const info = await stat(breaker).catch(() => undefined);
    // A breaker that died between its two unlinks: its window is microseconds, so age is enough.
    if (info && Date.now() - info.mtimeMs > staleMs) await unlink(breaker).catch(() => undefined);
    return;
  }
  try {
    const now = await readFile(file, 'utf8').catch(() => undefined);
    if (now === seenText) await unlink(file).catch(() => undefined);
  } finally {
    await unlink(breaker).catch(() => undefined);
  }
}

/**
 * Takes an exclusive lock by creating `file` with O_EXCL, recording the holder's pid, host and a
 * random token. Waits (with growing, jittered pauses) while another live process holds it; takes
 * over a lock whose holder has died. Throws a PreceptError naming the holder after the timeout.
 */
export async function acquireLock(file: string, options: LockOptions = {}): Promise<FileLock> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const staleMs = options.staleMs ?? 30_000;
  const token = randomBytes(12).toString('hex');
  const content = JSON.stringify({ pid: process.pid, host: HOST, token, since: new Date().toISOString() } satisfies Holder);
  const started = Date.now();
  // Cleaning up after killed processes runs beside taking the lock, not before it: it touches
  // only other processes' temporary files, and release() waits for it.
  const chores: Promise<void>[] = [removeLeftovers(file, staleMs).catch(() => undefined)];
  let wait = 1;
  try {
    for (;;) {
      heldTokens.add(token);
      const taken = await createExclusive(file, content);
      chores.push(taken.cleanup);
      if (taken.created) break;
      heldTokens.delete(token);
      const seen = await readHolder(file);
      if (seen && isStale(seen, staleMs)) {
        await breakStale(file, seen.text, staleMs);
        continue;
      }
      if (Date.now() - started > timeoutMs) {
        const holder = seen?.holder;
        throw failure('ledger.held', {
          file, holder: holder ? 'known' : 'unknown', pid: String(holder?.pid ?? ''), host: holder?.host ?? '', since: holder?.since ?? '', seconds: Math.round(timeoutMs / 1000),
        });
      }
      await pause(wait + Math.random() * wait);
      wait = Math.min(wait * 2, 50);
    }
  } catch (error) {
    await Promise.all(chores);
    throw error;
  }
  return {
    path: file,
    async release() {
      heldTokens.delete(token);
      // Only the holder's token matters here (not the file's age, which readHolder also asks for).
      const text = await readSmall(file);
      if (text !== undefined && tokenOf(text) === token) await unlink(file).catch(() => undefined);
      await Promise.all(chores);
    },
  };
}

/** A lock file's text (a holder record is ~100 bytes): one read, without the stat readFile makes; undefined when it is gone. */
async function readSmall(file: string): Promise<string | undefined> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return undefined;
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.toString('utf8', 0, bytesRead);
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}

/** Work on the same file from one process runs one job after another; the lock file covers other processes. */
const queues = new Map<string, Promise<unknown>>();

/**
 * Runs `fn` holding the lock `<file>.lock`: queued behind earlier jobs on the same file in this
 * process, and excluding other processes through the lock file.
 */
export function withFileLock<R>(file: string, options: LockOptions, fn: () => Promise<R>): Promise<R> {
  const key = path.resolve(file);
  const before = queues.get(key) ?? Promise.resolve();
  const run = before.catch(() => undefined).then(async () => {
    const lock = await acquireLock(`${key}.lock`, options);
    try {
      return await fn();
    } finally {
      await lock.release();
    }
  });
  const settled = run.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return run;
}
