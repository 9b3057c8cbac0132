import { loadConfig } from '../../repo/config/config.js';
import { sha256 } from '../../repo/content-hash/content-hash.js';
import { GitRepo } from '../../history/git.js';
import { readDistributions } from '../../records/distributions/distributions.js';
import { phrase } from '../../core/i18n/phrase.js';
import type { PackManifest } from './manifest.js';
import type { Finding } from './verify-pack.js';

/**
 * For a copy made for a recipient: names the recipient and the copy, and, given the repository,
 * checks the copy against its record in records/distributions.jsonl (the ledger intact, the
 * record there, the file's SHA-256 and the recipient the same as recorded).
 */
export async function checkDistribution(manifest: PackManifest, pdf: Uint8Array, root: string | undefined): Promise<Finding[]> {
  const copy = manifest.distribution;
  if (!copy) return [];
  const findings: Finding[] = [{ status: 'ok', subject: 'copy', message: copy.reference
    ? phrase('verify.copy.for-under', { copy: copy.copy, recipient: copy.recipient, reference: copy.reference })
    : phrase('verify.copy.for', { copy: copy.copy, recipient: copy.recipient }) }];
  if (!root) {
    findings.push({ status: 'warn', subject: 'copy', message: phrase('verify.copy.need-root') });
    return findings;
  }
  const config = await loadConfig(root);
  const ledger = await readDistributions(root, config.paths.records, await GitRepo.open(root));
  const problems = ledger.diagnostics.filter((d) => d.severity === 'error');
  if (problems.length) {
    for (const d of problems) findings.push({ status: 'fail', subject: ledger.file, message: phrase('verify.copy.ledger-line', { line: String(d.line), detail: d.message }) });
    return findings;
  }
  const entry = ledger.entries.find((e) => e.record.copy === copy.copy);
  if (!entry) {
    findings.push({ status: 'fail', subject: 'copy', message: phrase('verify.copy.unrecorded', { copy: copy.copy, file: ledger.file }) });
    return findings;
  }
  const r = entry.record;
  const actual = sha256(pdf);
  const before = findings.length;
  if (r.sha256 !== actual) findings.push({ status: 'fail', subject: 'copy', message: phrase('verify.copy.sha-differs', { actual, file: ledger.file, line: String(entry.line), recorded: r.sha256, copy: copy.copy }) });
  if (r.recipient !== copy.recipient) findings.push({ status: 'fail', subject: 'copy', message: phrase('verify.copy.recipient-differs', { file: ledger.file, line: String(entry.line), recorded: r.recipient, recipient: copy.recipient }) });
  if (findings.length === before) {
    findings.push({ status: 'ok', subject: 'copy', message: phrase('verify.copy.matches', { file: ledger.file, line: String(entry.line), by: r.by, at: r.at }) });
  }
  return findings;
}
