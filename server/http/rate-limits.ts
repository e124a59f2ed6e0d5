import type { RequestHandler } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import { createRequire } from 'node:module';
import type { RedisReply } from 'rate-limit-redis';
import type { Config } from '../config';
import { AppError, toErrorBody } from '../errors';
import { ipMessageBurst } from '../limits';

const limited = (message: string): RequestHandler => (_req, res) => {
  res.status(429).json(toErrorBody(new AppError('rate_limited', message)));
};

/**
 * Per-address HTTP limits (express-rate-limit, fixed windows, IETF RateLimit headers). Refused requests get
 * 429 `rate_limited` and never reach a handler, so nothing is stored for them. With Redis the windows are counted
 * there (rate-limit-redis), so an address meets the same limit whichever instance it reaches; while Redis cannot
 * be reached the limit is not applied (passOnStoreError) rather than every request failing.
 */
export function createHttpLimits(config: Config, redis?: Redis | null) {
  // Loaded only with Redis (its CommonJS build, synchronously): a single instance never needs it.
  const RedisStore = redis ? (createRequire(import.meta.url)('rate-limit-redis') as typeof import('rate-limit-redis')).RedisStore : null;
  const store = (prefix: string): { store?: Store; passOnStoreError?: boolean } =>
    redis && RedisStore
      ? {
          store: new RedisStore({
            prefix: `careline:http:${prefix}:`,
            sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<RedisReply>,
          }),
          passOnStoreError: true,
        }
      : {};
  const common = { windowMs: 60_000, standardHeaders: 'draft-8', legacyHeaders: false } as const;
  return {
    /** Every API request and article page (mounted on /api and /articles: /health, polled by load balancers, is not). */
    requests: rateLimit({
      ...common,
      limit: config.limits.requestsPerMinute,
      handler: limited('Too many requests. Please wait a moment and try again.'),
      ...store('requests'),
    }),
    /** Chat messages (POST /api/chat): a sixth of the per-minute rate per 10 s, so a burst cannot stall the server. */
    messages: rateLimit({
      ...common,
      windowMs: 10_000,
      limit: ipMessageBurst(config),
      identifier: 'messages',
      handler: limited('You are sending messages too quickly. Please wait a moment and try again.'),
      ...store('messages'),
    }),
  };
}
export type HttpLimits = ReturnType<typeof createHttpLimits>;
