/** The one timeline (docs/timeline.md): which version of a policy was in force on each day. */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GitRepo } from '../src/history/git.js';
import { notInForce, seriesOf, spansOf, versionInForce } from '../src/history/timeline/in-force.js';
import { readTimelines } from '../src/history/timeline/load.js';
import type { PolicyTimeline } from '../src/history/timeline/model.js';
import { overdueSpans } from '../src/render/pack/exceptions.js';
import { parsePeriod } from '../src/render/pack/period.js';
import { readPackSources } from '../src/render/pack/state.js';
import { versionsInForce } from '../src/render/pack/versions.js';
import { createPackRepo } from './helpers/pack-repo.js';
import { TestRepo } from './helpers/git-repo.js';
import { policyText } from './helpers/tiny-org.js';

/** "version from..until (why)" for each stretch in force. */
const spans = (t: PolicyTimeline) => spansOf(t).map((s) => `${t.versions[s.index]!.version} ${s.from}..${s.until ?? ''}${s.end ? ` (${s.end})` : ''}`);

async function timelines(repo: TestRepo): Promise<Map<string, PolicyTimeline>> {
  return (await readTimelines((await GitRepo.open(repo.dir))!, 'policies', 'mini')).timelines;
}

describe('the timeline of the pack test repo', () => {
  let repo: TestRepo;
  let all: Map<string, PolicyTimeline>;
  beforeAll(async () => {
    repo = await createPackRepo();
    all = await timelines(repo);
  });

  it('starts each version on its effective date and ends it at the next version, retirement or removal', () => {
    expect(spans(all.get('alpha')!)).toEqual(['1.0.0 2025-02-01..2026-04-01 (superseded)', '2.0.0 2026-04-01..']);
    expect(spans(all.get('delta')!)).toEqual(['1.0.0 2025-01-10..2026-06-30 (retired)']);
    expect(spans(all.get('eta')!)).toEqual(['1.0.0 2025-01-10..2026-03-01 (removed)']);
    // zeta 1.1.0 is a draft: 1.0.0 stays in force. gamma was never approved; epsilon starts in 2027.
    expect(spans(all.get('zeta')!)).toEqual(['1.0.0 2026-01-10..']);
    expect(spans(all.get('gamma')!)).toEqual([]);
    expect(spans(all.get('epsilon')!)).toEqual(['1.0.0 2027-01-01..']);
  });

  it('says why nothing is in force on a day', () => {
    expect(notInForce(all.get('delta')!, '2026-07-01')).toMatchObject({ reason: 'retired', since: '2026-06-30' });
    expect(notInForce(all.get('eta')!, '2026-03-01')).toMatchObject({ reason: 'removed', since: '2026-03-01' });
    expect(notInForce(all.get('epsilon')!, '2026-05-01')).toMatchObject({ reason: 'not-yet', next: { from: '2027-01-01' } });
    expect(notInForce(all.get('alpha')!, '2026-04-01')).toBeUndefined();
  });

  it('the day a version is superseded belongs to the next one; a period\'s last day counts in full', async () => {
    const alpha = all.get('alpha')!;
    expect(alpha.versions[versionInForce(alpha, '2026-03-31')!]!.version).toBe('1.0.0');
    expect(alpha.versions[versionInForce(alpha, '2026-04-01')!]!.version).toBe('2.0.0');
    const sources = await readPackSources(repo.dir, await GitRepo.open(repo.dir), parsePeriod('2025-01-01', '2025-12-31'));
    const year = versionsInForce(sources.project, sources.timelines, sources.history, parsePeriod('2025-01-01', '2025-12-31'));
    expect(year.map((v) => `${v.id}@${v.version} ${v.from}..${v.until ?? ''}`)).toEqual([
      'alpha@1.0.0 2025-02-01..2026-04-01', 'delta@1.0.0 2025-01-10..2026-06-30', 'eta@1.0.0 2025-01-10..2026-03-01',
    ]);
    // As committed by the end of that period: before the review recorded in 2026, never today's file.
    expect(year[0]!.body).toContain('ALPHA-ONE-TEXT');
    expect((year[0]!.meta['review'] as Record<string, unknown>)['last']).toBeUndefined();
  });

  it('finds overdue review spans from the schedule each revision set', async () => {
    const period = parsePeriod('2026-01-01', '2026-12-31');
    const sources = await readPackSources(repo.dir, await GitRepo.open(repo.dir), period);
    const versions = versionsInForce(sources.project, sources.timelines, sources.history, period);
    const overdue = (id: string, version: string) => overdueSpans(versions.find((v) => v.id === id && v.version === version)!, period);
    expect(overdue('alpha', '1.0.0')).toEqual([{ due: '2026-02-01', from: '2026-02-02', until: '2026-02-20' }]);
    expect(overdue('beta', '1.0.0')).toEqual([{ due: '2026-05-01', from: '2026-05-02', until: '2027-01-01' }]);
    expect(overdue('zeta', '1.0.0')).toEqual([]);
  });
});

describe('timeline rules the two old copies disagreed on', () => {
  const config = 'organization:\n  name: T Co\n  slug: t-co\ndefaultFramework: mini\nframeworks:\n  mini: {}\n';

  it('a version first committed as a draft takes effect when approved, not at its first commit', async () => {
    const repo = await TestRepo.create('precept-timeline-');
    await repo.write({ 'precept.config.yaml': config, 'policies/a.md': policyText('a', { status: 'draft', effective: '' }) });
    repo.commit('draft', '2026-01-05T10:00:00Z');
    await repo.write({ 'policies/a.md': policyText('a', { effective: '' }) });
    repo.commit('approved', '2026-02-10T10:00:00Z');
    expect(spans((await timelines(repo)).get('a')!)).toEqual(['1.0.0 2026-02-10..']);
  });

  it('a renamed policy stays in force; deleting its last file removes it, and adding it back restores it', async () => {
    const repo = await TestRepo.create('precept-timeline-');
    await repo.write({ 'precept.config.yaml': config, 'policies/a.md': policyText('a') });
    repo.commit('a', '2026-01-05T10:00:00Z');
    repo.git('mv', 'policies/a.md', 'policies/a-renamed.md');
    repo.commit('rename', '2026-03-01T10:00:00Z');
    expect(spans((await timelines(repo)).get('a')!)).toEqual(['1.0.0 2026-02-01..']);
    await rm(path.join(repo.dir, 'policies/a-renamed.md'));
    repo.commit('remove', '2026-05-01T10:00:00Z');
    expect(spans((await timelines(repo)).get('a')!)).toEqual(['1.0.0 2026-02-01..2026-05-01 (removed)']);
    await repo.write({ 'policies/a.md': policyText('a') });
    repo.commit('back', '2026-06-01T10:00:00Z');
    expect(spans((await timelines(repo)).get('a')!)).toEqual(['1.0.0 2026-02-01..2026-05-01 (removed)', '1.0.0 2026-06-01..']);
  });

  it('a later approval dated earlier supersedes the version it follows from its own date on', async () => {
    const repo = await TestRepo.create('precept-timeline-');
    await repo.write({ 'precept.config.yaml': config, 'policies/a.md': policyText('a', { effective: '2026-03-01' }) });
    repo.commit('1.0.0 for March', '2026-01-05T10:00:00Z');
    await repo.write({ 'policies/a.md': policyText('a', { version: '1.1.0', effective: '2026-02-01' }) });
    repo.commit('1.1.0 for February', '2026-01-20T10:00:00Z');
    const a = (await timelines(repo)).get('a')!;
    // 1.0.0 never took effect: by 2026-03-01, 1.1.0 (recorded later) was already in force.
    expect(spans(a)).toEqual(['1.1.0 2026-02-01..']);
    expect(seriesOf(a).map((s) => [s.major, s.from])).toEqual([[1, '2026-02-01']]);
  });

  it('an effective date moved before it came counts; moved after the version took effect, it does not', async () => {
    const repo = await TestRepo.create('precept-timeline-');
    await repo.write({ 'precept.config.yaml': config, 'policies/a.md': policyText('a', { effective: '2026-03-01' }) });
    repo.commit('for March', '2026-01-05T10:00:00Z');
    await repo.write({ 'policies/a.md': policyText('a', { effective: '2026-04-01' }) });
    repo.commit('postponed to April', '2026-02-01T10:00:00Z');
    expect(spans((await timelines(repo)).get('a')!)).toEqual(['1.0.0 2026-04-01..']);
    await repo.write({ 'policies/a.md': policyText('a', { effective: '2026-01-01' }) });
    repo.commit('rewritten afterwards', '2026-05-01T10:00:00Z');
    expect(spans((await timelines(repo)).get('a')!)).toEqual(['1.0.0 2026-04-01..']);
  });
});

describe('backdating', () => {
  it('a new version that keeps an old effective date starts the day its approval was committed; imported history keeps its dates', async () => {
    const repo = await TestRepo.create('precept-timeline-');
    await repo.write({
      'precept.config.yaml': 'organization:\n  name: T Co\n  slug: t-co\ndefaultFramework: mini\nframeworks:\n  mini: {}\n',
      'policies/a.md': policyText('a', { effective: '2025-06-01' }),
    });
    repo.commit('adopted: in force since June 2025', '2026-01-10T10:00:00Z');
    await repo.write({ 'policies/a.md': policyText('a', { version: '1.1.0', effective: '2025-06-01' }) });
    repo.commit('1.1.0, effective date not updated', '2026-03-01T10:00:00Z');
    expect(spans((await timelines(repo)).get('a')!)).toEqual(['1.0.0 2025-06-01..2026-03-01 (superseded)', '1.1.0 2026-03-01..']);
  });
});
