import { rm } from 'node:fs/promises';
import path from 'node:path';
import { approveAll } from './approve-all.js';
import { TestRepo } from './git-repo.js';
import { runCli } from './run-cli.js';

/** Frontmatter and body of a policy in the pack test repo. */
interface PolicySpec {
  id: string;
  title: string;
  version: string;
  status: 'draft' | 'in-review' | 'approved' | 'retired';
  effective?: string;
  cycle?: string;
  last?: string;
  criteria?: string[];
  marker: string;
}

function policy(p: PolicySpec): string {
  return [
    '---',
    `id: ${p.id}`,
    `title: ${p.title}`,
    `version: ${p.version}`,
    `status: ${p.status}`,
    'owner: ada',
    'approvers: [ada, bob]',
    ...(p.effective ? [`effective: ${p.effective}`] : []),
    'review:',
    `  cycle: ${p.cycle ?? 'annual'}`,
    ...(p.last ? [`  last: ${p.last}`] : []),
    `criteria: [${(p.criteria ?? []).join(', ')}]`,
    'audience: [all-staff]',
    'classification: internal',
    '---',
    '',
    '## Purpose',
    '',
    `${p.title} body text ${p.marker}.`,
    '',
    '## Requirements',
    '',
    '- Staff MUST follow it.',
    '',
  ].join('\n');
}

const BASE: Record<string, string> = {
  'precept.config.yaml': 'organization:\n  name: Acme Test Co\n  slug: acme\ndefaultFramework: mini\nframeworks:\n  mini: {}\n',
  'people.yaml': [
    'groups:', '  - id: all-staff', '    name: All staff', '    everyone: true', 'people:',
    '  - id: ada', '    name: Ada Owner', '    email: ada@acme.example', '    github: ada-owner', '    start: 2020-01-01',
    '  - id: bob', '    name: Bob Approver', '    email: bob@acme.example', '    start: 2020-01-01',
    '  - id: cy', '    name: Cy Reader', '    email: cy@acme.example', '    start: 2020-01-01', '',
  ].join('\n'),
  'frameworks/mini.yaml': [
    'id: mini', 'name: Mini Framework', 'short: Mini', 'groups:', '  - id: core', '    name: Core', '    alwaysInScope: true', 'items:',
    ...['First', 'Second', 'Third', 'Fourth'].map((t, i) => `  - id: M-${i + 1}\n    group: core\n    title: ${t} requirement`), '',
  ].join('\n'),
  'controls/base.yaml': '- id: CTL-01\n  title: First control\n  owner: ada\n  criteria: [M-3]\n  evidence:\n    - what: A report\n      frequency: quarterly\n',
};

/**
 * A policy repo whose history exercises the pack, period 2026-01-01..2026-12-31:
 * - alpha 1.0.0 (2025-02-01, review recorded 2026-02-20) superseded by 2.0.0 on 2026-04-01;
 * - beta 1.0.0 from 2026-02-01, quarterly review never done (overdue from 2026-05-02);
 * - gamma: a draft only; epsilon: approved but effective 2027-01-01 (neither in force);
 * - delta 1.0.0 retired on 2026-06-30; eta 1.0.0 removed on 2026-03-01;
 * - zeta 1.0.0 in force, while its next version 1.1.0 is still a draft at HEAD.
 * Approvals are recorded on 2026-09-10 for the texts at HEAD only; acknowledgements of alpha
 * 2.0.0 (ada on time, bob late, cy never) and beta (ada only).
 * Each body carries a marker (ALPHA-ONE-TEXT, ...) to find it in PDF text.
 */
export async function createPackRepo(): Promise<TestRepo> {
  const repo = await TestRepo.create('precept-pack-');
  await repo.write({
    ...BASE,
    'policies/alpha.md': policy({ id: 'alpha', title: 'Alpha Policy', version: '1.0.0', status: 'approved', effective: '2025-02-01', criteria: ['M-1'], marker: 'ALPHA-ONE-TEXT' }),
    'policies/delta.md': policy({ id: 'delta', title: 'Delta Policy', version: '1.0.0', status: 'approved', effective: '2025-01-10', marker: 'DELTA-TEXT' }),
    'policies/eta.md': policy({ id: 'eta', title: 'Eta Policy', version: '1.0.0', status: 'approved', effective: '2025-01-10', marker: 'ETA-TEXT' }),
  });
  repo.commit('Alpha, delta and eta', '2025-01-05T10:00:00Z');
  await repo.write({
    'policies/beta.md': policy({ id: 'beta', title: 'Beta Policy', version: '1.0.0', status: 'approved', effective: '2026-02-01', cycle: 'quarterly', last: '2026-02-01', marker: 'BETA-TEXT' }),
    'policies/gamma.md': policy({ id: 'gamma', title: 'Gamma Policy', version: '0.1.0', status: 'draft', marker: 'GAMMA-DRAFT-TEXT' }),
    'policies/epsilon.md': policy({ id: 'epsilon', title: 'Epsilon Policy', version: '1.0.0', status: 'approved', effective: '2027-01-01', marker: 'EPSILON-FUTURE-TEXT' }),
    'policies/zeta.md': policy({ id: 'zeta', title: 'Zeta Policy', version: '1.0.0', status: 'approved', effective: '2026-01-10', marker: 'ZETA-ONE-TEXT' }),
  });
  repo.commit('Beta, gamma, epsilon, zeta', '2026-01-05T10:00:00Z');
  await repo.write({ 'policies/alpha.md': policy({ id: 'alpha', title: 'Alpha Policy', version: '1.0.0', status: 'approved', effective: '2025-02-01', last: '2026-02-20', criteria: ['M-1'], marker: 'ALPHA-ONE-TEXT' }) });
  repo.commit('Alpha: annual review done', '2026-02-20T10:00:00Z');
  await rm(path.join(repo.dir, 'policies/eta.md'));
  repo.commit('Remove eta', '2026-03-01T10:00:00Z');
  await repo.write({ 'policies/alpha.md': policy({ id: 'alpha', title: 'Alpha Policy', version: '2.0.0', status: 'approved', effective: '2026-04-01', criteria: ['M-2'], marker: 'ALPHA-TWO-TEXT' }) });
  repo.commit('Alpha 2.0.0', '2026-03-15T10:00:00Z');
  await repo.write({ 'policies/delta.md': policy({ id: 'delta', title: 'Delta Policy', version: '1.0.0', status: 'retired', effective: '2025-01-10', marker: 'DELTA-TEXT' }) });
  repo.commit('Retire delta', '2026-06-30T10:00:00Z');
  await repo.write({ 'policies/zeta.md': policy({ id: 'zeta', title: 'Zeta Policy', version: '1.1.0', status: 'draft', effective: '2026-01-10', marker: 'ZETA-DRAFT-TEXT' }) });
  repo.commit('Zeta 1.1.0 draft', '2026-09-01T10:00:00Z');
  // Approvals of the texts at HEAD (alpha 2.0.0, beta, epsilon); earlier versions have none.
  await approveAll(repo.dir, new Date('2026-09-10T09:00:00Z'));
  repo.commit('Record approvals', '2026-09-10T10:00:00Z');
  // Acknowledgements: alpha 2.0.0 by ada on time and bob late (grace ends 2026-05-01), cy never;
  // beta by ada only.
  for (const [policy, version, person, at] of [
    ['alpha', '2.0.0', 'ada', '2026-04-05T09:00:00Z'], ['alpha', '2.0.0', 'bob', '2026-06-01T09:00:00Z'], ['beta', '1.0.0', 'ada', '2026-02-10T09:00:00Z'],
  ] as const) {
    const run = await runCli(['ack', policy, '--as', person, '--version', version, '--at', at, '--root', repo.dir], { now: new Date('2026-09-11T09:00:00Z') });
    if (run.code !== 0) throw new Error(`ack ${policy} ${person}: ${run.stderr}`);
  }
  repo.commit('Record acknowledgements', '2026-09-11T10:00:00Z');
  return repo;
}
