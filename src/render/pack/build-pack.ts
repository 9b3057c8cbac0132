import os from 'node:os';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { AFRelationship } from 'pdf-lib';
import { VERSION } from '../../core/version.js';
import type { GitRepo } from '../../history/git.js';
import type { PolicyHistory } from '../../history/versions.js';
import type { MarkdownRenderer } from '../../markdown/render.js';
import { AckIndex } from '../../records/acks/ack-index.js';
import { acknowledgementPeriod } from '../../records/acks/period.js';
import { sha256 } from '../../repo/content-hash/content-hash.js';
import { policyDocument } from '../pdf/policy-document.js';
import { PDF_CREATOR, stampIdentity } from '../pdf/normalize.js';
import { prepareShippedFaces } from '../pdf/text-fonts.js';
import { SAVE } from '../pdf/pdf-options.js';
import type { PdfPrinter } from '../pdf/printer.js';
import { signDocument } from '../sign/sign-pdf.js';
import type { Signer } from '../sign/signer.js';
import type { TsaOptions } from '../sign/tsa-client.js';
import type { Theme } from '../theme/theme.js';
import { ackEvidenceCsv, ackEvidenceRows, populationCsv, populationRows } from './ack-evidence.js';
import { addParts, PartCopier, writeOutline, type Bookmark, type PackPart } from './assemble.js';
import { controlRows } from './controls.js';
import { coverageMatrix } from './coverage.js';
import { packExceptions, policiesInScope } from './exceptions.js';
import { draftContents, frontMatter } from './front-matter.js';
import { loadForCopy } from './lazy-load.js';
import { packRecordsFromLedgers } from './ledger-records.js';
import { prioritySlots } from './print-slots.js';
import { manifestSigner, manifestVersion, MANIFEST_FORMAT, sourceHashes, type ExternalManifest, type PackManifest } from './manifest.js';
import { overlayJob, prepareStamp, stampPages } from './overlay.js';
import { RunningText } from './running-text.js';
import { canBatch, printVersions, VERSIONS_PER_JOB } from './version-batches.js';
import type { Period } from './period.js';
import type { PackRecords } from './records.js';
import { bodySectionJobs, inForceLabel, packRunningDrawn, SECTION_KEYS, type LazyJob, type PackContext, type SectionKey } from './sections.js';
import { readPackSources, type PackSources } from './state.js';
import { versionsInForce, type VersionInForce } from './versions.js';

/**
 * Versions in the pack's first print job. Chromium waits for the first job while this thread makes
 * its versions into HTML (some 20 ms each); a short one starts it sooner. One job more in a pack:
 * 32-policy pack 3.64 -> 3.45 s median of 4, cold, alternating.
 */
const FIRST_VERSIONS_JOB = 4;

/** Rows from which a table's piece prints alone (see printPiece): a policy register's or staff list's worth of a small organisation is not. */
const LONG_PIECE = 100;

/** A copy of the pack made for one recipient. */
export interface PackDistribution {
  copy: string;
  recipient: string;
  reference?: string | undefined;
}

/** Inputs of the auditor pack. */
export interface BuildPackOptions {
  /** The policy repo (its working tree holds the ledgers; history comes from git). */
  root: string;
  /** The repo's git, or undefined: then only current approved versions are included, and the pack says so. */
  git: GitRepo | undefined;
  period: Period;
  /** Ledger data; by default read from the repository's ledgers (a damaged one refuses the pack). */
  records?: PackRecords | undefined;
  /** What the pack is made from, when the caller has read it already (readPackSources). */
  sources?: PackSources | undefined;
  /** The repo's one reading of git history (a build shares it with its pages), for readPackSources. */
  readHistory?: (() => Promise<PolicyHistory | undefined>) | undefined;
  theme: Theme;
  markdown: MarkdownRenderer;
  printer: PdfPrinter;
  /** The time the PDF's metadata carries: SOURCE_DATE_EPOCH or the source commit's time. */
  buildTime: Date;
  /** Sign with this; unsigned (and saying so on the cover) when undefined. */
  signer?: Signer | undefined;
  /** When the pack is made: the signing time, and the "made" time on the cover. */
  signingTime: Date;
  /** The signing time was fixed by SOURCE_DATE_EPOCH (the cover says so). */
  fixedTime?: boolean | undefined;
  /** Who prepared the pack, as the cover names them. */
  preparedBy: string;
  /** Timestamp the signature at this RFC 3161 authority (the pack is then no longer reproducible). */
  tsa?: TsaOptions | undefined;
  /** The pack's file name, recorded in the manifest. */
  fileName: string;
  /** The commit's policies differ from the working tree (the caller allowed it). */
  dirty?: boolean;
  /** Make a copy for one recipient: every page carries them and the copy id. */
  distribution?: PackDistribution | undefined;
  onProgress?: (done: number, total: number) => void;
  /** Rows per print job of a long table (default ROWS_PER_JOB, 400). */
  rowsPerJob?: number | undefined;
  /**
   * Take a current version's own PDF from the print cache when `precept build` printed it before
   * (default yes). `build --pack` says no: its PDF stage prints those files at the same time, so
   * whether the pack found one would depend on timing, and so would the pack's bytes.
   */
  reuseVersionPdfs?: boolean | undefined;
}

/** The pack and what it is made of. */
export interface BuiltPack {
  pdf: Uint8Array;
  manifest: ExternalManifest;
  versions: VersionInForce[];
  /** Where each section starts (1-based), as the contents list them. */
  sections: { title: string; page: number; pages: number }[];
  pages: number;
  /** Things the person making the pack should know (also printed on its cover). */
  notes: string[];
}

/**
 * Builds the auditor pack for a period: cover, contents, register, exceptions, coverage, approval
 * log, acknowledgement summary, every version in force rendered in full, and the appendices
 * (acknowledgement evidence, staff, controls, manifest); merged with bookmarks and pack-wide page
 * numbers, the manifest and the evidence attached as files, and signed when a signer is given.
 * Everything is judged as of the period: the state at its end, each of its days for exceptions.
 */
export async function buildPack(options: BuildPackOptions): Promise<BuiltPack> {
  const { git, period, theme, markdown, printer, buildTime } = options;
  const m = theme.messages;
  const sources = options.sources ?? await readPackSources(options.root, git, period, { dirty: options.dirty ?? false, readHistory: options.readHistory });
  const { project } = sources;
  const versions = versionsInForce(project, sources.timelines, sources.history, period);
  const ctx: PackContext = { theme, messages: m, paper: project.config.pdf.paper, organization: project.config.organization.name, period };
  const title = (key: string) => m.t(`pack.section.${key}`);
  const org = project.config.organization.name;
  const distribution = options.distribution;
  // The page overlay is known from the start: printed first, it waits for the pack instead of the pack waiting for it.
  const overlay = overlayJob(ctx, {
    label: m.t('pack.page-stamp', { org, from: period.from, to: period.to }),
    watermark: distribution
      ? distribution.reference
        ? m.t('pack.watermark.line-reference', { copy: distribution.copy, recipient: distribution.recipient, reference: distribution.reference })
        : m.t('pack.watermark.line', { copy: distribution.copy, recipient: distribution.recipient })
      : undefined,
  }).then(async (job) => (await printer.printRaw(job)).raw);
  // Reported where it is awaited, not as unhandled if the pack fails first.
  overlay.catch(() => undefined);
  // Every part is printed a few more at once than the browser has pages (so it never waits for
  // Node), and copied into the pack in the pack's order as it arrives. A part waits for the ones
  // before it as Chromium's bytes and is parsed only when its turn comes: a parsed part is many
  // times the size of its bytes. The versions need nothing but the history, so they are asked for
  // first and print while the ledgers are read and the sections made; the sections then go first
  // (priority by place in the pack: sections before the versions, versions, sections after).
  const slot = prioritySlots(printer.parallelism + Math.max(2, os.availableParallelism()));
  let done = 0;
  let total: number | undefined;
  const print = (priority: number, job: () => Promise<Parameters<PdfPrinter['printRaw']>[0]>) => slot(priority, async () => {
    const { raw } = await printer.printRaw(await job());
    done++;
    if (total !== undefined) options.onProgress?.(done, total);
    return raw;
  });
  const copier = await PartCopier.create();
  // Versions are rendered to HTML as print slots free up, so Markdown work overlaps Chromium's.
  // With the shipped templates many versions print as one job (see printVersions).
  const group = title('policies');
  const batch = canBatch(theme);
  // The first job is short (FIRST_VERSIONS_JOB), so Chromium starts on it before ten versions are made into HTML.
  const chunks: VersionInForce[][] = [];
  for (let i = 0; i < versions.length;) {
    const size = !batch ? 1 : i === 0 ? FIRST_VERSIONS_JOB : VERSIONS_PER_JOB;
    chunks.push(versions.slice(i, i + size));
    i += size;
  }
  // The chunks are made into HTML one after another, this thread yielding after each version:
  // made all at once, their Markdown kept it busy for half a second while the first chunk's job
  // waited to be sent and Chromium sat idle; between versions, Chromium's answers about the jobs
  // already sent are handled, and the ledgers read.
  let rendering: Promise<unknown> = Promise.resolve();
  const render = (chunk: readonly VersionInForce[]) => {
    const docs = rendering.then(async () => {
      const made = [];
      for (const v of chunk) {
        made.push(policyDocument(project, { id: v.id, meta: v.meta, body: v.body }, markdown));
        await nextTurn();
      }
      return made;
    });
    rendering = docs.catch(() => undefined);
    return docs;
  };
  const printedVersions = chunks.map((chunk) => {
    const docs = render(chunk);
    return slot(1, async () => {
      const printed = await printVersions(printer, theme, await docs, ctx.paper, batch, options.reuseVersionPdfs ?? true);
      done += chunk.length;
      if (total !== undefined) options.onProgress?.(done, total);
      return printed;
    });
  });
  // Reported where they are copied, not as unhandled if the pack fails before (a damaged ledger).
  for (const p of printedVersions) p.catch(() => undefined);
  const records = options.records ?? await packRecordsFromLedgers(options.root, project.config, git, project.roster);
  const atEnd = new Set(project.policies.map((p) => p.id));
  const scope = policiesInScope(sources.timelines, atEnd, period);
  const people = project.roster;
  const name = (id: string) => people.people.get(id)?.person.name ?? id;
  const graceDays = project.config.acknowledgement.graceDays;
  const acknowledgements = records.acknowledgements
    ? (() => {
      const report = acknowledgementPeriod({ timelines: scope, roster: people, acks: new AckIndex(records.acknowledgements), graceDays }, period.from, period.to);
      return { ...report, policies: report.policies.filter((p) => p.series.length || p.requirements.length) };
    })()
    : undefined;
  const evidence = acknowledgements ? ackEvidenceRows(acknowledgements, people, records.files?.acknowledgements ?? 'records/acknowledgements.jsonl') : undefined;
  const population = populationRows(people, period);
  const attachments = [
    ...(evidence ? [{ file: 'acknowledgements.csv', text: ackEvidenceCsv(evidence), rows: evidence.length, description: m.t('pack.attachments.acknowledgements') }] : []),
    { file: 'staff.csv', text: populationCsv(population), rows: population.length, description: m.t('pack.attachments.staff') },
  ];
  const notes = packNotes(sources, period, m);
  const manifest: PackManifest = {
    format: MANIFEST_FORMAT,
    generator: `precept ${VERSION}`,
    organization: project.config.organization.name,
    period,
    generated: buildTime.toISOString(),
    commit: sources.head?.commit ?? null,
    state: sources.at ? { commit: sources.at.commit, date: sources.at.date, historyBegins: sources.historyBeginsAfter?.date ?? null } : null,
    history: sources.history ? 'git' : 'working-tree',
    preparedBy: options.preparedBy,
    made: options.signingTime.toISOString(),
    signer: manifestSigner(options.signer?.certificate),
    distribution: options.distribution
      ? { copy: options.distribution.copy, recipient: options.distribution.recipient, reference: options.distribution.reference ?? null }
      : null,
    attachments: attachments.map((a) => ({ file: a.file, sha256: sha256(Buffer.from(a.text, 'utf8')), rows: a.rows })),
    sources: await sourceHashes(project, git, sources.head?.commit),
    versions: versions.map(manifestVersion),
  };
  const policies = new Set(versions.map((v) => v.id)).size;
  const jobs = bodySectionJobs(ctx, {
    versions, records, roster: people, manifest, name, historyAvailable: Boolean(sources.history), policies, graceDays,
    coverage: coverageMatrix(project, versions, period),
    exceptions: packExceptions({ period, timelines: scope, versions, records, acknowledgements, messages: m, name }),
    acknowledgements, evidence, population,
    controls: controlRows(project, versions, name, m),
    rowsPerJob: options.rowsPerJob,
  });
  // Every print job: the sections' pieces, the versions, cover and contents, and the page stamp.
  total = SECTION_KEYS.reduce((n, k) => n + jobs[k].length, versions.length + 3);
  options.onProgress?.(done, total);
  const versionTitle = (v: VersionInForce) => m.t('pack.section.version', { title: v.title, version: v.version, when: inForceLabel(v, m) });
  // The contents' length, from a draft printed while the parts print (see draftContents).
  const titlesOf = (key: SectionKey, titleKey: string = key) => jobs[key].map((_, i) => ({ title: title(titleKey), ...(i > 0 ? { continues: true } : {}) }));
  const contentsPages = draftContents(ctx, [
    ...titlesOf('register'), ...titlesOf('exceptions'), ...titlesOf('coverage'), ...titlesOf('approvals'), ...titlesOf('acknowledgements'),
    ...versions.map((v) => ({ title: versionTitle(v), group })),
    ...titlesOf('evidence', 'ack-evidence'), ...titlesOf('population'), ...titlesOf('controls'), ...titlesOf('manifest'),
  ], String(versions.length * 4 + 50).length, async (job) => loadForCopy((await printer.printRaw(job)).raw));
  // Reported where it is awaited, not as unhandled if the pack fails first.
  contentsPages.catch(() => undefined);
  // A long table's piece takes a renderer to some 250 MB while it prints (Chromium lays out and
  // paints the whole document): the 200 x 3 pack's peak memory came when both pages printed such
  // pieces. So they print one at a time, in pack order, the appendices' before the versions still
  // waiting: beside versions, not two together at the end (their bytes wait, small, to be copied).
  const oneTable = prioritySlots(1);
  const printPiece = (priority: number, job: LazyJob) =>
    (job.rows ?? 0) >= LONG_PIECE ? oneTable(priority, () => print(Math.min(priority, 0.5), job)) : print(priority, job);
  // A section printed in pieces is one entry in the contents and the bookmarks: its first piece.
  const section = (key: SectionKey, priority: number, titleKey: string = key) =>
    jobs[key].map((job, i) => copier.queue(printPiece(priority, job)).then((pages): PackPart => ({ title: title(titleKey), pages, ...(i > 0 ? { continues: true } : {}) })));
  // A job's versions are copied in one turn, then cut at the pages each starts on.
  const versionParts = printedVersions.flatMap((printed, c) => {
    const copied = copier.queueMany(printed.then((list) => list.map((p) => p.pdf)));
    const parts = Promise.all([printed, copied]).then(([list, pages]) => list.flatMap((p, k) => p.parts.map((part) => ({ part, pages: pages[k]!.slice(part.from, part.to) }))));
    return chunks[c]!.map((v, j) => parts.then((all): PackPart => {
      const { part, pages } = all[j]!;
      return { title: versionTitle(v), group, pages, ...(part.running ? { running: part.doc } : {}) };
    }));
  });
  // What stampPages needs first, made while Chromium prints (every job has been asked for by now).
  const stamp = overlay.then(async (raw) => {
    await nextTurn();
    return prepareStamp(raw);
  });
  stamp.catch(() => undefined);
  // The fonts the running text is drawn in, read and deflated while Chromium prints (prepareShippedFaces); the output is the same without.
  setImmediate(() => {
    try {
      prepareShippedFaces([org, m.t('pack.header', { from: period.from, to: period.to }), m.t('pack.footer'), ...versions.map((v) => v.title)].map((text) => ({ text })), '');
    } catch {
      // A font that cannot be read is reported where the text is drawn.
    }
  });
  const body: PackPart[] = await Promise.all([
    ...section('register', 0),
    ...section('exceptions', 0),
    ...section('coverage', 0),
    ...section('approvals', 0),
    ...section('acknowledgements', 0),
    ...versionParts,
    ...section('evidence', 2, 'ack-evidence'),
    ...section('population', 2),
    ...section('controls', 2),
    ...section('manifest', 2),
  ]);
  const contentsLength = await contentsPages;
  const doc = copier.doc;
  const printingFront = frontMatter(ctx, {
    body: body.map((p) => ({ title: p.title, group: p.group, continues: p.continues, pages: p.pages.length })),
    manifest, policies, versions: versions.length, signer: options.signer?.certificate,
    commitTime: sources.head ? new Date(sources.head.time * 1000) : undefined, fixedTime: options.fixedTime ?? false,
    dirty: options.dirty ?? false, notes,
    // Read lazily, as every other part: its page count and the pages it is copied for, not its structure tree.
    print: async (job) => loadForCopy((await printer.printRaw(job)).raw),
    contentsPages: contentsLength,
  });
  printingFront.catch(() => undefined); // awaited below
  // The body's running header and footer are drawn while Chromium prints the cover and contents,
  // a part at a time with a turn of the event loop between, so the print's messages are not held
  // up. Every part has been copied and nothing else adds to the pack meanwhile, so its objects
  // come out in the same order every time.
  const running = new RunningText(doc);
  const drawPack = packRunningDrawn(theme);
  const packText = { organization: org, header: m.t('pack.header', { from: period.from, to: period.to }), footer: m.t('pack.footer') };
  for (const part of body) {
    if (part.running) running.draw(part.running, part.pages);
    else if (drawPack && !part.group) running.drawPack(part.pages, packText);
    await nextTurn();
  }
  const front = await printingFront;
  const [cover, contents] = await Promise.all([copier.queue(Promise.resolve(front.cover)), copier.queue(Promise.resolve(front.contents))]);
  const placements = addParts(doc, [{ title: title('cover'), pages: cover }, { title: title('contents'), pages: contents }, ...body]);
  if (drawPack) running.drawPack([...cover, ...contents], packText);
  running.finish();
  await stampPages(doc, await stamp);
  options.onProgress?.(total, total);
  writeOutline(doc, outline(placements));
  stampIdentity(doc, {
    title: m.t('pack.meta.title', { org, from: period.from, to: period.to }),
    author: org,
    subject: distribution
      ? m.t('pack.meta.subject-copy', { from: period.from, to: period.to, commit: manifest.commit ?? '-', copy: distribution.copy, recipient: distribution.recipient })
      : m.t('pack.meta.subject', { from: period.from, to: period.to, commit: manifest.commit ?? '-' }),
    keywords: ['policies', 'audit', period.from, period.to, ...(distribution ? [distribution.copy] : [])],
  }, buildTime, JSON.stringify(manifest));
  // Attached before signing, so the signature covers them; in name order, as a PDF name tree must be.
  const files = [
    ...attachments.map((a) => ({ file: a.file, bytes: Buffer.from(a.text, 'utf8'), mimeType: 'text/csv', description: a.description })),
    { file: 'manifest.json', bytes: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), mimeType: 'application/json', description: m.t('pack.attachments.manifest') },
  ].sort((a, b) => (a.file < b.file ? -1 : 1));
  for (const f of files) {
    await doc.attach(f.bytes, f.file, {
      mimeType: f.mimeType, description: f.description, creationDate: buildTime, modificationDate: buildTime,
      afRelationship: f.file === 'manifest.json' ? AFRelationship.Supplement : AFRelationship.Data,
    });
  }
  const pdf = options.signer
    ? await signDocument(doc, options.signer, {
      reason: m.t('pack.meta.reason', { from: period.from, to: period.to }),
      location: org,
      contactInfo: options.signer.certificate.subject,
      signingTime: options.signingTime,
      appName: PDF_CREATOR,
      tsa: options.tsa,
    })
    : await doc.save(SAVE);
  const pages = doc.getPageCount();
  return {
    pdf,
    manifest: { ...manifest, pack: { file: options.fileName, sha256: sha256(pdf), pages, signed: Boolean(options.signer) } },
    versions,
    sections: mergeContinued(placements),
    pages,
    notes,
  };
}

/** Bookmarks: each part, with the versions in force grouped under one entry. */
function outline(placements: readonly { title: string; group: string | undefined; page: number; continues: boolean }[]): Bookmark[] {
  const top: Bookmark[] = [];
  for (const p of placements) {
    if (p.continues) continue;
    if (!p.group) {
      top.push({ title: p.title, page: p.page });
      continue;
    }
    let parent = top.find((t) => t.title === p.group && t.children);
    if (!parent) top.push((parent = { title: p.group, page: p.page, children: [] }));
    parent.children!.push({ title: p.title, page: p.page });
  }
  return top;
}

/** Sections as the contents list them: a piece that continues a section adds its pages to it. */
function mergeContinued(placements: readonly { title: string; page: number; pages: number; continues: boolean }[]) {
  const out: { title: string; page: number; pages: number }[] = [];
  for (const p of placements) {
    if (p.continues && out.length) out[out.length - 1]!.pages += p.pages;
    else out.push({ title: p.title, page: p.page, pages: p.pages });
  }
  return out;
}

/** What the reader of the pack should know about what it was made from. */
function packNotes(sources: PackSources, period: Period, m: PackContext['messages']): string[] {
  const notes: string[] = [];
  if (sources.problems.length) {
    const files = [...new Set(sources.problems.map((d) => d.file))];
    notes.push(m.t('pack.notes.problems', { count: sources.problems.length, files: m.list(files), commit: sources.at?.commit.slice(0, 12) ?? '' }));
  }
  if (sources.head && sources.head.date < period.to) notes.push(m.t('pack.notes.not-over', { date: m.date(sources.head.date), to: m.date(period.to) }));
  return notes;
}
