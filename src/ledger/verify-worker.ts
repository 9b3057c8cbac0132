/**
 * Worker for parseLedgerParallel: checks the first lines of a large ledger (JSON, schema,
 * canonical form, hashes) while the main thread checks the rest.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkLines, splitLines } from './parse.js';
import { LEDGERS } from './registry.js';

const { file, kind: kindId, bytes, lines } = workerData as { file: string; kind: string; bytes: Uint8Array; lines: number };
const kind = LEDGERS.find((k) => k.id === kindId);
if (!kind) throw new Error(`no ledger kind ${kindId}`);
const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const checked = checkLines(file, buf, splitLines(buf), 0, lines, kind);
parentPort!.postMessage({
  diagnostics: checked.diagnostics, seqs: checked.seqs, prevs: checked.prevs, hashes: checked.hashes,
  valid: checked.entries.map((e) => e.line),
});
