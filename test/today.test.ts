/** One "today" for every command: --as-of, else the HEAD commit's day in the config's time zone. */
import { cpSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dateInZone } from '../src/core/dates/calendar.js';
import { runCli } from './helpers/run-cli.js';
import { FIXTURES } from './helpers/paths.js';
import { tinyOrg } from './helpers/tiny-org.js';

const CONFIG = 'organization:\n  name: Fixture Co\n  slug: fixture-co\ndefaultFramework: mini\nframeworks:\n  mini: {}\n';
/** A clock far from the commit: no command may take its day from it. */
const CLOCK = new Date('2026-06-15T12:00:00Z');

/** The tiny org whose last commit, at 00:30 in Tokyo on 2 March, records a review of that day. */
async function reviewedAfterMidnightInTokyo(timezone: string | undefined) {
  const repo = await tinyOrg();
  cpSync(path.join(FIXTURES, 'check', 'clean', 'records'), path.join(repo.dir, 'records'), { recursive: true });
  const alpha = path.join(repo.dir, 'policies', 'alpha.md');
  await repo.write({
    'precept.config.yaml': `${CONFIG}${timezone ? `timezone: ${timezone}\n` : ''}`,
    'policies/alpha.md': (await readFile(alpha, 'utf8')).replace('last: 2026-01-15', 'last: 2026-03-02'),
  });
  repo.commit('Annual review of alpha', '2026-03-02T00:30:00+09:00');
  return repo;
}

describe('today', () => {
  it('reads an instant on the wall clock of a zone', () => {
    const instant = new Date('2026-03-01T15:30:00Z');
    expect(dateInZone(instant, 'Asia/Tokyo')).toBe('2026-03-02');
    expect(dateInZone(instant, 'UTC')).toBe('2026-03-01');
    expect(dateInZone(instant, 'America/Los_Angeles')).toBe('2026-03-01');
  });

  it('check and build agree on the HEAD commit\'s day in the organisation\'s time zone', async () => {
    const tokyo = await reviewedAfterMidnightInTokyo('Asia/Tokyo');
    const checked = await runCli(['check', '--root', tokyo.dir], { now: CLOCK });
    expect(checked.stderr).toBe('');
    expect(checked.code).toBe(0);
    const built = await runCli(['build', '--no-pdf', '--root', tokyo.dir, '--out', await mkdtemp(path.join(os.tmpdir(), 'precept-today-'))], { now: CLOCK });
    expect(built.code, built.stderr).toBe(0);

    // Read in UTC the same commit is on 1 March: both commands see the review as in the future.
    const utc = await reviewedAfterMidnightInTokyo(undefined);
    const refused = await runCli(['check', '--root', utc.dir], { now: CLOCK });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('review.last 2026-03-02 is in the future (today is 2026-03-01)');
    const notBuilt = await runCli(['build', '--no-pdf', '--root', utc.dir, '--out', await mkdtemp(path.join(os.tmpdir(), 'precept-today-'))], { now: CLOCK });
    expect(notBuilt.code).toBe(1);
    expect(notBuilt.stderr).toContain('review.last 2026-03-02 is in the future (today is 2026-03-01)');
    expect(notBuilt.stderr).toContain("precept build: not built: check found 1 error as of 2026-03-01 (the HEAD commit's day, UTC)");
  });

  it('--as-of today takes the clock\'s day in the time zone, --as-of DATE that date', async () => {
    const repo = await reviewedAfterMidnightInTokyo('Asia/Tokyo');
    const late = await runCli(['due', '--root', repo.dir, '--as-of', 'today', '--format', 'json'], { now: new Date('2027-03-01T16:00:00Z') });
    expect(late.code, late.stderr).toBe(0);
    expect(JSON.parse(late.stdout).asOf).toBe('2027-03-02');
    const early = await runCli(['check', '--root', repo.dir, '--as-of', '2026-03-01'], { now: CLOCK });
    expect(early.stderr).toContain('(today is 2026-03-01)');
    const bad = await runCli(['check', '--root', repo.dir, '--as-of', 'tomorrow']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--as-of must be a date YYYY-MM-DD or "today", got "tomorrow"');
  });

  it('refuses a time zone that does not exist, at its line, with the nearest name', async () => {
    const repo = await reviewedAfterMidnightInTokyo('Asia/Tokio');
    const run = await runCli(['check', '--root', repo.dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('precept.config.yaml:7:11 error config timezone: "Asia/Tokio" is not an IANA time zone - did you mean Asia/Tokyo?');
  });

  it('is stated in the help of every command that judges dates', async () => {
    for (const command of ['check', 'build', 'dev', 'due', 'review', 'acks status', 'codeowners']) {
      const help = await runCli([...command.split(' '), '--help']);
      expect(help.stdout, command).toContain("Today: --as-of DATE when given; else the day of the HEAD commit (or of SOURCE_DATE_EPOCH) in the\nconfig's timezone");
    }
  });
});
