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

  it('moves a delivered job; the same event dispatched again makes no job and sends nothing', async () => {
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
  });

  it('brings a version-3 database forward: its finished jobs move, live ones stay', async () => {
    const { job } = await delivered();
    const db = ow.world.database.db;
    await done().deleteMany({});
    const dead = { ...job, _id: 'd'.repeat(32), status: 'dead' as const };
    const pending = { ...job, _id: 'e'.repeat(32), status: 'pending' as const };
    await live().insertMany([job, dead, pending]);
    await db
      .collection<{ _id: string; version: number }>('meta')
      .updateOne({ _id: 'schema' }, { $set: { version: 3 } });
    await ensureSchema(db);
    await ensureSchema(db);
    expect((await live().find({}).sort({ _id: 1 }).toArray()).map((j) => j.status)).to.deep.equal([
      'dead',
      'pending',
    ]);
    expect(await done().find({}).toArray()).to.deep.equal([job]);
    expect((await ow.world.repos.notifications.stats(new Date())).deadLetters).to.equal(1);
  });
});
