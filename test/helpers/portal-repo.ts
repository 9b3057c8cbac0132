import { approveAll } from './approve-all.js';
import { TestRepo } from './git-repo.js';
import { runCli } from './run-cli.js';

/** A policy file with the given version and body. */
export function policyFile(id: string, title: string, version: string, body: string, extra = ''): string {
  return `---
id: ${id}
title: ${title}
version: ${version}
status: approved
owner: ada
approvers: [bob]
effective: 2026-02-01
review:
  cycle: annual
  last: 2026-01-15
criteria:
  soc2: [CC6.1, CC6.2]
controls: [AC-01]
audience: [all-staff]
classification: internal
${extra}---

${body}
`;
}

const ACCESS_V1 = `## Purpose

Only authorised people may access company systems.

## Access reviews

Managers review access every quarter.

See the [Encryption Policy](encryption.md#key-management) for keys.
`;

export const ACCESS_V2 = `## Purpose

Only authorised people and services may access company systems and customer data.

## Access reviews

Managers review access every quarter and record the outcome.

## Multi-factor authentication

Every account MUST use a hardware security key.

See the [Encryption Policy](encryption.md#key-management) for keys.
`;

export const ACCESS_V3 = `## Purpose

Only authorised people and services may access company systems and customer data.

## Access reviews

System owners review access every month and record the outcome.

## Multi-factor authentication

Every account MUST use a hardware security key.

See the [Encryption Policy](encryption.md#key-management) for keys.
`;

const ENCRYPTION = (extra: string) => `## Purpose

Data is encrypted at rest and in transit. Backups are guarded by the quokka protocol.${extra}

## Key management

Keys rotate every year.
`;

/** `precept ack` at a given time, failing loudly. */
async function ack(dir: string, policy: string, person: string, at: string): Promise<void> {
  const run = await runCli(['ack', policy, '--as', person, '--root', dir], { now: new Date(at) });
  if (run.code !== 0) throw new Error(`precept ack ${policy} --as ${person}: ${run.stderr}`);
}

/**
 * A throwaway policy repo with real history: Access Control goes 1.0.0 -> 1.1.0 -> 2.0.0 over
 * three commits, Encryption 1.0.0 -> 1.0.1, and one commit edits without a bump. Bob, the
 * approver, approves each version (`precept approve`, recorded in the commit that makes it);
 * of the three people on staff, Ada and Bob acknowledged Access Control 2.0.0 and Ada
 * Encryption 1.0.1 (`precept ack`), in the last commit.
 */
export async function portalRepo(prefix = 'precept-portal-'): Promise<TestRepo> {
  const repo = await TestRepo.create(prefix);
  await repo.write({
    '.gitignore': 'dist/\n.precept-cache/\n',
    'precept.config.yaml': 'organization:\n  name: Quokka Labs\n  slug: quokka\nframeworks:\n  soc2:\n    scope: [security]\n',
    'people.yaml': `groups:
  - id: all-staff
    name: All staff
    everyone: true
people:
  - id: ada
    name: Ada Owner
    email: ada@quokka.example
    roles: [Head of Security]
    start: 2020-01-01
  - id: bob
    name: Bob Approver
    email: bob@quokka.example
    start: 2020-01-01
  - id: cy
    name: Cy Reader
    email: cy@quokka.example
    start: 2020-01-01
`,
    'controls/base.yaml': `- id: AC-01
  title: Quarterly access review
  owner: ada
  criteria:
    soc2: [CC6.2, CC6.3]
  evidence:
    - what: Signed review export
      frequency: quarterly
`,
    'policies/access-control.md': policyFile('access-control', 'Access Control Policy', '1.0.0', ACCESS_V1, 'related: [encryption]\n'),
    'policies/encryption.md': policyFile('encryption', 'Encryption Policy', '1.0.0', ENCRYPTION('')),
  });
  await approveAll(repo.dir, new Date('2026-01-10T09:00:00Z'));
  repo.commit('Initial policies', '2026-01-10T10:00:00Z');
  await repo.write({ 'policies/access-control.md': policyFile('access-control', 'Access Control Policy', '1.1.0', ACCESS_V2, 'related: [encryption]\n') });
  await approveAll(repo.dir, new Date('2026-03-01T09:00:00Z'));
  repo.commit('Access control: require hardware keys', '2026-03-01T10:00:00Z');
  await repo.write({ 'policies/encryption.md': policyFile('encryption', 'Encryption Policy', '1.0.1', ENCRYPTION(' Laptops use full-disk encryption.')) });
  await approveAll(repo.dir, new Date('2026-04-01T09:00:00Z'));
  repo.commit('Encryption: mention laptops', '2026-04-01T10:00:00Z');
  await repo.write({ 'policies/access-control.md': policyFile('access-control', 'Access Control Policy', '2.0.0', ACCESS_V3, 'related: [encryption]\n') });
  repo.commit('Access control: monthly reviews by system owners', '2026-06-01T10:00:00Z');
  await approveAll(repo.dir, new Date('2026-06-02T09:00:00Z'));
  await ack(repo.dir, 'access-control', 'ada', '2026-06-02T09:10:00Z');
  await ack(repo.dir, 'access-control', 'bob', '2026-06-02T09:20:00Z');
  await ack(repo.dir, 'encryption', 'ada', '2026-06-02T09:30:00Z');
  repo.commit('Record approvals', '2026-06-02T10:00:00Z');
  return repo;
}
