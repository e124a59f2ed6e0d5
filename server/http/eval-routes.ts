import express from 'express';
import type { Store } from '../db/store';
import { AppError } from '../errors';
import type { NurseAuth } from './auth';

/**
 * Read-only eval results for the QA dashboard (web/qa.html): the runs `npm run eval -- --store` saved. They hold
 * synthetic test conversations, not patient data; with QA_TOKENS set, a QA bearer token is required.
 */
export function createEvalRouter(deps: { store: Store; qaAuth: NurseAuth | null }) {
  const router = express.Router();
  const guard: express.RequestHandler = (req, _res, next) => {
    if (deps.qaAuth) deps.qaAuth.require(req.get('authorization'));
    next();
  };
  router.get('/api/evals/runs', guard, (req, res) => {
    const limit = Math.min(200, Math.max(1, Number(req.query.limit) || 50));
    res.json({ runs: deps.store.listEvalRuns(limit) });
  });
  router.get('/api/evals/runs/:id', guard, (req, res) => {
    const run = deps.store.getEvalRun(String(req.params.id));
    if (!run) throw new AppError('not_found', 'No eval run with that id.');
    res.json(run);
  });
  return router;
}
