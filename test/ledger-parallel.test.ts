/** A large ledger checked on two threads reads exactly as parseLedger reads it: records, hashes and every diagnostic. */
import { describe, expect, it } from 'vitest';
import { GENESIS, lineHash, serializeRecord } from '../src/records/ledger/chain.js';
import { parallelParse } from '../src/records/ledger/parallel-parse.js';
import { parseLedger } from '../src/records/ledger/parse.js';
import { ACKS_LEDGER } from '../src/records/ledger/registry.js';

const FILE = 'records/acknowledgements.jsonl';

/** n chained acknowledgement lines. */
function lines(n: number): string[] {
  const out: string[] = [];
  let prev = GENESIS;
  for (let i = 0; i < n; i++) {
    const line = serializeRecord({ at: '2026-02-01T09:00:00Z', contentHash: `sha256:${String(i % 3).repeat(64)}`, person: `person-${i}`, policy: `policy-${i % 7}`,
      source: 'portal', version: '1.0.0', seq: i + 1, prev });
    out.push(line);
    prev = lineHash(line);
  }
  return out;
}

function shared(text: string): SharedArrayBuffer {
  const bytes = Buffer.from(text);
  const sab = new SharedArrayBuffer(bytes.length);
  Buffer.from(sab).set(bytes);
  return sab;
}

async function same(text: string) {
  const sab = shared(text);
  const parallel = await parallelParse(FILE, sab, sab.byteLength, ACKS_LEDGER);
  expect(parallel).toEqual(parseLedger(FILE, Buffer.from(text), ACKS_LEDGER));
  return parallel;
}

describe('parallelParse', () => {
  const base = lines(2000);
  // The helper checks lines from 900 (of 2000) on: the edits land on both sides of the split.
  const at = [899, 900, 1500];

  it('reads a clean ledger as parseLedger does', async () => {
    const parsed = await same(`${base.join('\n')}\n`);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.entries).toHaveLength(2000);
  });

  it.each(at)('reports an edited, hand-written, invalid or removed line %i as parseLedger does', async (i) => {
    const edited = [...base];
    edited[i] = edited[i]!.replace('"person":"person-', '"person":"persona-');
    await same(`${edited.join('\n')}\n`);
    const spaced = [...base];
    spaced[i] = spaced[i]!.replace('{"at"', '{ "at"');
    await same(`${spaced.join('\n')}\n`);
    const invalid = [...base];
    invalid[i] = invalid[i]!.replace('"source":"portal"', '"source":"fax"');
    await same(`${invalid.join('\n')}\n`);
    const broken = [...base];
    broken[i] = '{"seq": 2,';
    await same(`${broken.join('\n')}\n`);
    const empty = [...base];
    empty[i] = '';
    await same(`${empty.join('\n')}\n`);
    const notObject = [...base];
    notObject[i] = '[1]';
    await same(`${notObject.join('\n')}\n`);
    await same(`${base.filter((_, k) => k !== i).join('\n')}\n`);
  });

  it('reports bad UTF-8, a torn tail and a NUL tail as parseLedger does', async () => {
    const text = `${base.join('\n')}\n`;
    const bytes = Buffer.from(text);
    bytes[bytes.indexOf('person-1500')] = 0xff;
    const sab = new SharedArrayBuffer(bytes.length);
    Buffer.from(sab).set(bytes);
    expect(await parallelParse(FILE, sab, sab.byteLength, ACKS_LEDGER)).toEqual(parseLedger(FILE, bytes, ACKS_LEDGER));
    await same(`${text}{"at":"2026`);
    await same(`${text}${'\0'.repeat(40)}\n`);
  });
});
