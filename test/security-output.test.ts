/**
 * Issue 11, trust boundaries: what precept prints or publishes from a repository's names and
 * texts cannot drive a terminal (item 13) or forge calendar properties (item 14).
 */
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BuildData } from '../src/render/data/build-data.js';
import { reviewCalendar } from '../src/render/site/ics.js';
import { FIXTURES } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';

// ESC sequences that clear the screen and set the window title, then a newline starting a forged line.
const HOSTILE = 'x\u001b[2J\u001b]0;owned\u0007\u202e\n::error::forged.md';

describe('item 13: control characters in file names never reach the terminal', () => {
  it('pretty and github output show them as escapes', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'precept-sec-names-'));
    await cp(path.join(FIXTURES, 'check', 'clean'), root, { recursive: true });
    await writeFile(path.join(root, 'policies', HOSTILE), '---\ntitle: "bad\u001b[31m"\n---\nbody\u001b[8m hidden\n');
    const pretty = await runCli(['check', '--root', root]);
    expect(pretty.code).toBe(1);
    expect(pretty.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u202e]/);
    expect(pretty.stderr.split('\n').filter((l) => l.startsWith('::error'))).toEqual([]);
    expect(pretty.stderr).toContain('policies/x\\x1b[2J\\x1b]0;owned\\x07\\u202e\\x0a::error::forged.md:2:1 error schema');
    const github = await runCli(['check', '--root', root, '--format', 'github']);
    expect(github.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u202e]/);
    expect(github.stdout.split('\n').filter(Boolean).every((l) => l.startsWith('::error file=policies/x\\x1b[2J'))).toBe(true);
  });
});

describe('item 14: reviews.ics escapes and folds every text it takes from a policy', () => {
  const data = (title: string, owner = 'Ada Owner') => ({
    asOf: '2026-11-25', buildTime: new Date('2026-11-25T12:00:00Z'),
    policies: [{
      id: 'alpha', title, status: 'approved', version: '1.0.0', effective: '2026-01-01', owner: { name: owner },
      review: { next: '2027-01-01', last: undefined, cycle: 'annual' },
    }],
  }) as unknown as BuildData;
  const calendar = (title: string, owner?: string) => reviewCalendar(data(title, owner), { name: 'Org', slug: 'org', baseUrl: undefined });

  it('a bare CR, a bare LF or CRLF in a title cannot start a property', () => {
    const ics = calendar('Access\rBEGIN:VALARM\nTRIGGER:-PT1M\r\nX;y,z\\w');
    // Every CR is part of a CRLF line end, and no line starts a property the title smuggled in.
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = ics.split('\r\n');
    expect(lines.filter((l) => /^(BEGIN:VALARM|TRIGGER)/.test(l))).toEqual([]);
    const unfolded = ics.replace(/\r\n /g, '').split('\r\n');
    expect(unfolded).toContain('SUMMARY:Policy review due: Access\\nBEGIN:VALARM\\nTRIGGER:-PT1M\\nX\\;y\\,z\\\\w');
  });

  it('drops other control characters and folds at 75 octets without splitting a UTF-8 character', () => {
    const ics = calendar(`${'é'.repeat(40)}\u0007${'€'.repeat(30)}`, 'Ad\u001ba');
    const lines = ics.split('\r\n');
    expect(lines.every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).toContain(`SUMMARY:Policy review due: ${'é'.repeat(40)}${'€'.repeat(30)}\r\n`);
    expect(unfolded).toContain('DESCRIPTION:Owner: Ada\\nVersion');
  });
});

describe('code frames under Japanese text', () => {
  it('places the caret under the reported span by display width (wide characters take two cells)', async () => {
    const { codeFrame } = await import('../src/core/diagnostics/format/pretty.js');
    const text = 'title: 情報セキュリティ基本方針\nstatus: 承認済\n';
    const frame = codeFrame(text, { file: 'p.md', line: 2, column: 9, endLine: 2, endColumn: 12, ruleId: 'schema', severity: 'error', message: 'x' }, false);
    const lines = frame.split('\n');
    const target = lines.find((l) => l.includes('承認済'))!;
    const caret = lines[lines.indexOf(target) + 1]!;
    // "status: " is 8 cells, 承認済 is 6 cells: the caret starts under 承 and spans all three.
    expect(caret.indexOf('^') - caret.indexOf('|')).toBe(target.indexOf('承') - target.indexOf('|'));
    expect(caret.match(/\^/g)!.length).toBe(6);
  });
});
