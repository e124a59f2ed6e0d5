import { existsSync } from 'node:fs';
import { createApp } from './app';
import { loadConfig } from './config';
import { openDatabase } from './db';
import { createLogger } from './logger';

// `.env` is optional; real environment variables win over it.
if (existsSync('.env')) process.loadEnvFile('.env');

const config = loadConfig();
const logger = createLogger(config.logLevel);
const db = openDatabase(config.databasePath);
const careline = createApp({ config, db, logger });

careline.server.listen(config.port, config.host, () => {
  const address = careline.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
  logger.info(
    { model: careline.chat.modelName, knowledge: careline.store.knowledgeCounts(), reindexed: careline.index.rebuilt },
    'Careline is ready',
  );
  console.log(`\nCareline is running at http://${host}:${port}  (model: ${careline.chat.modelName})\n`);
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  const force = setTimeout(() => process.exit(1), 10_000).unref();
  await careline.close();
  db.close();
  clearTimeout(force);
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
