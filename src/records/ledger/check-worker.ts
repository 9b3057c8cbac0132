import { parentPort, workerData } from 'node:worker_threads';
import { LEDGERS } from './registry.js';
import { checkLines } from './parse.js';
import type { HelperJob, HelperResult } from './parallel-parse.js';

// A helper thread of parallelParse: checks a run of a ledger's lines in the bytes it shares with
// the main thread (no copy) and says whether all were clean, with their hashes.
const job = workerData as HelperJob;
const kind = LEDGERS.find((k) => k.id === job.kind)!;
const buf = Buffer.from(job.bytes, 0, job.length);
const n = job.starts.length;
const checked = checkLines('', buf, { starts: [...job.starts], ends: [...job.ends], torn: undefined }, 0, n, kind);
const clean = checked.diagnostics.length === 0 && checked.entries.length === n;
const result: HelperResult = { clean, hashes: clean ? checked.hashes.join('') : '' };
parentPort!.postMessage(result);
