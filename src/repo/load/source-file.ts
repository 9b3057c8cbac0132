import { readFileSync, statSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { diagnosticAt, type Diagnostic } from '../../core/diagnostics/diagnostic.js';
import { sayIn } from '../../core/i18n/messages.js';
import type { PhraseValues } from '../../core/i18n/phrase.js';
import { LIMITS } from './limits.js';

/** A text file read from the repo, with its path relative to the root. */
export interface SourceFile {
  /** POSIX path relative to the repo root. */
  file: string;
  absPath: string;
  text: string;
}

/** The result of reading a file: its text, or a diagnostic saying why it cannot be used. */
export type ReadResult = { ok: true; source: SourceFile } | { ok: false; diagnostic: Diagnostic };

const utf8 = new TextDecoder('utf-8', { fatal: true });
const TOP = { line: 1, column: 1 };

/** Turns an absolute path under root into the POSIX relative path used in diagnostics. */
export function relativeTo(root: string, absPath: string): string {
  return path.relative(root, absPath).split(path.sep).join('/');
}

/**
 * Reads a UTF-8 text file under `root`, refusing files that are too large, not UTF-8, or that
 * resolve (through symlinks) to somewhere outside the root; what it says of those is in the
 * repo's language (`locale`).
 */
export async function readSourceFile(root: string, absPath: string, options: { walked?: boolean; maxBytes?: number; locale?: string } = {}): Promise<ReadResult> {
  const file = relativeTo(root, absPath);
  const say = (key: string, values?: PhraseValues) => sayIn(options.locale ?? 'en', `load.${key}`, values);
  const fail = (ruleId: string, message: string, hint?: string): ReadResult => ({
    ok: false,
    diagnostic: diagnosticAt(file, TOP, ruleId, 'error', message, hint),
  });
  let real = absPath;
  // walkFiles has already resolved symlinks and kept only files inside the root.
  if (!options.walked) {
    const rootReal = await realpath(root);
    try {
      real = await realpath(absPath);
    } catch {
      return fail('file-unreadable', say('unreadable'));
    }
    if (real !== rootReal && !real.startsWith(rootReal + path.sep)) {
      return fail('symlink-outside-root', say('symlink-outside-to', { target: real }));
    }
  }
  // Read synchronously: policy files are small and many, and each asynchronous call costs more
  // than the read itself (a stat, then open, fstat, read and close through the thread pool).
  let info;
  try {
    info = statSync(real);
  } catch {
    info = undefined;
  }
  if (!info?.isFile()) return fail('file-unreadable', say('not-a-file'));
  const size = info.size;
  const limit = options.maxBytes ?? LIMITS.maxFileBytes;
  if (size > limit) {
    return fail('file-too-large', say('too-large', { size, limit }));
  }
  const bytes = readFileSync(real);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    return {
      ok: false,
      diagnostic: diagnosticAt(file, at, 'file-encoding', 'error', say('not-utf8'), say('not-utf8-hint')),
    };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, source: { file, absPath, text } };
}

/** Finds the line and column of the first byte sequence that is not UTF-8. */
function firstInvalidUtf8(bytes: Uint8Array): { line: number; column: number } {
  let lo = 0;
  let hi = bytes.length;
  // Binary search for the shortest prefix that fails to decode.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid + 1), { stream: true });
      lo = mid + 1;
    } catch {
      hi = mid;
    }
  }
  const before = new TextDecoder().decode(bytes.subarray(0, lo));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}
