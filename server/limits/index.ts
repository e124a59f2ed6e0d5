import type { Config } from '../config';
import { TokenBuckets } from './token-bucket';

export { TokenBuckets } from './token-bucket';

/**
 * The message budgets, shared by both transports: per socket and per conversation a burst of
 * RATE_LIMIT_MESSAGE_BURST then RATE_LIMIT_MESSAGES_PER_MINUTE; per client address (Socket.IO) a minute's worth of
 * RATE_LIMIT_IP_MESSAGES_PER_MINUTE. (HTTP's per-address limits are express-rate-limit's, in http/rate-limits.ts.)
 */
export function createMessageLimits(config: Config, now?: () => number) {
  const l = config.limits;
  return {
    perSocket: new TokenBuckets(l.messageBurst, l.messagesPerMinute, now),
    perConversation: new TokenBuckets(l.messageBurst, l.messagesPerMinute, now),
    perIp: new TokenBuckets(l.ipMessagesPerMinute, l.ipMessagesPerMinute, now),
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
