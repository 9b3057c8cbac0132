import { itemInScope } from '../../repo/catalogues/catalogue.js';
import type { IsoDate } from '../../core/dates/calendar.js';
import { isActive } from '../../repo/project/roster.js';
import type { CriteriaMap, Project, ValidPolicy } from '../../repo/project/types.js';
import type { ControlLinkView, CriteriaGroupView, GroupView, PersonView, PolicyLinkView } from './views.js';

/** Turns ids written in policies and controls into what pages show (names, titles, scope). */
export class Lookups {
  private readonly policies: Map<string, ValidPolicy>;
  private readonly controls: Map<string, string>;

  constructor(private readonly project: Project, policies: readonly ValidPolicy[], private readonly asOf: IsoDate) {
    this.policies = new Map(policies.map((p) => [p.id, p]));
    this.controls = new Map(project.controls.map((c) => [c.control.id, c.control.title]));
  }

  person(id: string): PersonView {
    const entry = this.project.roster.people.get(id)?.person;
    if (!entry) return { id, name: id, email: undefined, roles: [], known: false, active: false };
    return { id, name: entry.name, email: entry.email, roles: entry.roles ?? [], known: true, active: isActive(entry, this.asOf) };
  }

  group(id: string): GroupView {
    const entry = this.project.roster.groups.get(id)?.group;
    return { id, name: entry?.name ?? id, known: entry !== undefined };
  }

  policy(id: string): PolicyLinkView {
    const p = this.policies.get(id);
    return { id, title: p?.meta.title ?? id, status: p?.meta.status ?? 'unknown', known: p !== undefined, lang: p?.meta.lang ?? this.project.config.locale };
  }

  control(id: string): ControlLinkView {
    const title = this.controls.get(id);
    return { id, title: title ?? id, known: title !== undefined };
  }

  /** Criteria per framework, in catalogue order (frameworks in the catalogues' order, unknown ones last). */
  criteria(map: CriteriaMap): CriteriaGroupView[] {
    const out: CriteriaGroupView[] = [];
    const frameworks = [...map.keys()].sort((a, b) => this.frameworkRank(a) - this.frameworkRank(b) || (a < b ? -1 : 1));
    for (const fw of frameworks) {
      const catalogue = this.project.catalogues.get(fw);
      const order = (id: string) => {
        const i = catalogue?.items.findIndex((it) => it.id === id) ?? -1;
        return i < 0 ? Number.MAX_SAFE_INTEGER : i;
      };
      const ids = [...new Set(map.get(fw) ?? [])].sort((a, b) => order(a) - order(b) || (a < b ? -1 : 1));
      out.push({
        framework: fw,
        name: catalogue?.name ?? fw,
        short: catalogue?.short ?? fw,
        items: ids.map((id) => {
          const item = catalogue?.byId.get(id);
          return { framework: fw, id, title: item?.title ?? id, known: item !== undefined, inScope: item && catalogue ? itemInScope(catalogue, item) : false };
        }),
      });
    }
    return out;
  }

  private frameworkRank(fw: string): number {
    const i = [...this.project.catalogues.keys()].indexOf(fw);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  }
}

/** Orders by a display title without depending on the machine's locale, then by id. */
export function byTitle<T extends { title: string; id: string }>(a: T, b: T): number {
  const ta = a.title.toLowerCase();
  const tb = b.title.toLowerCase();
  return ta < tb ? -1 : ta > tb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
