import { expect } from 'chai';
import { ensureSchema, SCHEMA_VERSION } from '../../data/indexes.js';
import type { DueRelationship } from '../../data/read-models/relationship-due.js';
import { createWorld, RESELLERS, TENANT_A, tokenOf, type World } from '../support/world.js';

const CONTOSO = RESELLERS.ready;
const FABRIKAM = RESELLERS.second;

/**
 * The sweeps (expiry, reminders, interrupted transactions) read `relationship_due`, a small
 * collection written with every relationship change, instead of scanning every relationship.
 */
describe('relationships due', () => {
  let world: World;
  beforeEach(async () => (world = await createWorld()));
  afterEach(async () => world.close());

  const dueDocs = async (): Promise<(DueRelationship & { _id: string })[]> =>
    world.database.db
      .collection<DueRelationship & { _id: string }>('relationship_due')
      .find({})
      .sort({ _id: 1 })
      .toArray();
  const request = (partnerId: string, email: string) =>
    world.services.relationships.requestRelationship(world.admin, { resellerEmail: email, partnerId });

  it('holds a pending request until it is answered or cancelled, with its expiry', async () => {
    const contoso = await request(CONTOSO.partnerId, 'owner@contoso.example');
    await request(FABRIKAM.partnerId, 'owner@fabrikam.example');
    const due = await dueDocs();
    expect(due.map((d) => d.partnerId)).to.deep.equal([CONTOSO.partnerId, FABRIKAM.partnerId]);
    expect(due[0]).to.deep.include({ tenantId: TENANT_A, resellerName: CONTOSO.name });
    expect(due[0]?.pending?.expiresAt.toISOString()).to.equal('2026-11-15T09:00:00.000Z');
    expect(due[0]?.openTransactions).to.equal(undefined);

    await world.services.invitations.accept({
      token: tokenOf(contoso.draft!.link),
      user: { userId: 'contoso-user', entraTenantId: 'contoso-tenant' },
    });
    await world.services.relationships.cancelRequest(world.admin, { partnerId: FABRIKAM.partnerId });
    expect(await dueDocs()).to.deep.equal([]);
  });

  it('is what the expiry sweep reads: a request missing from it is not swept, one in it is', async () => {
    await request(CONTOSO.partnerId, 'owner@contoso.example');
    await request(FABRIKAM.partnerId, 'owner@fabrikam.example');
    // Taken out by hand: the sweep does not see it (it scans no relationship).
    await world.database.db
      .collection<{ _id: string }>('relationship_due')
      .deleteOne({ _id: `${TENANT_A}:${FABRIKAM.partnerId}` });
    world.clock.advanceDays(15);
    expect(await world.services.relationships.expireDueRequests()).to.equal(1);
    const status = async (partnerId: string) =>
      (
        await world.database.db.collection<{ _id: string; status: string }>('relationships').findOne({
          _id: `${TENANT_A}:${partnerId}`,
        })
      )?.status;
    expect(await status(CONTOSO.partnerId)).to.equal('expired');
    // Still pending in the read model until something reads it (a read expires it then).
    expect(await status(FABRIKAM.partnerId)).to.equal('pending');
    expect(await dueDocs()).to.deep.equal([]);
  });

  it('is written again by the next load when a writer died before writing it and the read model', async () => {
    await request(CONTOSO.partnerId, 'owner@contoso.example');
    // The state a writer that died after its event leaves: neither the due document nor the
    // read model has the request.
    await world.database.db.collection('relationship_due').deleteMany({});
    await world.database.db.collection('relationships').deleteMany({});
    await world.withSecondInstance().relationships.getRelationship(world.admin, CONTOSO.partnerId);
    expect((await dueDocs()).map((d) => d.partnerId)).to.deep.equal([CONTOSO.partnerId]);
  });

  it('is filled once from the relationships when a version-2 database is brought forward', async () => {
    await request(CONTOSO.partnerId, 'owner@contoso.example');
    const db = world.database.db;
    await db.collection('relationship_due').deleteMany({});
    await db
      .collection<{ _id: string; version: number }>('meta')
      .updateOne({ _id: 'schema' }, { $set: { version: 2 } });
    await ensureSchema(db, world.database.scanDb);
    await ensureSchema(db, world.database.scanDb);
    expect((await dueDocs()).map((d) => d.partnerId)).to.deep.equal([CONTOSO.partnerId]);
    expect(
      (await db.collection<{ _id: string; version: number }>('meta').findOne({ _id: 'schema' }))?.version,
    ).to.equal(SCHEMA_VERSION);
    world.clock.advanceDays(15);
    expect(await world.services.relationships.expireDueRequests()).to.equal(1);
  });
});
