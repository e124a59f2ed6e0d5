import { defineConfig } from 'vitest/config';

/**
 * Browser tests: real Chromium (playwright-core, system /usr/bin/chromium) against the real server.
 * Run with `npm run test:browser`; the default `vitest run` excludes test/browser.
 */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
