import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ROOT } from '../paths';
import { pendingMigrations } from './migration-files';
import type pg from 'pg';
import { CLAIM_WINDOW_MS } from '../conversations/secrets';
import type { Accounts, Role, UserRow } from './accounts';
import type { PurgeResult } from './retention';
import type { AuditOutcome, Audience, HistoryMessage, PersonRequest, StoredMessage, Store } from './store';

const toPersonRequest = (r: Record<string, unknown>): PersonRequest => ({
  id: r.id as string,
  conversationId: r.conversation_id as string,
  status: r.status as PersonRequest['status'],
  reason: (r.reason as string | null) ?? null,
  level: (r.level as string | null) ?? null,
  createdAt: iso(r.created_at)!,
  handledAt: iso(r.handled_at),
  handledBy: (r.handled_by as string | null) ?? null,
});

const migrationsDir = join(ROOT, 'server', 'db', 'migrations', 'postgres');
const DAY = 86_400_000;

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;
type Row = Record<string, unknown>;

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
/** Times leave the store as ISO 8601 strings, as the SQLite store gives them. */
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : ((v as string | null) ?? null));

const toMessage = (r: Row): StoredMessage => ({
  id: r.id as string,
  conversationId: r.conversation_id as string,
  role: r.role as StoredMessage['role'],
  content: r.content as string,
  status: r.status as string,
  triage: r.triage ?? null,
  citations: r.citations ?? null,
  model: (r.model as string | null) ?? null,
  fallback: Boolean(r.fallback),
  usage: r.usage ?? null,
  latencyMs: (r.latency_ms as number | null) ?? null,
  createdAt: iso(r.created_at)!,
});

const toUser = (r: Row): UserRow => ({
  id: r.id as number,
  username: r.username as string,
  role: r.role as Role,
  passwordHash: r.password_hash as string,
  disabled: Boolean(r.disabled),
  failedAttempts: r.failed_attempts as number,
  lockedUntil: iso(r.locked_until),
  createdAt: iso(r.created_at)!,
  lastLoginAt: iso(r.last_login_at),
});

export type PostgresOptions = {
  /** Connections in the pool. @default 10 */
  poolSize?: number;
  /** A schema to keep the tables in (created if missing); tests use one each. @default the server's search_path */
  schema?: string;
  /** How long to wait for a connection, in milliseconds. @default 5000 */
  connectTimeoutMs?: number;
};

/**
 * Opens a pool on `url` (postgres://user:password@host:port/database) and applies the pending numbered migrations
 * (migrations/postgres, the same numbers as SQLite's) under an advisory lock, so that instances starting together
 * migrate once.
 */
export async function openPostgresStore(url: string, options: PostgresOptions = {}): Promise<Store & { pool: pg.Pool }> {
  const schema = options.schema;
  if (schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`Invalid schema name "${schema}"`);
  // Imported here, not at the top: a server on SQLite never loads the driver (about 13 MB and 50 ms of start).
  const { Pool } = (await import('pg')).default;
  const pool = new Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    idleTimeoutMillis: 30_000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client that loses its server (a restart) must not crash the process: the pool replaces it.
  pool.on('error', () => {});
  try {
    if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await migratePostgres(pool);
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
  return createPostgresStore(pool);
}

/** Applies every migration newer than the newest one recorded in `schema_migrations`; returns how many ran. */
export async function migratePostgres(pool: pg.Pool): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtext('careline.migrations'))");
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    const current = rows[0].v ?? 0;
    const pending = pendingMigrations(migrationsDir, current);
    for (const { version, file, sql } of pending) {
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [version, file]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
    return pending.length;
  } finally {
    await client.query("SELECT pg_advisory_unlock(hashtext('careline.migrations'))").catch(() => {});
    client.release();
  }
}

/** The state store in PostgreSQL, over a pool. Same contract as the SQLite store (store.test.ts runs on both). */
export function createPostgresStore(pool: pg.Pool): Store & { pool: pg.Pool } {
  const one = async (sql: string, params: unknown[] = [], on: Queryable = pool) => (await on.query(sql, params)).rows[0] as Row | undefined;
  const all = async (sql: string, params: unknown[] = [], on: Queryable = pool) => (await on.query(sql, params)).rows as Row[];

  async function transaction<T>(work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  const accounts: Accounts = {
    async addUser(username, role, passwordHash) {
      return toUser((await one('INSERT INTO users (username, role, password_hash) VALUES ($1, $2, $3) RETURNING *', [username, role, passwordHash]))!);
    },
    async findUser(username) {
      const r = await one('SELECT * FROM users WHERE lower(username) = lower($1)', [username]);
      return r && toUser(r);
    },
    async listUsers() {
      return (await all('SELECT * FROM users ORDER BY lower(username)')).map(toUser);
    },
    async setDisabled(userId, disabled) {
      await transaction(async (c) => {
        await c.query('UPDATE users SET disabled = $1 WHERE id = $2', [disabled, userId]);
        if (disabled) await c.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
      });
    },
    async setPassword(userId, passwordHash) {
      await transaction(async (c) => {
        await c.query('UPDATE users SET password_hash = $1, failed_attempts = 0, locked_until = NULL WHERE id = $2', [passwordHash, userId]);
        await c.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
      });
    },
    async recordFailure(userId, maxFailures, lockUntil) {
      return transaction(async (c) => {
        const r = await one('UPDATE users SET failed_attempts = failed_attempts + 1 WHERE id = $1 RETURNING failed_attempts', [userId], c);
        if (!r || (r.failed_attempts as number) < maxFailures) return false;
        await c.query('UPDATE users SET locked_until = $1, failed_attempts = 0 WHERE id = $2', [lockUntil, userId]);
        return true;
      });
    },
    async recordSuccess(userId) {
      await pool.query('UPDATE users SET failed_attempts = 0, locked_until = NULL, last_login_at = now() WHERE id = $1', [userId]);
    },
    async createSession(tokenHash, userId, kind, expiresAt) {
      await pool.query('INSERT INTO sessions (token_hash, user_id, kind, expires_at) VALUES ($1, $2, $3, $4)', [tokenHash, userId, kind, expiresAt]);
    },
    async findSession(tokenHash) {
      const r = await one(
        `SELECT s.token_hash AS s_token_hash, s.user_id AS s_user_id, s.kind AS s_kind, s.expires_at AS s_expires_at, u.*
           FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`,
        [tokenHash],
      );
      if (!r) return undefined;
      return {
        tokenHash: r.s_token_hash as string,
        userId: r.s_user_id as number,
        kind: r.s_kind as 'cookie' | 'bearer',
        expiresAt: iso(r.s_expires_at)!,
        user: toUser(r),
      };
    },
    async deleteSession(tokenHash) {
      await pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
    },
  };

  return {
    engine: 'postgres',
    pool,

    async getConversation(id) {
      const r = await one('SELECT id, audience, triage FROM conversations WHERE id = $1', [id]);
      return r && { id: r.id as string, audience: r.audience as Audience, triage: r.triage ?? null };
    },

    async createConversation(audience) {
      const id = randomUUID();
      await pool.query('INSERT INTO conversations (id, audience) VALUES ($1, $2)', [id, audience]);
      return id;
    },

    async createPrivateConversation(audience, secretHash, claimKey) {
      const id = randomUUID();
      await pool.query('INSERT INTO conversations (id, audience, secret_hash, claim_key) VALUES ($1, $2, $3, $4)', [id, audience, secretHash, claimKey]);
      return id;
    },

    async conversationAccess(id) {
      const r = await one('SELECT id, audience, secret_hash, claim_key, created_at FROM conversations WHERE id = $1', [id]);
      return (
        r && {
          id: r.id as string,
          audience: r.audience as Audience,
          secretHash: (r.secret_hash as string | null) ?? null,
          claimKey: (r.claim_key as string | null) ?? null,
          createdAt: iso(r.created_at)!,
        }
      );
    },

    async findClaim(claimKey, sinceIso) {
      const r = await one('SELECT id, audience FROM conversations WHERE claim_key = $1 AND created_at >= $2', [claimKey, sinceIso]);
      return r && { id: r.id as string, audience: r.audience as Audience };
    },

    async setConversationSecret(id, secretHash) {
      await pool.query('UPDATE conversations SET secret_hash = $1 WHERE id = $2', [secretHash, id]);
    },

    async clearClaim(id) {
      await pool.query('UPDATE conversations SET claim_key = NULL WHERE id = $1 AND claim_key IS NOT NULL', [id]);
    },

    async deleteConversation(id) {
      return transaction(async (c) => {
        // Answers point at the questions (reply_to): remove them first.
        await c.query("DELETE FROM messages WHERE conversation_id = $1 AND role = 'assistant'", [id]);
        return ((await c.query('DELETE FROM conversations WHERE id = $1', [id])).rowCount ?? 0) > 0;
      });
    },

    async allMessages(conversationId) {
      return (await all('SELECT * FROM messages WHERE conversation_id = $1 ORDER BY seq', [conversationId])).map(toMessage);
    },

    async setConversationTriage(id, triage) {
      await pool.query('UPDATE conversations SET triage = $1::jsonb, updated_at = now() WHERE id = $2', [json(triage), id]);
    },

    async insertUserMessage(input) {
      const id = randomUUID();
      // One statement: two instances storing the same clientMessageId at once get one row, and the other the
      // earlier message (the unique index decides).
      const inserted = await one(
        `INSERT INTO messages (id, conversation_id, role, content, client_message_id, status)
         VALUES ($1, $2, 'user', $3, $4, 'stored')
         ON CONFLICT (conversation_id, client_message_id) WHERE client_message_id IS NOT NULL DO NOTHING
         RETURNING id`,
        [id, input.conversationId, input.content, input.clientMessageId ?? null],
      );
      if (inserted) return { id, duplicate: false };
      const existing = await one("SELECT id FROM messages WHERE conversation_id = $1 AND client_message_id = $2 AND role = 'user'", [
        input.conversationId,
        input.clientMessageId,
      ]);
      if (!existing) throw new Error('clientMessageId conflict with a message that is not the user\'s');
      return { id: existing.id as string, duplicate: true };
    },

    async setMessageStatus(id, status, triage) {
      await pool.query('UPDATE messages SET status = $1, triage = coalesce($2::jsonb, triage) WHERE id = $3', [status, json(triage), id]);
    },

    async insertAssistantMessage(input) {
      const id = randomUUID();
      return transaction(async (c) => {
        // One answer per question (migration 004): when another instance stored one first, its id is returned.
        const inserted = await one(
          `INSERT INTO messages (id, conversation_id, role, content, reply_to, status, triage, citations, model, fallback, usage, latency_ms)
           VALUES ($1, $2, 'assistant', $3, $4, 'answered', $5::jsonb, $6::jsonb, $7, $8, $9::jsonb, $10)
           ON CONFLICT (reply_to) WHERE role = 'assistant' DO NOTHING
           RETURNING id`,
          [id, input.conversationId, input.content, input.replyTo, json(input.triage), json(input.citations), input.model, input.fallback, json(input.usage), input.latencyMs ?? null],
          c,
        );
        await c.query("UPDATE messages SET status = 'answered' WHERE id = $1", [input.replyTo]);
        if (inserted) return id;
        return (await one("SELECT id FROM messages WHERE reply_to = $1 AND role = 'assistant'", [input.replyTo], c))!.id as string;
      });
    },

    async getMessage(id) {
      const r = await one('SELECT * FROM messages WHERE id = $1', [id]);
      return r && toMessage(r);
    },

    async getReplyTo(userMessageId) {
      const r = await one("SELECT * FROM messages WHERE reply_to = $1 AND role = 'assistant' ORDER BY seq LIMIT 1", [userMessageId]);
      return r && toMessage(r);
    },

    async listMessages(conversationId, limit = 50) {
      const rows = await all('SELECT * FROM (SELECT * FROM messages WHERE conversation_id = $1 ORDER BY seq DESC LIMIT $2) m ORDER BY seq', [conversationId, limit]);
      return rows.map(toMessage);
    },

    async listHistory(conversationId, limit) {
      const rows = await all('SELECT id, role, content FROM (SELECT seq, id, role, content FROM messages WHERE conversation_id = $1 ORDER BY seq DESC LIMIT $2) m ORDER BY seq', [conversationId, limit]);
      return rows.map((r) => ({ id: r.id as string, role: r.role as HistoryMessage['role'], content: r.content as string }));
    },

    async audit(actor, action, detail, options = {}) {
      await pool.query('INSERT INTO audit_log (actor, action, detail, outcome, ip) VALUES ($1, $2, $3::jsonb, $4, $5)', [
        actor,
        action,
        json(detail),
        options.outcome ?? 'ok',
        options.ip ?? null,
      ]);
    },

    async listAudit(limit = 100) {
      return (await all('SELECT id, actor, action, detail, outcome, ip, created_at FROM audit_log ORDER BY id DESC LIMIT $1', [limit])).map((r) => ({
        id: Number(r.id),
        actor: r.actor as string,
        action: r.action as string,
        detail: r.detail ?? null,
        outcome: r.outcome as AuditOutcome,
        ip: (r.ip as string | null) ?? null,
        createdAt: iso(r.created_at)!,
      }));
    },

    async setFeedback(input) {
      const m = await one('SELECT conversation_id, role FROM messages WHERE id = $1', [input.messageId]);
      if (!m || m.conversation_id !== input.conversationId || m.role !== 'assistant') throw new Error('feedback: no such answer in this conversation');
      await pool.query(
        `INSERT INTO feedback (message_id, conversation_id, rating, comment) VALUES ($1, $2, $3, $4)
         ON CONFLICT (message_id) DO UPDATE SET rating = excluded.rating, comment = excluded.comment, created_at = now()`,
        [input.messageId, input.conversationId, input.rating, input.comment ?? null],
      );
    },

    async listFeedback(limit = 100) {
      return (await all('SELECT * FROM feedback ORDER BY created_at DESC LIMIT $1', [limit])).map((r) => ({
        messageId: r.message_id as string,
        conversationId: r.conversation_id as string,
        rating: r.rating as 1 | -1,
        comment: (r.comment as string | null) ?? null,
        createdAt: iso(r.created_at)!,
      }));
    },

    async createPersonRequest(input) {
      const id = randomUUID();
      // The unique index on open requests decides between two instances asking at once.
      const inserted = await one(
        `INSERT INTO person_requests (id, conversation_id, reason, level) VALUES ($1, $2, $3, $4)
         ON CONFLICT (conversation_id) WHERE status = 'open' DO NOTHING RETURNING id`,
        [id, input.conversationId, input.reason ?? null, input.level ?? null],
      );
      if (inserted) return { id, created: true };
      const open = await one("SELECT id FROM person_requests WHERE conversation_id = $1 AND status = 'open'", [input.conversationId]);
      return { id: open!.id as string, created: false };
    },

    async listPersonRequests(options = {}) {
      const status = options.status ?? 'open';
      const rows = await all("SELECT * FROM person_requests WHERE ($1 = 'all' OR status = $1) ORDER BY created_at, seq LIMIT $2", [status, options.limit ?? 100]);
      return rows.map(toPersonRequest);
    },

    async getPersonRequest(id) {
      const r = await one('SELECT * FROM person_requests WHERE id = $1', [id]);
      return r && toPersonRequest(r);
    },

    async markPersonRequestHandled(id, actor) {
      const r = await pool.query("UPDATE person_requests SET status = 'handled', handled_by = $1, handled_at = now() WHERE id = $2 AND status = 'open'", [actor, id]);
      return (r.rowCount ?? 0) > 0;
    },

    async insertEvalRun(run) {
      await pool.query('INSERT INTO eval_runs (id, suite, model, summary, results) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb)', [
        run.id,
        run.suite,
        run.model,
        JSON.stringify(run.summary),
        JSON.stringify(run.results),
      ]);
    },

    async listEvalRuns(limit = 50) {
      const rows = await all('SELECT id, suite, model, summary, created_at FROM eval_runs ORDER BY created_at DESC, seq DESC LIMIT $1', [limit]);
      return rows.map((r) => ({ id: r.id as string, suite: r.suite as string, model: r.model as string, createdAt: iso(r.created_at)!, summary: r.summary }));
    },

    async getEvalRun(id) {
      const r = await one('SELECT * FROM eval_runs WHERE id = $1', [id]);
      return r && { id: r.id as string, suite: r.suite as string, model: r.model as string, createdAt: iso(r.created_at)!, summary: r.summary, results: r.results };
    },

    accounts,

    async purgeExpired(retention, options = {}) {
      const now = options.now ?? Date.now();
      const convCutoff = retention.conversationDays > 0 ? new Date(now - retention.conversationDays * DAY).toISOString() : null;
      const auditCutoff = retention.auditDays > 0 ? new Date(now - retention.auditDays * DAY).toISOString() : null;
      const claimCutoff = new Date(now - CLAIM_WINDOW_MS).toISOString();
      const nowIso = new Date(now).toISOString();
      const count = async (sql: string, params: unknown[], on: Queryable = pool) => Number((await one(sql, params, on))?.n ?? 0);
      return transaction(async (c) => {
        const result: PurgeResult = {
          conversations: convCutoff ? await count('SELECT count(*) AS n FROM conversations WHERE updated_at < $1', [convCutoff], c) : 0,
          messages: convCutoff
            ? await count('SELECT count(*) AS n FROM messages WHERE conversation_id IN (SELECT id FROM conversations WHERE updated_at < $1)', [convCutoff], c)
            : 0,
          sessions: await count('SELECT count(*) AS n FROM sessions WHERE expires_at <= $1', [nowIso], c),
          auditEntries: auditCutoff ? await count('SELECT count(*) AS n FROM audit_log WHERE created_at < $1', [auditCutoff], c) : 0,
          claims: await count('SELECT count(*) AS n FROM conversations WHERE claim_key IS NOT NULL AND created_at < $1', [claimCutoff], c),
        };
        if (options.dryRun) return result;
        if (convCutoff) {
          // Answers point at questions (reply_to): they go first, then the conversations (messages cascade).
          await c.query("DELETE FROM messages WHERE role = 'assistant' AND conversation_id IN (SELECT id FROM conversations WHERE updated_at < $1)", [convCutoff]);
          await c.query('DELETE FROM conversations WHERE updated_at < $1', [convCutoff]);
        }
        await c.query('DELETE FROM sessions WHERE expires_at <= $1', [nowIso]);
        if (auditCutoff) await c.query('DELETE FROM audit_log WHERE created_at < $1', [auditCutoff]);
        await c.query('UPDATE conversations SET claim_key = NULL WHERE claim_key IS NOT NULL AND created_at < $1', [claimCutoff]);
        return result;
      });
    },

    async ping() {
      await pool.query('SELECT 1');
    },

    async close() {
      await pool.end();
    },
  };
}
