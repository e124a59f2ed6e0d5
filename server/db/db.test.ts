import Database from 'better-sqlite3';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './index';
import { createSqliteStore } from './sqlite-store';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'careline-db-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const mode = (file: string) => statSync(file).mode & 0o777;

describe('the database file', () => {
  it('is created readable by its owner only, with its WAL files', async () => {
    const path = join(tempDir(), 'sub', 'careline.db');
    const db = openDatabase(path);
    await createSqliteStore(db).createConversation('patient');
    expect(mode(path)).toBe(0o600);
    expect(mode(`${path}-wal`)).toBe(0o600);
    expect(mode(`${path}-shm`)).toBe(0o600);
    db.close();
  });

  it('narrows an existing world-readable file to 0600', () => {
    const path = join(tempDir(), 'old.db');
    new Database(path).close();
    chmodSync(path, 0o644);
    openDatabase(path).close();
    expect(mode(path)).toBe(0o600);
  });

  it('overwrites deleted rows (secure_delete)', () => {
    const db = openDatabase(join(tempDir(), 'x.db'));
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    db.close();
  });

  it('upgrades a database from before conversation secrets, keeping its conversations', async () => {
    const path = join(tempDir(), 'v2.db');
    const old = new Database(path);
    for (const f of ['001_init.sql', '002_embeddings.sql']) old.exec(readFileSync(join('server/db/migrations', f), 'utf8'));
    old.pragma('user_version = 2');
    old.prepare("INSERT INTO conversations (id, audience) VALUES ('c1', 'patient')").run();
    old.close();
    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(3);
    // An old conversation has no secret: nobody can continue or read it through the API.
    expect(await createSqliteStore(db).conversationAccess('c1')).toMatchObject({ id: 'c1', secretHash: null });
    db.close();
  });
});
