/** Hostile repos: symlinks out of the root, huge files, prototype keys never crash or leak. */
import { cp, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../src/check/check.js';
import { FIXTURES, TODAY } from './helpers/paths.js';

async function copyOfClean(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'precept-untrusted-'));
  await cp(path.join(FIXTURES, 'check', 'clean'), dir, { recursive: true });
  return dir;
}

describe('untrusted input', () => {
  it('does not follow symlinks that leave the repository', async () => {
    const root = await copyOfClean();
    const outside = await mkdtemp(path.join(os.tmpdir(), 'precept-outside-'));
    await writeFile(path.join(outside, 'secret.md'), '---\ntitle: Secret\n---\nroot:x:0:0\n');
    await symlink(path.join(outside, 'secret.md'), path.join(root, 'policies', 'leak.md'));
    await symlink(outside, path.join(root, 'policies', 'outside-dir'));
    const result = await check(root, { asOf: TODAY });
    const lines = result.diagnostics.map((d) => `${d.file} ${d.ruleId}`);
    expect(lines).toEqual(['policies/leak.md symlink-outside-root', 'policies/outside-dir symlink-outside-root']);
    expect([...result.project.sources.values()].join('')).not.toContain('root:x:0:0');
  });

  it('refuses files over the size limit without reading them', async () => {
    const root = await copyOfClean();
    await writeFile(path.join(root, 'policies', 'huge.md'), `---\ntitle: Huge\n---\n${'x'.repeat(3 * 1024 * 1024)}\n`);
    const result = await check(root, { asOf: TODAY });
    expect(result.diagnostics.map((d) => `${d.file} ${d.ruleId} ${d.message}`)).toEqual([
      'policies/huge.md file-too-large file is 3145749 bytes; the limit is 2097152 bytes',
    ]);
  });

  it('__proto__ keys do not pollute prototypes', async () => {
    await check(path.join(FIXTURES, 'check', 'proto-key'), { asOf: TODAY });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
