import type { Project } from '../../repo/project/types.js';
import { byTitle, type Lookups } from './lookups.js';
import type { ControlView, PolicyLinkView, PolicyView } from './views.js';

/** Every control (sorted by id) with its owner, criteria, evidence and the policies that set it. */
export function controlViews(project: Project, policies: readonly PolicyView[], lookups: Lookups): ControlView[] {
  const settingPolicies = new Map<string, PolicyLinkView[]>();
  for (const p of policies) {
    for (const c of new Set(p.controls.map((x) => x.id))) {
      let list = settingPolicies.get(c);
      if (!list) settingPolicies.set(c, (list = []));
      list.push({ id: p.id, title: p.title, status: p.status, known: true, lang: p.lang });
    }
  }
  const seen = new Set<string>();
  const out: ControlView[] = [];
  for (const entry of project.controls) {
    const c = entry.control;
    if (seen.has(c.id)) continue; // duplicates are check errors; the first wins
    seen.add(c.id);
    out.push({
      id: c.id,
      title: c.title,
      description: c.description,
      file: entry.file,
      owner: lookups.person(c.owner),
      criteria: lookups.criteria(entry.criteria),
      evidence: (c.evidence ?? []).map((e) => ({ what: e.what, frequency: e.frequency, schedule: e.schedule })),
      policies: (settingPolicies.get(c.id) ?? []).sort(byTitle),
    });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
