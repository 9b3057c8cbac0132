import { describe, expect, it } from 'vitest';
import { buildTime } from '../src/history/build-time.js';
import { GitRepo } from '../src/history/git.js';
import { policyHistory } from '../src/history/versions.js';
import { TestRepo } from './helpers/git-repo.js';

const policy = (version: string, body: string, id = 'access') =>
  `---\nid: ${id}\ntitle: Access\nversion: ${version}\nstatus: approved\n---\n\n${body}\n`;

describe('policy history from git', () => {
  it('finds each version where the frontmatter version changed, following renames by id', async () => {
    const repo = await TestRepo.create();
    await repo.write({ 'sub/policies/access.md': policy('1.0.0', 'First text.'), 'sub/people.yaml': 'people: []\n' });
    const c1 = repo.commit('first', '2026-01-10T10:00:00Z');
    await repo.write({ 'sub/policies/access.md': policy('1.0.0', 'First text, typo fixed.') });
    repo.commit('edit without bump', '2026-01-20T10:00:00Z');
    await repo.write({ 'sub/policies/access.md': policy('1.1.0', 'Second text.') });
    const c3 = repo.commit('bump', '2026-03-01T10:00:00Z');
    repo.git('mv', 'sub/policies/access.md', 'sub/policies/access-control.md');
    repo.commit('rename', '2026-04-01T10:00:00Z');
    await repo.write({ 'sub/policies/access-control.md': policy('2.0.0', 'Third text.') });
    const c5 = repo.commit('major', '2026-05-01T10:00:00Z');

    const git = await GitRepo.open(`${repo.dir}/sub`);
    expect(git?.prefix).toBe('sub');
    const history = await policyHistory(git!, 'policies');
    const versions = history.versions.get('access')!;
    expect(versions.map((v) => [v.version, v.first.commit, v.first.date, v.revisions.length])).toEqual([
      ['1.0.0', c1, '2026-01-10', 2],
      ['1.1.0', c3, '2026-03-01', 1],
      ['2.0.0', c5, '2026-05-01', 1],
    ]);
    expect(versions[0]!.revisions[1]!.text).toContain('typo fixed');
    expect(versions[2]!.first.file).toBe('policies/access-control.md');
    expect(history.head).toBe(c5);
  });

  it('is undefined outside a repository, and build time comes from SOURCE_DATE_EPOCH or HEAD', async () => {
    const repo = await TestRepo.create();
    expect(await GitRepo.open(repo.dir)).toBeUndefined(); // no commits yet
    await repo.write({ 'a.txt': 'a' });
    repo.commit('a', '2026-02-03T04:05:06Z');
    const git = await GitRepo.open(repo.dir);
    expect((await buildTime({}, git))?.toISOString()).toBe('2026-02-03T04:05:06.000Z');
    expect((await buildTime({ SOURCE_DATE_EPOCH: '86400' }, git))?.toISOString()).toBe('1970-01-02T00:00:00.000Z');
    await expect(buildTime({ SOURCE_DATE_EPOCH: 'soon' }, git)).rejects.toThrow(/SOURCE_DATE_EPOCH/);
  });
});
