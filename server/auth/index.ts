import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config';
import type { Accounts, Role, UserRow } from '../db/accounts';
import type { AuditOutcome, Store } from '../db/store';
import { AppError } from '../errors';
import { localLimiters, type LimiterFactory } from '../limits';
import { redactDeep } from '../privacy/redact';
import { verifyPassword } from './passwords';

/** Who is asking, once a credential has been checked. `actor` is what the audit log records. */
export type Principal = {
  actor: string;
  role: Role;
  via: 'token' | 'session';
  userId?: number;
  /** The session's token hash (to sign out) and expiry, for sessions. */
  sessionHash?: string;
  expiresAt?: string;
};

/** What each role may do: admin may do everything; nurse the nurse audience; qa the eval results. */
export type Permission = 'nurse' | 'qa' | 'admin';
const GRANTS: Record<Role, Permission[]> = { nurse: ['nurse'], qa: ['qa'], admin: ['nurse', 'qa', 'admin'] };
export const can = (p: Principal | null, permission: Permission) => Boolean(p && GRANTS[p.role].includes(permission));

/** Where a request came from, for the audit log and the per-address failure limit. */
export type RequestContext = { ip: string };

/** Credentials as they arrive: a bearer token (Authorization header or socket auth) and/or the console's cookie. */
export type Credentials = { bearer?: string; cookie?: string };

export const SESSION_COOKIE = 'careline_session';
const SESSION_PREFIX = 'cls_';
const FAILURE_WINDOW_MINUTES = 15;

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();
const sha256hex = (s: string) => sha256(s).toString('hex');

/** The bearer token in an Authorization header, if there is one. */
export const bearerFrom = (authorization: string | undefined) => /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim() || undefined;

export type Auth = ReturnType<typeof createAuth>;

/**
 * Staff credentials: accounts (argon2id) with expiring sessions, and the static NURSE_TOKENS / QA_TOKENS kept as a
 * bootstrap for scripts. Every refused credential is audited; wrong passwords and wrong static tokens (the ones a
 * guess could hit) are counted against the client's address, and past RATE_LIMIT_AUTH_FAILURES in 15 minutes that
 * address is refused outright (`rate_limited`) until it cools down.
 * An account locks after LOGIN_MAX_FAILURES wrong passwords in a row.
 */
export function createAuth(deps: { config: Config; accounts: Accounts; store: Store; now?: () => number; limiters?: LimiterFactory }) {
  const { config, accounts, store } = deps;
  const now = deps.now ?? Date.now;
  const staticTokens = [
    ...config.nurseTokens.map((t) => ({ hash: sha256(t), role: 'nurse' as const })),
    ...config.qaTokens.map((t) => ({ hash: sha256(t), role: 'qa' as const })),
  ];
  // Shared by the instances when they share Redis: a guesser spread over them meets one limit.
  const failures = (deps.limiters ?? localLimiters(now))('auth-failures', config.limits.authFailures, config.limits.authFailures / FAILURE_WINDOW_MINUTES);

  const audit = (actor: string, action: string, detail: unknown, outcome: AuditOutcome, ctx: RequestContext): Promise<void> =>
    store.audit(actor, action, redactDeep(detail), { outcome, ip: ctx.ip });

  async function refuse(ctx: RequestContext, actor: string, action: string, reason: string, error: AppError): Promise<never> {
    await failures.take(ctx.ip);
    await audit(actor, action, { reason }, 'denied', ctx);
    throw error;
  }

  /** Past the failure limit, an address gets `rate_limited` before any credential is even looked at. */
  async function checkFailureLimit(ctx: RequestContext, actor: string, action: string) {
    if ((await failures.available(ctx.ip)) >= 1) return;
    await audit(actor, action, { reason: 'too many failed attempts from this address' }, 'rate_limited', ctx);
    throw new AppError('rate_limited', 'Too many failed sign-in attempts. Please wait a few minutes and try again.');
  }

  async function principalOfSession(tokenHash: string, ctx: RequestContext, kind: 'cookie' | 'bearer'): Promise<Principal | null> {
    const s = await accounts.findSession(tokenHash);
    const actor = s ? `user:${s.user.username}` : 'anonymous';
    if (!s) {
      // Audited, but not counted against the address: a session token (32 random bytes) cannot be guessed, and an
      // ended session's cookie left in one nurse's browser must not lock out a clinic that shares one address.
      await audit(actor, 'auth', { reason: kind === 'cookie' ? 'unknown or ended session cookie' : 'unknown or ended session token' }, 'denied', ctx);
      if (kind === 'cookie') return null;
      throw new AppError('forbidden', 'This credential is not valid.');
    }
    if (Date.parse(s.expiresAt) <= now() || s.user.disabled) {
      await accounts.deleteSession(tokenHash);
      await audit(actor, 'auth', { reason: s.user.disabled ? 'account disabled' : 'session expired' }, 'denied', ctx);
      if (kind === 'cookie') return null;
      throw new AppError('unauthorized', 'Your sign-in has expired. Please sign in again.');
    }
    return { actor, role: s.user.role, via: 'session', userId: s.userId, sessionHash: tokenHash, expiresAt: s.expiresAt };
  }

  return {
    /**
     * Whether a role's pages need a credential: when a static token for it is configured, or when an enabled account
     * that holds it (or admin) exists. A newcomer's machine with neither stays open for reading eval results.
     */
    async roleConfigured(role: 'qa' | 'nurse'): Promise<boolean> {
      if ((role === 'qa' ? config.qaTokens : config.nurseTokens).length) return true;
      return (await accounts.listUsers()).some((u) => !u.disabled && (u.role === role || u.role === 'admin'));
    },
    /**
     * The principal behind the credentials, or null when none was given. A wrong bearer token is `forbidden`, an
     * expired session `unauthorized`; a stale cookie is simply ignored (the console asks to sign in again).
     */
    async authenticate(credentials: Credentials, ctx: RequestContext): Promise<Principal | null> {
      const { bearer, cookie } = credentials;
      if (!bearer && !cookie) return null;
      await checkFailureLimit(ctx, 'anonymous', 'auth');
      if (bearer) {
        if (bearer.startsWith(SESSION_PREFIX)) return principalOfSession(sha256hex(bearer), ctx, 'bearer');
        const h = sha256(bearer);
        const match = staticTokens.find((t) => timingSafeEqual(t.hash, h));
        if (match) return { actor: `token:${match.role}:${h.toString('hex').slice(0, 8)}`, role: match.role, via: 'token' };
        return refuse(ctx, 'anonymous', 'auth', 'unknown token', new AppError('forbidden', 'This credential is not valid.'));
      }
      return principalOfSession(sha256hex(cookie!), ctx, 'cookie');
    },

    /**
     * Checks that `principal` may do `permission`: 401 without a credential, 403 with one that does not grant it.
     * Refusals are audited as `action` with `detail`.
     */
    async require(principal: Principal | null, permission: Permission, ctx: RequestContext, action: string, detail?: unknown): Promise<Principal> {
      if (!principal) {
        await audit('anonymous', action, { ...(detail as object), reason: 'no credential' }, 'denied', ctx);
        throw new AppError('unauthorized', `This needs a ${permission} credential (sign in, or Authorization: Bearer <token>).`);
      }
      if (!can(principal, permission)) {
        await audit(principal.actor, action, { ...(detail as object), reason: `role ${principal.role} lacks ${permission}` }, 'denied', ctx);
        throw new AppError('forbidden', `This credential does not grant ${permission} access.`);
      }
      return principal;
    },

    /** Records a successful read or change by a principal. */
    async record(principal: Principal, action: string, detail: unknown, ctx: RequestContext): Promise<void> {
      await audit(principal.actor, action, detail, 'ok', ctx);
    },

    /**
     * Username and password -> a new session (an HTTP-only cookie for the console, or a bearer token for the API).
     * Unknown names, wrong passwords and disabled accounts get the same answer in the same time.
     */
    async login(username: string, password: string, kind: 'cookie' | 'bearer', ctx: RequestContext) {
      const actor = `user:${username}`;
      await checkFailureLimit(ctx, actor, 'login');
      const user: UserRow | undefined = await accounts.findUser(username);
      if (user?.lockedUntil && Date.parse(user.lockedUntil) > now()) {
        await audit(actor, 'login', { reason: 'account locked' }, 'locked', ctx);
        throw new AppError('rate_limited', 'This account is locked after repeated failed sign-ins. Try again later or ask an administrator.');
      }
      const ok = await verifyPassword(user?.passwordHash ?? null, password);
      const wrong = new AppError('unauthorized', 'Wrong username or password.');
      if (!user) return refuse(ctx, actor, 'login', 'unknown user', wrong);
      if (!ok) {
        const locked = await accounts.recordFailure(user.id, config.accounts.loginMaxFailures, new Date(now() + config.accounts.lockoutMs).toISOString());
        if (locked) await audit(actor, 'account.lock', { reason: `${config.accounts.loginMaxFailures} wrong passwords` }, 'locked', ctx);
        return refuse(ctx, actor, 'login', 'wrong password', wrong);
      }
      if (user.disabled) return refuse(ctx, actor, 'login', 'account disabled', wrong);
      await accounts.recordSuccess(user.id);
      const token = SESSION_PREFIX + randomBytes(32).toString('base64url');
      const expiresAt = new Date(now() + config.accounts.sessionTtlMs).toISOString();
      await accounts.createSession(sha256hex(token), user.id, kind, expiresAt);
      await audit(actor, 'login', { kind }, 'ok', ctx);
      return { token, expiresAt, user: { username: user.username, role: user.role } };
    },

    /** Ends the session behind the principal (static tokens have none). */
    async logout(principal: Principal, ctx: RequestContext): Promise<void> {
      if (principal.sessionHash) await accounts.deleteSession(principal.sessionHash);
      await audit(principal.actor, 'logout', null, 'ok', ctx);
    },
  };
}
