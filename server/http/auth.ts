import { parse as parseCookies } from 'cookie';
import type { Request } from 'express';
import { bearerFrom, SESSION_COOKIE, type Auth, type Principal, type RequestContext } from '../auth';
import { normalizeIp, originAllowed } from './client-ip';

/** Express's `req.ip` uses the same trust function as Socket.IO's handshake (`trust proxy` is set from it). */
export const contextOf = (req: Request): RequestContext => ({ ip: normalizeIp(req.ip) });

/**
 * The caller's principal from the request: `Authorization: Bearer` (a session token or a NURSE_TOKENS/QA_TOKENS
 * token) or the console's HTTP-only session cookie. The cookie is not honoured on a state-changing request from a
 * page on another origin (SameSite=Strict already stops browsers sending it; this is the second line).
 */
export function principalOf(auth: Auth, req: Request, allowedOrigins: string[]): Promise<Principal | null> {
  const bearer = bearerFrom(req.get('authorization'));
  let cookie: string | undefined = parseCookies(req.get('cookie') ?? '')[SESSION_COOKIE];
  const safe = req.method === 'GET' || req.method === 'HEAD';
  if (cookie && !safe && !originAllowed(req.get('origin'), req.get('host'), allowedOrigins)) cookie = undefined;
  return auth.authenticate({ bearer, cookie }, contextOf(req));
}
