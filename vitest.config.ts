import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'test/**/*.test.ts', 'evals/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Browser tests need Chromium and run with `npm run test:browser` (see vitest.browser.config.ts).
    exclude: ['test/browser/**', 'node_modules/**'],
    testTimeout: 20000,
    hookTimeout: 30000,
  },
});
