import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TestRepo } from './git-repo.js';
import { policyText, tinyOrg } from './tiny-org.js';

/**
 * The tiny org with a history for acknowledgements (all commit and effective dates 2026):
 *   alpha (all-staff): 1.0.0 effective 02-01 (committed 01-10), 1.1.0 effective 04-01
 *     (committed 03-20), 2.0.0 effective 07-01 (committed 06-20); with `draft`, an uncommitted
 *     2.1.0 draft in the working tree.
 *   beta (engineering: only ada): 1.0.0 effective 02-01.
 * People: ada, bob, eve (on staff since before 2026), cy (left 06-30), dee (starts 2027-01-01),
 * fay (new joiner, starts 08-10).
 */
export async function ackOrg(options: { draft?: boolean } = {}): Promise<TestRepo> {
  const repo = await tinyOrg();
  const people = readFileSync(path.join(repo.dir, 'people.yaml'), 'utf8');
  await repo.write({
    'people.yaml': `${people}  - id: fay\n    name: Fay Newhire\n    email: Fay.Newhire@fixture.example\n    start: 2026-08-10\n`,
    'policies/beta.md': policyText('beta', { audience: '[engineering]' }, '## Purpose\n\nEngineers MUST follow this policy.'),
  });
  repo.commit('beta for engineering, fay joins', '2026-01-12T10:00:00Z');
  const alpha = (version: string, effective: string, body: string, status = 'approved') =>
    policyText('alpha', { version, effective, status, audience: '[all-staff]', criteria: '\n  mini: [M-3]', controls: '[CTL-01, CTL-02]' }, body);
  await repo.write({ 'policies/alpha.md': alpha('1.1.0', '2026-04-01', '## Purpose\n\nStaff MUST follow this policy, as amended.') });
  repo.commit('alpha 1.1.0', '2026-03-20T10:00:00Z');
  await repo.write({ 'policies/alpha.md': alpha('2.0.0', '2026-07-01', '## Purpose\n\nStaff MUST follow this policy and report breaches within 24 hours.') });
  repo.commit('alpha 2.0.0', '2026-06-20T10:00:00Z');
  if (options.draft) await repo.write({ 'policies/alpha.md': alpha('2.1.0', '2026-12-01', '## Purpose\n\nA draft.', 'draft') });
  return repo;
}
