import { CLAIM_WINDOW_MS } from '../conversations/secrets';
import type { Db } from './index';

export type PurgeResult = { conversations: number; messages: number; sessions: number; auditEntries: number; claims: number };

const iso = (ms: number) => new Date(ms).toISOString();
const DAY = 86_400_000;

/**
 * Deletes what the retention settings no longer allow to keep: conversations (with their messages) untouched for
 * `conversationDays`, audit entries older than `auditDays` (0 keeps either forever), expired sessions, and
 * first-message resend keys past their window (an hour). `dryRun` counts without deleting. The database has
 * secure_delete on, so deleted rows are overwritten; a WAL checkpoint then moves the change into the main file.
 */
export function purgeExpired(
  db: Db,
  retention: { conversationDays: number; auditDays: number },
  options: { now?: number; dryRun?: boolean } = {},
): PurgeResult {
  const now = options.now ?? Date.now();
  const convCutoff = retention.conversationDays > 0 ? iso(now - retention.conversationDays * DAY) : null;
  const auditCutoff = retention.auditDays > 0 ? iso(now - retention.auditDays * DAY) : null;
  const claimCutoff = iso(now - CLAIM_WINDOW_MS);
  const old = "SELECT id FROM conversations WHERE updated_at < @convCutoff";
  const count = (sql: string, params: Record<string, unknown> = {}) => (db.prepare(sql).pluck().get(params) as number) ?? 0;

  const result: PurgeResult = {
    conversations: convCutoff ? count(`SELECT count(*) FROM conversations WHERE updated_at < @convCutoff`, { convCutoff }) : 0,
    messages: convCutoff ? count(`SELECT count(*) FROM messages WHERE conversation_id IN (${old})`, { convCutoff }) : 0,
    sessions: count('SELECT count(*) FROM sessions WHERE expires_at <= @now', { now: iso(now) }),
    auditEntries: auditCutoff ? count('SELECT count(*) FROM audit_log WHERE created_at < @auditCutoff', { auditCutoff }) : 0,
    claims: count('SELECT count(*) FROM conversations WHERE claim_key IS NOT NULL AND created_at < @claimCutoff', { claimCutoff }),
  };
  if (options.dryRun) return result;

  db.transaction(() => {
    if (convCutoff) {
      // Answers point at questions (reply_to): they go first, then the conversations (messages cascade).
      db.prepare(`DELETE FROM messages WHERE role = 'assistant' AND conversation_id IN (${old})`).run({ convCutoff });
      db.prepare('DELETE FROM conversations WHERE updated_at < @convCutoff').run({ convCutoff });
    }
    db.prepare('DELETE FROM sessions WHERE expires_at <= @now').run({ now: iso(now) });
    if (auditCutoff) db.prepare('DELETE FROM audit_log WHERE created_at < @auditCutoff').run({ auditCutoff });
    db.prepare('UPDATE conversations SET claim_key = NULL WHERE claim_key IS NOT NULL AND created_at < @claimCutoff').run({ claimCutoff });
  })();
  if (result.conversations || result.auditEntries) db.pragma('wal_checkpoint(TRUNCATE)');
  return result;
}
