import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Limiter } from './index';

/**
 * One token bucket per key, kept in Redis so that every instance spends from the same one: refilled and spent in
 * one Lua script, with Redis's own clock (the instances' clocks may differ). A bucket left alone until it is full
 * again expires. Same contract as the in-memory TokenBuckets: `capacity` at once, `refillPerMinute` back a minute.
 */
const SCRIPT = `
local cap = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1])
local at = tonumber(b[2])
if tokens == nil then tokens = cap; at = now end
tokens = math.min(cap, tokens + math.max(0, now - at) * perMs)
local ok = 0
if cost > 0 and tokens >= cost then
  tokens = tokens - cost
  ok = 1
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
  redis.call('PEXPIRE', KEYS[1], math.ceil((cap - tokens) / perMs) + 1000)
end
return { ok, tostring(tokens) }
`;

export function createRedisLimiter(redis: Redis, name: string, capacity: number, refillPerMinute: number, logger?: Logger): Limiter {
  if (!(capacity >= 1) || !(refillPerMinute > 0)) throw new RangeError('a token bucket needs capacity >= 1 and a positive refill rate');
  const perMs = refillPerMinute / 60_000;
  const key = (k: string) => `careline:bucket:${name}:${k}`;
  let warned = 0;
  // A Redis outage must not take the chat down with it: the limit is not applied while Redis cannot be reached
  // (logged at most once a minute), and readiness reports Redis as down.
  const failOpen = (err: unknown) => {
    if (Date.now() - warned > 60_000) {
      warned = Date.now();
      logger?.warn({ err: (err as Error).message, limiter: name }, 'shared rate limit unavailable; not applied until Redis answers');
    }
  };
  const run = async (k: string, cost: number) => (await redis.eval(SCRIPT, 1, key(k), capacity, perMs, cost)) as [number, string];
  return {
    async take(k) {
      try {
        return (await run(k, 1))[0] === 1;
      } catch (err) {
        failOpen(err);
        return true;
      }
    },
    async available(k) {
      try {
        return Number((await run(k, 0))[1]);
      } catch (err) {
        failOpen(err);
        return capacity;
      }
    },
  };
}
