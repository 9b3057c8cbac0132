import { rmSync } from 'node:fs';
import path from 'node:path';
import { TestRepo } from './git-repo.js';
import { runCli } from './run-cli.js';
import { policyText, tinyOrg } from './tiny-org.js';

const now = new Date('2026-11-25T12:00:00Z');
const p = (id: string, fields: Record<string, string>, body: string) => policyText(id, { approvers: '[ada]', ...fields }, body);

/** Base texts: one policy per kind of change the review tests look at. */
export const BASE = {
  'policies/alpha.md': p('alpha', { criteria: '[M-1]' }, '## Purpose\n\nStaff must patch critical vulnerabilities within 14 days.\n\n## Scope\n\nAll production systems.'),
  'policies/beta.md': p('beta', {}, '## Purpose\n\nThis policy describes how we handle vendor onboarding.\n\nVendors are reviewed by the security team.'),
  'policies/gamma.md': p('gamma', {}, '## Purpose\n\nWe recieve and triage reports from staff.'),
  'policies/delta.md': p('delta', {}, '## Purpose\n\nDelta text.'),
  'policies/epsilon.md': p('epsilon', {}, '## Purpose\n\nEpsilon text.'),
  'policies/zeta.md': p('zeta', { criteria: '[M-3]' }, '## Purpose\n\nZeta text.'),
};

/** The pull request's texts: material, minor, editorial, frontmatter-only, rename, removal and addition. */
export const HEAD = {
  'policies/alpha.md': p('alpha', { version: '1.1.0', criteria: '[M-1]' }, '## Purpose\n\nStaff should patch critical vulnerabilities within 7 days.\n\n## Scope\n\nAll production systems.'),
  'policies/beta.md': p('beta', { version: '1.1.0' }, '## Purpose\n\nThis policy explains how we handle vendor onboarding (ask <Vendors> & @security-team | *ops*).\n\nVendors are reviewed by the security team.'),
  'policies/gamma.md': p('gamma', { version: '1.0.1' }, '## Purpose\n\nWe receive and triage reports from staff.'),
  'policies/delta.md': p('delta', { owner: 'bob' }, '## Purpose\n\nDelta text.'),
  'policies/hr/epsilon.md': BASE['policies/epsilon.md'],
  'policies/eta.md': p('eta', {}, '## Purpose\n\nEta <b>text</b> @everyone.'),
};

/**
 * A repo with BASE committed on main (approved by ada, recorded with precept approve) and a
 * branch `pr` with HEAD's texts and ada's approval of eta, checked out. Returns the repo.
 */
export async function reviewRepo(): Promise<TestRepo> {
  const repo = await tinyOrg();
  rmSync(path.join(repo.dir, 'policies'), { recursive: true });
  await repo.write(BASE);
  repo.commit('base policies', '2026-02-01T10:00:00Z');
  for (const id of ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta']) await runCli(['approve', id, '--as', 'ada', '--root', repo.dir], { now });
  repo.commit('approvals', '2026-02-02T10:00:00Z');
  repo.git('checkout', '-q', '-b', 'pr');
  rmSync(path.join(repo.dir, 'policies'), { recursive: true });
  await repo.write(HEAD);
  await runCli(['approve', 'eta', '--as', 'ada', '--root', repo.dir], { now });
  repo.commit('the pull request', '2026-03-01T10:00:00Z');
  return repo;
}
