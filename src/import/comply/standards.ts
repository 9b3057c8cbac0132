import { indexFramework, type Catalogue } from '../../repo/catalogues/catalogue.js';
import { readBuiltinFramework } from '../../repo/catalogues/load-catalogues.js';
import { slugify } from '../../repo/config/config.js';
import type { Position } from '../../core/diagnostics/diagnostic.js';
import { parseYamlSource } from '../../repo/load/yaml-source.js';
import type { Framework, FrameworkItem } from '../../repo/schema/types.generated.js';
import { nearest } from '../../core/i18n/phrase.js';
import type { Findings } from './findings.js';
import type { Satisfaction } from './read-meta.js';
import type { ComplyFile } from './read-project.js';

/** Where one comply standard's criteria go in precept. */
export interface StandardTarget {
  /** The precept framework id (`soc2`, or a repo framework made from the standard). */
  framework: string;
  catalogue: Catalogue;
  /** The repo framework file to write, for standards precept does not ship. */
  generated: Framework | undefined;
  /** Criteria the comply standard file lists (its "target"), when there is one. */
  listed: Set<string> | undefined;
  /** Where each listed criterion is in the standard file. */
  positions: Map<string, Position>;
  file: string | undefined;
}

/** comply's SOC 2 standard is named TSC (standards/TSC-2017.yml). */
const SOC2_NAMES = /^(tsc|soc ?2)(\b|[-_ ]?20\d\d)/i;
const CRITERION = /^[A-Za-z0-9]+([._-][A-Za-z0-9]+)*$/;
const BUILTIN_IDS = new Set(['soc2', 'iso27001']);

/** Maps comply standard names to precept frameworks: TSC to the built-in SOC 2, others to repo frameworks. */
export class StandardMap {
  private readonly targets = new Map<string, StandardTarget>();

  private constructor(private readonly soc2: Catalogue) {}

  /** Reads standards/*.yml; a standard other than TSC becomes a repo framework (frameworks/<id>.yaml). */
  static async build(standards: readonly ComplyFile[], findings: Findings): Promise<StandardMap> {
    const map = new StandardMap(indexFramework(await readBuiltinFramework('soc2'), 'builtin:soc2', { scope: undefined }));
    for (const file of standards) {
      const parsed = parseYamlSource(file.file, file.text, 0, undefined, { locale: findings.locale });
      if (!parsed.ok) {
        for (const d of parsed.diagnostics) findings.add(file.file, d, 'comply-standard', findings.say('comply.standard-not-imported', { problem: d.message }));
        continue;
      }
      const data = parsed.source.data;
      if (!data || typeof data !== 'object' || Array.isArray(data)) continue;
      const record = data as Record<string, unknown>;
      const named = typeof record['name'] === 'string' ? record['name'].replace(/\s+/g, ' ').trim() : '';
      const name = named || file.file.replace(/^.*\/|\.yml$/g, '');
      const keys = Object.keys(record).filter((k) => k !== 'name');
      const positions = new Map(keys.map((k) => [k, parsed.source.locate([k], 'key')]));
      if (SOC2_NAMES.test(name)) {
        const listed = new Set<string>();
        for (const key of keys) {
          if (map.soc2.byId.has(key)) listed.add(key);
          else findings.add(file.file, parsed.source.locate([key], 'key'), 'comply-standard',
            findings.say('comply.not-soc2', { key, suggest: nearest(key, map.soc2.byId.keys()) }));
        }
        map.targets.set(name, { framework: 'soc2', catalogue: map.soc2, generated: undefined, listed, positions, file: file.file });
        continue;
      }
      const items: FrameworkItem[] = [];
      const families = new Set<string>();
      for (const key of keys) {
        const entry = (record[key] && typeof record[key] === 'object' ? record[key] : {}) as Record<string, unknown>;
        if (!CRITERION.test(key)) {
          findings.add(file.file, parsed.source.locate([key], 'key'), 'comply-standard', findings.say('comply.bad-criterion-id', { key }));
          continue;
        }
        const item: FrameworkItem = { id: key, title: typeof entry['name'] === 'string' && entry['name'] ? entry['name'] : key };
        if (typeof entry['family'] === 'string' && entry['family']) {
          item.family = entry['family'];
          families.add(entry['family']);
        }
        if (typeof entry['description'] === 'string' && entry['description']) item.summary = entry['description'];
        items.push(item);
      }
      if (!items.length) {
        findings.add(file.file, { line: 1, column: 1 }, 'comply-standard', findings.say('comply.empty-standard', { name }));
        continue;
      }
      let id = slugify(name);
      if (BUILTIN_IDS.has(id) || [...map.targets.values()].some((t) => t.framework === id)) id = `${id}-comply`;
      const framework: Framework = { id, name, short: name.slice(0, 30), ...(families.size ? { families: [...families].map((f) => ({ id: f, name: f })) } : {}), items: items as Framework['items'] };
      map.targets.set(name, { framework: id, catalogue: indexFramework(framework, `frameworks/${id}.yaml`, { scope: undefined }), generated: framework, listed: new Set(items.map((i) => i.id)), positions, file: file.file });
    }
    return map;
  }

  /** The target for a standard name cited under `satisfies:`; TSC maps to SOC 2 even without a standards file. */
  target(standard: string): StandardTarget | undefined {
    const hit = this.targets.get(standard);
    if (hit) return hit;
    if (SOC2_NAMES.test(standard)) return { framework: 'soc2', catalogue: this.soc2, generated: undefined, listed: undefined, positions: new Map(), file: undefined };
    return undefined;
  }

  /** Every target with a standards file (the frameworks to put in scope). */
  all(): StandardTarget[] {
    return [...this.targets.values()];
  }

  /** The built-in SOC 2 catalogue. */
  get soc2Catalogue(): Catalogue {
    return this.soc2;
  }

  /**
   * Turns one document's `satisfies:` into precept criteria (framework -> ids). Criteria the
   * catalogue lacks (the theme's CC9.9) and standards nobody defines are reported and dropped;
   * the dropped ids are returned for a comment in the frontmatter.
   */
  criteria(file: string, satisfies: readonly Satisfaction[], findings: Findings): { criteria: Map<string, string[]>; dropped: string[] } {
    const criteria = new Map<string, string[]>();
    const dropped: string[] = [];
    for (const s of satisfies) {
      const target = this.target(s.standard);
      if (!target) {
        findings.add(file, s.at, 'comply-standard', findings.say('comply.undefined-standard', { standard: s.standard, count: s.ids.length }),
          { hint: findings.say('comply.undefined-standard-hint') });
        dropped.push(...s.ids.map((i) => `${s.standard} ${i.id}`));
        continue;
      }
      const ids = criteria.get(target.framework) ?? [];
      for (const { id, at } of s.ids) {
        if (target.catalogue.byId.has(id)) {
          if (!ids.includes(id)) ids.push(id);
          continue;
        }
        dropped.push(id);
        findings.add(file, at, 'comply-criterion',
          findings.say('comply.unknown-criterion', { id, framework: target.catalogue.short, suggest: nearest(id, target.catalogue.byId.keys()) }),
          { hint: findings.say('comply.unknown-criterion-hint') });
      }
      if (ids.length) criteria.set(target.framework, ids);
    }
    return { criteria, dropped };
  }
}
