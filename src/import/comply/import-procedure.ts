import type { Control } from '../../repo/schema/types.generated.js';
import { CONTROLS_FILE, type ControlDraft } from './controls-file.js';
import { readComplyCron } from './cron.js';
import { bodyPosition, PLACEHOLDER_OWNER, type DocumentContext } from './import-document.js';
import type { ComplyMeta } from './read-meta.js';
import type { ComplySplit } from './split.js';
import { fillTemplateFields } from './template-fields.js';

const CONTROL_ID = /^[A-Za-z][A-Za-z0-9]*([._-][A-Za-z0-9]+)*$/;

/**
 * A comply procedure (a ticket template, run by cron or on an event) as a control: its id and
 * name kept, its steps as the description, its cron as the evidence frequency and a five-field
 * `schedule`. comply sends procedure bodies to the ticket system unrendered (GitHub Markdown
 * already), so the steps are kept as written, template fields filled.
 */
export function importProcedure(file: string, split: ComplySplit, meta: ComplyMeta, stem: string, taken: Set<string>, ctx: DocumentContext): ControlDraft {
  const { findings } = ctx;
  let id = meta.id && CONTROL_ID.test(meta.id) ? meta.id : stem.replace(/[^A-Za-z0-9]+/g, '-').replace(/^[^A-Za-z]+|-+$/g, '') || 'procedure';
  if (meta.id !== id) {
    findings.add(file, meta.id ? meta.source.locate(['id']) : { line: split.yamlLine + 1, column: 1 }, 'comply-field',
      meta.id ? findings.say('comply.bad-control-id', { given: meta.id, id }) : findings.say('comply.no-control-id', { id }));
  }
  if (taken.has(id)) {
    let n = 2;
    while (taken.has(`${id}-${n}`)) n++;
    findings.add(file, meta.source.locate(['id']), 'comply-id', findings.say('comply.same-control-id', { first: id, id: `${id}-${n}` }));
    id = `${id}-${n}`;
  }
  taken.add(id);
  const title = meta.name ?? id;
  const filled = fillTemplateFields(split.body, { organization: ctx.organization, locale: findings.locale });
  for (const u of filled.unfilled) {
    findings.add(file, bodyPosition(split, split.body, u.offset), 'comply-template', findings.say('comply.template', { action: u.text, reason: u.reason }));
  }
  const control: Control = { id, title, owner: PLACEHOLDER_OWNER };
  const steps = filled.text.trim();
  if (steps) control.description = `${steps}\n`;
  const { criteria } = ctx.standards.criteria(file, meta.satisfies, findings);
  if (criteria.size) control.criteria = Object.fromEntries(criteria);
  const what = `Record of each run of the "${title}" procedure, its steps completed`;
  if (meta.cron) {
    const cron = readComplyCron(meta.cron, findings.locale);
    if (cron.ok) control.evidence = [{ what, frequency: cron.frequency, schedule: cron.schedule }];
    else {
      control.evidence = [{ what, frequency: 'per-event' }];
      findings.add(file, meta.source.locate(['cron']), 'comply-cron', findings.say('comply.cron', { cron: meta.cron, reason: cron.reason }));
    }
  } else {
    control.evidence = [{ what, frequency: 'per-event' }];
  }
  const at = meta.source.locate(['name'], 'key');
  findings.add(file, at, 'comply-owner', findings.say('comply.control-owner', { id, placeholder: PLACEHOLDER_OWNER }),
    { hint: findings.say('comply.owner-hint', { file: CONTROLS_FILE }), expect: [{ file: CONTROLS_FILE, ruleId: 'unknown-person', contains: `owner of ${id}:` }] });
  findings.add(file, at, 'comply-procedure', findings.say('comply.unrequired-control', { id }),
    { hint: findings.say('comply.unrequired-control-hint', { id }), expect: [{ file: CONTROLS_FILE, ruleId: 'unreferenced-control', contains: `control ${id} is` }] });
  return { control, source: file };
}
