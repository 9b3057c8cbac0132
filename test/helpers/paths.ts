import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: precept's own package. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The bundled example organisation (what the README's first command builds). */
export const EXAMPLE_ROOT = fileURLToPath(new URL('../../examples/kestrel/', import.meta.url));
/** test/fixtures/. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
/** The built binary (npm ci runs the build through `prepare`). */
export const BIN = fileURLToPath(new URL('../../lib/cli/bin/precept.js', import.meta.url));
/** "Today" in tests, so review and staffing rules do not drift with the clock. */
export const TODAY = '2026-11-25';

/** Every Markdown file under a folder (absolute paths, sorted). */
export function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.md')).sort().map((f) => path.join(dir, f));
}
