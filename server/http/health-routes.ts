import express from 'express';
import type { Redis } from 'ioredis';
import type { Config } from '../config';
import type { KnowledgeIndex } from '../db/knowledge-index';
import type { Store } from '../db/store';

type Check = { ok: boolean; latencyMs: number; error?: string };

/** Runs `probe` with a time limit; the answer says whether it worked and how long it took. */
async function check(probe: () => Promise<unknown>, timeoutMs: number): Promise<Check> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([probe(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)))]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `GET /health` (liveness: the process answers; the public contract, plus this instance's name and what it
 * depends on; it answers as soon as the server listens) and `GET /ready` (readiness: 200 only when the language
 * layer and retriever are built and the state store and, when configured, Redis answer; 503 otherwise, `starting`
 * during the first second or so after the server listens, and while shutting down, so a load balancer sends nothing
 * more here). Neither is rate limited.
 */
export function createHealthRouter(deps: {
  config: Config;
  knowledgeIndex: KnowledgeIndex;
  store: Store;
  redis: Redis | null;
  modelName: string;
  /** The turn pool's worker threads (WORKER_THREADS) and how many are running; null: none. */
  workers?: () => { size: number; ready: number } | null;
  /** Whether the language layer, the content checker and the retriever are built (they are once the server listens). */
  built?: () => boolean;
}) {
  const { config, knowledgeIndex, store, redis, modelName, built } = deps;
  const router = express.Router();
  const dependencies = async (timeoutMs: number) => {
    const [database, cache] = await Promise.all([check(() => store.ping(), timeoutMs), redis ? check(() => redis.ping(), timeoutMs) : null]);
    return { database: { engine: store.engine, ...database }, redis: cache ? cache : { configured: false as const } };
  };

  router.get('/health', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    const pool = deps.workers?.() ?? null;
    // `workers.ready` below `threads` is not a failure (the main thread runs the stages meanwhile): start-up or a restart.
    const workers = { threads: pool?.size ?? 0, ready: pool?.ready ?? 0 };
    res.json({ status: 'ok', model: modelName, knowledge: knowledgeIndex.knowledgeCounts(), instance: config.instanceId, workers, ...(await dependencies(1000)) });
  });

  router.get('/ready', async (_req, res) => {
    const deps = await dependencies(2000);
    const starting = !(built?.() ?? true);
    const ready = !starting && deps.database.ok && (!('ok' in deps.redis) || deps.redis.ok);
    res.set('Cache-Control', 'no-store');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : starting ? 'starting' : 'unavailable', instance: config.instanceId, ...deps });
  });

  return router;
}
