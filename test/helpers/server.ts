import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp, type App, type AppDeps } from '../../server/app';
import { loadConfig, type Config } from '../../server/config';
import { openDatabase, type Db } from '../../server/db';
import type { Knowledge } from '../../server/knowledge/load';
import { copyKnowledgeDb } from './knowledge-db';
import { testKnowledge } from './knowledge';
import { createLogger } from '../../server/logger';
import { createTriage, type Triage } from '../../server/triage';
import { loadOpenAIClasses } from '../../server/models';

let knowledge: Knowledge | undefined;
/** The real knowledge base, parsed once per test worker (files share its module cache). */
export const sharedKnowledge = () => (knowledge ??= testKnowledge());

let triage: Triage | undefined;
/** Triage over the shared knowledge with the tests' emergency number, built once per test worker (about 0.3 s each). */
const sharedTriage = () => (triage ??= createTriage(sharedKnowledge(), { emergencyNumber: '911' }));

export type TestServer = { url: string; app: App; config: Config; dbPath: string; db: Db; close(): Promise<void> };

/**
 * A real Careline server on port 0 with a temp SQLite file, the real knowledge base and, unless `env` sets
 * OPENAI_API_KEY, the offline model. Nothing is mocked here; tests that need an LLM mock its HTTP API with msw.
 * Embeddings (hybrid retrieval) are on only when `env` sets EMBEDDINGS_BASE_URL or EMBEDDINGS_API_KEY: in
 * production OPENAI_API_KEY alone turns them on too, but a test that mocks only the chat completions would then
 * start an embeddings sync against an unmocked endpoint (see test/embeddings.test.ts for embeddings).
 * `store` and `redis` make it one of several instances sharing them (test/scale); the caller closes those.
 */
export async function startTestServer(
  options: {
    env?: Record<string, string>;
    model?: AppDeps['model'];
    calculators?: AppDeps['calculators'];
    knowledge?: Knowledge;
    store?: AppDeps['store'];
    redis?: AppDeps['redis'];
    workerFaults?: AppDeps['workerFaults'];
  } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'careline-test-'));
  const dbPath = join(dir, 'test.db');
  const loaded = loadConfig({ EMERGENCY_NUMBER: '911', NURSE_TOKENS: 'nurse-secret', LOG_LEVEL: 'silent', DATABASE_PATH: dbPath, WORKER_THREADS: '0', ...options.env });
  const wantsEmbeddings = Boolean(options.env?.EMBEDDINGS_BASE_URL || options.env?.EMBEDDINGS_API_KEY);
  const config: Config = wantsEmbeddings ? loaded : { ...loaded, embeddings: null };
  const knowledge = options.knowledge ?? sharedKnowledge();
  // The shipped knowledge comes already indexed (test/helpers/knowledge-db.ts); other knowledge is indexed by createApp.
  if (!options.knowledge) copyKnowledgeDb(knowledge, dbPath);
  const db = openDatabase(dbPath);
  const app = createApp({
    config,
    db,
    knowledge,
    triage: !options.knowledge && config.emergencyNumber === '911' ? sharedTriage() : undefined,
    model: options.model,
    openai: await loadOpenAIClasses(config),
    calculators: options.calculators,
    store: options.store,
    redis: options.redis,
    workerFaults: options.workerFaults,
    logger: createLogger('silent'),
  });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  // The language layer and retriever are built once the server listens; the tests start from a ready server (as
  // `/ready` would wait for). test/warm-start.test.ts covers requests that come before.
  await app.warm();
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    config,
    dbPath,
    db,
    async close() {
      await app.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
