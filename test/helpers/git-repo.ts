import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A throwaway git repository for tests, with commits at chosen dates and no global config needed. */
export class TestRepo {
  private constructor(readonly dir: string) {}

  static async create(prefix = 'precept-git-'): Promise<TestRepo> {
    const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
    const repo = new TestRepo(dir);
    repo.git('init', '-q', '-b', 'main');
    return repo;
  }

  /** An existing repository (a clone), to commit in it as in a new one. */
  static at(dir: string): TestRepo {
    return new TestRepo(dir);
  }

  /** Runs git with a fixed identity; returns stdout. */
  git(...args: string[]): string {
    return execFileSync('git', ['-c', 'user.name=Test Author', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
      cwd: this.dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
    });
  }

  /** Writes files (relative path -> content). */
  async write(files: Record<string, string>): Promise<void> {
    for (const [rel, content] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(this.dir, rel)), { recursive: true });
      await writeFile(path.join(this.dir, rel), content);
    }
  }

  /** Stages everything and commits at an ISO date (author and committer). Returns the commit id. */
  commit(message: string, date: string): string {
    this.git('add', '-A');
    execFileSync('git', ['-c', 'user.name=Test Author', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', message], {
      cwd: this.dir, env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    });
    return this.git('rev-parse', 'HEAD').trim();
  }
}
