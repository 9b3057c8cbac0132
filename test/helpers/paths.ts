import { fileURLToPath } from 'node:url';

/** The project root (also the bundled example organisation). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** test/fixtures/. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
/** The built binary (npm ci runs the build through `prepare`). */
export const BIN = fileURLToPath(new URL('../../lib/bin/precept.js', import.meta.url));
/** "Today" in tests, so review and staffing rules do not drift with the clock. */
export const TODAY = '2026-11-25';
