import { stringify } from 'yaml';

/** The order precept's README lists policy fields in; other precept fields follow, then x:. */
const ORDER = ['id', 'title', 'summary', 'aliases', 'version', 'status', 'owner', 'approvers', 'effective', 'review', 'criteria', 'controls', 'audience', 'classification', 'related'] as const;

/** One line of YAML for a comment, whatever the source held. */
const comment = (v: string) => v.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');

/** `key: value` lines, flow style for lists, block style for maps. */
function field(key: string, value: unknown): string {
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) {
    return `${key}: ${stringify(value, { collectionStyle: 'flow', flowCollectionPadding: false, lineWidth: 0 }).trimEnd()}`;
  }
  if (value && typeof value === 'object') {
    const block = stringify(value, { lineWidth: 0, collectionStyle: 'block' }).trimEnd();
    return `${key}:\n${block.split('\n').map((l) => `  ${l}`).join('\n')}`;
  }
  return `${key}: ${stringify(value, { lineWidth: 0 }).trimEnd()}`;
}

/**
 * A policy file: frontmatter in the README's order, the keys of the source's own under x:, a
 * comment naming the source file, then the body.
 */
export function policyFileText(meta: Readonly<Record<string, unknown>>, passthrough: Readonly<Record<string, unknown>>, source: string, body: string): string {
  const lines = ['---'];
  for (const key of ORDER) if (meta[key] !== undefined) lines.push(field(key, meta[key]));
  for (const [key, value] of Object.entries(meta)) if (!(ORDER as readonly string[]).includes(key) && value !== undefined) lines.push(field(key, value));
  if (Object.keys(passthrough).length) {
    lines.push('# Front matter precept has no field for, kept as written:');
    lines.push(field('x', passthrough));
  }
  lines.push(comment(`# imported from ${source}`), '---', '');
  return `${lines.join('\n')}\n${body.replace(/^\n+/, '').replace(/\s*$/, '\n')}`;
}
