import type { IdempotencyStore } from '../data/idempotency/idempotency-store.js';
import { idempotencyKeySchema } from './actor.js';
import { AppError } from './errors.js';
import { parseInput } from './validation.js';
import type { Clock } from './clock.js';

/** A claim older than this belongs to a caller that crashed; a retry may take it over. */
const STALE_CLAIM_MS = 30_000;
const WAIT_STEPS_MS = [50, 100, 200, 400, 800, 1600];

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
    for (let attempt = 0; ; attempt++) {
      const claim = await this.store.claim(tenantId, key, scope.operation, actorId, this.clock.now());
      if (claim.claimed) break;
      if (claim.operation !== scope.operation) throw new AppError('idempotency_key_reused');
      if (claim.status === 'completed') return claim.result as R;
      const age = this.clock.now().getTime() - claim.startedAt.getTime();
      if (age > STALE_CLAIM_MS) {
        await this.store.release(tenantId, key, claim.startedAt);
        continue;
      }
      const wait = WAIT_STEPS_MS[attempt];
      if (wait === undefined) throw new AppError('concurrent_change');
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    try {
      const result = await operation(key);
      await this.store.complete(tenantId, key, storable(result), this.clock.now());
      return result;
    } catch (error) {
      await this.store.release(tenantId, key);
      throw error;
    }
  }
}
