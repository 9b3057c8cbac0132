/** The fast path for ledger instants accepts and refuses exactly what ajv-formats' date-time does. */
import { createRequire } from 'node:module';
import { expect, it } from 'vitest';
import { validateAgainst } from '../src/repo/schema/validator.js';
const require = createRequire(import.meta.url);
const { fullFormats } = require('ajv-formats/dist/formats.js');
it('date-time: the ledger form is judged as ajv-formats judges it', () => {
  const rec = (at: string) => ({ seq: 1, prev: `sha256:${'a'.repeat(64)}`, policy: 'a', version: '1.0.0', contentHash: `sha256:${'a'.repeat(64)}`, person: 'p', at, source: 'cli' });
  for (const at of ['2026-02-29T10:00:00Z', '2024-02-29T10:00:00Z', '2026-13-01T00:00:00Z', '2026-04-31T00:00:00Z', '2026-04-30T24:00:00Z', '2026-12-31T23:59:60Z', '2026-12-31T23:58:60Z', '2026-01-01T00:60:00Z', '1900-02-29T00:00:00Z', '2000-02-29T00:00:00Z', '2026-00-10T00:00:00Z', '2026-01-00T00:00:00Z']) {
    expect([at, validateAgainst('acknowledgement', rec(at)).length === 0]).toEqual([at, fullFormats['date-time'].validate(at)]);
  }
});
