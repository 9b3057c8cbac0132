import { TestRepo } from './git-repo.js';
import { policyText } from './tiny-org.js';

/** The secret load tests put in PRECEPT_PROXY_SECRET and send as the proxy would. */
export const LOAD_SECRET = 'load-test-proxy-secret-0123456789';

/** Email of load-test person n. */
export const loadEmail = (n: number) => `p${n}@load.example`;

/**
 * A committed repo with `people` staff (p0 .. p<people-1>, everyone in all-staff) and one policy,
 * alpha 1.0.0, in force for all of them: a few thousand distinct acknowledgements to give.
 */
export async function loadOrg(people: number): Promise<TestRepo> {
  const repo = await TestRepo.create('precept-load-');
  const roster = ['groups:', '  - id: all-staff', '    name: All staff', '    everyone: true', 'people:'];
  for (let i = 0; i < people; i++) roster.push(`  - id: p${i}`, `    name: Person ${i}`, `    email: ${loadEmail(i)}`);
  await repo.write({
    'precept.config.yaml': 'organization:\n  name: Load Co\n  slug: load-co\n',
    'people.yaml': `${roster.join('\n')}\n`,
    'policies/alpha.md': policyText('alpha', { owner: 'p0', approvers: '[p0]', audience: '[all-staff]', effective: '2026-01-01' }),
  });
  repo.commit('load org', '2026-01-01T10:00:00Z');
  return repo;
}
