import type { Db } from './index';

export type Role = 'nurse' | 'qa' | 'admin';
export const ROLES: readonly Role[] = ['nurse', 'qa', 'admin'];

export type UserRow = {
  id: number;
  username: string;
  role: Role;
  passwordHash: string;
  disabled: boolean;
  failedAttempts: number;
  lockedUntil: string | null;
  createdAt: string;
  lastLoginAt: string | null;
};

export type SessionRow = { tokenHash: string; userId: number; kind: 'cookie' | 'bearer'; expiresAt: string; user: UserRow };

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
 * Staff accounts and their sessions. Passwords arrive here already hashed (argon2id) and session tokens as
 * sha256 hashes: nothing in this table can be replayed as a credential.
 */
export type Accounts = ReturnType<typeof createAccounts>;

export function createAccounts(db: Db) {
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
    addUser(username: string, role: Role, passwordHash: string): UserRow {
      const { lastInsertRowid } = q.insert.run(username, role, passwordHash);
      return toUser(q.byId.get(lastInsertRowid) as Record<string, unknown>);
    },
    findUser(username: string): UserRow | undefined {
      const r = q.byName.get(username) as Record<string, unknown> | undefined;
      return r && toUser(r);
    },
    listUsers(): UserRow[] {
      return (q.list.all() as Record<string, unknown>[]).map(toUser);
    },
    /** Disabling also ends every session of the account. */
    setDisabled(userId: number, disabled: boolean): void {
      db.transaction(() => {
        q.setDisabled.run(disabled ? 1 : 0, userId);
        if (disabled) q.deleteUserSessions.run(userId);
      })();
    },
    setPassword(userId: number, passwordHash: string): void {
      db.transaction(() => {
        q.setPassword.run(passwordHash, userId);
        q.deleteUserSessions.run(userId);
      })();
    },
    /** Counts a wrong password; at `maxFailures` the account is locked until `lockUntil`. Returns true when it locked. */
    recordFailure(userId: number, maxFailures: number, lockUntil: string): boolean {
      return db.transaction(() => {
        const { failed_attempts } = q.failed.get(userId) as { failed_attempts: number };
        if (failed_attempts < maxFailures) return false;
        q.lock.run(lockUntil, userId);
        return true;
      })();
    },
    recordSuccess(userId: number): void {
      q.succeeded.run(userId);
    },
    createSession(tokenHash: string, userId: number, kind: 'cookie' | 'bearer', expiresAt: string): void {
      q.insertSession.run(tokenHash, userId, kind, expiresAt);
    },
    /** The session and its user, whatever its expiry (the caller decides). */
    findSession(tokenHash: string): SessionRow | undefined {
      const s = q.session.get(tokenHash) as { token_hash: string; user_id: number; kind: 'cookie' | 'bearer'; expires_at: string } | undefined;
      if (!s) return undefined;
      const u = q.byId.get(s.user_id) as Record<string, unknown> | undefined;
      if (!u) return undefined;
      return { tokenHash: s.token_hash, userId: s.user_id, kind: s.kind, expiresAt: s.expires_at, user: toUser(u) };
    },
    deleteSession(tokenHash: string): void {
      q.deleteSession.run(tokenHash);
    },
  };
}
