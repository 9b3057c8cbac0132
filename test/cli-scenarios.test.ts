/**
 * CLI scenarios: each folder test/fixtures/cli/<command>/<scenario>/ holds a scenario.yaml
 * (how to build the repo, step by step, and the command to run) and what a person sees:
 * expected.txt (exit code, stdout, stderr) and expected/<file> for files the command writes.
 * Adding a case is adding a folder; UPDATE_FIXTURES=1 rewrites the expectations for review.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers/paths.js';
import { runScenario, writeExpected } from './helpers/scenario.js';

const root = path.join(FIXTURES, 'cli');
const scenarios = readdirSync(root).sort().flatMap((command) =>
  readdirSync(path.join(root, command)).sort().filter((s) => existsSync(path.join(root, command, s, 'scenario.yaml'))).map((s) => `${command}/${s}`));

describe('CLI scenarios', () => {
  for (const name of scenarios) {
    it(name, async () => {
      const dir = path.join(root, name);
      const { text, files } = await runScenario(dir);
      if (process.env['UPDATE_FIXTURES']) await writeExpected(dir, text, files);
      expect(text).toBe(readFileSync(path.join(dir, 'expected.txt'), 'utf8'));
      for (const [f, content] of files) expect(content, f).toBe(readFileSync(path.join(dir, 'expected', f), 'utf8'));
    });
  }
});
