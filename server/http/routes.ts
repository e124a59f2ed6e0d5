import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { Auth } from '../auth';
import type { ChatService } from '../chat';
import type { Config } from '../config';
import type { Conversations } from '../conversations';
import type { ArticleRow, KnowledgeIndex } from '../db/knowledge-index';
import { AppError, toErrorBody } from '../errors';
import type { Retriever } from '../retrieval';
import type { WidgetConfig } from '../contracts/chat';
import { clinicInfo } from '../dialogue/clinic';
import type { Clinic } from '../knowledge/schema';
import { publicTriageResult, type Triage } from '../triage';
import { createArticleRenderer, type ArticleRenderer } from './article-page';
import { contextOf, principalOf } from './auth';
import type { HttpLimits } from './rate-limits';
import { articleId, chatBody, searchQuery, triageBody } from './schemas';
import { parseInput } from './validate';

export type RouteDeps = {
  config: Config;
  knowledgeIndex: KnowledgeIndex;
  triage: Triage;
  retriever: Retriever;
  chat: ChatService;
  conversations: Conversations;
  auth: Auth;
  limits: HttpLimits;
  logger: Logger;
  /** The clinic profile (knowledge/clinic.yaml): the widget and the demo page read it from here. */
  clinic: Clinic;
};

/** The public HTTP API (contracts in DESIGN.md and README.md). */
export function createApiRouter(deps: RouteDeps) {
  const { config, knowledgeIndex, triage, retriever, chat, conversations, auth, limits, clinic } = deps;
  const clinicPayload = clinicInfo(clinic, config.emergencyNumber);
  const router = express.Router();
  const principal = (req: Request) => principalOf(auth, req, config.allowedOrigins);

  router.get('/api/widget-config', (_req, res) => {
    res.json({
      emergencyNumber: config.emergencyNumber,
      maxMessageChars: config.maxMessageChars,
      disclaimer: 'Careline gives general information from our clinic library, not a diagnosis. In an emergency call ' + config.emergencyNumber + '.',
      clinic: clinicPayload,
    } satisfies WidgetConfig);
  });

  // The clinic profile, one source for the widget, the demo page and the assistant's clinic answers.
  router.get('/api/clinic', (_req, res) => {
    res.json(clinicPayload);
  });

  // Built once: a zod object schema compiles its parser when it is made (about 0.2-0.4 ms and new code each time).
  const triageSchema = triageBody(config.maxMessageChars);
  const chatSchema = chatBody(config.maxMessageChars);

  router.post('/api/triage', (req, res) => {
    const body = parseInput(triageSchema, req.body, config.maxMessageChars);
    const { context, ...result } = publicTriageResult(triage.assess(body));
    res.json({ ...result, context });
  });

  router.post('/api/chat', limits.messages, async (req, res) => {
    const body = parseInput(chatSchema, req.body, config.maxMessageChars);
    let secret: string | undefined;
    const done = await conversations.send(
      {
        text: body.message,
        conversationId: body.conversationId,
        conversationSecret: body.conversationSecret,
        clientMessageId: body.clientMessageId,
        audience: body.audience,
        principal: () => principal(req),
        ctx: contextOf(req),
      },
      { accepted: (a) => (secret = a.conversationSecret) },
    );
    // `triage` is null when the turn carries no urgency (a greeting, a clinic question, a health question).
    const { triage: t, carriesTriage, ...rest } = done;
    const { context, ...triageResult } = publicTriageResult(t);
    res.json({ ...rest, ...(secret ? { conversationSecret: secret } : {}), triage: carriesTriage ? { ...triageResult, context } : null });
  });

  router.get('/api/knowledge/search', async (req, res) => {
    const q = parseInput(searchQuery, req.query);
    if (q.audience === 'nurse') {
      const ctx = contextOf(req);
      await auth.record(await auth.require(await principal(req), 'nurse', ctx, 'search', { q: q.q }), 'search', { q: q.q }, ctx);
    }
    const results = await retriever.searchHybrid(q.q, { audience: q.audience ?? 'patient', limit: q.limit });
    res.json({
      results: results.map((r) => ({ articleId: r.articleId, title: r.title, section: r.section, snippet: r.snippet, score: r.score })),
    });
  });

  /** Patient articles are public; nurse guideline summaries need a nurse credential, and each read is audited. */
  const readArticle = async (req: Request): Promise<ArticleRow> => {
    const id = parseInput(articleId, req.params.id);
    const article = knowledgeIndex.getArticle(id);
    if (!article) throw new AppError('not_found', `No article "${id}".`);
    if (article.audience === 'nurse') {
      const ctx = contextOf(req);
      await auth.record(await auth.require(await principal(req), 'nurse', ctx, 'article.read', { articleId: id }), 'article.read', { articleId: id }, ctx);
    }
    return article;
  };

  router.get('/api/knowledge/articles/:id', async (req, res) => {
    res.json(await readArticle(req));
  });

  let renderer: Promise<ArticleRenderer> | undefined;
  router.get('/articles/:id', async (req, res) => {
    const article = await readArticle(req);
    const { renderArticlePage } = await (renderer ??= createArticleRenderer());
    // A nurse page must not be kept by a shared browser cache or proxy.
    if (article.audience === 'nurse') res.set('Cache-Control', 'private, no-store');
    res.type('html').send(renderArticlePage(article));
  });

  return router;
}

/** Answers every other /api route with a JSON 404 (mounted after all the API routers). */
export function apiNotFound() {
  const router = express.Router();
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
    if (e.code === 'unavailable') res.set('Connection', 'close').set('Retry-After', '5');
    res.status(e.status).json(toErrorBody(e));
  };
}
