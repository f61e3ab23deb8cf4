import { expect } from 'chai';
import { IndexSnapshotStore } from '../../data/read-models/index-snapshot-store.js';
import type { RelationshipRow } from '../../data/read-models/relationship-queries.js';
import { createWorld, TENANT_A, type World } from '../support/world.js';

const rows = (count: number, name: string): RelationshipRow[] =>
  Array.from({ length: count }, (_, i) => ({
    tenantId: TENANT_A,
    partnerId: String(3_000_000 + i),
    resellerName: `${name} ${i}`,
    resellerNameLower: `${name} ${i}`.toLowerCase(),
    country: 'CN',
    status: 'active',
    activeSince: new Date('2026-11-01T00:00:00Z'),
  }));

/** The stored copy of the resellers index: chunks read by `_id`, replaced as a whole. */
describe('resellers index snapshots', () => {
  let world: World;
  beforeEach(async () => (world = await createWorld()));
  afterEach(async () => world.close());

  it('reads back what was stored, in order, and only the latest version', async () => {
    const store = new IndexSnapshotStore(world.database.scanDb);
    expect(await store.load(TENANT_A)).to.equal(undefined);
    const savedAt = new Date('2026-12-02T03:00:00Z');
    await store.save(TENANT_A, { rows: rows(2_500, 'First'), feedSeq: 7, savedAt });
    const first = await store.load(TENANT_A);
    expect(first?.feedSeq).to.equal(7);
    expect(first?.rows).to.deep.equal(rows(2_500, 'First'));

    await store.save(TENANT_A, { rows: rows(1_200, 'Second'), feedSeq: 9, savedAt });
    const second = await store.load(TENANT_A);
    expect(second?.rows.map((r) => r.resellerName)).to.deep.equal(
      rows(1_200, 'Second').map((r) => r.resellerName),
    );
    // The first version's three chunks are gone: two chunks of the second are left.
    expect(await world.database.db.collection('reseller_index_chunks').countDocuments({})).to.equal(2);
    expect(await store.load('another-tenant')).to.equal(undefined);
  });
});
