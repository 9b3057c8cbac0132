import type { Position } from '../../core/diagnostics/diagnostic.js';
import { parseYamlSource, type YamlSource } from '../../repo/load/yaml-source.js';
import type { Findings } from './findings.js';
import type { DocumentKind } from './read-project.js';
import type { ComplySplit } from './split.js';

/** One `majorRevisions` entry, as written. */
export interface RevisionEntry {
  date: string;
  comment: string;
  at: Position;
}

/** Criteria one document cites for one standard (`satisfies: {TSC: [...]}`). */
export interface Satisfaction {
  standard: string;
  at: Position;
  ids: { id: string; at: Position }[];
}

/** A comply document's metadata, with positions for findings. */
export interface ComplyMeta {
  name: string | undefined;
  acronym: string | undefined;
  /** Procedures only. */
  id: string | undefined;
  cron: string | undefined;
  satisfies: Satisfaction[];
  revisions: RevisionEntry[];
  source: YamlSource;
}

const KNOWN: Record<DocumentKind, readonly string[]> = {
  policy: ['name', 'acronym', 'satisfies', 'majorRevisions', 'live'],
  narrative: ['name', 'acronym', 'satisfies', 'majorRevisions', 'live'],
  procedure: ['name', 'id', 'cron', 'satisfies', 'majorRevisions', 'live'],
};

const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

/**
 * Parses a comply document's metadata (the YAML before its first `---`) into the fields comply
 * reads. Fields comply does not know, and `live`, are reported; metadata that is not a YAML
 * map is an error finding and the document is skipped (comply refuses it too).
 */
export function readComplyMeta(file: string, split: ComplySplit, kind: DocumentKind, findings: Findings): ComplyMeta | undefined {
  const parsed = parseYamlSource(file, split.yaml, split.yamlLine, undefined, { locale: findings.locale });
  if (!parsed.ok) {
    for (const d of parsed.diagnostics) findings.add(file, d, 'comply-metadata', findings.say('comply.not-imported', { problem: d.message }), { severity: 'error' });
    return undefined;
  }
  const { source } = parsed;
  const data = source.data ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    findings.add(file, { line: split.yamlLine + 1, column: 1 }, 'comply-metadata', findings.say('comply.not-a-map'), { severity: 'error' });
    return undefined;
  }
  const record = data as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key === 'live') {
      findings.add(file, source.locate([key], 'key'), 'comply-field', findings.say('comply.live'));
    } else if (!KNOWN[kind].includes(key)) {
      findings.add(file, source.locate([key], 'key'), 'comply-field', findings.say('comply.unknown-field', { key, kind }));
    }
  }
  const satisfies: Satisfaction[] = [];
  const raw = record['satisfies'];
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [standard, ids] of Object.entries(raw as Record<string, unknown>)) {
      const list = Array.isArray(ids) ? ids : ids === null || ids === undefined ? [] : [ids];
      satisfies.push({
        standard,
        at: source.locate(['satisfies', standard], 'key'),
        ids: list.flatMap((id, i) => {
          const value = text(id);
          return value === undefined ? [] : [{ id: value.trim(), at: source.locate(['satisfies', standard, ...(Array.isArray(ids) ? [i] : [])]) }];
        }),
      });
    }
  } else if (raw !== undefined && raw !== null) {
    findings.add(file, source.locate(['satisfies']), 'comply-field', findings.say('comply.satisfies-not-map'));
  }
  const revisions: RevisionEntry[] = [];
  const revs = record['majorRevisions'];
  if (Array.isArray(revs)) {
    revs.forEach((r, i) => {
      const entry = (r && typeof r === 'object' ? r : {}) as Record<string, unknown>;
      revisions.push({ date: text(entry['date'])?.trim() ?? '', comment: text(entry['comment'])?.trim() ?? '', at: source.locate(['majorRevisions', i]) });
    });
  } else if (revs !== undefined && revs !== null) {
    findings.add(file, source.locate(['majorRevisions']), 'comply-field', findings.say('comply.revisions-not-list'));
  }
  // One-line fields: a line break in a title would only ever be a mistake (or an attack on the YAML written).
  const line = (v: unknown) => text(v)?.replace(/\s+/g, ' ').trim() || undefined;
  return {
    name: line(record['name']),
    acronym: line(record['acronym']),
    id: line(record['id']),
    cron: line(record['cron']),
    satisfies,
    revisions,
    source,
  };
}
