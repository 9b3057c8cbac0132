/**
 * Load once, report always: with one broken policy in the repo, no command leaves it out
 * silently. Commands whose output covers the whole repo say what they left out and exit 1;
 * commands that act on one policy or person say which files they could not use.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestRepo } from './helpers/git-repo.js';
import { runCli } from './helpers/run-cli.js';
import { tinyOrg } from './helpers/tiny-org.js';

const now = new Date('2026-11-25T12:00:00Z');
let repo: TestRepo;

beforeAll(async () => {
  repo = await tinyOrg();
  const beta = await readFile(path.join(repo.dir, 'policies/beta.md'), 'utf8');
  await repo.write({ 'policies/beta.md': beta.replace('status: approved', 'status: aproved') });
  repo.commit('beta: a typo in its status', '2026-02-01T10:00:00Z');
});

const run = (...argv: string[]) => runCli([...argv, '--root', repo.dir], { now, cwd: repo.dir });

const LEFT_OUT = /left out what 1 file with errors holds \(policies\/beta\.md\)/;

describe('a repo with one broken policy', () => {
  it.each([
    ['codeowners', ['codeowners', '--stdout']],
    ['codeowners (writing)', ['codeowners']],
    ['due', ['due', '--as-of', '2026-11-25']],
    ['acks status', ['acks', 'status', '--as-of', '2026-11-25']],
    ['approvals status', ['approvals', 'status']],
  ])('%s names the broken file, shows its error and exits 1', async (_name, argv) => {
    const result = await run(...argv);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(LEFT_OUT);
    expect(result.stderr).toContain('policies/beta.md:4:9');
    expect(result.stderr).toMatch(/aproved/);
  });

  it('codeowners does not write a section that would drop the broken policy', async () => {
    const result = await run('codeowners');
    expect(result.stderr).toMatch(/was not written/);
    await expect(readFile(path.join(repo.dir, '.github', 'CODEOWNERS'), 'utf8')).rejects.toThrow();
  });

  it.each([
    ['ack', ['ack', 'alpha', '--as', 'ada']],
    ['approve', ['approve', 'alpha', '--as', 'ada']],
  ])('%s of another policy still works and says which file it could not use', async (_name, argv) => {
    const result = await run(...argv);
    expect(result.stderr).toMatch(/note: 1 file with errors \(policies\/beta\.md\) could not be used/);
    expect(result.code).toBe(0);
  });

  it('check and build report the error and refuse', async () => {
    const checked = await run('check');
    expect(checked.code).toBe(1);
    expect(checked.stderr).toMatch(/policies\/beta\.md:4:9/);
    const built = await run('build', '--no-pdf', '--out', path.join(repo.dir, 'dist'));
    expect(built.code).toBe(1);
    expect(built.stderr).toMatch(/policies\/beta\.md:4:9/);
  });
});
