import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../repo/config/config.js';
import { policyContentHash, sha256 } from '../../repo/content-hash/content-hash.js';
import { GitRepo } from '../../history/git.js';
import { readHistoricalMeta } from '../../history/versions.js';
import { splitFrontmatter } from '../../repo/load/frontmatter.js';
import { phrase, type Phrase } from '../../core/i18n/phrase.js';
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
  /** What was found, for the reader's catalogue (`verify.*`). */
  message: Phrase;
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
      findings.push({ status: 'fail', subject: `manifest.json ${key}`, message: phrase('verify.manifest.entry-differs', { external: JSON.stringify(external[key]) ?? '-', embedded: JSON.stringify(embedded[key]) ?? '-' }) });
    }
  }
  if (JSON.stringify(embedded.period) !== JSON.stringify(external.period)) findings.push({ status: 'fail', subject: 'manifest.json period', message: phrase('verify.manifest.period-differs') });
  const sources = new Map(external.sources.map((s) => [s.path, s.sha256]));
  for (const s of embedded.sources) {
    const other = sources.get(s.path);
    if (other === undefined) findings.push({ status: 'fail', subject: s.path, message: phrase('verify.manifest.missing-source') });
    else if (other !== s.sha256) findings.push({ status: 'fail', subject: s.path, message: phrase('verify.manifest.source-differs', { external: short(other), embedded: short(s.sha256) }) });
    sources.delete(s.path);
  }
  for (const p of sources.keys()) findings.push({ status: 'fail', subject: p, message: phrase('verify.manifest.extra') });
  const versions = new Map(external.versions.map((v) => [`${v.policy}@${v.version}`, v]));
  for (const v of embedded.versions) {
    const key = `${v.policy}@${v.version}`;
    const other = versions.get(key);
    if (!other) findings.push({ status: 'fail', subject: key, message: phrase('verify.manifest.missing-version') });
    else if (JSON.stringify(other) !== JSON.stringify(v)) findings.push({ status: 'fail', subject: key, message: phrase('verify.manifest.version-differs') });
    versions.delete(key);
  }
  for (const key of versions.keys()) findings.push({ status: 'fail', subject: key, message: phrase('verify.manifest.extra') });
  if (findings.length === before) {
    findings.push({ status: 'ok', subject: 'manifest.json', message: phrase('verify.manifest.matches', { sources: embedded.sources.length, versions: embedded.versions.length }) });
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
      findings.push({ status: 'fail', subject: root, message: phrase('verify.repo.not-git', { commit: manifest.commit }) });
      return;
    }
    const commit = await git.resolve(manifest.commit).catch(() => undefined);
    if (!commit) {
      findings.push({ status: 'fail', subject: 'commit', message: phrase('verify.repo.no-commit', { commit: manifest.commit, root }) });
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
  const where = manifest.commit ? phrase('verify.repo.at-commit', { commit: manifest.commit.slice(0, 12) }) : phrase('verify.repo.on-disk');
  for (const s of manifest.sources) {
    const found = actual.get(s.path);
    if (found === undefined) findings.push({ status: 'fail', subject: s.path, message: phrase('verify.repo.missing', { where }) });
    else if (found !== s.sha256) findings.push({ status: 'fail', subject: s.path, message: phrase('verify.repo.source-differs', { manifest: short(s.sha256), where, actual: short(found) }) });
    actual.delete(s.path);
  }
  if (manifest.commit) for (const rel of actual.keys()) findings.push({ status: 'fail', subject: rel, message: phrase('verify.repo.extra', { where }) });
  for (const v of manifest.versions) {
    const text = v.commit && git
      ? (await git.readBlobs([`${v.commit}:${git.toGitPath(v.file)}`]).catch(() => undefined))?.values().next().value
      : await readFile(path.join(root, v.file)).catch(() => undefined);
    const subject = `${v.policy}@${v.version}`;
    if (!text) {
      findings.push({ status: 'fail', subject, message: phrase('verify.repo.unreadable', { file: v.file, where: v.commit ? phrase('verify.repo.at-commit', { commit: v.commit.slice(0, 12) }) : phrase('verify.repo.on-disk') }) });
      continue;
    }
    if (sha256(text) !== v.sha256) findings.push({ status: 'fail', subject, message: phrase('verify.repo.version-differs', { file: v.file, manifest: short(v.sha256), actual: short(sha256(text)) }) });
    const decoded = text.toString('utf8').replace(/^\uFEFF/, '');
    const hash = policyContentHash(readHistoricalMeta(decoded), v.policy, splitFrontmatter(decoded).body, config.defaultFramework);
    if (hash !== v.contentHash) findings.push({ status: 'fail', subject, message: phrase('verify.repo.content-hash', { manifest: short(v.contentHash), actual: short(hash) }) });
  }
  if (findings.filter((f) => f.status === 'fail').length === before) {
    findings.push({ status: 'ok', subject: 'repository', message: phrase('verify.repo.matches', { sources: manifest.sources.length, versions: manifest.versions.length, where }) });
  }
}

const who = (c: CertificateInfo): Phrase => c.selfSigned ? phrase('verify.who.self-signed', { subject: c.subject }) : phrase('verify.who.issued', { subject: c.subject, issuer: c.issuer });

/** The signature's findings: intact and covering the file, its timestamp, and which time is whose. */
function signatureFindings(signature: SignatureCheck): Finding[] {
  const findings: Finding[] = [];
  const stamp = signature.timestamp;
  const own = signature.problems.filter((p) => !stamp?.problems.includes(p));
  for (const problem of own) findings.push({ status: 'fail', subject: 'signature', message: problem });
  if (!own.length && signature.signer) {
    findings.push({ status: 'ok', subject: 'signature', message: phrase('verify.signature.valid', { who: who(signature.signer), fingerprint: signature.signer.fingerprint }) });
  }
  for (const problem of stamp?.problems ?? []) findings.push({ status: 'fail', subject: 'timestamp', message: problem });
  if (stamp && !stamp.problems.length && stamp.time && stamp.authority) {
    findings.push({ status: 'ok', subject: 'timestamp', message: phrase('verify.timestamp.valid', { time: stamp.time.toISOString(), who: who(stamp.authority), fingerprint: stamp.authority.fingerprint }) });
  }
  if (signature.signingTime && !own.length) {
    findings.push({ status: 'note', subject: 'signing time', message: phrase(stamp ? 'verify.signing-time.claim' : 'verify.signing-time.claim-only', { time: signature.signingTime.toISOString() }) });
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
      findings.push({ status: 'ok', subject: 'signer', message: phrase('verify.signer.recorded', { fingerprint: signer.fingerprint }) });
    } else {
      findings.push({ status: 'fail', subject: 'signer', message: recorded
        ? phrase('verify.signer.resigned', { fingerprint: signer.fingerprint, subject: signer.subject, recorded, recordedSubject: manifest.signer!.subject })
        : phrase('verify.signer.resigned-unrecorded', { fingerprint: signer.fingerprint, subject: signer.subject }) });
    }
  }
  if (expected !== undefined) {
    findings.push(expected === signer.fingerprint
      ? { status: 'ok', subject: 'signer', message: phrase('verify.signer.expected', { expected }) }
      : { status: 'fail', subject: 'signer', message: phrase('verify.signer.unexpected', { fingerprint: signer.fingerprint, subject: signer.subject, expected }) });
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
  let unreadable: Phrase | undefined;
  const attached = await readAttachment(input.pdf, 'manifest.json').catch((error: unknown) => {
    if (error instanceof AttachmentError) unreadable = phrase('verify.pack.attachment', { detail: error.message });
    return undefined;
  });
  let embedded: PackManifest | undefined;
  try {
    embedded = attached ? (JSON.parse(Buffer.from(attached).toString('utf8')) as PackManifest) : undefined;
  } catch {
    embedded = undefined;
  }
  if (!signature.signed && embedded?.signer) {
    findings.push({ status: 'fail', subject: 'signature', message: phrase('verify.signature.removed', { subject: embedded.signer.subject, fingerprint: embedded.signer.fingerprint }) });
  } else if (!signature.signed) {
    findings.push({ status: input.allowUnsigned ? 'warn' : 'fail', subject: 'signature', message: phrase('verify.signature.unsigned') });
    if (input.expectSigner) findings.push({ status: 'fail', subject: 'signer', message: phrase('verify.signer.unsigned', { expected: input.expectSigner }) });
  } else {
    findings.push(...signatureFindings(signature), ...signerFindings(signature, embedded, input.expectSigner));
  }
  if (!embedded) findings.push({ status: 'fail', subject: 'pack', message: unreadable ?? phrase('verify.pack.no-manifest') });
  if (input.manifestText !== undefined) {
    let external: ExternalManifest | undefined;
    try {
      external = JSON.parse(input.manifestText) as ExternalManifest;
    } catch (error) {
      findings.push({ status: 'fail', subject: 'manifest.json', message: phrase('verify.manifest.not-json', { detail: (error as Error).message }) });
    }
    if (external) {
      const actual = sha256(input.pdf);
      if (external.pack?.sha256 !== actual) {
        findings.push({ status: 'fail', subject: input.pdfName, message: external.pack?.sha256 ? phrase('verify.pack.sha-differs', { actual, recorded: external.pack.sha256 }) : phrase('verify.pack.sha-unrecorded', { actual }) });
      } else {
        findings.push({ status: 'ok', subject: input.pdfName, message: phrase('verify.pack.sha-matches', { actual }) });
      }
      if (external.pack?.file && external.pack.file !== input.pdfName) {
        findings.push({ status: 'warn', subject: 'manifest.json', message: phrase('verify.manifest.other-file', { file: external.pack.file, pdf: input.pdfName }) });
      }
      if (embedded) compareManifests(embedded, external, findings);
    }
  }
  const trusted = embedded;
  if (trusted) findings.push(...await checkDistribution(trusted, input.pdf, input.root));
  if (input.root && trusted) await compareRepo(trusted, input.root, findings);
  return { ok: !findings.some((f) => f.status === 'fail'), signature, findings };
}
