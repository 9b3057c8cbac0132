import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../repo/config/config.js';
import { policyContentHash, sha256 } from '../../repo/content-hash/content-hash.js';
import { GitRepo } from '../../history/git.js';
import { readHistoricalMeta } from '../../history/versions.js';
import { splitFrontmatter } from '../../repo/load/frontmatter.js';
import type { CertificateInfo } from '../sign/signer.js';
import { checkPdfSignature, type SignatureCheck } from '../sign/verify-signature.js';
import { checkDistribution } from './distribution-check.js';
import { AttachmentError, readAttachment } from './embedded-manifest.js';
import { isSource, type ExternalManifest, type PackManifest } from './manifest.js';

/** One line of a verification report. */
export interface Finding {
  /** `note` states a fact to weigh (the signer's claimed signing time), neither a pass nor a failure. */
  status: 'ok' | 'fail' | 'warn' | 'note';
  /** What was checked: "signature", "signer", "timestamp", "pack", a file path, "policy@version". */
  subject: string;
  message: string;
}

/** What `precept verify` found. */
export interface VerifyReport {
  ok: boolean;
  signature: SignatureCheck;
  findings: Finding[];
}

/** Inputs: the pack's bytes and, when available, the manifest beside it and the policy repo. */
export interface VerifyInput {
  pdf: Buffer;
  pdfName: string;
  /** manifest.json's text, or undefined when there is none to compare. */
  manifestText: string | undefined;
  /** A checkout of the policy repo, to hash its files at the manifest's commit. */
  root?: string | undefined;
  allowUnsigned?: boolean;
  /** `sha256:<hex>` of the certificate the auditor was told signs the pack (`--expect-signer`). */
  expectSigner?: string | undefined;
}

const short = (h: string) => h.replace(/^sha256:/, '').slice(0, 16);

/** Compares two manifests entry by entry and says which entries differ. */
function compareManifests(embedded: PackManifest, external: PackManifest, findings: Finding[]): void {
  const before = findings.length;
  for (const key of ['format', 'organization', 'generated', 'commit', 'history', 'signer', 'state', 'preparedBy', 'made', 'distribution', 'attachments'] as const) {
    if (JSON.stringify(embedded[key]) !== JSON.stringify(external[key])) {
      findings.push({ status: 'fail', subject: `manifest.json ${key}`, message: `says ${JSON.stringify(external[key])}, the pack says ${JSON.stringify(embedded[key])}` });
    }
  }
  if (JSON.stringify(embedded.period) !== JSON.stringify(external.period)) findings.push({ status: 'fail', subject: 'manifest.json period', message: 'differs from the period in the pack' });
  const sources = new Map(external.sources.map((s) => [s.path, s.sha256]));
  for (const s of embedded.sources) {
    const other = sources.get(s.path);
    if (other === undefined) findings.push({ status: 'fail', subject: s.path, message: 'listed in the pack but missing from manifest.json' });
    else if (other !== s.sha256) findings.push({ status: 'fail', subject: s.path, message: `manifest.json says ${short(other)}..., the pack says ${short(s.sha256)}...` });
    sources.delete(s.path);
  }
  for (const p of sources.keys()) findings.push({ status: 'fail', subject: p, message: 'in manifest.json but not in the pack' });
  const versions = new Map(external.versions.map((v) => [`${v.policy}@${v.version}`, v]));
  for (const v of embedded.versions) {
    const key = `${v.policy}@${v.version}`;
    const other = versions.get(key);
    if (!other) findings.push({ status: 'fail', subject: key, message: 'in the pack but missing from manifest.json' });
    else if (JSON.stringify(other) !== JSON.stringify(v)) findings.push({ status: 'fail', subject: key, message: 'manifest.json entry differs from the pack\'s (hashes, dates or commit)' });
    versions.delete(key);
  }
  for (const key of versions.keys()) findings.push({ status: 'fail', subject: key, message: 'in manifest.json but not in the pack' });
  if (findings.length === before) {
    findings.push({ status: 'ok', subject: 'manifest.json', message: `matches the manifest embedded in the pack (${embedded.sources.length} source files, ${embedded.versions.length} versions)` });
  }
}

/** Hashes the repo's files as the manifest names them: at its commit in git, else on disk. */
async function compareRepo(manifest: PackManifest, root: string, findings: Finding[]): Promise<void> {
  const config = await loadConfig(root);
  const git = manifest.commit ? await GitRepo.open(root) : undefined;
  const before = findings.filter((f) => f.status === 'fail').length;
  let actual: Map<string, string>;
  if (manifest.commit) {
    if (!git) {
      findings.push({ status: 'fail', subject: root, message: `not a git repository, so commit ${manifest.commit} cannot be checked` });
      return;
    }
    const commit = await git.resolve(manifest.commit).catch(() => undefined);
    if (!commit) {
      findings.push({ status: 'fail', subject: 'commit', message: `${manifest.commit} is not in the repository at ${root}` });
      return;
    }
    const files = [...(await git.listFiles(commit, '.'))].filter(([rel]) => isSource(config, rel));
    const blobs = await git.readBlobs(files.map(([, sha]) => sha));
    actual = new Map(files.map(([rel, sha]) => [rel, sha256(blobs.get(sha) ?? Buffer.alloc(0))]));
  } else {
    actual = new Map();
    for (const s of manifest.sources) {
      const bytes = await readFile(path.join(root, s.path)).catch(() => undefined);
      if (bytes) actual.set(s.path, sha256(bytes));
    }
  }
  const where = manifest.commit ? `at ${manifest.commit.slice(0, 12)}` : 'on disk';
  for (const s of manifest.sources) {
    const found = actual.get(s.path);
    if (found === undefined) findings.push({ status: 'fail', subject: s.path, message: `listed in the manifest but not in the repository ${where}` });
    else if (found !== s.sha256) findings.push({ status: 'fail', subject: s.path, message: `the manifest says ${short(s.sha256)}..., the file ${where} has ${short(found)}...` });
    actual.delete(s.path);
  }
  if (manifest.commit) for (const rel of actual.keys()) findings.push({ status: 'fail', subject: rel, message: `in the repository ${where} but not in the manifest` });
  for (const v of manifest.versions) {
    const text = v.commit && git
      ? (await git.readBlobs([`${v.commit}:${git.toGitPath(v.file)}`]).catch(() => undefined))?.values().next().value
      : await readFile(path.join(root, v.file)).catch(() => undefined);
    const subject = `${v.policy}@${v.version}`;
    if (!text) {
      findings.push({ status: 'fail', subject, message: `${v.file} ${v.commit ? `at ${v.commit.slice(0, 12)}` : 'on disk'} cannot be read` });
      continue;
    }
    if (sha256(text) !== v.sha256) findings.push({ status: 'fail', subject, message: `${v.file}: the manifest says ${short(v.sha256)}..., the repository has ${short(sha256(text))}...` });
    const decoded = text.toString('utf8').replace(/^\uFEFF/, '');
    const hash = policyContentHash(readHistoricalMeta(decoded), v.policy, splitFrontmatter(decoded).body, config.defaultFramework);
    if (hash !== v.contentHash) findings.push({ status: 'fail', subject, message: `content hash: the manifest says ${short(v.contentHash)}..., the text gives ${short(hash)}...` });
  }
  if (findings.filter((f) => f.status === 'fail').length === before) {
    findings.push({ status: 'ok', subject: 'repository', message: `${manifest.sources.length} source files and ${manifest.versions.length} policy versions match ${where}` });
  }
}

const who = (c: CertificateInfo) => `${c.subject}${c.selfSigned ? ' (self-signed: check who it is before trusting it)' : `, issued by ${c.issuer}`}`;

/** The signature's findings: intact and covering the file, its timestamp, and which time is whose. */
function signatureFindings(signature: SignatureCheck): Finding[] {
  const findings: Finding[] = [];
  const stamp = signature.timestamp;
  const own = signature.problems.filter((p) => !stamp?.problems.includes(p));
  for (const problem of own) findings.push({ status: 'fail', subject: 'signature', message: problem });
  if (!own.length && signature.signer) {
    findings.push({ status: 'ok', subject: 'signature', message: `valid, covers the whole file; signed by ${who(signature.signer)}; certificate ${signature.signer.fingerprint}` });
  }
  for (const problem of stamp?.problems ?? []) findings.push({ status: 'fail', subject: 'timestamp', message: problem });
  if (stamp && !stamp.problems.length && stamp.time && stamp.authority) {
    findings.push({ status: 'ok', subject: 'timestamp', message: `trusted time ${stamp.time.toISOString()} (RFC 3161) from the timestamp authority ${who(stamp.authority)}; certificate ${stamp.authority.fingerprint}` });
  }
  if (signature.signingTime && !own.length) {
    findings.push({ status: 'note', subject: 'signing time', message: `${signature.signingTime.toISOString()} is what the signer's own clock claims, not a trusted time${stamp ? '' : ' (the pack has no timestamp from a timestamp authority)'}` });
  }
  return findings;
}

/** Whose key signed: the certificate must be the one the signed manifest records, and the pinned one. */
function signerFindings(signature: SignatureCheck, manifest: PackManifest | undefined, expected: string | undefined): Finding[] {
  const signer = signature.signer;
  // Whose certificate a broken signature carries proves nothing: the signature's failure says it all.
  const intact = signature.problems.every((p) => signature.timestamp?.problems.includes(p));
  if (!signer || !intact) return [];
  const findings: Finding[] = [];
  if (manifest) {
    const recorded = manifest.signer?.fingerprint;
    if (recorded === signer.fingerprint) {
      findings.push({ status: 'ok', subject: 'signer', message: `the signing certificate is the one the pack's manifest records (${signer.fingerprint})` });
    } else {
      findings.push({ status: 'fail', subject: 'signer', message: `the pack is signed with certificate ${signer.fingerprint} (${signer.subject}), but its manifest records ${recorded ? `${recorded} (${manifest.signer!.subject})` : 'no signer'}: it was signed again by someone else` });
    }
  }
  if (expected !== undefined) {
    findings.push(expected === signer.fingerprint
      ? { status: 'ok', subject: 'signer', message: `the signing certificate is the expected one (--expect-signer ${expected})` }
      : { status: 'fail', subject: 'signer', message: `the pack is signed with certificate ${signer.fingerprint} (${signer.subject}), not the expected ${expected} (--expect-signer)` });
  }
  return findings;
}

/**
 * Verifies an auditor pack: its signature (intact, covering the whole file, with a valid
 * timestamp if it has one), its signer (the certificate the signed manifest records, and the one
 * the auditor expects), the manifest embedded in it against manifest.json beside it and the
 * pack's own SHA-256, and, given the repo, every source file and policy version hash. Every
 * mismatch is one finding naming the file.
 */
export async function verifyPack(input: VerifyInput): Promise<VerifyReport> {
  const findings: Finding[] = [];
  const signature = checkPdfSignature(input.pdf);
  let unreadable: string | undefined;
  const attached = await readAttachment(input.pdf, 'manifest.json').catch((error: unknown) => {
    if (error instanceof AttachmentError) unreadable = error.message;
    return undefined;
  });
  let embedded: PackManifest | undefined;
  try {
    embedded = attached ? (JSON.parse(Buffer.from(attached).toString('utf8')) as PackManifest) : undefined;
  } catch {
    embedded = undefined;
  }
  if (!signature.signed && embedded?.signer) {
    findings.push({ status: 'fail', subject: 'signature', message: `the pack carries no signature, but its manifest records one by ${embedded.signer.subject} (${embedded.signer.fingerprint}): the signature was removed` });
  } else if (!signature.signed) {
    findings.push({ status: input.allowUnsigned ? 'warn' : 'fail', subject: 'signature', message: 'the pack is not signed: nothing proves who made it or that it is unchanged' });
    if (input.expectSigner) findings.push({ status: 'fail', subject: 'signer', message: `the pack is not signed, so not by ${input.expectSigner} (--expect-signer)` });
  } else {
    findings.push(...signatureFindings(signature), ...signerFindings(signature, embedded, input.expectSigner));
  }
  if (!embedded) findings.push({ status: 'fail', subject: 'pack', message: unreadable ?? 'has no readable manifest.json attached' });
  if (input.manifestText !== undefined) {
    let external: ExternalManifest | undefined;
    try {
      external = JSON.parse(input.manifestText) as ExternalManifest;
    } catch (error) {
      findings.push({ status: 'fail', subject: 'manifest.json', message: `is not valid JSON: ${(error as Error).message}` });
    }
    if (external) {
      const actual = sha256(input.pdf);
      if (external.pack?.sha256 !== actual) {
        findings.push({ status: 'fail', subject: input.pdfName, message: `SHA-256 is ${actual}, manifest.json says ${external.pack?.sha256 ?? 'nothing'}` });
      } else {
        findings.push({ status: 'ok', subject: input.pdfName, message: `SHA-256 matches manifest.json (${actual})` });
      }
      if (external.pack?.file && external.pack.file !== input.pdfName) {
        findings.push({ status: 'warn', subject: 'manifest.json', message: `describes ${external.pack.file}, not ${input.pdfName}` });
      }
      if (embedded) compareManifests(embedded, external, findings);
    }
  }
  const trusted = embedded;
  if (trusted) findings.push(...await checkDistribution(trusted, input.pdf, input.root));
  if (input.root && trusted) await compareRepo(trusted, input.root, findings);
  return { ok: !findings.some((f) => f.status === 'fail'), signature, findings };
}
