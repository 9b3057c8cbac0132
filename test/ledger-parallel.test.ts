/** Large ledgers are verified on two threads by the built binary; the findings are exactly the single-threaded ones. */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { GENESIS, lineHash, serializeRecord } from '../src/ledger/chain.js';
import { PARALLEL_FROM_LINES } from '../src/ledger/parallel-parse.js';
import { readLedger } from '../src/ledger/read.js';
import { ACKS_LEDGER } from '../src/ledger/registry.js';
import { BIN } from './helpers/paths.js';

it('gives the same diagnostics from the worker-split binary as from the single-threaded sources', async () => {
  const lines: string[] = [];
  let prev = GENESIS;
  const count = PARALLEL_FROM_LINES + 5000;
  for (let i = 0; i < count; i++) {
    const line = serializeRecord({
      at: '2026-03-01T09:00:00Z', contentHash: `sha256:${'c'.repeat(64)}`, person: `p${i}`, policy: 'alpha', prev, seq: i + 1, source: 'portal', version: '1.0.0',
    });
    lines.push(line);
    prev = lineHash(line);
  }
  // Problems in both halves: an edited record early on, a hand-written and a schema-breaking one late.
  lines[99] = lines[99]!.replace('"p99"', '"p0099"');
  lines[count - 100] = lines[count - 100]!.replace('{"at"', '{ "at"');
  lines[count - 50] = lines[count - 50]!.replace('"source":"portal"', '"source":"fax"');
  const root = mkdtempSync(path.join(os.tmpdir(), 'precept-parallel-'));
  mkdirSync(path.join(root, 'records'));
  writeFileSync(path.join(root, 'records', 'acknowledgements.jsonl'), `${lines.join('\n')}\n`);
  const inline = (await readLedger(root, 'records', ACKS_LEDGER)).diagnostics;
  const a = count - 99; // the lines edited above, numbered from 1
  const b = count - 49;
  expect(inline.map((d) => `${d.line}:${d.column} ${d.message.replace(/\(sha256:.*?\)/, '(…)')}`)).toEqual([
    `${a}:1 line ${a} is not written canonically (keys sorted, no spaces): it was edited by hand or by another tool`,
    `${b}:255 acknowledgement record: source: must be one of portal, cli, import; found "fax"`,
    '100:1 line 100 does not match the hash line 101 records for it (…): line 100 was edited after it was written, or records after it were removed',
    `${a}:1 line ${a} does not match the hash line ${a + 1} records for it (…): line ${a} was edited after it was written, or records after it were removed`,
    `${b}:1 line ${b} does not match the hash line ${b + 1} records for it (…): line ${b} was edited after it was written, or records after it were removed`,
  ]);
  let stdout = '';
  try {
    await promisify(execFile)(process.execPath, [BIN, 'ledger', 'verify', '--format', 'json', '--root', root], { maxBuffer: 2 ** 26 });
  } catch (error) {
    stdout = (error as { stdout: string }).stdout;
  }
  expect(JSON.parse(stdout).diagnostics).toEqual(inline);
});
