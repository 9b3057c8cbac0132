import { isScalar, parseDocument, stringify } from 'yaml';

/** A YAML scalar as it is written in a file: plain when it can be, quoted when it must. */
export function yamlScalar(value: string): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

/**
 * Sets the value at `keys` in a YAML text, keeping everything else as written: an existing
 * scalar is replaced in place (its comment and alignment stay); a missing one is added through
 * the document, which rewrites the file in yaml's own layout.
 */
export function setYamlValue(text: string, keys: readonly string[], value: string): string {
  const doc = parseDocument(text, { keepSourceTokens: false });
  const node = doc.getIn(keys, true);
  if (isScalar(node) && node.range) {
    const [start, end] = node.range;
    return `${text.slice(0, start)}${yamlScalar(value)}${text.slice(end)}`;
  }
  doc.setIn(keys, value);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
