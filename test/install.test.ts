/**
 * precept as a team installs it: `npm pack`, then `npm install --save-dev <tarball>` into an
 * empty policy repo (packages from the local npm cache, else the registry), then `npx precept
 * init`, `check` and `build`. In CI, also from a git URL (a bare clone, git+file://), where npm
 * builds the package itself through `prepare`.
 */
import { execFileSync, type ExecFileSyncOptions } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './helpers/paths.js';

const npmEnv = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', NO_COLOR: '1' };
const run = (cmd: string, args: string[], options: ExecFileSyncOptions & { cwd: string }) =>
  execFileSync(cmd, args, { encoding: 'utf8', env: npmEnv, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 2 ** 20, ...options }) as string;

/** Runs `npx precept ...` in a repo, returning its exit code and output. */
function npxPrecept(cwd: string, args: string[]): { code: number; stdout: string; stderr: string } {
  try {
    return { code: 0, stdout: run('npx', ['--no', 'precept', ...args], { cwd }), stderr: '' };
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    return { code: e.status ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** An empty policy repo with a package.json, as `npm init` leaves it. */
async function emptyRepo(name: string): Promise<string> {
  const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'precept-install-')), name);
  await mkdir(dir);
  await writeFile(path.join(dir, 'package.json'), `${JSON.stringify({ name, version: '1.0.0', private: true }, null, 2)}\n`);
  return dir;
}

/** init, check and build through npx, as the README says. */
function initCheckBuild(repo: string): void {
  const init = npxPrecept(repo, ['init', '--org', 'Acme, Inc.']);
  expect(init.code, init.stderr).toBe(0);
  expect(init.stdout).toContain('Created a policy repo in . from the en starter');
  const check = npxPrecept(repo, ['check']);
  expect(check.code, check.stderr).toBe(0);
  expect(check.stdout).toMatch(/^Checked 1 policy, 1 control, 1 person in \d+\.\d s: \d+ warnings\n$/);
  const build = npxPrecept(repo, ['build']);
  expect(build.code, build.stderr).toBe(0);
  expect(build.stdout).toMatch(/^Built 1 policy, \d+ pages, 1 PDF in/);
  expect(existsSync(path.join(repo, 'dist', 'site', 'policies', 'information-security', 'index.html'))).toBe(true);
  // The editor settings point at the schemas of the precept installed here.
  const modeline = readFileSync(path.join(repo, 'controls', 'governance.yaml'), 'utf8').split('\n')[0]!;
  expect(modeline).toBe('# yaml-language-server: $schema=../node_modules/precept/schemas/control.schema.json');
  expect(existsSync(path.join(repo, 'controls', modeline.split('$schema=')[1]!))).toBe(true);
}

describe('installing precept into a policy repo', () => {
  let tarball: string;
  beforeAll(() => {
    const dir = execFileSync('mktemp', ['-d'], { encoding: 'utf8' }).trim();
    // lib/ is built by `npm ci` (prepare); packing does not build it again.
    const packed = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: PROJECT_ROOT })) as { filename: string }[];
    tarball = path.join(dir, packed[0]!.filename);
  }, 120_000);

  it('ships the tool, its starters and the example without its ledgers, and no policy repo at its root', () => {
    const files = run('tar', ['-tzf', tarball], { cwd: PROJECT_ROOT }).split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
    for (const needed of ['lib/cli/bin/precept.js', 'lib/index.d.ts', 'schemas/policy.schema.json', 'catalogues/soc2.yaml', 'site/layouts/page.hbs',
      'starters/en/precept.config.yaml', 'starters/en/records/approvals.jsonl', 'scaffolds/en/policy.md', 'scaffolds/ja/policy.md', 'examples/kestrel/policies/access-control.md', 'README.md']) {
      expect(files, needed).toContain(needed);
    }
    expect(files.filter((f) => /^(precept\.config\.yaml|people\.yaml|policies\/|controls\/|records\/)/.test(f))).toEqual([]);
    expect(files.filter((f) => f.startsWith('examples/kestrel/records/'))).toEqual([]);
    expect(files.filter((f) => /^(src|test|bench|docs)\//.test(f))).toEqual([]);
  });

  it('installs from the tarball as a dev dependency, and npx precept init, check and build work', async () => {
    const repo = await emptyRepo('acme-policies');
    run('npm', ['install', '--save-dev', '--prefer-offline', tarball], { cwd: repo });
    const manifest = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(manifest.devDependencies['precept']).toMatch(/^file:.*\.tgz$/);
    initCheckBuild(repo);
  }, 240_000);

  // npm clones the repository, installs its dependencies and devDependencies, runs `prepare`
  // (tsc) and packs the result: minutes on a busy machine, so CI runs it and developers may.
  it.runIf(process.env['CI'] || process.env['PRECEPT_TEST_GIT_INSTALL'])('installs from a git URL, building lib/ through prepare', async () => {
    const bare = path.join(await mkdtemp(path.join(os.tmpdir(), 'precept-git-')), 'precept.git');
    run('git', ['clone', '-q', '--bare', PROJECT_ROOT, bare], { cwd: PROJECT_ROOT });
    const repo = await emptyRepo('acme-policies-git');
    run('npm', ['install', '--save-dev', '--prefer-offline', `git+file://${bare}`], { cwd: repo });
    expect(existsSync(path.join(repo, 'node_modules', 'precept', 'lib', 'cli', 'bin', 'precept.js'))).toBe(true);
    initCheckBuild(repo);
  }, 900_000);
});
