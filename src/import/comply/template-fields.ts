import { sayIn } from '../../core/i18n/messages.js';

/** What comply's Go templates can refer to in a document body, filled from the config. */
export interface TemplateData {
  /** The organisation's name (comply.yml `name`, or --org). */
  organization: string;
  /** The language of each unfilled action's `reason` (the reader's); English when not given. */
  locale?: string | undefined;
}

/** A template action that could not be filled, kept in the text as written. */
export interface UnfilledAction {
  /** Offset of `{{` in the original text. */
  offset: number;
  text: string;
  reason: string;
}

const ACTION = /\{\{(-[ \t\r\n])?([\s\S]*?)([ \t\r\n]-)?\}\}/g;

/**
 * Fills the fields comply's renderer offers a body (`{{.Name}}`, `{{.Project.OrganizationName}}`,
 * `{{.Project.Name}}`), honouring Go's `{{-`/`-}}` whitespace trimming and dropping comments.
 * Anything else (ranges, conditionals, other fields) is kept verbatim and returned, so the
 * import can report it rather than guess.
 */
export function fillTemplateFields(text: string, data: TemplateData): { text: string; unfilled: UnfilledAction[]; filled: number } {
  const values: Record<string, string> = {
    '.Name': data.organization,
    '.Project.OrganizationName': data.organization,
    '.Project.Name': `${data.organization} Compliance Program`,
  };
  const unfilled: UnfilledAction[] = [];
  let filled = 0;
  let out = '';
  let last = 0;
  for (const match of text.matchAll(ACTION)) {
    const start = match.index;
    const inner = match[2]!.trim();
    let value: string | undefined;
    if (/^\/\*[\s\S]*\*\/$/.test(inner)) value = '';
    else if (Object.hasOwn(values, inner)) value = values[inner];
    if (value === undefined) {
      unfilled.push({
        offset: start,
        text: match[0],
        reason: /^\.[A-Za-z]/.test(inner)
          ? sayIn(data.locale ?? 'en', 'import.comply.unknown-template-field', { field: inner })
          : sayIn(data.locale ?? 'en', 'import.comply.template-logic'),
      });
      continue;
    }
    let before = text.slice(last, start);
    if (match[1]) before = before.replace(/[ \t\r\n]+$/, '');
    out += before + value;
    last = start + match[0].length;
    if (match[3]) {
      const rest = /^[ \t\r\n]*/.exec(text.slice(last))!;
      last += rest[0].length;
    }
    filled++;
  }
  out += text.slice(last);
  return { text: out, unfilled, filled };
}
