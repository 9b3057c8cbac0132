/** A few scenarios through the real binary (lib/, built by `npm ci` via prepare). */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BIN, FIXTURES } from './helpers/paths.js';

const run = async (args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

describe('precept binary', () => {
  it('exits 0 on a clean repo', async () => {
    const r = await run(['check', '--as-of', '2026-11-25', '--root', path.join(FIXTURES, 'check', 'clean')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no problems/);
  });
  it('exits 1 with diagnostics on stderr and no stack trace', async () => {
    const r = await run(['check', '--as-of', '2026-11-25', '--root', path.join(FIXTURES, 'check', 'schema-errors')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('policies/gamma.md:4:9 error schema status: must be one of draft, in-review, approved, retired; found "aproved" - did you mean approved?');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it('is executable itself, as npm and npx run it (not only through node)', async () => {
    const { stdout } = await promisify(execFile)(BIN, ['--version']);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
  it('exits 2 on a bad flag', async () => {
    const r = await run(['check', '--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown option/);
  });
});
