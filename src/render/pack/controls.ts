import type { Messages } from '../../core/i18n/messages.js';
import type { Project } from '../../repo/project/types.js';
import type { VersionInForce } from './versions.js';

/** One control as the controls appendix prints it. */
export interface ControlRow {
  id: string;
  title: string;
  description: string | undefined;
  owner: string;
  /** Criteria it maps, per framework: "SOC 2: CC6.2, CC6.3". */
  criteria: { framework: string; ids: string[] }[];
  evidence: { what: string; frequency: string; schedule: string | undefined }[];
  /** Policies in force during the period that name it. */
  policies: string[];
  file: string;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Every control of the repository as of the period's end, in id order, with the policies in force that name it. */
export function controlRows(project: Project, versions: readonly VersionInForce[], name: (person: string) => string, m: Messages): ControlRow[] {
  const naming = new Map<string, Set<string>>();
  for (const v of versions) {
    for (const id of strings(v.meta['controls'])) {
      let set = naming.get(id);
      if (!set) naming.set(id, (set = new Set()));
      set.add(v.title);
    }
  }
  const frameworkName = (id: string) => project.catalogues.get(id)?.short ?? project.catalogues.get(id)?.name ?? id;
  return project.controls
    .map(({ control, criteria, file }): ControlRow => ({
      id: control.id,
      title: control.title,
      description: control.description?.trim() || undefined,
      owner: name(control.owner),
      criteria: [...criteria].filter(([, ids]) => ids.length).map(([fw, ids]) => ({ framework: frameworkName(fw), ids })),
      evidence: (control.evidence ?? []).map((e) => ({
        what: e.what, frequency: m.has(`pack.controls.frequencies.${e.frequency}`) ? m.t(`pack.controls.frequencies.${e.frequency}`) : e.frequency, schedule: e.schedule,
      })),
      policies: [...(naming.get(control.id) ?? [])].sort((a, b) => a.localeCompare(b, 'en')),
      file,
    }))
    .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
}
