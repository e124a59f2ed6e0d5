import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'test/**/*.test.ts', 'evals/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Browser tests need Chromium and run with `npm run test:browser` (see vitest.browser.config.ts).
    exclude: ['test/browser/**', 'node_modules/**'],
    // Bounds that end a stuck test or hook, nothing more (no test measures time). With two files at once on a loaded
    // 2-core machine, a file that parses the knowledge folder three times (server/knowledge/cache.test.ts) took 9 s a
    // test and a hook that waits for worker threads started under tsx 10-15 s: 20 / 30 s left too little room.
    testTimeout: 60_000,
    hookTimeout: 60_000,
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
