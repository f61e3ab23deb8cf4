import { expect } from 'chai';
import type { DueRelationship } from '../../data/read-models/relationship-due.js';
import { relationshipStreams } from '../../services/relationships/relationship-stream.js';
import { ExpiryReminders } from '../../services/notifications/expiry-reminders.js';
import { createWorld, RESELLERS, TENANT_A, tokenOf, type World } from '../support/world.js';

const CONTOSO = RESELLERS.ready;
const FABRIKAM = RESELLERS.second;
const LITWARE = {
  partnerId: '1000006',
  name: 'Litware Cloud',
  country: 'CN',
  enrolledAsIndirectReseller: true,
  mpaStatus: 'active',
} as const;

type DueDoc = DueRelationship & { _id: string };

/**
 * Due documents (`relationship_due`) can go stale or missing: a writer that died, an instance
 * that predates them during a rolling deploy, another instance storing an older state last. The
 * sweeps put right every row they act on, and maintenance reconciles every provider hourly.
 */
describe('relationships due: put right when stale or missing', () => {
  let world: World;
  beforeEach(async () => {
    world = await createWorld();
    await world.directory.upsert([LITWARE]);
  });
  afterEach(async () => world.close());

  const due = () => world.database.db.collection<DueDoc>('relationship_due');
  const dueDocs = async () => due().find({}).sort({ _id: 1 }).toArray();
  const idOf = (partnerId: string) => `${TENANT_A}:${partnerId}`;
  const request = (partnerId: string, email: string) =>
    world.services.relationships.requestRelationship(world.admin, { resellerEmail: email, partnerId });
  const statusOf = async (partnerId: string) =>
    (
      await world.database.db
        .collection<{ _id: string; status: string }>('relationships')
        .findOne({ _id: idOf(partnerId) })
    )?.status;

  it('the expiry sweep corrects a row with a wrong expiry and removes one whose request was answered', async () => {
    const contoso = await request(CONTOSO.partnerId, 'owner@contoso.example');
    await request(FABRIKAM.partnerId, 'owner@fabrikam.example');
    const [contosoDue, fabrikamDue] = await dueDocs();
    await world.services.invitations.accept({
      token: tokenOf(contoso.draft!.link),
      user: { userId: 'contoso-user', entraTenantId: 'contoso-tenant' },
    });
    // Left behind as an instance that lost a race would, both with an expiry already past (what
    // the sweep reads): Contoso's row after its acceptance, Fabrikam's before its request's renewal.
    await due().insertOne({ ...contosoDue!, pending: { ...contosoDue!.pending!, expiresAt: new Date(0) } });
    await due().updateOne({ _id: idOf(FABRIKAM.partnerId) }, { $set: { 'pending.expiresAt': new Date(0) } });

    expect(await world.services.relationships.expireDueRequests()).to.equal(0);
    expect(await statusOf(CONTOSO.partnerId)).to.equal('active');
    expect(await statusOf(FABRIKAM.partnerId)).to.equal('pending');
    expect(await dueDocs()).to.deep.equal([fabrikamDue]);
  });

  it('the hourly pass writes a missing row again, removes a stale one, and says how many', async () => {
    const contoso = await request(CONTOSO.partnerId, 'owner@contoso.example');
    await request(FABRIKAM.partnerId, 'owner@fabrikam.example');
    const before = await dueDocs();
    await world.services.invitations.accept({
      token: tokenOf(contoso.draft!.link),
      user: { userId: 'contoso-user', entraTenantId: 'contoso-tenant' },
    });
    await due().deleteOne({ _id: idOf(FABRIKAM.partnerId) });
    await due().insertOne(before[0]!);

    const frequent = await world.services.maintenance.runOnce(undefined, { hourly: false });
    expect(frequent.dueRepaired).to.equal(0);
    expect((await dueDocs()).map((d) => d.partnerId)).to.deep.equal([CONTOSO.partnerId]);

    expect((await world.services.maintenance.runOnce()).dueRepaired).to.equal(2);
    expect(await dueDocs()).to.deep.equal([before[1]]);
    expect((await world.services.maintenance.runOnce()).dueRepaired).to.equal(0);
    world.clock.advanceDays(15);
    expect(await world.services.relationships.expireDueRequests()).to.equal(1);
    expect(await statusOf(FABRIKAM.partnerId)).to.equal('expired');
  });

  it('reminds every request in the window a page at a time, past rows that sort first (expired, not swept yet)', async () => {
    await request(CONTOSO.partnerId, 'owner@contoso.example');
    world.clock.advanceDays(2);
    await request(FABRIKAM.partnerId, 'owner@fabrikam.example');
    await request(LITWARE.partnerId, 'owner@litware.example');
    world.clock.advanceDays(10.5);
    // A page of one row: Contoso's comes first and is the only one in the window yet.
    const reminders = new ExpiryReminders({ repos: world.repos, clock: world.clock }, 3, 1);
    expect(await reminders.sweep()).to.equal(1);
    world.clock.advanceDays(1.7);
    // Contoso's has expired (not swept yet), and sorts first; the two others are due now.
    expect(await reminders.sweep()).to.equal(2);
    expect(await reminders.sweep()).to.equal(0);
    expect(await new ExpiryReminders({ repos: world.repos, clock: world.clock }, 3, 1).sweep()).to.equal(0);
    const reminded = await world.database.db
      .collection<{ streamId: string; type: string }>('events')
      .find({ type: 'relationship.expiring' })
      .toArray();
    expect(reminded).to.have.length(3);
  });

  it('a rebuild writes the rows even when a writer stored its read model between the clear and the fold', async () => {
    await request(CONTOSO.partnerId, 'owner@contoso.example');
    const before = await dueDocs();
    const snapshots = world.repos.snapshots<Record<string, unknown>>('relationships');
    const stored = await snapshots.collection.find({ tenantId: TENANT_A }).toArray();
    const clear = snapshots.clear.bind(snapshots);
    // The racing writer: its snapshot lands right after the clear; its due row went with the clear.
    snapshots.clear = async (tenantId: string) => {
      await clear(tenantId);
      await snapshots.collection.insertMany(stored);
    };
    try {
      expect(await relationshipStreams(world.repos).rebuild(TENANT_A)).to.equal(1);
    } finally {
      snapshots.clear = clear;
    }
    expect(await dueDocs()).to.deep.equal(before);
  });

  it("the projector repairs a stored read model another instance set back, though this one's copy is current", async () => {
    await request(CONTOSO.partnerId, 'owner@contoso.example');
    await world.services.maintenance.runOnce();
    const relationships = world.database.db.collection<{ _id: string; status: string; seq: number }>(
      'relationships',
    );
    const pendingDoc = await relationships.findOne({ _id: idOf(CONTOSO.partnerId) });
    await world.services.relationships.cancelRequest(world.admin, { partnerId: CONTOSO.partnerId });
    // Another instance, slower, stores the state it folded before the cancel over the newer one.
    await relationships.replaceOne({ _id: idOf(CONTOSO.partnerId) }, pendingDoc!);
    expect(await statusOf(CONTOSO.partnerId)).to.equal('pending');

    await world.services.maintenance.runOnce(undefined, { hourly: false });
    expect(await statusOf(CONTOSO.partnerId)).to.equal('cancelled');
  });
});
