import { expect } from 'chai';
import { ensureSchema } from '../../data/indexes.js';
import type { DeliveryJob } from '../../data/notifications/notification-store.js';
import { CONTOSO, requestContoso } from '../bot/fixtures.js';
import { OutboxWorld } from './outbox-support.js';

/**
 * Finished jobs (sent, gone, unreachable, dismissed) are kept apart from the live ones, which the
 * worker asks for every second: on the local store that query decodes its whole collection, and
 * finished jobs grow with every event.
 */
describe('notifications: finished jobs kept apart from the live ones', () => {
  let ow: OutboxWorld;
  beforeEach(async () => (ow = await OutboxWorld.create()));
  afterEach(() => ow.close());

  const live = () => ow.world.database.db.collection<DeliveryJob>('notification_jobs');
  const done = () => ow.world.database.db.collection<DeliveryJob>('notification_jobs_done');

  /** The admin manages every event; Contoso accepts a request; the notification is delivered. */
  async function delivered(): Promise<{ job: DeliveryJob; conversationId: string }> {
    const { world } = ow;
    const admin = await ow.manager(world.admin, world.admin);
    const token = await requestContoso(world);
    await world.services.invitations.accept({
      token,
      user: { userId: 'contoso-user-9', entraTenantId: CONTOSO.entraTenantId },
    });
    await ow.settle();
    const [job, ...others] = await done()
      .find({ eventType: 'relationship.accepted', audience: 'manager' })
      .toArray();
    expect(others).to.deep.equal([]);
    return { job: job!, conversationId: admin.conversationId };
  }

  it('moves a delivered job; the same job made again (a replayed event) is refused and nothing is sent twice', async () => {
    const { job, conversationId } = await delivered();
    expect(job).to.deep.include({ status: 'sent', audience: 'manager' });
    expect(await live().find({}).toArray()).to.deep.equal([]);
    expect(ow.connector.cardsTo(conversationId)).to.have.length(1);

    const { repos } = ow.world;
    expect(await repos.notifications.insertJob({ ...job, status: 'pending', attempt: 0 })).to.equal(false);
    expect((await repos.notifications.job(job._id))?.status).to.equal('sent');
    expect((await repos.notifications.jobsOf(job.eventId)).filter((j) => j._id === job._id)).to.deep.equal([
      job,
    ]);
    await ow.settle();
    expect(ow.connector.cardsTo(conversationId)).to.have.length(1);
  });

  it('the hourly pass moves what a crash left among the live jobs and drops a job made again after it finished', async () => {
    const { job } = await delivered();
    const { services } = ow.world;
    // A crash after the job was marked sent and before its move; another after its copy and
    // before the delete; a slow dispatcher's copy made between another's check and insert.
    const crashedBeforeMove = { ...job, _id: 'a'.repeat(32) };
    await live().insertOne(crashedBeforeMove);
    await done().insertOne({ ...job, _id: 'b'.repeat(32) });
    await live().insertOne({ ...job, _id: 'b'.repeat(32) });
    await live().insertOne({ ...job, status: 'pending', attempt: 0 });

    expect((await services.maintenance.runOnce(undefined, { hourly: false })).jobsTidied).to.equal(0);
    expect(await live().countDocuments({})).to.equal(3);
    expect((await services.maintenance.runOnce()).jobsTidied).to.equal(3);
    expect(await live().find({}).toArray()).to.deep.equal([]);
    expect(
      (await done().find({ audience: 'manager' }).sort({ _id: 1 }).toArray()).map((j) => [j._id, j.status]),
    ).to.deep.equal([job._id, 'a'.repeat(32), 'b'.repeat(32)].sort().map((id) => [id, 'sent']));
    expect((await services.maintenance.runOnce()).jobsTidied).to.equal(0);
    expect((await ow.world.repos.notifications.stats(new Date())).pending).to.equal(0);
  });

  it('brings a version-3 database forward at start: its finished jobs move, live ones stay', async () => {
    const { job } = await delivered();
    const db = ow.world.database.db;
    await done().deleteMany({});
    const dead = { ...job, _id: 'd'.repeat(32), status: 'dead' as const };
    const pending = { ...job, _id: 'e'.repeat(32), status: 'pending' as const };
    // As an older database holds them: finished long ago, among the live ones.
    const old = { ...job, updatedAt: new Date(Date.now() - 86_400_000) };
    await live().insertMany([old, dead, pending]);
    await db
      .collection<{ _id: string; version: number }>('meta')
      .updateOne({ _id: 'schema' }, { $set: { version: 3 } });
    await ensureSchema(db);
    // Moved by the maintenance at start, in the background (not by the schema step).
    expect(await live().countDocuments({})).to.equal(3);
    expect(
      (await ow.world.services.maintenance.runOnce(undefined, { hourly: false, tidyJobs: true })).jobsTidied,
    ).to.equal(1);
    expect((await live().find({}).sort({ _id: 1 }).toArray()).map((j) => j.status)).to.deep.equal([
      'dead',
      'pending',
    ]);
    expect(await done().find({}).toArray()).to.deep.equal([old]);
    expect((await ow.world.repos.notifications.stats(new Date())).deadLetters).to.equal(1);
  });

  it('drops a job made again while it finished, and never sends it again, even if its claim has no outcome', async () => {
    const { job, conversationId } = await delivered();
    const store = ow.world.repos.notifications;
    // The look before the insert misses the move (it happens between the look and the insert).
    const racing = store as unknown as { isDone(id: string): Promise<boolean> };
    const isDone = racing.isDone.bind(store);
    let first = true;
    racing.isDone = async (id) => (first ? ((first = false), false) : isDone(id));
    expect(await store.insertJob({ ...job, status: 'pending', attempt: 0 })).to.equal(false);
    racing.isDone = isDone;
    expect(await live().countDocuments({})).to.equal(0);

    // An older instance without the look makes it again, and the claim of its first attempt
    // lost its outcome (its sender died after the send): the worker does not take it over.
    await live().insertOne({ ...job, status: 'pending', attempt: 0 });
    const claims = ow.world.database.db.collection<{ _id: string }>('notification_claims');
    await claims.updateOne(
      { _id: `${job._id}:0` },
      { $unset: { outcome: '' }, $set: { expiresAt: new Date(Date.now() - 60_000) } },
    );
    await ow.settle();
    expect(await live().countDocuments({})).to.equal(0);
    expect(ow.connector.cardsTo(conversationId)).to.have.length(1);
  });
});
