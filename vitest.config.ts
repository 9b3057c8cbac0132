import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Browser and git end-to-end tests start processes of their own: two workers on two cores.
    maxWorkers: 2,
    // One temporary folder per run, removed at its end (PRECEPT_KEEP_TEST_TMP=1 keeps it).
    globalSetup: ['test/helpers/temp-root.ts'],
  },
});
