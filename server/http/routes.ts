import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { ChatService } from '../chat';
import type { Config } from '../config';
import type { Store } from '../db/store';
import { AppError, toErrorBody } from '../errors';
import type { Retriever } from '../retrieval';
import { publicTriageResult, type Triage } from '../triage';
import { renderArticlePage } from './article-page';
import type { NurseAuth } from './auth';
import { articleId, chatBody, searchQuery, triageBody } from './schemas';
import { parseInput } from './validate';

export type RouteDeps = {
  config: Config;
  store: Store;
  triage: Triage;
  retriever: Retriever;
  chat: ChatService;
  nurseAuth: NurseAuth;
  logger: Logger;
};

/** The public HTTP API (contracts in DESIGN.md and README.md). */
export function createApiRouter(deps: RouteDeps) {
  const { config, store, triage, retriever, chat, nurseAuth } = deps;
  const router = express.Router();

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', model: chat.modelName, knowledge: store.knowledgeCounts() });
  });

  router.get('/api/widget-config', (_req, res) => {
    res.json({
      emergencyNumber: config.emergencyNumber,
      maxMessageChars: config.maxMessageChars,
      disclaimer: 'Careline gives general information from our clinic library, not a diagnosis. In an emergency call ' + config.emergencyNumber + '.',
    });
  });

  router.post('/api/triage', (req, res) => {
    const body = parseInput(triageBody(config.maxMessageChars), req.body, config.maxMessageChars);
    const { context, ...result } = publicTriageResult(triage.assess(body));
    res.json({ ...result, context });
  });

  router.post('/api/chat', async (req, res) => {
    const body = parseInput(chatBody(config.maxMessageChars), req.body, config.maxMessageChars);
    if (body.audience === 'nurse') {
      const actor = nurseAuth.require(req.get('authorization'));
      store.audit(actor, 'chat', { conversationId: body.conversationId ?? null });
    }
    if (body.conversationId && !store.getConversation(body.conversationId)) {
      throw new AppError('not_found', 'No conversation with that id.');
    }
    const done = await chat.handle({ text: body.message, conversationId: body.conversationId, audience: body.audience });
    const { triage: t, ...rest } = done;
    const { context, ...triageResult } = publicTriageResult(t);
    res.json({ ...rest, triage: { ...triageResult, context } });
  });

  router.get('/api/knowledge/search', async (req, res) => {
    const q = parseInput(searchQuery, req.query);
    if (q.audience === 'nurse') store.audit(nurseAuth.require(req.get('authorization')), 'search', { q: q.q });
    const results = await retriever.searchHybrid(q.q, { audience: q.audience ?? 'patient', limit: q.limit });
    res.json({
      results: results.map((r) => ({ articleId: r.articleId, title: r.title, section: r.section, snippet: r.snippet, score: r.score })),
    });
  });

  router.get('/api/knowledge/articles/:id', (req, res) => {
    const id = parseInput(articleId, req.params.id);
    const article = store.getArticle(id);
    if (!article) throw new AppError('not_found', `No article "${id}".`);
    res.json(article);
  });

  router.get('/articles/:id', (req, res) => {
    const id = parseInput(articleId, req.params.id);
    const article = store.getArticle(id);
    if (!article) throw new AppError('not_found', `No article "${id}".`);
    res.type('html').send(renderArticlePage(article));
  });

  router.all('/api/*splat', () => {
    throw new AppError('not_found', 'No such API route.');
  });

  return router;
}

/** Every error leaves as `{ error: { code, message } }`; internal faults are logged, never shown. */
export function errorHandler(logger: Logger) {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    let e: AppError;
    const status = (err as { status?: number; type?: string }).status;
    const type = (err as { type?: string }).type;
    if (err instanceof AppError) e = err;
    else if (type === 'entity.parse.failed') e = new AppError('invalid_json', 'The request body is not valid JSON.');
    else if (type === 'entity.too.large') e = new AppError('message_too_long', 'The request body is too large.');
    else if (status && status >= 400 && status < 500) e = new AppError('bad_request', 'The request could not be read.');
    else {
      logger.error({ err }, 'unhandled error');
      e = new AppError('internal', 'Something went wrong on our side. If this is an emergency, call the emergency number now.');
    }
    res.status(e.status).json(toErrorBody(e));
  };
}
