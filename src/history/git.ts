import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { PreceptError } from '../core/errors.js';
import { failure } from '../core/i18n/failure.js';
import { ObjectInfoReader, type ObjectInfo } from './object-info.js';

/** A blob read from git's object store. */
export interface Blob {
  sha: string;
  bytes: Buffer;
}

/**
 * A git repository that a policy repo lives in (the policy root may be a subfolder of it).
 * Every call runs the git binary with a fixed environment; nothing here writes to the repo.
 */
export class GitRepo {
  /** The repository's top folder. */
  readonly top: string;
  /** The policy root, relative to `top` (POSIX, '' when they are the same). */
  readonly prefix: string;
  private objects: ObjectInfoReader | undefined;

  private constructor(top: string, prefix: string) {
    this.top = top;
    this.prefix = prefix;
  }

  /** The repository holding `root`, or undefined when it is not in one (or git is missing). */
  static async open(root: string): Promise<GitRepo | undefined> {
    try {
      // One git process: the top folder, then HEAD's id (git fails when there is no HEAD yet).
      const out = (await runGit(root, ['rev-parse', '--show-toplevel', '--verify', '-q', 'HEAD'])).replace(/\n$/, '');
      const top = out.slice(0, Math.max(0, out.lastIndexOf('\n'))).trim();
      if (!top) return undefined;
      const prefix = path.relative(top, path.resolve(root)).split(path.sep).join('/');
      return new GitRepo(top, prefix);
    } catch {
      return undefined;
    }
  }

  /** The repository holding `root`, also before its first commit (open() needs a HEAD). */
  static async openWorkTree(root: string): Promise<GitRepo | undefined> {
    try {
      const top = (await runGit(root, ['rev-parse', '--show-toplevel'])).trim();
      return top ? new GitRepo(top, path.relative(top, path.resolve(root)).split(path.sep).join('/')) : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Runs git in the repository and returns stdout; `env` adds to git's environment (a separate
   * index, a commit's author), `input` is written to its standard input.
   */
  run(args: readonly string[], options: GitRunOptions = {}): Promise<string> {
    return runGit(this.top, args, options);
  }

  /** A path relative to the policy root, as git names it (relative to `top`). */
  toGitPath(rootRelative: string): string {
    return this.prefix ? `${this.prefix}/${rootRelative}` : rootRelative;
  }

  /** A path git names, relative to the policy root (undefined when outside it). */
  fromGitPath(gitPath: string): string | undefined {
    if (!this.prefix) return gitPath;
    return gitPath.startsWith(`${this.prefix}/`) ? gitPath.slice(this.prefix.length + 1) : undefined;
  }

  /** The full commit id a ref names. */
  async resolve(ref: string): Promise<string> {
    let info: ObjectInfo | undefined;
    try {
      info = await this.objectInfo(`${ref}^{commit}`);
    } catch (error) {
      throw failure('git.no-commit', { ref }, { cause: error });
    }
    if (!info) throw failure('git.no-commit', { ref });
    return info.id;
  }

  /**
   * The id, type and size of the object a revision names (`HEAD:records/x.jsonl`), or undefined
   * when it names none; asked of one long-lived git process (see ObjectInfoReader).
   */
  objectInfo(spec: string): Promise<ObjectInfo | undefined> {
    return (this.objects ??= new ObjectInfoReader(this.top, gitEnv)).info(spec);
  }

  /** The commit time of a ref, in seconds since the epoch. */
  async commitTime(ref = 'HEAD'): Promise<number> {
    return Number((await this.run(['log', '-1', '--format=%ct', ref])).trim());
  }

  /** Whether files under `rootRelativeDir` differ from HEAD (staged, unstaged or untracked). */
  async isDirty(rootRelativeDir = '.'): Promise<boolean> {
    const out = await this.run(['status', '--porcelain', '--untracked-files=normal', '--', this.toGitPath(rootRelativeDir === '.' ? '' : rootRelativeDir) || '.']);
    return out.trim() !== '';
  }

  /** Files (root-relative) under a folder that differ from HEAD: staged, unstaged or untracked. */
  async changedFiles(rootRelativeDir = '.'): Promise<string[]> {
    const out = await this.run(['status', '--porcelain', '-z', '--untracked-files=all', '--', this.toGitPath(rootRelativeDir === '.' ? '' : rootRelativeDir) || '.']);
    const files: string[] = [];
    const entries = out.split('\0');
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      if (e.length < 4) continue;
      // A rename or copy names its source in the next entry.
      if (e[0] === 'R' || e[0] === 'C') i++;
      const rel = this.fromGitPath(e.slice(3));
      if (rel !== undefined) files.push(rel);
    }
    return files;
  }

  /**
   * The first file git tracks at or under an absolute path, or undefined (none, or the path is
   * outside the repository): what a fresh clone of the repository would put there.
   */
  async trackedUnder(absolute: string): Promise<string | undefined> {
    const rel = path.relative(this.top, absolute);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    const out = await this.run(['--literal-pathspecs', 'ls-files', '-z', '--', rel.split(path.sep).join('/') || '.']);
    return out.split('\0').find(Boolean);
  }

  /** Files (root-relative) under a folder at a ref, with their blob ids. */
  async listFiles(ref: string, rootRelativeDir: string): Promise<Map<string, string>> {
    const out = await this.run(['ls-tree', '-r', '-z', '--full-tree', ref, '--', this.toGitPath(rootRelativeDir)]);
    const files = new Map<string, string>();
    for (const entry of out.split('\0')) {
      const m = /^\d+ blob ([0-9a-f]+)\t(.+)$/s.exec(entry);
      if (!m) continue;
      const rel = this.fromGitPath(m[2]!);
      if (rel !== undefined) files.set(rel, m[1]!);
    }
    return files;
  }

  /** Reads many blobs in one `git cat-file --batch` process. */
  async readBlobs(shas: readonly string[]): Promise<Map<string, Buffer>> {
    const unique = [...new Set(shas)];
    const result = new Map<string, Buffer>();
    if (!unique.length) return result;
    const child = spawn('git', ['cat-file', '--batch'], { cwd: this.top, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const done = new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve() : reject(new PreceptError(`git cat-file failed: ${stderr.trim()}`))));
    });
    child.stdin.end(`${unique.join('\n')}\n`);
    await done;
    const all = Buffer.concat(chunks);
    let at = 0;
    for (const sha of unique) {
      const nl = all.indexOf(10, at);
      const header = all.subarray(at, nl).toString();
      const m = /^([0-9a-f]+) (\w+) (\d+)$/.exec(header);
      if (!m) throw new PreceptError(`git cat-file: unexpected answer for ${sha}: ${header}`);
      const size = Number(m[3]);
      result.set(sha, all.subarray(nl + 1, nl + 1 + size));
      at = nl + 1 + size + 1;
    }
    return result;
  }
}

/**
 * The person git would record as author in a folder (`user.name <user.email>`: the repository's
 * config, else the user's), when configured; works outside a repository too.
 */
export async function gitUserIdentity(cwd: string): Promise<string | undefined> {
  const read = (key: string) => runGit(cwd, ['config', '--get', key]).then((v) => v.trim() || undefined, () => undefined);
  const [name, email] = await Promise.all([read('user.name'), read('user.email')]);
  if (!name) return undefined;
  return email ? `${name} <${email}>` : name;
}

/** The environment git runs with: no pager, no prompts, no locale-dependent output. */
function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_PAGER: 'cat', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0' };
}

/** Extra environment and standard input for one git command. */
export interface GitRunOptions {
  env?: Readonly<Record<string, string>>;
  input?: string | Uint8Array;
}

function runGit(cwd: string, args: readonly string[], options: GitRunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('git', [...args], { cwd, env: { ...gitEnv(), ...options.env }, maxBuffer: 512 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new PreceptError(`git ${args[0]} failed: ${stderr.trim() || error.message}`, { cause: error }));
      else resolve(stdout);
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}
