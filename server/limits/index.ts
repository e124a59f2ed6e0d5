import type { Config } from '../config';
import { TokenBuckets } from './token-bucket';

export { TokenBuckets } from './token-bucket';

/**
 * A budget several instances may share: in memory for one instance (TokenBuckets), in Redis for several
 * (shared-buckets.ts). Async because the shared one is a round trip.
 */
export interface Limiter {
  /** Spends one token if there is one; false when the key is over its limit (nothing is spent). */
  take(key: string): Promise<boolean>;
  /** Tokens the key could spend now (fractional). */
  available(key: string): Promise<number>;
}

/** The in-memory Limiter: one process's TokenBuckets. */
export const localLimiter = (buckets: TokenBuckets): Limiter => ({
  take: async (key) => buckets.take(key),
  available: async (key) => buckets.available(key),
});

/** Makes a Limiter named `name` (a key space); local by default, shared through Redis with several instances. */
export type LimiterFactory = (name: string, capacity: number, refillPerMinute: number) => Limiter;
export const localLimiters = (now?: () => number): LimiterFactory => (_name, capacity, refillPerMinute) =>
  localLimiter(new TokenBuckets(capacity, refillPerMinute, now));

/**
 * How many messages one client address may send at once: ten seconds' worth of RATE_LIMIT_IP_MESSAGES_PER_MINUTE
 * (never less than the per-socket burst). A minute's worth at once would be a burst the single event loop needs
 * seconds to answer, and /health would wait behind it.
 */
export const ipMessageBurst = (config: Config) => Math.max(config.limits.messageBurst, Math.ceil(config.limits.ipMessagesPerMinute / 6));

/**
 * The message budgets: per socket and per conversation (shared by both transports) a burst of
 * RATE_LIMIT_MESSAGE_BURST then RATE_LIMIT_MESSAGES_PER_MINUTE; per client address (Socket.IO) a burst of
 * `ipMessageBurst` then RATE_LIMIT_IP_MESSAGES_PER_MINUTE. (HTTP's per-address limits are express-rate-limit's, in
 * http/rate-limits.ts, with the same numbers over 10-second windows.) A socket lives on one instance, so its bucket
 * is always local; the conversation's and the address's come from `limiters` (shared with several instances).
 */
export function createMessageLimits(config: Config, options: { now?: () => number; limiters?: LimiterFactory } = {}) {
  const l = config.limits;
  const limiters = options.limiters ?? localLimiters(options.now);
  return {
    perSocket: new TokenBuckets(l.messageBurst, l.messagesPerMinute, options.now),
    perConversation: limiters('conversation', l.messageBurst, l.messagesPerMinute),
    perIp: limiters('ip-messages', ipMessageBurst(config), l.ipMessagesPerMinute),
  };
}
export type MessageLimits = ReturnType<typeof createMessageLimits>;

/** Open connections per client address, counted from the moment they are let in until they close. */
export class ConnectionCounter {
  private readonly open = new Map<string, number>();
  constructor(readonly max: number) {}

  /** Counts one more connection for `ip`, unless it already has `max`. */
  tryOpen(ip: string): boolean {
    const n = this.open.get(ip) ?? 0;
    if (n >= this.max) return false;
    this.open.set(ip, n + 1);
    return true;
  }

  close(ip: string) {
    const n = (this.open.get(ip) ?? 0) - 1;
    if (n > 0) this.open.set(ip, n);
    else this.open.delete(ip);
  }

  count(ip: string): number {
    return this.open.get(ip) ?? 0;
  }
}
