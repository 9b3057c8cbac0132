import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { TestRepo } from './git-repo.js';
import { FIXTURES } from './paths.js';

/** A policy file for the tiny org: frontmatter fields merged over approved defaults, and a body. */
export function policyText(id: string, fields: Record<string, string> = {}, body = 'Staff MUST follow this policy.'): string {
  const all: Record<string, string> = {
    id, title: `${id[0]!.toUpperCase()}${id.slice(1)} Policy`, version: '1.0.0', status: 'approved', owner: 'ada', approvers: '[ada, bob]',
    effective: '2026-02-01', review: '\n  cycle: annual', classification: 'internal', ...fields,
  };
  const yaml = Object.entries(all).filter(([, v]) => v !== '').map(([k, v]) => `${k}:${v.startsWith('\n') ? '' : ' '}${v}`).join('\n');
  return `---\n${yaml}\n---\n\n${body}\n`;
}

/**
 * A git repo holding the `clean` check fixture (config, roster with ada, bob, cy who left,
 * dee not yet started, plus eve; catalogue, controls; policies alpha and beta), committed.
 */
export async function tinyOrg(): Promise<TestRepo> {
  const repo = await TestRepo.create('precept-org-');
  const from = path.join(FIXTURES, 'check', 'clean');
  for (const entry of ['precept.config.yaml', 'people.yaml', 'controls', 'frameworks', 'policies']) {
    cpSync(path.join(from, entry), path.join(repo.dir, entry), { recursive: true });
  }
  const people = readFileSync(path.join(from, 'people.yaml'), 'utf8');
  await repo.write({ 'people.yaml': `${people}  - id: eve\n    name: Eve Engineer\n    email: eve@fixture.example\n    github: Eve-Eng\n    start: 2021-01-01\n` });
  repo.commit('policies', '2026-01-10T10:00:00Z');
  return repo;
}
