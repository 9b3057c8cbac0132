/**
 * Scenario tests: each folder under test/fixtures/check/ is a tiny policy repo with the
 * diagnostics `precept check` must report in expected.txt, one per line as
 * `file:line:col severity ruleId message`. An optional options.json holds CheckOptions.
 * Adding a case is adding a folder; UPDATE_FIXTURES=1 rewrites expected.txt after review.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, type CheckOptions } from '../src/check/check.js';
import { FIXTURES, TODAY } from './helpers/paths.js';

const dir = path.join(FIXTURES, 'check');
const scenarios = readdirSync(dir).filter((n) => existsSync(path.join(dir, n, 'expected.txt'))).sort();

describe('check scenarios', () => {
  it('has scenarios', () => expect(scenarios.length).toBeGreaterThan(10));
  for (const name of scenarios) {
    it(name, async () => {
      const root = path.join(dir, name);
      const optionsFile = path.join(root, 'options.json');
      const options: CheckOptions = { asOf: TODAY, ...(existsSync(optionsFile) ? JSON.parse(readFileSync(optionsFile, 'utf8')) : {}) };
      const result = await check(root, options);
      const actual = result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.ruleId} ${d.message}`);
      const expectedFile = path.join(root, 'expected.txt');
      if (process.env['UPDATE_FIXTURES']) writeFileSync(expectedFile, actual.length ? `${actual.join('\n')}\n` : '');
      const expected = readFileSync(expectedFile, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
      expect(actual).toEqual(expected);
    });
  }
});
