import { projectLedger } from '../../records/ledger/project-ledgers.js';
import { LEDGER_RULE } from '../../records/ledger/parse.js';
import { LEDGERS } from '../../records/ledger/registry.js';
import type { Rule } from './rule.js';

/** Every ledger present is whole, valid, in order, chained, and extends what was committed. */
export const ledgerIntegrity: Rule = {
  id: LEDGER_RULE,
  description: 'Ledgers in records/ are valid JSON Lines records, numbered and hash-chained, with no torn last line and no committed record changed or removed.',
  severity: 'error',
  async check({ project }, report) {
    for (const kind of LEDGERS) {
      const ledger = await projectLedger(project, kind);
      for (const d of ledger.diagnostics) report(d.file, d, d.message, { severity: d.severity, ...(d.hint !== undefined ? { hint: d.hint } : {}) });
    }
  },
};
