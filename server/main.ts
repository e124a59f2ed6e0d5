import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { loadConfig } from './config';
import { listen, StartupError } from './listen';

// `.env` is optional; real environment variables win over it.
if (existsSync('.env')) process.loadEnvFile('.env');

const config = (() => {
  try {
    return loadConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
})();
const fail = (err: StartupError): never => {
  console.error(`\nCareline could not start: ${err.message}\n`);
  process.exit(1);
};

// Fail fast: a port already in use is reported before the (slower) start-up, not after it. The real listen below
// reports it too, if the port is taken in between.
if (config.port !== 0) {
  const probe = createServer();
  await listen(probe, config.port, config.host).catch((err) => (err instanceof StartupError ? fail(err) : Promise.reject(err)));
  await new Promise((r) => probe.close(r));
}

const [{ createApp }, { openDatabase }, { openStateStore, describeStateStore }, { createLogger }, { loadOpenAIClasses }] = await Promise.all([
  import('./app'),
  import('./db'),
  import('./db/open-store'),
  import('./logger'),
  import('./models'),
]);
const logger = createLogger(config.logLevel, { instance: config.instanceId });
// The local SQLite file always holds this instance's knowledge index; the state is there too, or in PostgreSQL.
const db = openDatabase(config.databasePath);
const state = await openStateStore(config, db).catch((err: Error) =>
  fail(new StartupError(`the state store at ${describeStateStore(config)} could not be opened: ${err.message}`)),
);
const redis = config.redisUrl
  ? await (await import('./cluster/redis')).connectRedis(config.redisUrl, logger).catch((err: Error) =>
      fail(new StartupError(`Redis at ${config.redisUrl} could not be reached: ${err.message}`)),
    )
  : null;
// Compiled (`npm start` runs dist/main.js): the parsed knowledge is cached beside the database, keyed by the files
// and by this bundle's own hash. Under tsx (`npm run dev`) the code may change under it, so the folder is parsed.
const bundle = fileURLToPath(import.meta.url);
// The knowledge's vocabulary and the retriever's focus index data are kept in the same cache.
const cached =
  bundle.endsWith('.js') && config.databasePath !== ':memory:'
    ? (await import('./knowledge/cache')).loadKnowledgeCached(
        config.knowledgeDir,
        join(dirname(config.databasePath), 'knowledge.cache'),
        createHash('sha256').update(readFileSync(bundle)).digest('hex'),
      )
    : undefined;
// `@langchain/openai` only when a model or embeddings endpoint is configured (the offline composer never calls it).
const openai = await loadOpenAIClasses(config);
const careline = createApp({ config, db, store: state.store, redis, logger, knowledge: cached?.knowledge, vocabulary: cached?.vocabulary, focus: cached?.focus, openai });

try {
  await listen(careline.server, config.port, config.host);
} catch (err) {
  if (!(err instanceof StartupError)) throw err;
  await careline.close();
  await state.close();
  redis?.disconnect();
  db.close();
  fail(err);
}
const address = careline.server.address();
const port = typeof address === 'object' && address ? address.port : config.port;
const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
logger.info(
  { model: careline.chat.modelName, knowledge: careline.knowledgeIndex.knowledgeCounts(), reindexed: careline.index.rebuilt, state: state.store.engine, redis: Boolean(redis) },
  'Careline is ready',
);
console.log(`\nCareline is running at http://${host}:${port}  (model: ${careline.chat.modelName})\n`);
// The language layer and the retriever are built once the server listens (createApp; /ready says when). The
// English word list, the typo index and the library's word statistics are built on first use after that: read and
// search a message once they are built, so the first person to write does not wait for them (a few hundred ms; the
// misspelling makes the matcher ask the word list and the typo index). Nothing is stored.
void careline.warm().then(() => {
  logger.info('language layer and retriever built: ready');
  setTimeout(() => {
    const text = 'I have had a headahce and a cough since the weekend';
    careline.triage.assess({ text });
    careline.retriever.search(text);
  }, 200).unref();
});

/**
 * SIGTERM/SIGINT: stop accepting, let the replies in progress finish (up to SHUTDOWN_TIMEOUT_MS; the rest are
 * stored as interrupted), then close the database and exit. A second signal exits at once.
 */
let stopping = false;
async function shutdown(signal: string) {
  if (stopping) {
    logger.warn({ signal }, 'second signal: exiting now');
    process.exit(1);
  }
  stopping = true;
  logger.info({ signal, inProgress: careline.conversations.inflight }, 'shutting down: finishing the replies in progress');
  const force = setTimeout(() => process.exit(1), config.timeouts.shutdownMs + 10_000).unref();
  const result = await careline.shutdown();
  await state.close();
  await redis?.quit().catch(() => {});
  db.close();
  clearTimeout(force);
  logger.info(result, 'stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
