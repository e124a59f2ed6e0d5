/**
 * Token buckets by key (a socket, a client address, a conversation): each key may spend `capacity` at once and
 * gets `refillPerMinute` back over a minute, up to `capacity`. Pure apart from the clock, which tests pass in.
 * Keys whose bucket is full again carry no information and are swept, so memory stays bounded by the keys that
 * were active in the last `capacity / refillPerMinute` minutes.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;
  private lastSweep: number;

  constructor(
    readonly capacity: number,
    readonly refillPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(capacity >= 1) || !(refillPerMinute > 0)) throw new RangeError('a token bucket needs capacity >= 1 and a positive refill rate');
    this.perMs = refillPerMinute / 60_000;
    this.lastSweep = now();
  }

  /** Tokens `key` could spend now (fractional). */
  available(key: string): number {
    const b = this.buckets.get(key);
    if (!b) return this.capacity;
    return Math.min(this.capacity, b.tokens + (this.now() - b.at) * this.perMs);
  }

  /** Spends one token (or `cost`) if there is one; false when the key is over its limit (nothing is spent). */
  take(key: string, cost = 1): boolean {
    const t = this.now();
    this.sweep(t);
    const tokens = this.available(key);
    if (tokens < cost) return false;
    this.buckets.set(key, { tokens: tokens - cost, at: t });
    return true;
  }

  /** Gives back what `take` spent, when another limit then refused the same message. */
  refund(key: string, cost = 1): void {
    const b = this.buckets.get(key);
    if (b) b.tokens = Math.min(this.capacity, b.tokens + cost);
  }

  /** Milliseconds until `key` has a token again (0 when it has one). */
  retryAfterMs(key: string, cost = 1): number {
    const missing = cost - this.available(key);
    return missing <= 0 ? 0 : Math.ceil(missing / this.perMs);
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(t: number) {
    // At most once per refill-to-full period, and only when there is something to sweep.
    if (this.buckets.size < 1000 && t - this.lastSweep < 60_000) return;
    this.lastSweep = t;
    for (const [key, b] of this.buckets) if (b.tokens + (t - b.at) * this.perMs >= this.capacity) this.buckets.delete(key);
  }
}
