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
    country: i % 3 === 0 ? 'HK' : 'CN',
    // Every seventh is pending: its request, with and without the time it was sent.
    ...(i % 7 === 3
      ? {
          status: 'pending',
          invitation: {
            invitationId: `invitation-${i}`,
            resellerEmail: `owner@reseller${i}.example`,
            expiresAt: new Date('2026-12-15T00:00:00Z'),
            requestedAt: new Date('2026-12-01T00:00:00Z'),
            ...(i % 2 === 0 ? { sentAt: new Date('2026-12-01T00:05:00Z') } : {}),
          },
        }
      : i % 11 === 5
        ? // An ended one, with since when (format 3).
          { status: 'removed', endedAt: new Date('2026-11-20T00:00:00Z') }
        : { status: 'active', activeSince: new Date('2026-11-01T00:00:00Z') }),
  }));

/** The stored copy of the resellers index: packed chunks read by `_id`, replaced as a whole. */
describe('resellers index snapshots', () => {
  let world: World;
  beforeEach(async () => (world = await createWorld()));
  afterEach(async () => world.close());

  it('reads back what was stored, in order, and only the latest version', async () => {
    const store = new IndexSnapshotStore(world.database.scanDb);
    expect(await store.load(TENANT_A)).to.equal(undefined);
    const savedAt = new Date('2026-12-02T03:00:00Z');
    await store.save(TENANT_A, { rows: rows(12_000, 'First'), feedSeq: 7, savedAt });
    const first = await store.load(TENANT_A);
    expect(first?.feedSeq).to.equal(7);
    expect(first?.savedAt.toISOString()).to.equal(savedAt.toISOString());
    expect(first?.rows).to.deep.equal(rows(12_000, 'First'));

    await store.save(TENANT_A, { rows: rows(6_000, 'Second'), feedSeq: 9, savedAt });
    const second = await store.load(TENANT_A);
    expect(second?.rows).to.deep.equal(rows(6_000, 'Second'));
    // The first version's three chunks are gone: two chunks of the second are left.
    expect(await world.database.db.collection('reseller_index_chunks').countDocuments({})).to.equal(2);
    expect(await store.load('another-tenant')).to.equal(undefined);
  });

  it('ignores a copy stored in an earlier format (the caller scans and stores it again)', async () => {
    const store = new IndexSnapshotStore(world.database.scanDb);
    const heads = world.database.db.collection<{ _id: string; [field: string]: unknown }>(
      'reseller_index_heads',
    );
    await heads.insertOne({ _id: TENANT_A, version: 'old', chunks: 1, feedSeq: 3, savedAt: new Date() });
    await world.database.db
      .collection<{ _id: string; [field: string]: unknown }>('reseller_index_chunks')
      .insertOne({ _id: `${TENANT_A}:old:0`, rows: rows(3, 'Old') });
    expect(await store.load(TENANT_A)).to.equal(undefined);
    await store.save(TENANT_A, { rows: rows(3, 'New'), feedSeq: 4, savedAt: new Date() });
    expect((await store.load(TENANT_A))?.rows).to.deep.equal(rows(3, 'New'));
    expect(await world.database.db.collection('reseller_index_chunks').countDocuments({})).to.equal(1);
    // Format 2 held active and pending rows only (the resellers tab would miss the ended ones).
    await heads.updateOne({ _id: TENANT_A }, { $set: { format: 2 } });
    expect(await store.load(TENANT_A)).to.equal(undefined);
  });
});
