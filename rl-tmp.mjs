const { parseLedger } = await import('./dist/ledger/parse.js');
const { parseLedgerParallel } = await import('./dist/ledger/parallel-parse.js');
const { ACKS_LEDGER } = await import('./dist/ledger/registry.js');
const { readFileSync } = await import('node:fs');
const bytes = readFileSync('/tmp/precept-bench-acks-AvwAtV/records/acknowledgements.jsonl');
const mode = process.argv[2];
const t = performance.now();
const r = mode === 'par' ? await parseLedgerParallel('x', bytes, ACKS_LEDGER) : parseLedger('x', bytes, ACKS_LEDGER);
console.log(mode, r.entries.length, r.diagnostics.length, (performance.now() - t).toFixed(0), 'ms');
