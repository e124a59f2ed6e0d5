import express from 'express';
import { SESSION_COOKIE, type Auth } from '../auth';
import type { Config } from '../config';
import type { Store } from '../db/store';
import { AppError } from '../errors';
import { contextOf, principalOf } from './auth';
import { loginBody } from './schemas';
import { parseInput } from './validate';

/**
 * Staff sign-in. `POST /api/auth/login` sets an HTTP-only, SameSite=Strict session cookie (for the console; the
 * token never reaches page scripts); `POST /api/auth/token` returns a bearer token for the API. Both expire after
 * SESSION_TTL_HOURS. `GET /api/auth/me`, `POST /api/auth/logout`, and for admins `GET /api/admin/audit`. Guessing is
 * bounded by the account lockout and the per-address failure limit (auth/), checked before any password hash.
 */
export function createAuthRouter(deps: { config: Config; auth: Auth; store: Store }) {
  const { config, auth, store } = deps;
  const router = express.Router();

  router.post('/api/auth/login', async (req, res) => {
    const body = parseInput(loginBody, req.body);
    const session = await auth.login(body.username, body.password, 'cookie', contextOf(req));
    res.cookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
      path: '/',
      maxAge: config.accounts.sessionTtlMs,
    });
    res.json({ user: session.user, expiresAt: session.expiresAt });
  });

  router.post('/api/auth/token', async (req, res) => {
    const body = parseInput(loginBody, req.body);
    const session = await auth.login(body.username, body.password, 'bearer', contextOf(req));
    res.json({ token: session.token, tokenType: 'Bearer', expiresAt: session.expiresAt, user: session.user });
  });

  router.get('/api/auth/me', async (req, res) => {
    const p = await principalOf(auth, req, config.allowedOrigins);
    if (!p) throw new AppError('unauthorized', 'Not signed in.');
    res.json({ actor: p.actor, role: p.role, via: p.via, ...(p.expiresAt ? { expiresAt: p.expiresAt } : {}) });
  });

  router.post('/api/auth/logout', async (req, res) => {
    const ctx = contextOf(req);
    const p = await principalOf(auth, req, config.allowedOrigins);
    if (p) await auth.logout(p, ctx);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  router.get('/api/admin/audit', async (req, res) => {
    const ctx = contextOf(req);
    const admin = await auth.require(await principalOf(auth, req, config.allowedOrigins), 'admin', ctx, 'audit.read');
    const limit = Math.min(1000, Math.max(1, Number(req.query.limit) || 100));
    await auth.record(admin, 'audit.read', { limit }, ctx);
    res.json({ entries: await store.listAudit(limit) });
  });

  return router;
}
