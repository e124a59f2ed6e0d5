import express, { type Request } from 'express';
import type { Auth } from '../auth';
import type { Config } from '../config';
import type { Store } from '../db/store';
import { AppError } from '../errors';
import { contextOf, principalOf } from './auth';

/**
 * Read-only eval results for the QA dashboard (web/qa.html): the runs `npm run eval -- --store` saved. They hold
 * synthetic test conversations, not patient data; with QA_TOKENS set, a QA credential (a QA token, or a qa or
 * admin account's session) is required and each read is audited.
 */
export function createEvalRouter(deps: { config: Config; store: Store; auth: Auth }) {
  const { config, store, auth } = deps;
  const router = express.Router();
  const guard = async (req: Request, detail: unknown) => {
    if (!config.qaTokens.length) return;
    const ctx = contextOf(req);
    await auth.record(await auth.require(await principalOf(auth, req, config.allowedOrigins), 'qa', ctx, 'evals.read', detail), 'evals.read', detail, ctx);
  };
  router.get('/api/evals/runs', async (req, res) => {
    const limit = Math.min(200, Math.max(1, Number(req.query.limit) || 50));
    await guard(req, { limit });
    res.json({ runs: await store.listEvalRuns(limit) });
  });
  router.get('/api/evals/runs/:id', async (req, res) => {
    await guard(req, { runId: String(req.params.id) });
    const run = await store.getEvalRun(String(req.params.id));
    if (!run) throw new AppError('not_found', 'No eval run with that id.');
    res.json(run);
  });
  return router;
}
