import type { Config } from '../config';
import { openDatabase, type Db } from './index';
import { openPostgresStore } from './postgres-store';
import { createSqliteStore } from './sqlite-store';
import type { Store } from './store';

/**
 * The state store the configuration names: PostgreSQL with DATABASE_URL, else the SQLite file at DATABASE_PATH
 * (opened here, or `db` when the caller has it open already). `close()` releases what was opened here.
 */
export async function openStateStore(config: Pick<Config, 'databasePath' | 'postgres'>, db?: Db): Promise<{ store: Store; close(): Promise<void> }> {
  if (config.postgres) {
    const store = await openPostgresStore(config.postgres.url, { poolSize: config.postgres.poolSize });
    return { store, close: () => store.close() };
  }
  const own = db ? null : openDatabase(config.databasePath);
  const store = createSqliteStore(db ?? own!);
  return {
    store,
    async close() {
      await store.close();
      own?.close();
    },
  };
}

/** Where the state lives, for messages to the operator (no password). */
export const describeStateStore = (config: Pick<Config, 'databasePath' | 'postgres'>) =>
  config.postgres ? config.postgres.url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@') : config.databasePath;
