import { readFile, stat, writeFile, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { signDocument } from '../src/render/sign/sign-pdf.js';
import { loadSigner, type Signer } from '../src/render/sign/signer.js';
import { loadMessages } from '../src/core/i18n/messages.js';
import { checkPdfSignature as checkPhrases } from '../src/render/sign/verify-signature.js';
import { addSecondSignature, incrementalUpdate, naiveByteRangeCheck, signatureGap } from './helpers/pdf-attacks.js';
import { runTool } from './helpers/pdf.js';
import { runCli } from './helpers/run-cli.js';

/** The signature check with its problems in English, as `verify` prints them by default. */
const checkPdfSignature = (pdf: Buffer) => {
  const check = checkPhrases(pdf);
  return { ...check, problems: check.problems.map((p) => loadMessages('en').say(p)) };
};

async function samplePdf(text: string): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage();
  page.drawText(text, { x: 50, y: 700, font: await doc.embedFont(StandardFonts.Helvetica), size: 14 });
  return doc;
}

describe('signing', () => {
  let dir: string;
  let signer: Signer;
  const details = { reason: 'Test', location: 'Here', contactInfo: 'test', signingTime: new Date('2026-05-01T00:00:00Z'), appName: 'precept test' };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'precept-sign-'));
    const run = await runCli(['keygen', '--out', path.join(dir, 'signer.p12'), '--name', 'Test Signer'], { env: { PRECEPT_SIGN_PASSPHRASE: 's3cret' }, cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Wrote');
    expect(run.stderr).toContain('this certificate is self-signed and only for trying precept out');
    signer = await loadSigner(path.join(dir, 'signer.p12'), 's3cret', 'PRECEPT_SIGN_PASSPHRASE');
  });

  it('keygen writes a 0600 PKCS#12 file holding a self-signed certificate, and never overwrites without --force', async () => {
    expect((await stat(path.join(dir, 'signer.p12'))).mode & 0o777).toBe(0o600);
    expect(signer.certificate).toMatchObject({ name: 'Test Signer', selfSigned: true });
    const again = await runCli(['keygen', '--out', path.join(dir, 'signer.p12')], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists; use --force to replace it');
    const unset = await runCli(['keygen', '--out', path.join(dir, 'open.p12')], { cwd: dir });
    expect(unset.stderr).toContain('PRECEPT_SIGN_PASSPHRASE is not set, so the key is protected by an empty passphrase');
    expect((await loadSigner(path.join(dir, 'open.p12'), '', 'PRECEPT_SIGN_PASSPHRASE')).certificate.selfSigned).toBe(true);
  });

  it('signs a PDF so that pdfsig and precept both find the signature valid; a fixed time gives the same bytes', async () => {
    const signed = await signDocument(await samplePdf('Signed content'), signer, details);
    const file = path.join(dir, 'signed.pdf');
    await writeFile(file, signed);
    const sig = runTool('pdfsig', [file]);
    expect(sig.output).toContain('Signature is Valid.');
    expect(sig.output).toContain('Signer Certificate Common Name: Test Signer');
    const check = checkPdfSignature(Buffer.from(signed));
    expect(check).toMatchObject({ signed: true, valid: true, problems: [] });
    expect(check.signingTime?.toISOString()).toBe('2026-05-01T00:00:00.000Z');
    const again = await signDocument(await samplePdf('Signed content'), signer, details);
    expect(Buffer.from(again).equals(Buffer.from(signed))).toBe(true);
  });

  it('detects a changed byte, appended content and a missing signature', async () => {
    const signed = Buffer.from(await signDocument(await samplePdf('Signed content'), signer, details));
    const changed = Buffer.from(signed);
    const at = changed.indexOf('/MediaBox');
    changed.write('/MediaBoy', at, 'latin1');
    expect(checkPdfSignature(changed).problems).toEqual(['the document does not match its signature: its content changed after signing']);
    const appended = Buffer.concat([signed, Buffer.from('\n% appended\n')]);
    // A reader finds the last startxref in the last kilobyte: a comment after %%EOF hides nothing from it.
    expect(checkPdfSignature(appended).problems).toEqual(['12 bytes were added after the signed part of the file (an incremental update): the file was changed after it was signed']);
    const update = incrementalUpdate(signed, new Map([[100, '<< /Title (changed) >>']]));
    expect(checkPdfSignature(update).problems).toEqual([expect.stringMatching(/^\d+ bytes were added after the signed part of the file \(an incremental update\)/)]);
    const unsigned = Buffer.from(await (await samplePdf('x')).save());
    expect(checkPdfSignature(unsigned)).toMatchObject({ signed: false, valid: false });
  });

  it('reads the signature through the cross-reference: qpdf\'s rewrite with object and xref streams is found, and fails as changed', async () => {
    const file = path.join(dir, 'signed-for-qpdf.pdf');
    await writeFile(file, await signDocument(await samplePdf('Signed content'), signer, details));
    const rewritten = path.join(dir, 'object-streams.pdf');
    expect(runTool('qpdf', ['--object-streams=generate', file, rewritten]).code).toBe(0);
    const bytes = await readFile(rewritten);
    expect(bytes.includes('/Type /XRef')).toBe(true);
    const check = checkPdfSignature(bytes);
    expect(check.signed).toBe(true);
    expect(check.problems).toEqual([expect.stringMatching(/^the signature's \/ByteRange \[0 \d+ \d+ \d+\] does not fit this \d+-byte file: the file was changed after it was signed$/)]);
  });

  it('accepts only hex digits and zero padding in the unsigned gap', async () => {
    const signed = Buffer.from(await signDocument(await samplePdf('Signed content'), signer, details));
    const { c } = signatureGap(signed);
    const nonHex = Buffer.from(signed);
    nonHex.write('x', c - 3, 'latin1');
    expect(naiveByteRangeCheck(nonHex).valid).toBe(true);
    expect(checkPdfSignature(nonHex).problems).toEqual([`the unsigned gap holds a byte that is not part of a hex string (0x78 at byte ${c - 3}): only the signature's hex digits may be unsigned`]);
    const padding = Buffer.from(signed);
    padding.write('f', c - 3, 'latin1');
    expect(checkPdfSignature(padding).problems).toEqual(['the signature\'s /Contents holds bytes after the signature that are not zero padding']);
  });

  it('fails a document with two signatures, even when the second covers the whole file', async () => {
    const signed = Buffer.from(await signDocument(await samplePdf('Signed content'), signer, details));
    const twice = await addSecondSignature(signed, signer.key);
    const file = path.join(dir, 'twice.pdf');
    await writeFile(file, twice);
    expect(runTool('pdfsig', [file]).output).toMatch(/Signature #2:[\s\S]*Total document signed[\s\S]*Signature is Valid/);
    expect(checkPdfSignature(twice).problems).toEqual(['the PDF has 2 signatures (Signature1, Signature2); a pack has exactly one, over the whole file']);
  });

  it('never throws on a damaged file, and never accepts one changed outside the signature\'s own hex digits', async () => {
    const signed = Buffer.from(await signDocument(await samplePdf('Signed content'), signer, details));
    const { b, c } = signatureGap(signed);
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let i = 0; i < 400; i++) {
      const damaged = Buffer.from(signed);
      // Half of the changes near the end, where the cross-reference, trailer and signature dictionary are.
      const at = i % 2 ? next() % damaged.length : damaged.length - 1 - (next() % 1200);
      damaged[at] = next() % 256;
      if (damaged.equals(signed) || (at > b && at < c - 1)) continue;
      const check = checkPdfSignature(damaged);
      expect(check.valid, `byte ${at} changed to ${damaged[at]}`).toBe(false);
      expect(check.problems.length).toBeGreaterThan(0);
    }
  });

  it('says which passphrase variable to set, and never prints the passphrase', async () => {
    await expect(loadSigner(path.join(dir, 'signer.p12'), 'wrong-one', 'ACME_SIGN_PASS')).rejects.toThrow(
      /wrong passphrase \(precept reads it from the environment variable ACME_SIGN_PASS\)$/,
    );
    await expect(loadSigner(path.join(dir, 'signer.p12'), '', 'ACME_SIGN_PASS')).rejects.toThrow(/ACME_SIGN_PASS, which is not set\)/);
    await writeFile(path.join(dir, 'junk.p12'), 'not a certificate');
    await expect(loadSigner(path.join(dir, 'junk.p12'), '', 'X')).rejects.toThrow('not a PKCS#12 file');
    expect((await readFile(path.join(dir, 'signer.p12'))).includes(Buffer.from('s3cret'))).toBe(false);
  });
});
