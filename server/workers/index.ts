import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { ComposeResult, ReadResult, SourcesResult, TurnStages } from '../chat/stages';
import type { Knowledge } from '../knowledge/load';
import { createWorkerPool, PoolError, type WorkerPool } from './pool';

export { PoolError, type WorkerPool } from './pool';

/** What a turn worker is built from (turn-worker.ts). */
export type TurnWorkerData = {
  /** The knowledge as loaded (triage and the content checks read it) and as screened (what is indexed and served). */
  loaded: Knowledge;
  knowledge: Knowledge;
  emergencyNumber: string;
  retrievalTopK: number;
  /** The SQLite file holding the knowledge index (opened read-only); null: an in-memory database, indexed again. */
  databaseFile: string | null;
  logLevel: string;
  /** For tests only: the tasks (`read`, `sources`...) during which the worker exits, or that it never answers. */
  faults?: { crash?: string[]; hang?: string[] };
};

/**
 * The turn pool: `size` worker threads running the CPU-heavy stages of chat turns. From the TypeScript sources
 * (tests, `npm run dev`) the worker runs turn-worker.ts under tsx (turn-worker-tsx.mjs); from the bundle (`npm start`) dist/turn-worker.js.
 */
export function createTurnPool(options: { size: number; timeoutMs: number; data: TurnWorkerData; logger: Logger }): WorkerPool {
  const here = fileURLToPath(import.meta.url);
  const fromSources = here.endsWith('.ts');
  return createWorkerPool({
    size: options.size,
    file: join(dirname(here), fromSources ? 'turn-worker-tsx.mjs' : 'turn-worker.js'),
    workerData: options.data,
    // A young generation of at most 8 MB (V8's default grows to 3 x 16 MB): a stage's garbage is small and short-
    // lived, and the worker's idle RSS is about 30 MB lower (287 -> 260 MB for the server with one worker here).
    resourceLimits: { maxYoungGenerationSizeMb: 8 },
    timeoutMs: options.timeoutMs,
    logger: options.logger,
  });
}

/**
 * The stages of a turn through the pool, each falling back to this thread (`local`) when the pool cannot run it: no
 * worker ready yet, a worker that died or took longer than the timeout. Reading the message (its triage) goes in the
 * urgent lane. Retrieval stays here when `localRetrieval` (embeddings on: the vector index lives on this thread).
 */
export function poolStages(pool: WorkerPool, local: TurnStages, options: { logger: Logger; localRetrieval: boolean }): TurnStages {
  const { logger } = options;
  async function via<T>(task: string, payload: unknown, fallback: () => Promise<T>, urgent = false): Promise<T> {
    try {
      return await pool.run<T>(task, payload, { urgent });
    } catch (err) {
      // Not being ready is normal (start-up, a restart); anything else is worth a line in the log.
      if (!(err instanceof PoolError) || err.code !== 'pool_unavailable') logger.warn({ task, err: (err as Error).message }, 'worker pool: running the stage on the main thread');
      return fallback();
    }
  }
  return {
    read(input) {
      // A burst of new messages: when every worker already has a message waiting, this thread reads this one itself
      // (3-10 ms), so both cores read and no emergency instruction queues behind a line of others' triage.
      const { ready, queuedUrgent } = pool.stats();
      if (ready > 0 && queuedUrgent >= ready) return local.read(input);
      return via<ReadResult>('read', input, () => local.read(input), true);
    },
    sources: (input) => (options.localRetrieval ? local.sources(input) : via<SourcesResult>('sources', input, () => local.sources(input))),
    namesItsOwn: (input) => via<boolean>('namesItsOwn', input, () => local.namesItsOwn(input)),
    compose: (input) => via<ComposeResult>('compose', input, () => local.compose(input)),
  };
}
