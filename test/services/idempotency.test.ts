import { expect } from 'chai';
import { IdempotencyStore } from '../../data/idempotency/idempotency-store.js';
import { AppError } from '../../services/errors.js';
import { Idempotency } from '../../services/idempotency.js';
import { createWorld, newKey, refusal, TENANT_A, type World } from '../support/world.js';

/** A store whose `complete` fails the first N times (as SQLITE_BUSY did under load). */
class FlakyStore extends IdempotencyStore {
  failures = 0;
  override async complete(tenantId: string, key: string, result: unknown, now: Date): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('database is locked (SQLITE_BUSY)');
    }
    return super.complete(tenantId, key, result, now);
  }
}

describe('idempotency', () => {
  let world: World;
  beforeEach(async () => (world = await createWorld()));
  afterEach(async () => world.close());

  const scope = { tenantId: TENANT_A, actorId: 'agent-admin', operation: 'test.change' };

  it('answers a written change as written when its result cannot be recorded, and a retry never applies it again', async () => {
    const store = new FlakyStore(world.database.db);
    const idempotency = new Idempotency(store, world.clock);
    let applied = 0;
    const change = async () => {
      applied += 1;
      return { orderId: `order-${applied}` };
    };
    const key = newKey();
    store.failures = 1;
    expect(await idempotency.run(scope, key, change)).to.deep.equal({ orderId: 'order-1' });
    // Until the background retry records it, a retry waits and is told to try again.
    const early = await idempotency.run(scope, key, change).catch((error: unknown) => error);
    const settled = early instanceof Error ? await idempotency.run(scope, key, change) : early;
    expect(settled).to.deep.equal({ orderId: 'order-1' });
    expect(applied).to.equal(1);
  });

  it('gives the key back when the change is refused, so a corrected retry runs', async () => {
    const idempotency = new Idempotency(new IdempotencyStore(world.database.db), world.clock);
    const key = newKey();
    await refusal(
      idempotency.run(scope, key, async () => {
        throw new AppError('confirmation_required');
      }),
    );
    expect(await idempotency.run(scope, key, async () => 'done')).to.equal('done');
  });

  it('frees a claim whose caller died long ago, and only that one', async () => {
    const store = new IdempotencyStore(world.database.db);
    const idempotency = new Idempotency(store, world.clock);
    await store.claim(TENANT_A, 'agent-admin|dead-click', 'test.change', 'agent-admin', world.clock.now());
    world.clock.advanceMinutes(3);
    await store.claim(TENANT_A, 'agent-admin|live-click', 'test.change', 'agent-admin', world.clock.now());
    expect(await idempotency.releaseAbandoned()).to.equal(1);
    const dead = await store.claim(
      TENANT_A,
      'agent-admin|dead-click',
      'test.change',
      'agent-admin',
      world.clock.now(),
    );
    const live = await store.claim(
      TENANT_A,
      'agent-admin|live-click',
      'test.change',
      'agent-admin',
      world.clock.now(),
    );
    expect(dead.claimed).to.equal(true);
    expect(live.claimed).to.equal(false);
  });
});
