import type { IdempotencyStore } from '../data/idempotency/idempotency-store.js';
import { idempotencyKeySchema } from './actor.js';
import { AppError } from './errors.js';
import { inBatches } from './reads.js';
import { parseInput } from './validation.js';
import type { Clock } from './clock.js';

/** A claim older than this belongs to a caller that crashed; a retry may take it over. */
const STALE_CLAIM_MS = 30_000;
const WAIT_STEPS_MS = [50, 100, 200, 400, 800, 1600];
/** How long a completed key answers retries (double clicks, redeliveries) with its first result. */
const REPLAY_WINDOW_MS = 24 * 60 * 60_000;
/** A claim still started after this long is abandoned: maintenance frees it (see sweep). */
const ABANDONED_CLAIM_MS = 2 * 60_000;

/**
 * Runs a mutating operation at most once per (tenant, key): a retry with the same key gets the
 * first result back and changes nothing. A refused or failed operation frees the key, since it
 * changed nothing.
 */
export class Idempotency {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly clock: Clock,
  ) {}

  async run<R>(
    scope: { tenantId: string; actorId: string; operation: string },
    rawKey: unknown,
    operation: (key: string | undefined) => Promise<R>,
    /** What to keep for replays, when the result holds something the database must not (a secret). */
    storable: (result: R) => R = (result) => result,
  ): Promise<R> {
    const { tenantId, actorId } = scope;
    const key = parseInput(idempotencyKeySchema, rawKey);
    if (!key) return operation(undefined);
    // Keys are per caller: another person clicking the same card acts anew (and is checked anew).
    const callerKey = `${actorId}|${key}`;
    for (let attempt = 0; ; attempt++) {
      const claim = await this.store.claim(tenantId, callerKey, scope.operation, actorId, this.clock.now());
      if (claim.claimed) break;
      if (claim.operation !== scope.operation) throw new AppError('idempotency_key_reused');
      if (claim.status === 'completed') {
        // A click on a days-old card is a new action, not a retry: it must meet today's state.
        if (this.clock.now().getTime() - claim.completedAt.getTime() <= REPLAY_WINDOW_MS)
          return claim.result as R;
        await this.store.forget(tenantId, callerKey, claim.completedAt);
        continue;
      }
      const age = this.clock.now().getTime() - claim.startedAt.getTime();
      if (age > STALE_CLAIM_MS) {
        await this.store.release(tenantId, callerKey, claim.startedAt);
        continue;
      }
      const wait = WAIT_STEPS_MS[attempt];
      if (wait === undefined) throw new AppError('concurrent_change');
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    let result: R;
    try {
      result = await operation(key);
    } catch (error) {
      await this.store.release(tenantId, callerKey);
      throw error;
    }
    // The change is written: from here on it is answered as written, whatever the store says.
    await this.complete(tenantId, callerKey, storable(result));
    return result;
  }

  /**
   * Records the result for replays. A store that fails now (busy, stalled) is asked again in the
   * background; until it answers, a retry waits and then hears "changed at the same moment",
   * and never applies the change a second time.
   */
  private async complete(tenantId: string, callerKey: string, stored: unknown): Promise<void> {
    const attempt = () => this.store.complete(tenantId, callerKey, stored, this.clock.now());
    try {
      await attempt();
    } catch {
      void retryInBackground(attempt);
    }
  }

  /**
   * Frees claims whose callers died long ago (a new click then meets the current state) and
   * forgets results past the replay window (a click on their card acts anew anyway), so the keys
   * hold about one day of clicks. Each scan takes up to `batch` keys, and scans repeat while they
   * come back full, at most `scans` times a pass (the next pass goes on). Each key is re-read and
   * removed by `_id`, and only if it is still what the scan saw.
   */
  async sweep(
    options: { batch?: number; scans?: number } = {},
  ): Promise<{ released: number; expired: number }> {
    const { batch = SWEEP_BATCH, scans = SWEEP_SCANS } = options;
    const swept = { released: 0, expired: 0 };
    for (let scan = 0; scan < scans; scan++) {
      const now = this.clock.now().getTime();
      const keys = await this.store.sweepable(
        new Date(now - ABANDONED_CLAIM_MS),
        new Date(now - REPLAY_WINDOW_MS),
        batch,
      );
      // A few keys at a time, so a long sweep does not hold up the maintenance passes behind it.
      await inBatches(keys, SWEEP_CONCURRENCY, async (key) => {
        if (key.status === 'started') {
          if (await this.store.release(key.tenantId, key.key, key.startedAt)) swept.released += 1;
        } else if (await this.store.forget(key.tenantId, key.key, key.completedAt)) swept.expired += 1;
      });
      if (keys.length < batch) break;
    }
    return swept;
  }
}

/** Keys one sweep scan takes, and the scans of one pass (25,000 keys an hour at most). */
const SWEEP_BATCH = 5_000;
const SWEEP_SCANS = 5;
/** Keys removed at once (each a read and a delete by `_id`). */
const SWEEP_CONCURRENCY = 8;

const COMPLETE_RETRY_MS = [200, 1_000, 5_000, 15_000, 30_000];

async function retryInBackground(attempt: () => Promise<void>): Promise<void> {
  for (const wait of COMPLETE_RETRY_MS) {
    await new Promise((resolve) => setTimeout(resolve, wait).unref());
    try {
      await attempt();
      return;
    } catch {
      // still failing: try again later
    }
  }
}
