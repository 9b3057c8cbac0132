import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { failure } from '../../core/i18n/failure.js';
import { readSourceFile } from '../../repo/load/source-file.js';
import type { Findings } from './findings.js';

/** What a comply document is, by the folder it lives in. */
export type DocumentKind = 'policy' | 'narrative' | 'procedure';

/** One comply file, read. */
export interface ComplyFile {
  /** POSIX path relative to the comply project. */
  file: string;
  text: string;
}

/** A comply project's files. */
export interface ComplyProject {
  root: string;
  /** comply.yml, when the project has one. */
  config: ComplyFile | undefined;
  documents: (ComplyFile & { kind: DocumentKind })[];
  standards: ComplyFile[];
}

const FOLDERS: readonly [string, DocumentKind][] = [['policies', 'policy'], ['narratives', 'narrative'], ['procedures', 'procedure']];

/** Files of one comply folder as comply lists them: top level only, `.ext`, no README*. */
async function listFolder(root: string, folder: string, ext: string): Promise<string[]> {
  const entries = await readdir(path.join(root, folder), { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.name.endsWith(ext) && !e.name.toUpperCase().startsWith('README') && !e.name.startsWith('.') && (e.isFile() || e.isSymbolicLink()))
    .map((e) => path.join(root, folder, e.name))
    .sort();
}

/**
 * Reads a comply project: comply.yml, policies/, narratives/, procedures/ (Markdown) and
 * standards/ (`.yml`), the folders and extensions comply itself reads. Files that cannot be
 * read safely (too large, not UTF-8, symlinks out of the project) become findings. Not a
 * folder, or neither comply.yml nor any document: a run failure (exit 2).
 */
export async function readComplyProject(root: string, findings: Findings): Promise<ComplyProject> {
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw failure('import.not-a-folder', { dir: root });
  const read = async (abs: string): Promise<ComplyFile | undefined> => {
    const result = await readSourceFile(root, abs, { locale: findings.locale });
    if (result.ok) return { file: result.source.file, text: result.source.text.replace(/\r\n/g, '\n') };
    const d = result.diagnostic;
    findings.add(d.file, d, 'comply-metadata', findings.say('comply.not-imported', { problem: d.message }), { severity: 'error' });
    return undefined;
  };
  const configPath = path.join(root, 'comply.yml');
  const hasConfig = await stat(configPath).then((s) => s.isFile(), () => false);
  const documents: ComplyProject['documents'] = [];
  let listed = 0;
  for (const [folder, kind] of FOLDERS) {
    for (const abs of await listFolder(root, folder, '.md')) {
      listed++;
      const file = await read(abs);
      if (file) documents.push({ ...file, kind });
    }
  }
  if (!hasConfig && listed === 0) {
    throw failure('import.not-comply', { dir: root });
  }
  const standards: ComplyFile[] = [];
  for (const abs of await listFolder(root, 'standards', '.yml')) {
    const file = await read(abs);
    if (file) standards.push(file);
  }
  return { root, config: hasConfig ? await read(configPath) : undefined, documents, standards };
}
