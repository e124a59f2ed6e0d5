import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Which instance is producing which reply, so that a resend reaching another instance (its first instance died,
 * or the client reconnected elsewhere) waits for that reply instead of running the model a second time. A lease
 * is a Redis key with an expiry, renewed while the reply runs: an instance that dies stops renewing, and after
 * `ttlMs` the reply can be taken over. The database still decides (one answer per question, a unique index); the
 * lease only keeps the model from running twice and lets the resend get the one answer.
 */
export type ReplyLease = { release(): Promise<void> };

export interface ReplyLeases {
  /**
   * Takes the lease on `key`, waiting while another instance holds it (until it is released or expires, or
   * `signal` aborts). Resolves `waited: true` when someone else held it first: its reply may be stored by now.
   */
  acquire(key: string, signal?: AbortSignal): Promise<{ lease: ReplyLease; waited: boolean }>;
}

const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export function createRedisReplyLeases(redis: Redis, options: { ttlMs?: number; pollMs?: number; maxWaitMs?: number } = {}): ReplyLeases {
  const ttlMs = options.ttlMs ?? 5000;
  const pollMs = options.pollMs ?? 150;
  // A reply that takes longer than this is not waited for any more: the resend runs it (the database still keeps
  // one answer).
  const maxWaitMs = options.maxWaitMs ?? 120_000;
  const sleep = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
    });

  return {
    async acquire(key, signal) {
      const redisKey = `careline:reply:${key}`;
      const token = randomUUID();
      const started = Date.now();
      let waited = false;
      for (;;) {
        const ok = await redis.set(redisKey, token, 'PX', ttlMs, 'NX');
        if (ok === 'OK' || signal?.aborted || Date.now() - started > maxWaitMs) break;
        waited = true;
        await sleep(pollMs, signal);
      }
      const timer = setInterval(() => void redis.eval(RENEW, 1, redisKey, token, ttlMs).catch(() => {}), Math.floor(ttlMs / 3));
      timer.unref();
      return {
        waited,
        lease: {
          async release() {
            clearInterval(timer);
            await redis.eval(RELEASE, 1, redisKey, token).catch(() => {});
          },
        },
      };
    },
  };
}
