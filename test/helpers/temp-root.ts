/**
 * Vitest global setup: every temporary folder of a test run (mkdtemp under os.tmpdir(), the
 * Chromium profiles, npm's installs) goes under one folder of its own, removed when the run
 * ends, so runs do not pile gigabytes into the machine's /tmp (the install test alone leaves
 * 235 MB a run). Set before the workers start, so they and the processes they spawn inherit it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(path.join(os.tmpdir(), 'precept-tests-'));
  process.env['TMPDIR'] = root;
  return () => {
    if (process.env['PRECEPT_KEEP_TEST_TMP']) return;
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
}
