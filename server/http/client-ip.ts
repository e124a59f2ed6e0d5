import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import type { Config } from '../config';

/** An IPv4 client seen through an IPv6 socket (`::ffff:127.0.0.1`) is the IPv4 address. */
export const normalizeIp = (ip: string | undefined) => ip?.replace(/^::ffff:/, '') || 'unknown';

/**
 * The client's address as the per-address limits and the audit log see it: the socket's own address, or with
 * TRUST_PROXY the address the trusted proxies report (X-Forwarded-For). One function for Express (`trust proxy`)
 * and for Socket.IO's handshake, so both count the same client the same way.
 */
export function createClientIp(trustProxy: Config['trustProxy']) {
  const trust = trustProxy === false ? () => false : proxyaddr.compile(typeof trustProxy === 'number' ? [] : trustProxy);
  const hops = typeof trustProxy === 'number' ? trustProxy : undefined;
  const trustFn = hops === undefined ? trust : (_addr: string, i: number) => i < hops;
  return {
    trust: trustFn,
    of(req: IncomingMessage): string {
      return normalizeIp(proxyaddr(req as Parameters<typeof proxyaddr>[0], trustFn));
    },
  };
}
export type ClientIp = ReturnType<typeof createClientIp>;

/**
 * Whether a browser page on `origin` may use this server: its own pages always, pages on ALLOWED_ORIGINS too.
 * No Origin header (curl, scripts, server-side clients) is not a browser page: the check does not apply.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowedOrigins: string[]): boolean {
  if (!origin) return true;
  if (allowedOrigins.includes(origin)) return true;
  try {
    return Boolean(host) && new URL(origin).host === host;
  } catch {
    return false;
  }
}
