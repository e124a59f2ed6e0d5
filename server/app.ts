import cors from 'cors';
import express from 'express';
import helmet from 'helmet';
import { createServer, type Server as HttpServer } from 'node:http';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import { createChatService, type AnswerModel, type ChatService } from './chat';
import { loadPrompts } from './chat/prompts';
import { createScopeGuard } from './chat/scope';
import type { Config } from './config';
import type { Db } from './db';
import { createStore, type Store } from './db/store';
import { createNurseAuth } from './http/auth';
import { createEvalRouter } from './http/eval-routes';
import { createApiRouter, errorHandler } from './http/routes';
import { indexKnowledge, type IndexResult } from './knowledge/ingest';
import { loadKnowledge, type Knowledge } from './knowledge/load';
import { createLogger } from './logger';
import { createAnswerModel } from './models';
import { registerChatNamespace } from './realtime/chat-namespace';
import { contentCheckerFor, screenLocalDocuments } from './safety';
import type { CalculatorTool } from './chat/calculators';
import { createRetriever, type Retriever } from './retrieval';
import { createVectorIndex, type VectorIndex } from './retrieval/embeddings';
import { createTriage, type Triage } from './triage';

export type AppDeps = {
  config: Config;
  db: Db;
  /** Defaults to ChatOpenAI when configured, else the offline composer. */
  model?: AnswerModel;
  knowledge?: Knowledge;
  logger?: Logger;
  /**
   * Clinical calculators for nurse questions that name one with values (`calculateFromText` + `formatResult`, the
   * API of server/calculators). Without them, such a question is answered from the guideline text alone.
   */
  calculators?: CalculatorTool | null;
};

export type App = {
  app: express.Express;
  server: HttpServer;
  io: Server;
  store: Store;
  triage: Triage;
  retriever: Retriever;
  chat: ChatService;
  index: IndexResult;
  /** The embeddings side of hybrid retrieval; null when no embeddings endpoint is configured. */
  vectors: VectorIndex | null;
  close(): Promise<void>;
};

/**
 * Builds the whole assistant from its dependencies: Express 5 and Socket.IO on one HTTP server, the knowledge
 * index brought up to date, triage, retrieval and the chat chain. Nothing global: tests build it with a temp
 * database and a mocked LLM endpoint.
 */
export function createApp(deps: AppDeps): App {
  const { config, db } = deps;
  const logger = deps.logger ?? createLogger(config.logLevel);
  const loaded = deps.knowledge ?? loadKnowledge(config.knowledgeDir);
  const triage = createTriage(loaded, { emergencyNumber: config.emergencyNumber });
  // The same content checks for every answer and every clinic document: a local document that fails them (or did
  // not validate) is quarantined, never indexed or served, and the server starts without it.
  const checker = contentCheckerFor(loaded, triage.language);
  const knowledge = screenLocalDocuments(loaded, checker);
  for (const q of knowledge.quarantined) logger.warn({ file: q.file, problems: q.problems }, 'clinic document quarantined: not served (see npm run kb:import)');
  const index = indexKnowledge(db, knowledge);
  const prompts = loadPrompts(config.promptsDir);
  const store = createStore(db);
  // Embeddings (when configured) sync in the background after the index is built; until they are ready, and
  // whenever the endpoint fails, retrieval is bm25 alone.
  const vectors = config.embeddings ? createVectorIndex(db, config.embeddings, logger) : null;
  const retriever = createRetriever({ store, language: triage.language, concepts: knowledge.lexicon, articles: knowledge.articles, conditions: knowledge.conditions, vectors, logger });
  void vectors?.sync();
  const model = deps.model ?? createAnswerModel(config, prompts);
  const chat = createChatService({ config, store, triage, retriever, model, logger, scopeGuard: createScopeGuard(knowledge.scope), checker, calculators: deps.calculators ?? null });
  const nurseAuth = createNurseAuth(config.nurseTokens);

  const app = express();
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: { directives: { 'script-src': ["'self'"], 'connect-src': ["'self'", 'ws:', 'wss:'] } },
      // The widget's script and styles are meant to be loaded by clinic sites on other origins.
      crossOriginResourcePolicy: { policy: config.allowedOrigins.length ? 'cross-origin' : 'same-origin' },
    }),
  );
  if (config.allowedOrigins.length) app.use(cors({ origin: config.allowedOrigins }));
  app.use(express.json({ limit: '64kb' }));
  // Before the API router: its /api/* catch-all answers 404.
  app.use(createEvalRouter({ store, qaAuth: config.qaTokens.length ? createNurseAuth(config.qaTokens) : null }));
  app.use(createApiRouter({ config, store, triage, retriever, chat, nurseAuth, logger }));
  app.use(express.static(resolve(join(import.meta.dirname, '..', 'web')), { index: 'index.html' }));
  app.use((_req, res) => res.status(404).json({ error: { code: 'not_found', message: 'Not found.' } }));
  app.use(errorHandler(logger));

  const server = createServer(app);
  const io = new Server(server, {
    maxHttpBufferSize: 64 * 1024,
    connectionStateRecovery: {},
    ...(config.allowedOrigins.length ? { cors: { origin: config.allowedOrigins } } : {}),
  });
  registerChatNamespace(io, { config, store, chat, nurseAuth, logger });

  return {
    app,
    server,
    io,
    store,
    triage,
    retriever,
    chat,
    index,
    vectors,
    async close() {
      vectors?.close();
      await io.close(); // also closes the HTTP server
      await new Promise<void>((r) => (server.listening ? server.close(() => r()) : r()));
    },
  };
}
