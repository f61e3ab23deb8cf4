import { expect } from 'chai';
import { SnapshotStore } from '../../data/read-models/snapshot-store.js';
import { createWorld, TENANT_A, type World } from '../support/world.js';

interface Counter {
  [key: string]: unknown;
  count: number;
  tags: string[];
}

/**
 * The snapshots a process read or stored last are kept in memory: a stream load then costs the
 * one look for newer events. What is kept may be older than what is stored; every load folds
 * the events past it, so another instance's change shows at once.
 */
describe('snapshots kept in memory', () => {
  let world: World;
  beforeEach(async () => (world = await createWorld()));
  afterEach(async () => world.close());

  it('answers a kept snapshot without the database, as a copy no caller can change', async () => {
    const store = new SnapshotStore<Counter>(world.database.db, 'test_counters');
    await store.save(TENANT_A, 's1', 3, { count: 3, tags: ['a'] });
    // Gone from the database: the kept copy still answers (no command was sent for it).
    await world.database.db.collection('test_counters').deleteMany({});
    const first = await store.get(TENANT_A, 's1');
    expect(first).to.include({ seq: 3, count: 3 });
    first?.tags.push('changed by a caller');
    expect((await store.get(TENANT_A, 's1'))?.tags).to.deep.equal(['a']);
    // A fresh process keeps nothing: it reads the database, which no longer has it.
    expect(await new SnapshotStore<Counter>(world.database.db, 'test_counters').get(TENANT_A, 's1')).to.equal(
      undefined,
    );
  });

  it('never sets the kept copy back to an older stored one (another instance stored it last)', async () => {
    const store = new SnapshotStore<Counter>(world.database.db, 'test_counters');
    await store.save(TENANT_A, 's1', 5, { count: 5, tags: [] });
    await world.database.db
      .collection<{ _id: string }>('test_counters')
      .updateOne({ _id: `${TENANT_A}:s1` }, { $set: { seq: 4, count: 4 } });
    expect(await store.get(TENANT_A, 's1', { fresh: true })).to.include({ seq: 4, count: 4 });
    expect(await store.get(TENANT_A, 's1'), 'the kept copy').to.include({ seq: 5, count: 5 });
    expect(store.forDecision(TENANT_A, 's1')).to.include({ seq: 5 });
  });

  it('offers no kept snapshot to decide from for a minute after a decision from it lost', async () => {
    let now = 1_000_000;
    const store = new SnapshotStore<Counter>(world.database.db, 'test_counters', 10, () => now);
    await store.save(TENANT_A, 's1', 2, { count: 2, tags: [] });
    expect(store.forDecision(TENANT_A, 's1')).to.include({ seq: 2 });
    store.lostDecision(TENANT_A, 's1');
    expect(store.forDecision(TENANT_A, 's1')).to.equal(undefined);
    // Loads still start from it.
    expect(await store.get(TENANT_A, 's1')).to.include({ seq: 2 });
    now += 59_000;
    expect(store.forDecision(TENANT_A, 's1')).to.equal(undefined);
    now += 1_000;
    expect(store.forDecision(TENANT_A, 's1')).to.include({ seq: 2 });
  });

  it('stores anew over a snapshot removed meanwhile, and forgets a tenant on clear', async () => {
    const store = new SnapshotStore<Counter>(world.database.db, 'test_counters');
    await store.save(TENANT_A, 's1', 1, { count: 1, tags: [] });
    await world.database.db.collection('test_counters').deleteMany({});
    // The caller read seq 1 (kept); the stored one was removed (a rebuild elsewhere): insert.
    await store.save(TENANT_A, 's1', 2, { count: 2, tags: [] }, 1);
    const fresh = new SnapshotStore<Counter>(world.database.db, 'test_counters');
    expect(await fresh.get(TENANT_A, 's1')).to.include({ seq: 2, count: 2 });
    await store.clear(TENANT_A);
    expect(store.keptCount).to.equal(0);
    expect(await store.get(TENANT_A, 's1')).to.equal(undefined);
  });

  it('keeps at most its bound, the least recently used leaving first', async () => {
    const store = new SnapshotStore<Counter>(world.database.db, 'test_counters', 2);
    for (const id of ['s1', 's2', 's3']) await store.save(TENANT_A, id, 1, { count: 1, tags: [] });
    expect(store.keptCount).to.equal(2);
    await world.database.db.collection('test_counters').deleteMany({});
    expect(await store.get(TENANT_A, 's1')).to.equal(undefined);
    expect(await store.get(TENANT_A, 's3')).to.include({ seq: 1 });
  });

  it("sees another instance's role change at the next check, though the roles were kept", async () => {
    const other = world.withSecondInstance();
    // Each turn builds its actor anew (the per-turn memo is per actor object).
    const sales = () => ({ ...world.sales });
    const before = await world.services.access.rolesOf(sales());
    expect(before).to.deep.equal(['sales']);
    await other.access.grantRole(world.admin, { agentId: world.sales.agentId, role: 'helpdesk' });
    expect(await world.services.access.rolesOf(sales())).to.have.members(['sales', 'helpdesk']);
    await other.access.revokeRole(world.admin, { agentId: world.sales.agentId, role: 'sales' });
    expect(await world.services.access.rolesOf(sales())).to.deep.equal(['helpdesk']);
  });
});
