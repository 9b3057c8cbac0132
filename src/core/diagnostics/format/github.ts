import type { Diagnostic } from '../diagnostic.js';
import { visible } from './visible.js';

const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
// Controls from a file name or text are made visible first (the log shows them, and ESC would
// restyle or hide lines); only the newline between message and hint stays one, percent-encoded.
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** GitHub Actions workflow commands, which GitHub shows as annotations on the PR's files. */
export function formatGithub(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const props = [`file=${escapeProperty(visible(d.file))}`, `line=${d.line}`, `col=${d.column}`];
      if (d.endLine !== undefined) props.push(`endLine=${d.endLine}`);
      if (d.endColumn !== undefined && d.endLine === d.line) props.push(`endColumn=${d.endColumn}`);
      props.push(`title=${escapeProperty(`precept ${visible(d.ruleId)}`)}`);
      const message = d.hint ? `${visible(d.message)}\n${visible(d.hint)}` : visible(d.message);
      return `::${d.severity === 'error' ? 'error' : 'warning'} ${props.join(',')}::${escapeData(message)}\n`;
    })
    .join('');
}
