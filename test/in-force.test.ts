import { beforeAll, describe, expect, it } from 'vitest';
import { GitRepo } from '../src/history/git.js';
import { policyHistory, type PolicyHistory } from '../src/history/versions.js';
import { loadProject } from '../src/repo/load/load-project.js';
import { overdueSpans } from '../src/render/pack/exceptions.js';
import { versionsInForceFromHistory } from '../src/render/pack/in-force.js';
import { parsePeriod } from '../src/render/pack/period.js';
import { policyRemovals, type Removals } from '../src/render/pack/removals.js';
import type { Project } from '../src/repo/project/types.js';
import { createPackRepo } from './helpers/pack-repo.js';

describe('versions in force', () => {
  let project: Project;
  let history: PolicyHistory;
  let removals: Removals;
  const inForce = (from: string, to: string) =>
    versionsInForceFromHistory(project, history, removals, parsePeriod(from, to)).map((v) => `${v.id}@${v.version} ${v.from}..${v.until ?? ''}`);

  beforeAll(async () => {
    const repo = await createPackRepo();
    project = (await loadProject(repo.dir)).project;
    const git = (await GitRepo.open(repo.dir))!;
    history = await policyHistory(git, 'policies');
    removals = await policyRemovals(git, 'policies');
  });

  it('for a year: every approved version that was in force on any day of it', () => {
    expect(inForce('2026-01-01', '2026-12-31')).toEqual([
      'alpha@1.0.0 2025-02-01..2026-04-01', 'alpha@2.0.0 2026-04-01..', 'beta@1.0.0 2026-02-01..',
      'delta@1.0.0 2025-01-10..2026-06-30', 'eta@1.0.0 2025-01-10..2026-03-01', 'zeta@1.0.0 2026-01-10..',
    ]);
  });

  it('for an earlier year: only what existed then, from history (never today\'s file)', () => {
    expect(inForce('2025-01-01', '2025-12-31')).toEqual([
      'alpha@1.0.0 2025-02-01..2026-04-01', 'delta@1.0.0 2025-01-10..2026-06-30', 'eta@1.0.0 2025-01-10..2026-03-01',
    ]);
    const alpha = versionsInForceFromHistory(project, history, removals, parsePeriod('2025-01-01', '2025-12-31'))[0]!;
    expect(alpha.body).toContain('ALPHA-ONE-TEXT');
    // As committed by the end of that period: before the review recorded in 2026.
    expect((alpha.meta['review'] as Record<string, unknown>)['last']).toBeUndefined();
  });

  it('at the edges: the day a version is superseded belongs to the next one; the last day counts in full', () => {
    expect(inForce('2026-04-01', '2026-04-01').filter((v) => v.startsWith('alpha'))).toEqual(['alpha@2.0.0 2026-04-01..']);
    expect(inForce('2026-03-31', '2026-03-31').filter((v) => v.startsWith('alpha'))).toEqual(['alpha@1.0.0 2025-02-01..2026-04-01']);
    expect(inForce('2026-07-01', '2026-12-31').some((v) => v.startsWith('delta'))).toBe(false);
    expect(inForce('2026-06-29', '2026-06-29').some((v) => v.startsWith('delta'))).toBe(true);
    expect(inForce('2027-01-01', '2027-12-31').map((v) => v.split(' ')[0])).toEqual(['alpha@2.0.0', 'beta@1.0.0', 'epsilon@1.0.0', 'zeta@1.0.0']);
  });

  it('finds overdue review spans from the schedule each revision set', () => {
    const versions = versionsInForceFromHistory(project, history, removals, parsePeriod('2026-01-01', '2026-12-31'));
    const period = parsePeriod('2026-01-01', '2026-12-31');
    const spans = (id: string, version: string) => overdueSpans(versions.find((v) => v.id === id && v.version === version)!, period);
    expect(spans('alpha', '1.0.0')).toEqual([{ due: '2026-02-01', from: '2026-02-02', until: '2026-02-20' }]);
    expect(spans('beta', '1.0.0')).toEqual([{ due: '2026-05-01', from: '2026-05-02', until: '2027-01-01' }]);
    expect(spans('zeta', '1.0.0')).toEqual([]);
  });

  it('rejects an empty or malformed period', () => {
    expect(() => parsePeriod('2026-12-31', '2026-01-01')).toThrow('the period is empty: --from 2026-12-31 is after --to 2026-01-01');
    expect(() => parsePeriod('2026-02-30', '2026-03-01')).toThrow('--from must be a date YYYY-MM-DD, got "2026-02-30"');
    expect(() => parsePeriod(undefined, '2026-03-01')).toThrow('the audit period needs --from DATE and --to DATE');
  });
});
