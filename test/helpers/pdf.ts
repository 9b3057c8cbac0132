import { execFileSync } from 'node:child_process';

/** The text of a PDF (or of pages first..last) as pdftotext extracts it: what a person reads. */
export function pdfText(file: string, options: { first?: number; last?: number; layout?: boolean } = {}): string {
  const args = [...(options.layout ? ['-layout'] : []), ...(options.first ? ['-f', String(options.first)] : []), ...(options.last ? ['-l', String(options.last)] : []), file, '-'];
  return execFileSync('pdftotext', args, { encoding: 'utf8' });
}

/** pdfinfo's fields (Pages, Page size, CreationDate, ...). */
export function pdfInfo(file: string): Record<string, string> {
  const out = execFileSync('pdfinfo', ['-isodates', file], { encoding: 'utf8' });
  return Object.fromEntries(out.split('\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]));
}

/** Number of pages. */
export function pageCount(file: string): number {
  return Number(pdfInfo(file)['Pages']);
}

/** Runs a tool and returns its exit code and combined output (pdfsig and qpdf exit non-zero on problems). */
export function runTool(cmd: string, args: string[]): { code: number; output: string } {
  try {
    return { code: 0, output: execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    return { code: e.status ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}
