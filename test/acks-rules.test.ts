/** The acknowledgement rules: MAJOR series, audiences, grace days, leavers, superseded versions, periods. */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AckIndex, countingIn, dayBound, type AckEntry } from '../src/records/acks/ack-index.js';
import { acknowledge } from '../src/records/acks/acknowledge.js';
import { loadAckModel, type LoadedAckModel } from '../src/records/acks/model.js';
import { acknowledgementPeriod } from '../src/records/acks/period.js';
import { requirementsOn } from '../src/records/acks/requirements.js';
import { ackShares } from '../src/records/acks/shares.js';
import { acknowledgementStatus } from '../src/records/acks/status.js';
import { acknowledgeableNow } from '../src/records/acks/validity.js';
import { loadProject } from '../src/repo/load/load-project.js';
import type { Project } from '../src/repo/project/types.js';
import { ackOrg } from './helpers/ack-org.js';

const NOW = new Date('2026-11-25T12:00:00Z');

async function load(dir: string): Promise<{ project: Project; model: LoadedAckModel }> {
  const { project } = await loadProject(dir);
  return { project, model: await loadAckModel(project) };
}

/** Records acknowledgements as `precept ack --at` does, then reloads. */
async function withAcks(dir: string, acks: [person: string, policy: string, version: string, at: string][]) {
  for (const [person, policy, version, at] of acks) {
    const { project, model } = await load(dir);
    await acknowledge({ project, model, policy, person, version, at, now: NOW });
  }
  return load(dir);
}

/** "person:state" for one policy on a day. */
function states(model: LoadedAckModel, policy: string, day: string): string[] {
  return requirementsOn(model, day).filter((r) => r.policy === policy).map((r) => `${r.person}:${r.state}${r.late ? ' (late)' : ''} by ${r.deadline}`);
}

describe('which acknowledgement counts', () => {
  it('an acknowledgement covers every later version with the same MAJOR number; a MAJOR version needs a new one', async () => {
    const repo = await ackOrg();
    const { model } = await withAcks(repo.dir, [
      ['bob', 'alpha', '1.0.0', '2026-02-10T09:00:00Z'],
      ['eve', 'alpha', '1.1.0', '2026-04-02'],
    ]);
    // 1.1.0 (MINOR) is in force from 04-01: bob's acknowledgement of 1.0.0 still counts.
    expect(states(model, 'alpha', '2026-05-01')).toEqual([
      'ada:overdue by 2026-03-03', 'bob:acknowledged by 2026-03-03', 'cy:overdue by 2026-03-03', 'eve:acknowledged (late) by 2026-03-03',
    ]);
    // 2.0.0 (MAJOR) takes effect 07-01: everyone owes a new acknowledgement, due 30 days later.
    expect(states(model, 'alpha', '2026-07-05')).toEqual(['ada:pending by 2026-07-31', 'bob:pending by 2026-07-31', 'eve:pending by 2026-07-31']);
    expect(states(model, 'alpha', '2026-08-01')).toEqual(['ada:overdue by 2026-07-31', 'bob:overdue by 2026-07-31', 'eve:overdue by 2026-07-31']);
    const later = await withAcks(repo.dir, [['bob', 'alpha', '2.0.0', '2026-07-20T10:00:00Z']]);
    expect(states(later.model, 'alpha', '2026-08-01')).toContain('bob:acknowledged by 2026-07-31');
    // An acknowledgement given after the day judged does not count on that day.
    expect(states(later.model, 'alpha', '2026-07-19')).toContain('bob:pending by 2026-07-31');
  });

  it('only people in the audience groups who are on staff are required', async () => {
    const repo = await ackOrg();
    const { model } = await load(repo.dir);
    // beta is for engineering (ada only); dee has not started, cy has left by November.
    expect(states(model, 'beta', '2026-11-25')).toEqual(['ada:overdue by 2026-03-03']);
    expect(states(model, 'alpha', '2026-11-25').map((s) => s.split(':')[0])).toEqual(['ada', 'bob', 'eve', 'fay']);
  });
});

describe('the acknowledgement index', () => {
  it('answers a person in one slot lookup exactly as countingIn does over their records, and says when one was late', () => {
    let line = 0;
    const entry = (person: string, version: string, at: string): AckEntry => ({
      line: ++line, record: { policy: 'alpha', version, contentHash: `sha256:${'a'.repeat(64)}`, person, at, source: 'cli', seq: line, prev: `sha256:${'0'.repeat(64)}` },
    });
    const entries = [
      entry('ann', '1.0.0', '2026-03-01T00:00:00Z'), entry('bob', '1.2.0', '2026-03-01T23:59:59Z'), entry('cy', '2.0.0', '2026-03-02T00:00:00Z'),
      entry('dee', '1.0.0', '2026-03-03T10:00:00Z'), entry('dee', '2.0.0', '2026-03-01T10:00:00Z'), entry('eve', 'draft', '2026-03-01T10:00:00Z'),
      // Not an instant as ledgers write them: compared as text, as before.
      entry('fay', '1.0.0', '2026-03-01 10:00'), entry('gus', '1.0.0', '2026-02-28t10:00:00Z'),
    ];
    const index = new AckIndex(entries);
    const acks = index.forPolicy('alpha');
    const days = ['2026-02-28', '2026-03-01', '2026-03-02', '2026-03-03', '2026-3-01'];
    for (const person of ['ann', 'bob', 'cy', 'dee', 'eve', 'fay', 'gus', 'nobody']) {
      const mine = entries.filter((e) => e.record.person === person);
      for (const major of [1, 2, Number.NaN]) {
        for (const day of days) {
          const found = acks.countingAt(index.slotOf(person), major, dayBound(day));
          expect([person, major, day, found]).toEqual([person, major, day, countingIn(mine, major, day)]);
          for (const deadline of days) {
            if (found) expect([person, day, deadline, acks.lateAt(index.slotOf(person), found, dayBound(deadline))]).toEqual([person, day, deadline, found.record.at >= `${deadline}U`]);
          }
        }
      }
    }
    expect([index.slotOf('nobody'), index.size, acks.of('dee').length]).toEqual([-1, 8, 2]);
  });

  it('a policy few of many people acknowledged gives the same answers', () => {
    let line = 0;
    const entry = (person: string, policy: string, version: string, at: string): AckEntry => ({
      line: ++line, record: { policy, version, contentHash: `sha256:${'a'.repeat(64)}`, person, at, source: 'cli', seq: line, prev: `sha256:${'0'.repeat(64)}` },
    });
    const people = Array.from({ length: 300 }, (_, i) => `p${i}`);
    const entries = [
      ...people.map((p, i) => entry(p, 'alpha', '1.0.0', `2026-03-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`)),
      ...['p299', 'p3', 'p150', 'p3'].map((p, i) => entry(p, 'beta', i === 3 ? '2.0.0' : '1.0.0', `2026-04-0${1 + i}T10:00:00Z`)),
      ...people.slice(0, 200).map((p) => entry(p, 'gamma', '1.0.0', '2026-05-01T10:00:00Z')),
    ];
    const index = new AckIndex(entries);
    for (const policy of ['alpha', 'beta', 'gamma', 'delta']) {
      const acks = index.forPolicy(policy);
      for (const person of [...people, 'nobody']) {
        const mine = entries.filter((e) => e.record.person === person && e.record.policy === policy);
        expect([policy, person, acks.of(person)]).toEqual([policy, person, mine]);
        for (const day of ['2026-03-14', '2026-04-02', '2026-12-31']) {
          const found = acks.countingAt(index.slotOf(person), 1, dayBound(day));
          expect([policy, person, day, found]).toEqual([policy, person, day, countingIn(mine, 1, day)]);
          if (found) expect(acks.lateAt(index.slotOf(person), found, dayBound('2026-03-10'))).toBe(found.record.at >= '2026-03-10U');
        }
      }
    }
    expect(index.find('p3', 'beta', '2.0.0')?.line).toBe(304);
  });
});

describe('deadlines', () => {
  it('new joiners have graceDays from their start date or the effective date, whichever is later', async () => {
    const repo = await ackOrg();
    let { model } = await load(repo.dir);
    expect(states(model, 'alpha', '2026-09-09')).toContain('fay:pending by 2026-09-09');
    expect(states(model, 'alpha', '2026-09-10')).toContain('fay:overdue by 2026-09-09');
    await repo.write({ 'precept.config.yaml': 'organization:\n  name: Fixture Co\n  slug: fixture-co\ndefaultFramework: mini\nframeworks:\n  mini: {}\nacknowledgement:\n  graceDays: 10\n' });
    ({ model } = await load(repo.dir));
    expect(states(model, 'alpha', '2026-08-20')).toEqual(['ada:overdue by 2026-07-11', 'bob:overdue by 2026-07-11', 'eve:overdue by 2026-07-11', 'fay:pending by 2026-08-20']);
  });

  it('leavers are out of scope after their end date; an acknowledgement owed before they left stays overdue for that period', async () => {
    const repo = await ackOrg();
    const { model } = await load(repo.dir);
    expect(states(model, 'alpha', '2026-06-30')).toContain('cy:overdue by 2026-03-03');
    expect(states(model, 'alpha', '2026-07-01').some((s) => s.startsWith('cy:'))).toBe(false);
    const year = acknowledgementPeriod(model, '2026-01-01', '2026-12-31');
    const cy = year.policies.find((p) => p.policy === 'alpha')!.requirements.filter((r) => r.person === 'cy');
    expect(cy.map((r) => [r.step.version, r.state, r.judged])).toEqual([['1.0.0', 'overdue', '2026-06-30']]);
  });
});

describe('a period, for the auditor pack', () => {
  it('judges each MAJOR series in force during the period at its end, by the same rules', async () => {
    const repo = await ackOrg();
    await repo.write({ 'precept.config.yaml': 'organization:\n  name: Fixture Co\n  slug: fixture-co\ndefaultFramework: mini\nframeworks:\n  mini: {}\nacknowledgement:\n  graceDays: 200\n' });
    const { model } = await withAcks(repo.dir, [
      ['ada', 'alpha', '1.0.0', '2026-02-03'],
      ['ada', 'alpha', '2.0.0', '2026-07-02'],
      ['eve', 'alpha', '2.0.0', '2026-07-03'],
    ]);
    const report = acknowledgementPeriod(model, '2026-01-01', '2026-12-31');
    const alpha = report.policies.find((p) => p.policy === 'alpha')!;
    expect(alpha.series).toEqual([
      { version: '1.0.0', effective: '2026-02-01', replaced: '2026-07-01' },
      { version: '2.0.0', effective: '2026-07-01', replaced: undefined },
    ]);
    // 1.x: ada on time; bob and eve never acknowledged, but 2.0.0 replaced it before their deadline
    // (2026-08-20): lapsed; cy left before it too. 2.0.0: ada and eve on time, bob and fay not yet due.
    expect(alpha.requirements.map((r) => `${r.step.version} ${r.person} ${r.state}`)).toEqual([
      '1.0.0 ada acknowledged', '1.0.0 bob lapsed', '1.0.0 cy lapsed', '1.0.0 eve lapsed',
      '2.0.0 ada acknowledged', '2.0.0 bob pending', '2.0.0 eve acknowledged', '2.0.0 fay pending',
    ]);
    expect(alpha).toMatchObject({ required: 5, onTime: 3, late: 0, overdue: 0, pending: 2, lapsed: 3 });
    // The status of a day is the period of that one day.
    const day = acknowledgementStatus(model, '2026-12-31');
    expect(day.policies.find((p) => p.policy === 'alpha')).toMatchObject({ version: '2.0.0', step: { version: '2.0.0', effective: '2026-07-01' }, required: 4, acknowledged: 2 });
  });
});

describe('what may be acknowledged now', () => {
  it('the version in force; earlier versions are superseded, drafts are not approved, unknown ones are 404', async () => {
    const repo = await ackOrg({ draft: true });
    const { model } = await load(repo.dir);
    const refusal = (policy: string, version: string) => {
      const r = acknowledgeableNow(model, policy, version, '2026-11-25');
      return 'code' in r ? `${r.status} ${r.code}: ${r.message}` : `ok ${r.version.version}`;
    };
    expect(refusal('alpha', '2.0.0')).toBe('ok 2.0.0');
    expect(refusal('alpha', '1.1.0')).toBe('409 superseded: alpha 1.1.0 has been superseded by 2.0.0, in force since 2026-07-01; read and acknowledge that version');
    expect(refusal('alpha', '2.1.0')).toBe('409 not-approved: alpha 2.1.0 is draft, not an approved version; the version in force is 2.0.0');
    expect(refusal('alpha', '9.9.9')).toBe('404 unknown-version: alpha has no version 9.9.9; the version in force is 2.0.0');
    expect(refusal('gamma', '1.0.0')).toBe('404 unknown-policy: no policy "gamma"');
    // Before 2.0.0 takes effect, it may already be acknowledged (approved and upcoming), and so may 1.1.0.
    expect([acknowledgeableNow(model, 'alpha', '2.0.0', '2026-06-25'), acknowledgeableNow(model, 'alpha', '1.1.0', '2026-06-25')].map((r) => 'code' in r ? r.code : 'ok')).toEqual(['ok', 'ok']);
  });

  it('without git only the current version is known, and status says so', async () => {
    const repo = await ackOrg();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'precept-nogit-'));
    cpSync(repo.dir, dir, { recursive: true });
    rmSync(path.join(dir, '.git'), { recursive: true });
    const { model } = await load(dir);
    expect(model.fromGit).toBe(false);
    expect(model.notes).toEqual(['not in a git repository: only the current version of each policy is known, so MAJOR steps before it cannot be seen']);
    expect(model.timelines.find((t) => t.policy === 'alpha')!.versions.map((v) => v.version)).toEqual(['2.0.0']);
  });
});

describe('the portal home page share', () => {
  it('gives each policy in force the share of required people who acknowledged it, rounded down', async () => {
    const repo = await ackOrg();
    const { model } = await withAcks(repo.dir, [['ada', 'alpha', '2.0.0', '2026-07-02'], ['bob', 'alpha', '2.0.0', '2026-07-02']]);
    expect(ackShares(model, '2026-11-25')).toEqual({
      asOf: '2026-11-25', intact: true,
      policies: [
        { policy: 'alpha', title: 'Alpha Policy', version: '2.0.0', required: 4, acknowledged: 2, overdue: 2, share: 0.5, percent: 50 },
        { policy: 'beta', title: 'Beta Policy', version: '1.0.0', required: 1, acknowledged: 0, overdue: 1, share: 0, percent: 0 },
      ],
    });
    writeFileSync(path.join(repo.dir, 'records', 'acknowledgements.jsonl'), 'tampered\n', { flag: 'a' });
    expect((await load(repo.dir)).model.intact).toBe(false);
  });
});
