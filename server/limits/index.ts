import type { Config } from '../config';
import { TokenBuckets } from './token-bucket';

export { TokenBuckets } from './token-bucket';

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
 * http/rate-limits.ts, with the same numbers over 10-second windows.)
 */
export function createMessageLimits(config: Config, now?: () => number) {
  const l = config.limits;
  return {
    perSocket: new TokenBuckets(l.messageBurst, l.messagesPerMinute, now),
    perConversation: new TokenBuckets(l.messageBurst, l.messagesPerMinute, now),
    perIp: new TokenBuckets(ipMessageBurst(config), l.ipMessagesPerMinute, now),
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
