import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'test/**/*.test.ts', 'evals/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Browser tests need Chromium and run with `npm run test:browser` (see vitest.browser.config.ts).
    exclude: ['test/browser/**', 'node_modules/**'],
    testTimeout: 20000,
    hookTimeout: 30000,
    // Test files share their worker's module cache (issue 17, round 7): each file used to import the server's
    // module graph again (LangChain, Express, the language layer: 43 s of the suite's 4 minutes on 2 cores). No
    // test mocks a module or keeps global state past its file (msw servers close, fake timers are restored), and
    // each builds its own app, database and servers, so files do not see each other's state.
    pool: 'forks',
    isolate: false,
    // vitest's default is one worker fewer than the cores (1 on a 2-core machine, so every file ran in turn); many
    // files mostly wait (sockets, timers, child processes), so at least two run at once.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
