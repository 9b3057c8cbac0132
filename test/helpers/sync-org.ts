import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadOrg } from './load-org.js';

/** git with a fixed identity and no system config, in a folder; returns stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test Author', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
  });
}

/** A policy repo on a bare "remote", and a clone of it for the server to run in. */
export interface SyncOrg {
  remote: string;
  /** The server's clone (records are appended here and pushed by --sync). */
  server: string;
  /** A fresh clone of the remote, for another writer or to check the result. */
  clone(): string;
}

/**
 * The load org (people p0..p<n-1>, alpha 1.0.0 in force for all) with `server.sync` set
 * (interval in seconds), pushed to a bare repository, and cloned for the server.
 */
export async function syncOrg(people: number, interval: number): Promise<SyncOrg> {
  const repo = await loadOrg(people);
  const config = path.join(repo.dir, 'precept.config.yaml');
  writeFileSync(config, `${readFileSync(config, 'utf8')}server:\n  sync:\n    interval: ${interval}\n    author:\n      name: Policy Portal\n      email: portal@load.example\n`);
  writeFileSync(path.join(repo.dir, '.gitattributes'), 'records/*.jsonl merge=precept-ledger\n');
  repo.commit('sync settings', '2026-01-01T11:00:00Z');
  const remote = mkdtempSync(path.join(os.tmpdir(), 'precept-remote-'));
  git(remote, 'init', '-q', '--bare', '-b', 'main');
  git(repo.dir, 'push', '-q', remote, 'main');
  const clone = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'precept-clone-'));
    git(dir, 'clone', '-q', remote, '.');
    return dir;
  };
  return { remote, server: clone(), clone };
}
