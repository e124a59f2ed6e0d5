import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from '../paths';
import { pendingMigrations } from './migration-files';

export type Db = Database.Database;

const migrationsDir = join(ROOT, 'server', 'db', 'migrations');

/**
 * Opens (creating if needed) the SQLite file in WAL mode and applies any pending numbered migration. The file
 * holds health data, so it is created readable by its owner only (0600; SQLite gives the -wal and -shm files the
 * same mode), an existing file is narrowed to 0600, and deleted rows are overwritten (secure_delete).
 */
export function openDatabase(path: string): Db {
  const onDisk = path !== ':memory:' && path !== '';
  if (onDisk) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
    restrictToOwner(path);
  }
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('secure_delete = ON');
  if (onDisk) restrictToOwner(path);
  migrate(db);
  return db;
}

function restrictToOwner(path: string) {
  for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) chmodSync(file, 0o600);
}

export function migrate(db: Db): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const pending = pendingMigrations(migrationsDir, current);
  for (const { version, sql } of pending) {
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version}`);
    })();
  }
  return pending.length;
}
