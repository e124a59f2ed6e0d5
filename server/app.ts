import cors from 'cors';
import express from 'express';
import helmet from 'helmet';
import { createServer, type Server as HttpServer } from 'node:http';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Redis } from 'ioredis';
import { createRequire } from 'node:module';
import { Server, type ServerOptions } from 'socket.io';
import { createAuth, type Auth } from './auth';
import { createRedisReplyLeases } from './cluster/reply-leases';
import { createChatService, type AnswerModel, type ChatService } from './chat';
import { loadPrompts } from './chat/prompts';
import { createScopeGuard } from './chat/scope';
import type { Config } from './config';
import { createConversations, type Conversations } from './conversations';
import type { Db } from './db';
import type { Accounts } from './db/accounts';
import { createKnowledgeIndex, type KnowledgeIndex } from './db/knowledge-index';
import { lazy, lazyInSteps } from './lazy';
import { languageFor, vocabularyFor } from './language/setup';
import { matcherIndexSteps } from './language/matcher';
import { linkConditionArticles, type Vocabulary } from './language/vocabulary';
import { createSqliteStore } from './db/sqlite-store';
import type { Store } from './db/store';
import { AppError } from './errors';
import { createAuthRouter } from './http/auth-routes';
import { createClientIp } from './http/client-ip';
import { createConversationRouter } from './http/conversation-routes';
import { createEvalRouter } from './http/eval-routes';
import { createHealthRouter } from './http/health-routes';
import { createNurseRouter } from './http/nurse-routes';
import { createHttpLimits } from './http/rate-limits';
import { apiNotFound, createApiRouter, errorHandler } from './http/routes';
import { indexKnowledge, type IndexResult } from './knowledge/ingest';
import { loadKnowledge, type Knowledge } from './knowledge/load';
import { createLogger } from './logger';
import { buildLibrary } from './nurse/library';
import { createAnswerModel, requireOpenAI, type OpenAIClasses } from './models';
import { ROOT } from './paths';
import { createMessageLimits, localLimiters, type MessageLimits } from './limits';
import { createRedisLimiter } from './limits/shared-buckets';
import { batchWebSocketWrites } from './realtime/batched-writes';
import { boundedRecoveryAdapter } from './realtime/bounded-recovery';
import { registerChatNamespace } from './realtime/chat-namespace';
import { createConnectionGuard } from './realtime/connection-guard';
import { contentCheckerFor, screenLocalDocuments } from './safety';
import type { CalculatorTool } from './chat/calculators';
import { calculateEachFromText, calculateFromText, formatResult } from './calculators';
import { createRetriever, type Retriever } from './retrieval';
import type { FocusData } from './retrieval/focus';
import { createVectorIndex, type VectorIndex } from './retrieval/embeddings';
import { createTriage, type Triage } from './triage';
import { createStageFunctions, inProcessStages } from './chat/stages';
import { createTurnPool, poolStages, type TurnWorkerData, type WorkerPool } from './workers';
import { ensureWebBuild } from './web/build';
import { createWebRouter } from './web/serve';

export type AppDeps = {
  config: Config;
  /** The local SQLite file: the knowledge index, and the state too unless `store` is given. */
  db: Db;
  /** The state store; defaults to the SQLite one in `db`. */
  store?: Store;
  /**
   * Redis shared with the other instances (REDIS_URL): Socket.IO goes through the Redis Streams adapter, and the
   * per-address and per-conversation limits and in-flight replies are shared. Without it, all of that is in memory.
   */
  redis?: Redis | null;
  /** Defaults to ChatOpenAI when configured, else the offline composer. */
  model?: AnswerModel;
  /**
   * The `@langchain/openai` classes, `await loadOpenAIClasses(config)` (server/models.ts): needed when OPENAI_API_KEY
   * (and no `model`) or an embeddings endpoint is configured. A dynamic import the caller awaits, so the package is
   * not loaded at all by a server with the offline composer, and `createApp` stays synchronous.
   */
  openai?: OpenAIClasses | null;
  knowledge?: Knowledge;
  /** The vocabulary of `knowledge` (`vocabularyFor`), when the caller has it: the knowledge cache keeps it. */
  vocabulary?: Vocabulary;
  /**
   * The retriever's focus index data for `knowledge` over `vocabulary` (`focusDataFor`): the knowledge cache keeps it.
   * Not used with `triage` (its language layer has its own vocabulary).
   */
  focus?: FocusData;
  /**
   * Triage (and its language layer) built from `knowledge` with `config.emergencyNumber`; defaults to building it.
   * It holds no state of its own but bounded memos of pure functions, so one can serve several apps (the tests share
   * one instead of building it for each of their ~60 servers).
   */
  triage?: Triage;
  logger?: Logger;
  /**
   * Clinical calculators for nurse questions that name one with values (`calculateFromText` + `formatResult`, the
   * API of server/calculators, the default). With null, such a question is answered from the guideline text alone.
   */
  calculators?: CalculatorTool | null;
  /** For tests only: faults the worker threads simulate (see server/workers). */
  workerFaults?: TurnWorkerData['faults'];
};

export type App = {
  app: express.Express;
  server: HttpServer;
  io: Server;
  /** The state (conversations, messages, accounts, audit, eval runs), shared by every instance. */
  store: Store;
  /** The knowledge index, local to this instance and read-only once built. */
  knowledgeIndex: KnowledgeIndex;
  triage: Triage;
  retriever: Retriever;
  chat: ChatService;
  index: IndexResult;
  /** The embeddings side of hybrid retrieval; null when no embeddings endpoint is configured. */
  vectors: VectorIndex | null;
  /** The worker threads running the stages of chat turns (WORKER_THREADS); null: all on the main thread. */
  pool: WorkerPool | null;
  conversations: Conversations;
  accounts: Accounts;
  auth: Auth;
  limits: MessageLimits & { sockets: ReturnType<typeof createConnectionGuard>['counter'] };
  /**
   * Builds the language layer, the content checker and the retriever if they are not yet (start-up does once the
   * server listens; a request that needs one builds it sooner); resolves when all three are built.
   */
  warm(): Promise<void>;
  /**
   * Graceful stop: refuse new connections, requests and messages (`unavailable`), let every reply in progress
   * finish for up to `timeoutMs` (default SHUTDOWN_TIMEOUT_MS) and store the rest as interrupted, then close.
   */
  shutdown(timeoutMs?: number): Promise<{ finished: number; interrupted: number }>;
  close(): Promise<void>;
};

const PURGE_EVERY_MS = 6 * 60 * 60 * 1000;

/**
 * Builds the whole assistant from its dependencies: Express 5 and Socket.IO on one HTTP server, the knowledge
 * index brought up to date, triage, retrieval and the chat chain. Nothing global: tests build it with a temp
 * database and a mocked LLM endpoint.
 */
export function createApp(deps: AppDeps): App {
  const { config, db } = deps;
  const logger = deps.logger ?? createLogger(config.logLevel);
  const loaded = deps.knowledge ?? loadKnowledge(config.knowledgeDir);
  // Building the vocabulary links conditions' articles into the lexicon, which the index, the retriever and the
  // nurse library read: done now, since the vocabulary is built later (below).
  linkConditionArticles(loaded.lexicon, loaded.conditions);
  // The language layer (vocabulary, matcher indexes), the content checker that reads through it and the retriever
  // (its question reader and focus index) are most of the start-up's CPU (about 1 s): they are built once the server
  // listens (`warm` below), so /health answers first and /ready says when they are. Until then each is a stand-in
  // (server/lazy.ts): a request that needs one builds it and waits for it, so nothing is answered without triage.
  // Built in steps (the vocabulary, the matcher's index in slices, the language layer over it, triage) so none holds
  // the thread for long.
  const vocabularyPart = lazy(() => deps.vocabulary ?? vocabularyFor(loaded));
  const matcherIndexPart = lazyInSteps(() => matcherIndexSteps(vocabularyPart.build()));
  const languagePart = lazy(() => languageFor(loaded, vocabularyPart.build(), matcherIndexPart.build()));
  const triagePart = lazy(() => deps.triage ?? createTriage(loaded, { emergencyNumber: config.emergencyNumber, language: languagePart.build() }));
  const triage = triagePart.value;
  // The same content checks for every answer and every clinic document: a local document that fails them (or did
  // not validate) is quarantined, never indexed or served, and the server starts without it (with clinic documents
  // the checker, and so the language layer, is built here, before the server listens).
  const checkerPart = lazy(() => contentCheckerFor(loaded, triagePart.build().language));
  const checker = checkerPart.value;
  const knowledge = screenLocalDocuments(loaded, checker);
  for (const q of knowledge.quarantined) logger.warn({ file: q.file, problems: q.problems }, 'clinic document quarantined: not served (see npm run kb:import)');
  const index = indexKnowledge(db, knowledge);
  // The browser code (web/src, TypeScript) is bundled when it changed since the last build: nothing to run first.
  const webDir = join(ROOT, 'web');
  const web = ensureWebBuild({ srcDir: join(webDir, 'src'), outDir: join(webDir, 'dist') });
  const store = deps.store ?? createSqliteStore(db);
  const knowledgeIndex = createKnowledgeIndex(db);
  // Embeddings (when configured) sync in the background after the index is built; until they are ready, and
  // whenever the endpoint fails, retrieval is bm25 alone.
  const vectors = config.embeddings ? createVectorIndex(db, config.embeddings, logger, { Embeddings: requireOpenAI(deps.openai).OpenAIEmbeddings }) : null;
  const retrieverPart = lazy(() => createRetriever({ store: knowledgeIndex, language: triagePart.build().language, concepts: knowledge.lexicon, articles: knowledge.articles, conditions: knowledge.conditions, vectors, logger, focus: deps.triage ? undefined : deps.focus }));
  const retriever = retrieverPart.value;
  // The nurse console's library (every article with its topics, about 30 ms): built once the server is ready
  // (below), or by the first request for it if that comes sooner.
  const libraryPart = lazy(() => buildLibrary(knowledge));
  void vectors?.sync();
  // The prompts (prompts/*.md) are the LLM's: read, and checked, when one is configured. The offline composer has none.
  const model = deps.model ?? createAnswerModel(config, config.openai ? loadPrompts(config.promptsDir) : null, { shorthand: knowledge.shorthand }, deps.openai);
  // The CPU-heavy stages of a turn on this thread, and (WORKER_THREADS > 0) in worker threads that each build their
  // own copy of the language layer and retriever; every stage falls back to this thread when no worker can run it.
  const local = inProcessStages(createStageFunctions({ triage, retriever, knowledgeIndex, checker, retrievalTopK: config.retrievalTopK, shorthand: knowledge.shorthand }), retriever, config.retrievalTopK);
  const pool =
    config.workers.threads > 0
      ? createTurnPool({
          size: config.workers.threads,
          timeoutMs: config.workers.timeoutMs,
          data: { loaded, knowledge, emergencyNumber: config.emergencyNumber, retrievalTopK: config.retrievalTopK, databaseFile: db.memory ? null : db.name, logLevel: config.logLevel, faults: deps.workerFaults },
          logger,
        })
      : null;
  const stages = pool ? poolStages(pool, local, { logger, localRetrieval: Boolean(vectors) }) : local;
  const chat = createChatService({ config, store, knowledgeIndex, triage, retriever, model, logger, scopeGuard: createScopeGuard(knowledge.scope), checker, calculators: deps.calculators === undefined ? { calculateFromText, formatResult, calculateEachFromText } : deps.calculators, clinic: knowledge.clinic, shorthand: knowledge.shorthand, stages });
  const accounts = store.accounts;
  const redis = deps.redis ?? null;
  const limiters = redis
    ? (name: string, capacity: number, perMinute: number) => createRedisLimiter(redis, name, capacity, perMinute, logger)
    : localLimiters();
  const auth = createAuth({ config, accounts, store, limiters });
  const messageLimits = createMessageLimits(config, { limiters });
  const leases = redis ? createRedisReplyLeases(redis) : null;
  const conversations = createConversations({ store, chat, auth, conversationRate: messageLimits.perConversation, leases, logger });
  const clientIp = createClientIp(config.trustProxy);
  const httpLimits = createHttpLimits(config, redis);
  let draining = false;

  // Retention: at start-up, then every 6 hours (also `npm run purge`).
  const purge = async () => {
    try {
      const r = await store.purgeExpired(config.retention);
      if (r.conversations || r.sessions || r.auditEntries) logger.info(r, 'retention purge');
    } catch (err) {
      logger.error({ err }, 'retention purge failed');
    }
  };
  let purging = purge();
  const purgeTimer = setInterval(() => (purging = purge()), PURGE_EVERY_MS).unref();

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', clientIp.trust);
  app.use(
    helmet({
      contentSecurityPolicy: { directives: { 'script-src': ["'self'"], 'connect-src': ["'self'", 'ws:', 'wss:'] } },
      // The widget's script and styles are meant to be loaded by clinic sites on other origins.
      crossOriginResourcePolicy: { policy: config.allowedOrigins.length ? 'cross-origin' : 'same-origin' },
    }),
  );
  if (config.allowedOrigins.length) app.use(cors({ origin: config.allowedOrigins }));
  app.use((_req, _res, next) => {
    if (draining) throw new AppError('unavailable', 'The assistant is restarting. Please try again in a moment.');
    next();
  });
  app.use(createHealthRouter({ config, knowledgeIndex, store, redis, modelName: chat.modelName, workers: () => pool?.stats() ?? null, built: () => heavy.every((p) => p.built) }));
  app.use(['/api', '/articles'], httpLimits.requests);
  app.use(express.json({ limit: '64kb' }));
  const evalsDir = join(import.meta.dirname, '..', 'evals');
  app.use(createEvalRouter({ config, store, auth, gateFiles: { thresholds: join(evalsDir, 'thresholds.json'), baseline: join(evalsDir, 'baseline.json') } }));
  app.use(createNurseRouter({ config, store, auth, library: libraryPart.build }));
  app.use(createAuthRouter({ config, auth, store }));
  app.use(createConversationRouter({ config, conversations, auth, clinic: knowledge.clinic }));
  app.use(createApiRouter({ config, knowledgeIndex, triage, retriever, chat, conversations, auth, limits: httpLimits, logger, clinic: knowledge.clinic }));
  app.use(apiNotFound());
  // The consoles' old file names lead to their pages (the raw files hold an unfilled assets comment).
  app.get(['/qa.html', '/nurse.html'], (req, res) => res.redirect(301, req.path.replace(/\.html$/, '')));
  app.use(
    createWebRouter({
      webDir,
      distDir: join(webDir, 'dist'),
      manifest: web,
      pages: { '/nurse': { file: 'nurse.html', page: 'nurse' }, '/qa': { file: 'qa.html', page: 'qa' } },
    }),
  );
  app.use(express.static(webDir, { index: 'index.html' }));
  app.use((_req, res) => res.status(404).json({ error: { code: 'not_found', message: 'Not found.' } }));
  app.use(errorHandler(logger));

  // Slow or endless requests are cut off: headers within HEADERS_TIMEOUT_MS, the whole request within
  // REQUEST_TIMEOUT_MS (checked every quarter of the headers timeout, at most every 30 s).
  const server = createServer(
    {
      requestTimeout: config.timeouts.requestMs,
      headersTimeout: config.timeouts.headersMs,
      connectionsCheckingInterval: Math.max(50, Math.min(30_000, Math.floor(config.timeouts.headersMs / 4))),
    },
    app,
  );
  const guard = createConnectionGuard(config, clientIp, () => draining);
  const io = new Server(server, {
    maxHttpBufferSize: 64 * 1024,
    connectTimeout: 10_000,
    allowRequest: guard.allowRequest,
    ...(config.recovery.maxPackets > 0 ? { connectionStateRecovery: { maxDisconnectionDuration: config.recovery.windowMs } } : {}),
    // Several instances: packets go through a Redis stream (every instance reads it), and a disconnected socket's
    // session is kept in Redis, so it can be recovered on any instance; the stream is capped at
    // RECOVERY_MAX_PACKETS as the in-memory buffer is.
    ...(redis
      ? {
          // Loaded only with Redis (about 10 MB and 90 ms of start a single instance does not need).
          adapter: (createRequire(import.meta.url)('@socket.io/redis-streams-adapter') as typeof import('@socket.io/redis-streams-adapter')).createAdapter(redis, {
            streamName: 'careline:socket.io',
            sessionKeyPrefix: 'careline:sio:session:',
            maxLen: Math.max(1000, config.recovery.maxPackets),
          }) as unknown as ServerOptions['adapter'],
        }
      : config.recovery.maxPackets > 0
        ? { adapter: boundedRecoveryAdapter(config.recovery.maxPackets) }
        : {}),
    ...(config.allowedOrigins.length ? { cors: { origin: config.allowedOrigins } } : {}),
  });
  guard.attach(io);
  batchWebSocketWrites(io);
  // The heavy parts, one at a time once the server listens, yielding between them so requests (/health) are
  // answered in between; a request that needs one before then builds it itself (see above).
  const heavy = [...(deps.triage ? [] : [vocabularyPart, matcherIndexPart, languagePart]), triagePart, checkerPart, retrieverPart];
  let warming: Promise<void> | undefined;
  let closing = false;
  const warm = () =>
    (warming ??= (async () => {
      for (const part of heavy) {
        // A part built in slices yields between them too.
        do {
          await new Promise((r) => setImmediate(r));
          if (closing) return;
        } while ('step' in part && !part.step());
        part.build();
      }
    })());
  // The worker threads start once the server listens and these are built: their start-up (1.5-2.5 s of a core each,
  // building their copies of the language layer) delays neither the server's nor these (on two cores, starting
  // together, the worker made the main thread's parts ready later); until they are ready the main thread runs the stages.
  server.once('listening', () =>
    void warm().then(() => {
      if (closing) return;
      libraryPart.build();
      pool?.start();
    }),
  );
  // A reply's words go out a sentence at a time (or every 40 ms of a slow stream): a packet per word costs a frame,
  // a recovery-buffer entry and, with Redis, a stream entry.
  registerChatNamespace(io, { config, conversations, auth, limits: messageLimits, clientIp, logger, isDraining: () => draining, coalesceTokensMs: 40 });

  let closed: Promise<void> | undefined;
  async function close() {
    closed ??= (async () => {
      closing = true;
      clearInterval(purgeTimer);
      await purging;
      vectors?.close();
      await pool?.close();
      await io.close(); // also closes the HTTP server
      await new Promise<void>((r) => (server.listening ? server.close(() => r()) : r()));
    })();
    return closed;
  }

  return {
    app,
    server,
    io,
    store,
    knowledgeIndex,
    triage,
    retriever,
    chat,
    index,
    vectors,
    pool,
    conversations,
    accounts,
    auth,
    limits: { ...messageLimits, sockets: guard.counter },
    warm,
    async shutdown(timeoutMs = config.timeouts.shutdownMs) {
      draining = true;
      // Stop listening; open sockets stay up so the replies in progress reach their clients.
      if (server.listening) server.close();
      server.closeIdleConnections();
      const result = await conversations.drain(timeoutMs);
      // The transports send `done` once the reply has settled: let those sends happen before the sockets close.
      await new Promise((r) => setImmediate(r));
      await close();
      server.closeAllConnections();
      return result;
    },
    close,
  };
}
