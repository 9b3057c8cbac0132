import { stringify } from 'yaml';
import type { Control } from '../../repo/schema/types.generated.js';

/** An imported control (from a comply procedure), with the comply file it came from. */
export interface ControlDraft {
  control: Control;
  source: string;
}

/** The file holding every imported control. */
export const CONTROLS_FILE = 'controls/procedures.yaml';

/** controls/procedures.yaml: one control per comply procedure, steps kept in its description. */
export function controlsFileText(drafts: readonly ControlDraft[]): string {
  const header = [
    '# Controls imported from comply\'s procedures/ by `precept import comply`.',
    '# Each comply procedure was a ticket template run on a cron schedule (or on an event);',
    '# its steps are in the description, its schedule in evidence (frequency, and schedule as a',
    '# five-field cron). List each control under controls: in the policies that require it.',
  ];
  return `${header.join('\n')}\n${stringify(drafts.map((d) => d.control), { lineWidth: 0 })}`;
}
