import { loadConfig } from '../../repo/config/config.js';
import { sha256 } from '../../repo/content-hash/content-hash.js';
import { GitRepo } from '../../history/git.js';
import { readDistributions } from '../../records/distributions/distributions.js';
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
  const who = `${copy.recipient}${copy.reference ? `, under ${copy.reference}` : ''}`;
  const findings: Finding[] = [{ status: 'ok', subject: 'copy', message: `${copy.copy} for ${who}` }];
  if (!root) {
    findings.push({ status: 'warn', subject: 'copy', message: 'give --root (the policy repository) to check it against records/distributions.jsonl' });
    return findings;
  }
  const config = await loadConfig(root);
  const ledger = await readDistributions(root, config.paths.records, await GitRepo.open(root));
  const problems = ledger.diagnostics.filter((d) => d.severity === 'error');
  if (problems.length) {
    for (const d of problems) findings.push({ status: 'fail', subject: ledger.file, message: `line ${d.line}: ${d.message}` });
    return findings;
  }
  const entry = ledger.entries.find((e) => e.record.copy === copy.copy);
  if (!entry) {
    findings.push({ status: 'fail', subject: 'copy', message: `${copy.copy} is not recorded in ${ledger.file}: nobody recorded sending it` });
    return findings;
  }
  const r = entry.record;
  const actual = sha256(pdf);
  const before = findings.length;
  if (r.sha256 !== actual) findings.push({ status: 'fail', subject: 'copy', message: `its SHA-256 is ${actual}; ${ledger.file} line ${entry.line} records ${r.sha256} for copy ${copy.copy}` });
  if (r.recipient !== copy.recipient) findings.push({ status: 'fail', subject: 'copy', message: `${ledger.file} line ${entry.line} records it for ${r.recipient}, the pack says ${copy.recipient}` });
  if (findings.length === before) {
    findings.push({ status: 'ok', subject: 'copy', message: `matches its record in ${ledger.file} (line ${entry.line}): sent by ${r.by} at ${r.at}` });
  }
  return findings;
}
