import express, { type Request } from 'express';
import { z } from 'zod';
import type { Auth, Principal } from '../auth';
import type { Config } from '../config';
import type { HandledResponse, LibraryResponse, PersonRequestDetail, PersonRequestList } from '../contracts/nurse';
import type { Store } from '../db/store';
import { AppError } from '../errors';
import { createPersonRequestQueue } from '../nurse/requests';
import { contextOf, principalOf } from './auth';
import { parseInput } from './validate';

const requestsQuery = z.object({
  status: z.enum(['open', 'handled', 'all']).default('open'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const requestId = z.string().uuid('not a request id');

/**
 * The nurse console's own API (the rest is the public API: search, articles, chat with the nurse audience). Every
 * route needs a nurse credential (a nurse or admin account's session or token, or a NURSE_TOKENS token), and every
 * read and change is audited with who did it.
 * - `GET /api/nurse/library`: the articles a nurse may read, with their topics (for the search filters).
 * - `GET /api/nurse/requests?status=open|handled|all`: patients' requests to talk to a person, oldest first, each
 *   with its conversation's first message, current level and top possible causes.
 * - `GET /api/nurse/requests/:id`: one request with the full transcript and the assessment.
 * - `POST /api/nurse/requests/:id/handled`: marks it handled by this nurse (idempotent: `changed: false` when it
 *   already was, and by whom).
 */
/** `library` gives the library, built on its first call (start-up builds it once the server is ready, app.ts). */
export function createNurseRouter(deps: { config: Config; store: Store; auth: Auth; library: () => LibraryResponse }) {
  const { config, store, auth, library } = deps;
  const queue = createPersonRequestQueue(store);
  const router = express.Router();

  /** The nurse behind the request, with the read or change audited; refusals are audited by auth.require. */
  const nurse = async (req: Request, action: string, detail: Record<string, unknown>): Promise<Principal> => {
    const ctx = contextOf(req);
    const p = await auth.require(await principalOf(auth, req, config.allowedOrigins), 'nurse', ctx, action, detail);
    await auth.record(p, action, detail, ctx);
    return p;
  };

  router.get('/api/nurse/library', async (req, res) => {
    await nurse(req, 'library.read', {});
    res.set('Cache-Control', 'private, no-store');
    res.json(library() satisfies LibraryResponse);
  });

  router.get('/api/nurse/requests', async (req, res) => {
    const q = parseInput(requestsQuery, req.query);
    await nurse(req, 'person_requests.list', { status: q.status });
    res.set('Cache-Control', 'private, no-store');
    res.json({ requests: await queue.list(q.status, q.limit) } satisfies PersonRequestList);
  });

  router.get('/api/nurse/requests/:id', async (req, res) => {
    const id = parseInput(requestId, req.params.id);
    await nurse(req, 'person_request.read', { requestId: id });
    const detail = await queue.get(id);
    if (!detail) throw new AppError('not_found', 'No request for a person with that id.');
    res.set('Cache-Control', 'private, no-store');
    res.json(detail satisfies PersonRequestDetail);
  });

  router.post('/api/nurse/requests/:id/handled', async (req, res) => {
    const id = parseInput(requestId, req.params.id);
    const ctx = contextOf(req);
    const p = await auth.require(await principalOf(auth, req, config.allowedOrigins), 'nurse', ctx, 'person_request.handled', { requestId: id });
    const result = await queue.markHandled(id, p.actor);
    if (!result) throw new AppError('not_found', 'No request for a person with that id.');
    await auth.record(p, 'person_request.handled', { requestId: id, conversationId: result.request.conversationId, changed: result.changed }, ctx);
    res.json(result satisfies HandledResponse);
  });

  return router;
}
