import stringWidth from 'string-width';
import type { Diagnostic } from '../diagnostic.js';
import { visible } from './visible.js';

/** Options for human-readable output. */
export interface PrettyOptions {
  /** ANSI colours (off for NO_COLOR or when not a terminal). */
  color: boolean;
  /** File texts for code frames, by repo-relative path. */
  sources?: ReadonlyMap<string, string>;
  /** The word before a hint, in the repo's language (default "hint"). */
  hintLabel?: string;
}

const paint = (on: boolean, code: number) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

/** A few lines of source around the diagnostic with a caret under the reported span. */
export function codeFrame(text: string, d: Diagnostic, color: boolean): string {
  const lines = text.split('\n');
  const target = d.line - 1;
  if (target < 0 || target >= lines.length) return '';
  const from = Math.max(0, target - 1);
  const to = Math.min(lines.length - 1, target + 1);
  const width = String(to + 1).length;
  const dim = paint(color, 2);
  const red = paint(color, d.severity === 'error' ? 31 : 33);
  const out: string[] = [];
  for (let i = from; i <= to; i++) {
    const raw = lines[i]!.replace(/\r$/, '').replace(/\t/g, ' ');
    const line = visible(raw);
    const marker = i === target ? red('>') : ' ';
    out.push(`${marker} ${dim(`${String(i + 1).padStart(width)} |`)} ${line.length > 160 ? `${line.slice(0, 157)}...` : line}`);
    if (i === target) {
      // Columns count characters of the file; a terminal shows escapes wider and Japanese (East
      // Asian wide) characters two cells wide, so the caret is placed by display width.
      const start = Math.max(1, d.column);
      const end = d.endLine === d.line && d.endColumn !== undefined && d.endColumn > start ? d.endColumn : start + 1;
      const from = stringWidth(visible(raw.slice(0, start - 1))) + 1;
      const to = stringWidth(visible(raw.slice(0, end - 1))) + 1;
      const len = Math.max(1, Math.min(to - from, Math.max(1, stringWidth(line) - from + 1)));
      out.push(`  ${dim(`${' '.repeat(width)} |`)} ${' '.repeat(from - 1)}${red('^'.repeat(len))}`);
    }
  }
  return out.join('\n');
}

/** `file:line:col severity ruleId message`, a code frame and the hint, per diagnostic. */
export function formatPretty(diagnostics: readonly Diagnostic[], options: PrettyOptions): string {
  const bold = paint(options.color, 1);
  const blocks = diagnostics.map((d) => {
    const sev = paint(options.color, d.severity === 'error' ? 31 : 33)(d.severity);
    const head = `${bold(`${visible(d.file)}:${d.line}:${d.column}`)} ${sev} ${paint(options.color, 2)(visible(d.ruleId))} ${visible(d.message)}`;
    const text = options.sources?.get(d.file);
    const frame = text ? codeFrame(text, d, options.color) : '';
    return [head, frame, d.hint ? `  ${options.hintLabel ?? 'hint'}: ${visible(d.hint)}` : ''].filter(Boolean).join('\n');
  });
  return blocks.length ? `${blocks.join('\n\n')}\n` : '';
}
