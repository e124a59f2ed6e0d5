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

/**
 * Staff accounts and their sessions, part of the state store. Passwords arrive here already hashed (argon2id) and
 * session tokens as sha256 hashes: nothing in these tables can be replayed as a credential.
 */
export interface Accounts {
  addUser(username: string, role: Role, passwordHash: string): Promise<UserRow>;
  /** By name, case-insensitively. */
  findUser(username: string): Promise<UserRow | undefined>;
  listUsers(): Promise<UserRow[]>;
  /** Disabling also ends every session of the account. */
  setDisabled(userId: number, disabled: boolean): Promise<void>;
  /** Also clears failed attempts and any lockout, and ends every session of the account. */
  setPassword(userId: number, passwordHash: string): Promise<void>;
  /** Counts a wrong password; at `maxFailures` the account is locked until `lockUntil`. Resolves true when it locked. */
  recordFailure(userId: number, maxFailures: number, lockUntil: string): Promise<boolean>;
  recordSuccess(userId: number): Promise<void>;
  createSession(tokenHash: string, userId: number, kind: 'cookie' | 'bearer', expiresAt: string): Promise<void>;
  /** The session and its user, whatever its expiry (the caller decides). */
  findSession(tokenHash: string): Promise<SessionRow | undefined>;
  deleteSession(tokenHash: string): Promise<void>;
}
