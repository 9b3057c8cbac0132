import { check } from '../../src/check/check.js';
import type { Diagnostic } from '../../src/core/diagnostics/diagnostic.js';
import type { ExpectedCheck } from '../../src/import/comply/findings.js';

/**
 * Words of a comply body as its author wrote them, markup aside: grid table borders and pipe
 * table separators, `|`, list markers, heading #s, paired emphasis, `\pagebreak` and `&nbsp;`
 * dropped. Independent of the importer, so comparing it with the rendered import tests it.
 */
export function complySourceWords(body: string, options: { tables?: boolean } = {}): string[] {
  const words: string[] = [];
  for (let line of body.split('\n')) {
    if (options.tables === false && /^\s*[|+]/.test(line)) continue;
    if (/^\s*\+[-=:+]+\+?\s*$/.test(line)) continue;
    if (/^\s*\|?\s*:?-+:?\s*([|+]\s*:?-+:?\s*)+\|?\s*$/.test(line)) continue;
    line = line.replace(/\\(pagebreak|newpage)/g, ' ').replace(/\|/g, ' ').replace(/&nbsp;/g, ' ');
    line = line.replace(/^\s*(?:[-*+]|\(?(?:\d+|#|[a-zA-Z]|[ivx]+)[.)])\s+/, '').replace(/^\s*#+\s*/, '');
    line = line.replace(/\*\*([^*]+)\*\*/g, '$1').replace(/\*([^*\s][^*]*)\*/g, '$1');
    words.push(...line.split(/\s+/).filter(Boolean));
  }
  return words;
}

/** Words that occur a different number of times in a and b, as "word: a/b". */
export function wordCountDifferences(a: readonly string[], b: readonly string[]): string[] {
  const count = (ws: readonly string[]) => {
    const m = new Map<string, number>();
    for (const w of ws) m.set(w, (m.get(w) ?? 0) + 1);
    return m;
  };
  const ca = count(a);
  const cb = count(b);
  return [...new Set([...ca.keys(), ...cb.keys()])].filter((w) => ca.get(w) !== cb.get(w)).map((w) => `${w}: ${ca.get(w) ?? 0}/${cb.get(w) ?? 0}`);
}

/**
 * Runs `precept check` on an imported repo and pairs its diagnostics with what the import said
 * check would report: both lists of leftovers should be empty.
 */
export async function unmatchedCheckDiagnostics(root: string, expected: readonly ExpectedCheck[], asOf: string): Promise<{ unexpected: Diagnostic[]; unreported: ExpectedCheck[]; diagnostics: Diagnostic[] }> {
  const { diagnostics } = await check(root, { asOf });
  const matches = (d: Diagnostic, e: ExpectedCheck) => d.file === e.file && d.ruleId === e.ruleId && (e.contains === undefined || d.message.includes(e.contains));
  return {
    unexpected: diagnostics.filter((d) => !expected.some((e) => matches(d, e))),
    unreported: expected.filter((e) => !diagnostics.some((d) => matches(d, e))),
    diagnostics,
  };
}
