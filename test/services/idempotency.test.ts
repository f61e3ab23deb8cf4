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

  const claim = (store: IdempotencyStore, key: string) =>
    store.claim(TENANT_A, `agent-admin|${key}`, 'test.change', 'agent-admin', world.clock.now());

  it('the sweep frees a claim whose caller died long ago, and only that one', async () => {
    const store = new IdempotencyStore(world.database.db);
    const idempotency = new Idempotency(store, world.clock);
    await claim(store, 'dead-click');
    world.clock.advanceMinutes(3);
    await claim(store, 'live-click');
    expect(await idempotency.sweep()).to.deep.equal({ released: 1, expired: 0 });
    expect((await claim(store, 'dead-click')).claimed).to.equal(true);
    expect((await claim(store, 'live-click')).claimed).to.equal(false);
  });

  it("the sweep forgets results past the replay window and keeps the day's; the old card then acts anew", async () => {
    const idempotency = new Idempotency(new IdempotencyStore(world.database.db), world.clock);
    let applied = 0;
    const change = async () => `change-${++applied}`;
    const [old, recent] = [newKey(), newKey()];
    await idempotency.run(scope, old, change);
    world.clock.advanceMinutes(23 * 60);
    await idempotency.run(scope, recent, change);
    world.clock.advanceMinutes(61);
    expect(await idempotency.sweep()).to.deep.equal({ released: 0, expired: 1 });
    const keys = await world.database.db.collection<{ key: string }>('idempotency_keys').find({}).toArray();
    expect(keys.map((k) => k.key)).to.deep.equal([`agent-admin|${recent}`]);
    // The day-old result is still answered to a retry; the forgotten one's card acts again.
    expect(await idempotency.run(scope, recent, change)).to.equal('change-2');
    expect(await idempotency.run(scope, old, change)).to.equal('change-3');
  });

  it('the sweep scans in batches until one comes back short, at most so many scans a pass', async () => {
    const idempotency = new Idempotency(new IdempotencyStore(world.database.db), world.clock);
    for (let i = 0; i < 7; i++) await idempotency.run(scope, newKey(), async () => i);
    world.clock.advanceDays(2);
    expect(await idempotency.sweep({ batch: 2, scans: 3 })).to.deep.equal({ released: 0, expired: 6 });
    expect(await idempotency.sweep({ batch: 2, scans: 3 })).to.deep.equal({ released: 0, expired: 1 });
    expect(await world.database.db.collection('idempotency_keys').countDocuments()).to.equal(0);
  });

  it('the sweep reads the keys through the scan pool (its longer deadline), and removes them through the main one', async () => {
    // Which pool reads what: each store below has its two pools on different databases.
    const elsewhere = world.database.client.db(`${world.database.db.databaseName}_elsewhere`);
    const blind = new Idempotency(new IdempotencyStore(world.database.db, elsewhere), world.clock);
    const store = new IdempotencyStore(world.database.db);
    await claim(store, 'dead-click');
    world.clock.advanceMinutes(3);
    expect(await blind.sweep()).to.deep.equal({ released: 0, expired: 0 });
    const seeing = new Idempotency(new IdempotencyStore(elsewhere, world.database.db), world.clock);
    expect(await seeing.sweep()).to.deep.equal({ released: 0, expired: 0 });
    // Found through the scan pool, removed (here: looked for) through the main one.
    expect((await claim(store, 'dead-click')).claimed).to.equal(false);
  });
});
