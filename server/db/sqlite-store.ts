import { randomUUID } from 'node:crypto';
import type { Accounts, Role, UserRow } from './accounts';
import type { Db } from './index';
import { purgeExpired } from './retention';
import type { AssistantMessageInput, AuditOutcome, Audience, ConversationAccess, Feedback, HistoryMessage, PersonRequest, StoredMessage, Store } from './store';

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
const parse = (v: string | null) => (v ? JSON.parse(v) : null);

const toMessage = (r: Record<string, unknown>): StoredMessage => ({
  id: r.id as string,
  conversationId: r.conversation_id as string,
  role: r.role as StoredMessage['role'],
  content: r.content as string,
  status: r.status as string,
  triage: parse(r.triage as string | null),
  citations: parse(r.citations as string | null),
  model: (r.model as string | null) ?? null,
  fallback: Boolean(r.fallback),
  usage: parse(r.usage as string | null),
  latencyMs: (r.latency_ms as number | null) ?? null,
  createdAt: r.created_at as string,
});

const toPersonRequest = (r: Record<string, unknown>): PersonRequest => ({
  id: r.id as string,
  conversationId: r.conversation_id as string,
  status: r.status as PersonRequest['status'],
  reason: (r.reason as string | null) ?? null,
  level: (r.level as string | null) ?? null,
  createdAt: r.created_at as string,
  handledAt: (r.handled_at as string | null) ?? null,
  handledBy: (r.handled_by as string | null) ?? null,
});

const toUser = (r: Record<string, unknown>): UserRow => ({
  id: r.id as number,
  username: r.username as string,
  role: r.role as Role,
  passwordHash: r.password_hash as string,
  disabled: Boolean(r.disabled),
  failedAttempts: r.failed_attempts as number,
  lockedUntil: (r.locked_until as string | null) ?? null,
  createdAt: r.created_at as string,
  lastLoginAt: (r.last_login_at as string | null) ?? null,
});

/**
 * The state store in the SQLite file (the embedded default): better-sqlite3 is synchronous, so each method does
 * its work at once and returns a settled Promise. The file is opened (and closed) by the caller, with the
 * knowledge index in it too.
 */
export function createSqliteStore(db: Db): Store {
  const q = {
    getConversation: db.prepare('SELECT id, audience, triage FROM conversations WHERE id = ?'),
    insertConversation: db.prepare('INSERT INTO conversations (id, audience) VALUES (?, ?)'),
    insertPrivateConversation: db.prepare('INSERT INTO conversations (id, audience, secret_hash, claim_key) VALUES (?, ?, ?, ?)'),
    conversationAccess: db.prepare('SELECT id, audience, secret_hash AS secretHash, claim_key AS claimKey, created_at AS createdAt FROM conversations WHERE id = ?'),
    findClaim: db.prepare('SELECT id, audience FROM conversations WHERE claim_key = ? AND created_at >= ?'),
    setSecret: db.prepare('UPDATE conversations SET secret_hash = ? WHERE id = ?'),
    clearClaim: db.prepare('UPDATE conversations SET claim_key = NULL WHERE id = ? AND claim_key IS NOT NULL'),
    deleteConversation: db.prepare('DELETE FROM conversations WHERE id = ?'),
    allMessages: db.prepare('SELECT * FROM messages WHERE conversation_id = ? ORDER BY rowid'),
    setConversationTriage: db.prepare(
      "UPDATE conversations SET triage = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
    ),
    findByClientId: db.prepare(
      'SELECT id FROM messages WHERE conversation_id = ? AND client_message_id = ? AND role = ?',
    ),
    insertMessage: db.prepare(
      `INSERT INTO messages (id, conversation_id, role, content, client_message_id, reply_to, status, triage, citations, model, fallback, usage, latency_ms)
       VALUES (@id, @conversationId, @role, @content, @clientMessageId, @replyTo, @status, @triage, @citations, @model, @fallback, @usage, @latencyMs)`,
    ),
    setStatus: db.prepare('UPDATE messages SET status = ?, triage = coalesce(?, triage) WHERE id = ?'),
    listMessages: db.prepare(
      `SELECT * FROM (SELECT rowid AS r, * FROM messages WHERE conversation_id = ? ORDER BY rowid DESC LIMIT ?) ORDER BY r`,
    ),
    listHistory: db.prepare(
      `SELECT id, role, content FROM (SELECT rowid AS r, id, role, content FROM messages WHERE conversation_id = ? ORDER BY rowid DESC LIMIT ?) ORDER BY r`,
    ),
    getMessage: db.prepare('SELECT * FROM messages WHERE id = ?'),
    replyTo: db.prepare("SELECT * FROM messages WHERE reply_to = ? AND role = 'assistant'"),
    audit: db.prepare('INSERT INTO audit_log (actor, action, detail, outcome, ip) VALUES (?, ?, ?, ?, ?)'),
    listAudit: db.prepare('SELECT id, actor, action, detail, outcome, ip, created_at FROM audit_log ORDER BY id DESC LIMIT ?'),
    setFeedback: db.prepare(
      `INSERT INTO feedback (message_id, conversation_id, rating, comment) VALUES (?, ?, ?, ?)
       ON CONFLICT (message_id) DO UPDATE SET rating = excluded.rating, comment = excluded.comment,
         created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
    ),
    listFeedback: db.prepare('SELECT * FROM feedback ORDER BY created_at DESC, rowid DESC LIMIT ?'),
    openRequest: db.prepare("SELECT id FROM person_requests WHERE conversation_id = ? AND status = 'open'"),
    insertRequest: db.prepare('INSERT INTO person_requests (id, conversation_id, reason, level) VALUES (?, ?, ?, ?)'),
    listRequests: db.prepare("SELECT * FROM person_requests WHERE (@status = 'all' OR status = @status) ORDER BY created_at, rowid LIMIT @limit"),
    getRequest: db.prepare('SELECT * FROM person_requests WHERE id = ?'),
    handleRequest: db.prepare(
      "UPDATE person_requests SET status = 'handled', handled_by = ?, handled_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ? AND status = 'open'",
    ),
    insertEvalRun: db.prepare('INSERT INTO eval_runs (id, suite, model, summary, results) VALUES (?, ?, ?, ?, ?)'),
    listEvalRuns: db.prepare('SELECT id, suite, model, summary, created_at FROM eval_runs ORDER BY created_at DESC, rowid DESC LIMIT ?'),
    getEvalRun: db.prepare('SELECT * FROM eval_runs WHERE id = ?'),
  };
  // The two writes of every turn, as transactions made once (better-sqlite3 builds a transaction's wrappers each
  // time `db.transaction` is called).
  const insertUser = db.transaction((input: Parameters<Store['insertUserMessage']>[0]): { id: string; duplicate: boolean } => {
    if (input.clientMessageId) {
      const existing = q.findByClientId.pluck().get(input.conversationId, input.clientMessageId, 'user') as string | undefined;
      if (existing) return { id: existing, duplicate: true };
    }
    const id = randomUUID();
    q.insertMessage.run({
      id,
      conversationId: input.conversationId,
      role: 'user',
      content: input.content,
      clientMessageId: input.clientMessageId ?? null,
      replyTo: null,
      status: 'stored',
      triage: null,
      citations: null,
      model: null,
      fallback: 0,
      usage: null,
      latencyMs: null,
    });
      return { id, duplicate: false };
  });
  const insertAssistant = db.transaction((input: AssistantMessageInput, id: string): string => {
      // One answer per question (migration 004): a second one is not stored, and the first one's id is returned.
      const earlier = q.replyTo.get(input.replyTo) as { id: string } | undefined;
      if (earlier) return earlier.id;
      q.insertMessage.run({
        id,
        conversationId: input.conversationId,
        role: 'assistant',
        content: input.content,
        clientMessageId: null,
        replyTo: input.replyTo,
        status: 'answered',
        triage: json(input.triage),
        citations: json(input.citations),
        model: input.model,
        fallback: input.fallback ? 1 : 0,
        usage: json(input.usage),
        latencyMs: input.latencyMs ?? null,
      });
      q.setStatus.run('answered', null, input.replyTo);
      return id;
  });

  return {
    engine: 'sqlite',

    async getConversation(id) {
      const row = q.getConversation.get(id) as { id: string; audience: Audience; triage: string | null } | undefined;
      return row && { ...row, triage: parse(row.triage) };
    },

    async createConversation(audience) {
      const id = randomUUID();
      q.insertConversation.run(id, audience);
      return id;
    },

    async createPrivateConversation(audience, secretHash, claimKey) {
      const id = randomUUID();
      q.insertPrivateConversation.run(id, audience, secretHash, claimKey);
      return id;
    },

    async conversationAccess(id) {
      return q.conversationAccess.get(id) as ConversationAccess | undefined;
    },

    async findClaim(claimKey, sinceIso) {
      return q.findClaim.get(claimKey, sinceIso) as { id: string; audience: Audience } | undefined;
    },

    async setConversationSecret(id, secretHash) {
      q.setSecret.run(secretHash, id);
    },

    async clearClaim(id) {
      q.clearClaim.run(id);
    },

    async deleteConversation(id) {
      return db.transaction(() => {
        // Answers point at the questions (reply_to): remove them first.
        db.prepare("DELETE FROM messages WHERE conversation_id = ? AND role = 'assistant'").run(id);
        return q.deleteConversation.run(id).changes > 0;
      })();
    },

    async allMessages(conversationId) {
      return (q.allMessages.all(conversationId) as Record<string, unknown>[]).map(toMessage);
    },

    async setConversationTriage(id, triage) {
      q.setConversationTriage.run(json(triage), id);
    },

    async insertUserMessage(input) {
      return insertUser(input);
    },

    async setMessageStatus(id, status, triage) {
      q.setStatus.run(status, json(triage), id);
    },

    async insertAssistantMessage(input) {
      return insertAssistant(input, randomUUID());
    },

    async getMessage(id) {
      const row = q.getMessage.get(id) as Record<string, unknown> | undefined;
      return row && toMessage(row);
    },

    async getReplyTo(userMessageId) {
      const row = q.replyTo.get(userMessageId) as Record<string, unknown> | undefined;
      return row && toMessage(row);
    },

    async listMessages(conversationId, limit = 50) {
      return (q.listMessages.all(conversationId, limit) as Record<string, unknown>[]).map(toMessage);
    },

    async listHistory(conversationId, limit) {
      return q.listHistory.all(conversationId, limit) as HistoryMessage[];
    },

    async audit(actor, action, detail, options = {}) {
      q.audit.run(actor, action, json(detail), options.outcome ?? 'ok', options.ip ?? null);
    },

    async listAudit(limit = 100) {
      return (q.listAudit.all(limit) as Record<string, unknown>[]).map((r) => ({
        id: r.id as number,
        actor: r.actor as string,
        action: r.action as string,
        detail: parse(r.detail as string | null),
        outcome: r.outcome as AuditOutcome,
        ip: (r.ip as string | null) ?? null,
        createdAt: r.created_at as string,
      }));
    },

    async setFeedback(input) {
      // The answer must belong to the conversation: a rating names both.
      const m = q.getMessage.get(input.messageId) as { conversation_id: string; role: string } | undefined;
      if (!m || m.conversation_id !== input.conversationId || m.role !== 'assistant') throw new Error('feedback: no such answer in this conversation');
      q.setFeedback.run(input.messageId, input.conversationId, input.rating, input.comment ?? null);
    },

    async listFeedback(limit = 100) {
      return (q.listFeedback.all(limit) as Record<string, unknown>[]).map(
        (r): Feedback => ({
          messageId: r.message_id as string,
          conversationId: r.conversation_id as string,
          rating: r.rating as 1 | -1,
          comment: (r.comment as string | null) ?? null,
          createdAt: r.created_at as string,
        }),
      );
    },

    async createPersonRequest(input) {
      return db.transaction(() => {
        const open = q.openRequest.get(input.conversationId) as { id: string } | undefined;
        if (open) return { id: open.id, created: false };
        const id = randomUUID();
        q.insertRequest.run(id, input.conversationId, input.reason ?? null, input.level ?? null);
        return { id, created: true };
      })();
    },

    async listPersonRequests(options = {}) {
      return (q.listRequests.all({ status: options.status ?? 'open', limit: options.limit ?? 100 }) as Record<string, unknown>[]).map(toPersonRequest);
    },

    async getPersonRequest(id) {
      const r = q.getRequest.get(id) as Record<string, unknown> | undefined;
      return r && toPersonRequest(r);
    },

    async markPersonRequestHandled(id, actor) {
      return q.handleRequest.run(actor, id).changes > 0;
    },

    async insertEvalRun(run) {
      q.insertEvalRun.run(run.id, run.suite, run.model, JSON.stringify(run.summary), JSON.stringify(run.results));
    },

    async listEvalRuns(limit = 50) {
      return (q.listEvalRuns.all(limit) as Record<string, string>[]).map((r) => ({
        id: r.id,
        suite: r.suite,
        model: r.model,
        createdAt: r.created_at,
        summary: JSON.parse(r.summary),
      }));
    },

    async getEvalRun(id) {
      const r = q.getEvalRun.get(id) as Record<string, string> | undefined;
      return r && { id: r.id, suite: r.suite, model: r.model, createdAt: r.created_at, summary: JSON.parse(r.summary), results: JSON.parse(r.results) };
    },

    accounts: createSqliteAccounts(db),

    async purgeExpired(retention, options) {
      return purgeExpired(db, retention, options);
    },

    async ping() {
      db.prepare('SELECT 1').get();
    },

    async close() {},
  };
}

function createSqliteAccounts(db: Db): Accounts {
  const q = {
    insert: db.prepare('INSERT INTO users (username, role, password_hash) VALUES (?, ?, ?)'),
    byName: db.prepare('SELECT * FROM users WHERE username = ?'),
    byId: db.prepare('SELECT * FROM users WHERE id = ?'),
    list: db.prepare('SELECT * FROM users ORDER BY username'),
    setDisabled: db.prepare('UPDATE users SET disabled = ? WHERE id = ?'),
    setPassword: db.prepare('UPDATE users SET password_hash = ?, failed_attempts = 0, locked_until = NULL WHERE id = ?'),
    failed: db.prepare('UPDATE users SET failed_attempts = failed_attempts + 1 WHERE id = ? RETURNING failed_attempts'),
    lock: db.prepare('UPDATE users SET locked_until = ?, failed_attempts = 0 WHERE id = ?'),
    succeeded: db.prepare("UPDATE users SET failed_attempts = 0, locked_until = NULL, last_login_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?"),
    insertSession: db.prepare('INSERT INTO sessions (token_hash, user_id, kind, expires_at) VALUES (?, ?, ?, ?)'),
    session: db.prepare('SELECT token_hash, user_id, kind, expires_at FROM sessions WHERE token_hash = ?'),
    deleteSession: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
    deleteUserSessions: db.prepare('DELETE FROM sessions WHERE user_id = ?'),
  };

  return {
    async addUser(username, role, passwordHash) {
      const { lastInsertRowid } = q.insert.run(username, role, passwordHash);
      return toUser(q.byId.get(lastInsertRowid) as Record<string, unknown>);
    },
    async findUser(username) {
      const r = q.byName.get(username) as Record<string, unknown> | undefined;
      return r && toUser(r);
    },
    async listUsers() {
      return (q.list.all() as Record<string, unknown>[]).map(toUser);
    },
    async setDisabled(userId, disabled) {
      db.transaction(() => {
        q.setDisabled.run(disabled ? 1 : 0, userId);
        if (disabled) q.deleteUserSessions.run(userId);
      })();
    },
    async setPassword(userId, passwordHash) {
      db.transaction(() => {
        q.setPassword.run(passwordHash, userId);
        q.deleteUserSessions.run(userId);
      })();
    },
    async recordFailure(userId, maxFailures, lockUntil) {
      return db.transaction(() => {
        const { failed_attempts } = q.failed.get(userId) as { failed_attempts: number };
        if (failed_attempts < maxFailures) return false;
        q.lock.run(lockUntil, userId);
        return true;
      })();
    },
    async recordSuccess(userId) {
      q.succeeded.run(userId);
    },
    async createSession(tokenHash, userId, kind, expiresAt) {
      q.insertSession.run(tokenHash, userId, kind, expiresAt);
    },
    async findSession(tokenHash) {
      const s = q.session.get(tokenHash) as { token_hash: string; user_id: number; kind: 'cookie' | 'bearer'; expires_at: string } | undefined;
      if (!s) return undefined;
      const u = q.byId.get(s.user_id) as Record<string, unknown> | undefined;
      if (!u) return undefined;
      return { tokenHash: s.token_hash, userId: s.user_id, kind: s.kind, expiresAt: s.expires_at, user: toUser(u) };
    },
    async deleteSession(tokenHash) {
      q.deleteSession.run(tokenHash);
    },
  };
}
