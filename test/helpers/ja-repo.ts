import { cp } from 'node:fs/promises';
import path from 'node:path';
import { approveAll } from './approve-all.js';
import { TestRepo } from './git-repo.js';
import { PROJECT_ROOT } from './paths.js';

/** The Japanese organisation of test/fixtures/ja (locale: ja, three policies, one an English translation). */
export const JA_FIXTURE = path.join(PROJECT_ROOT, 'test', 'fixtures', 'ja');

/** test/fixtures/ja in a git repo of its own, every policy approved by its approver, in one commit on 2026-04-01. */
export async function jaRepo(prefix = 'precept-ja-'): Promise<TestRepo> {
  const repo = await TestRepo.create(prefix);
  await cp(JA_FIXTURE, repo.dir, { recursive: true });
  await repo.write({ '.gitignore': 'dist/\n.precept-cache/\n' });
  await approveAll(repo.dir, new Date('2026-03-20T09:00:00Z'));
  repo.commit('規程集の初版', '2026-04-01T09:00:00Z');
  return repo;
}
