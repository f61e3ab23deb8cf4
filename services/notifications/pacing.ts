/**
 * Token buckets, one per conversation and one per tenant (limits in delivery-policy.ts).
 *
 * They live in this process's memory, not in the database: a shared bucket would cost a database
 * round trip per message and, on FerretDB v1, could only be kept exact through inserts of unique
 * ids per token. A worker takes a token before it claims a job and gives it back when it loses
 * the claim, so one process never exceeds the limits. Several worker processes each pace
 * themselves: run k of them with `NOTIFY_RATE_SHARE=1/k` of the limits to stay under Teams'
 * limits together; a 429 from Teams is still honoured as the backstop.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private pausedUntil = 0;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.updatedAt = now;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.perSecond);
    this.updatedAt = now;
  }

  /** Milliseconds until a token is available (0: now). */
  waitMs(now: number): number {
    this.refill(now);
    if (now < this.pausedUntil) return this.pausedUntil - now;
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
  }

  take(now: number): void {
    this.refill(now);
    this.tokens -= 1;
  }

  giveBack(now: number): void {
    this.refill(now);
    this.tokens = Math.min(this.capacity, this.tokens + 1);
  }

  /** Teams said Retry-After: nothing more to this bucket's key before then. */
  pauseUntil(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  /** Full and unpaused: the bucket can be forgotten. */
  idle(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.capacity && now >= this.pausedUntil;
  }
}

/** Buckets by key, created on first use and dropped once idle (so memory follows active conversations). */
export class Pacer {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly limits: { capacity: number; perSecond: number }) {}

  bucket(key: string, now: number): TokenBucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(this.limits.capacity, this.limits.perSecond, now);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  sweep(now: number): void {
    for (const [key, bucket] of this.buckets) if (bucket.idle(now)) this.buckets.delete(key);
  }
}
