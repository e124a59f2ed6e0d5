import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The numbered migrations in `dir` (`001_init.sql`, ...) newer than `current`, oldest first, with their SQL: the
 * same files, in the same order, for the SQLite and the PostgreSQL store.
 */
export function pendingMigrations(dir: string, current: number): { version: number; file: string; sql: string }[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_.+\.sql$/.test(f))
    .sort()
    .map((file) => ({ version: Number(file.slice(0, 3)), file }))
    .filter((m) => m.version > current)
    .map((m) => ({ ...m, sql: readFileSync(join(dir, m.file), 'utf8') }));
}
