import { expect } from 'chai';
import type { Document } from 'mongodb';
import { monitored } from '../../bench/turns/monitoring.js';
import { ConversationStore } from '../../data/conversations/conversation-store.js';
import { onlyIdLookups, readsOf } from '../support/command-filters.js';
import { createWorld, TENANT_A, TENANT_B, type World } from '../support/world.js';

const personal = (
  conversationId: string,
  userId: string,
  serviceUrl = 'https://smba.one/',
  tenantId = TENANT_A,
) => ({
  tenantId,
  conversationId,
  conversationType: 'personal',
  userId,
  reference: { serviceUrl, conversation: { id: conversationId } as never },
});

/** A message writes its conversation reference only when it changed (or is 10 minutes old). */
describe('conversation references', () => {
  let world: World;
  beforeEach(async () => (world = await createWorld({ uri: monitored(process.env.MONGODB_URI ?? '') })));
  afterEach(async () => world.close());

  it('writes a changed reference, and an unchanged one only after 10 minutes', async () => {
    const store = new ConversationStore(world.database.db);
    const stored = () => world.database.db.collection('conversation_references').findOne({});
    const reference = (serviceUrl: string) => ({
      tenantId: TENANT_A,
      conversationId: 'a:1',
      conversationType: 'personal',
      userId: 'agent-admin',
      reference: { serviceUrl, conversation: { id: 'a:1' } as never, activityId: 'message-1' },
    });
    const t0 = new Date('2026-12-02T03:00:00Z');
    await store.save(reference('https://smba.one/'), t0);
    // Another message (its own activity id): nothing to write.
    await store.save(
      {
        ...reference('https://smba.one/'),
        reference: { ...reference('https://smba.one/').reference, activityId: 'message-2' },
      },
      new Date(t0.getTime() + 60_000),
    );
    expect((await stored())?.updatedAt).to.deep.equal(t0);
    const t1 = new Date(t0.getTime() + 120_000);
    await store.save(reference('https://smba.two/'), t1);
    expect(await stored()).to.deep.include({ updatedAt: t1 });
    expect((await stored())?.reference.serviceUrl).to.equal('https://smba.two/');
    const t2 = new Date(t1.getTime() + 10 * 60_000);
    await store.save(reference('https://smba.two/'), t2);
    expect((await stored())?.updatedAt).to.deep.equal(t2);
    expect(await store.tenants()).to.deep.equal([TENANT_A]);
    expect(await store.serviceUrlOf(TENANT_A)).to.equal('https://smba.two/');
  });

  it("finds a person's newest 1:1 chat and a tenant's endpoint with `_id` lookups alone", async () => {
    const store = new ConversationStore(world.database.db, world.database.scanDb);
    const t0 = new Date('2026-12-02T03:00:00Z');
    await store.save(personal('a:old', 'ada'), t0);
    await store.save(personal('a:new', 'ada'), new Date(t0.getTime() + 1_000));
    await store.save(personal('a:bo', 'bo'), t0);
    await store.save(personal('b:ada', 'ada', 'https://smba.b/', TENANT_B), t0);
    await store.save(
      { ...personal('19:channel@thread.tacv2', 'ada'), conversationType: 'channel' },
      new Date(t0.getTime() + 2_000),
    );
    const reads = readsOf(world.database, 'conversation');

    expect((await store.personalChat(TENANT_A, 'ada'))?.conversationId).to.equal('a:new');
    expect((await store.personalChat(TENANT_B, 'ada'))?.conversationId).to.equal('b:ada');
    expect((await store.personalChat(TENANT_A, 'bo'))?.conversationId).to.equal('a:bo');
    expect(await store.serviceUrlOf(TENANT_B)).to.equal('https://smba.b/');
    expect(reads.length).to.be.greaterThan(0);
    expect(onlyIdLookups(reads), JSON.stringify(reads)).to.equal(true);
    // The admins told of a lost sign-in: the tenant's people with a 1:1 chat.
    expect((await store.peopleWithPersonalChat(TENANT_A)).sort()).to.deep.equal(['ada', 'bo']);
    expect((await store.tenants()).sort()).to.deep.equal([TENANT_A, TENANT_B].sort());
  });

  it('finds a chat or an endpoint the directory lacks among the references, and writes it then', async () => {
    const { db } = world.database;
    const store = new ConversationStore(db, world.database.scanDb);
    await store.save(personal('a:ada', 'ada'), new Date('2026-12-02T03:00:00Z'));
    // What an instance of an older version leaves (or a save that failed half-way): the
    // reference, and no directory documents.
    await db.collection('conversation_personal_chats').deleteMany({});
    await db.collection('conversation_tenants').deleteMany({});
    const fresh = new ConversationStore(db, world.database.scanDb);

    expect((await fresh.personalChat(TENANT_A, 'ada'))?.conversationId).to.equal('a:ada');
    expect(await fresh.serviceUrlOf(TENANT_A)).to.equal('https://smba.one/');
    expect(await fresh.personalChat(TENANT_A, 'nobody')).to.equal(undefined);
    expect(await fresh.serviceUrlOf('tenant-unknown')).to.equal(undefined);
    // Written when found: the next lookups are by `_id` alone.
    const reads = readsOf(world.database, 'conversation');
    expect((await fresh.personalChat(TENANT_A, 'ada'))?.conversationId).to.equal('a:ada');
    expect(await fresh.serviceUrlOf(TENANT_A)).to.equal('https://smba.one/');
    expect(onlyIdLookups(reads), JSON.stringify(reads)).to.equal(true);
    // Someone who never wrote to the bot: searched for once, then remembered as missing…
    expect(await fresh.personalChat(TENANT_A, 'nobody')).to.equal(undefined);
    expect(await fresh.serviceUrlOf('tenant-unknown')).to.equal(undefined);
    expect(onlyIdLookups(reads), JSON.stringify(reads)).to.equal(true);
    // …until they write (through any instance: the save writes the directory, read first).
    await store.save(personal('a:nobody', 'nobody', 'https://smba.new/', 'tenant-unknown'), new Date());
    expect(await fresh.serviceUrlOf('tenant-unknown')).to.equal('https://smba.new/');
    expect((await fresh.personalChat('tenant-unknown', 'nobody'))?.conversationId).to.equal('a:nobody');
  });

  it('fills the directory of an older database from its references once, keeping newer documents', async () => {
    const { db } = world.database;
    const references = db.collection<Document & { _id: string }>('conversation_references');
    const at = (minutes: number) => new Date(Date.UTC(2026, 11, 1, 0, minutes));
    const raw = (
      conversationId: string,
      userId: string,
      conversationType: string,
      minutes: number,
      tenantId = TENANT_A,
    ) => ({
      _id: `${tenantId}:${conversationId}`,
      tenantId,
      conversationId,
      conversationType,
      userId,
      reference: { serviceUrl: `https://smba.${tenantId}/`, conversation: { id: conversationId } },
      updatedAt: at(minutes),
    });
    await references.insertMany([
      raw('a:ada-2', 'ada', 'personal', 2),
      raw('a:ada-1', 'ada', 'personal', 1),
      raw('a:bo', 'bo', 'personal', 1),
      raw('19:c@thread.tacv2', 'cy', 'channel', 3),
      raw('b:dee', 'dee', 'personal', 1, TENANT_B),
      // Bo wrote since, to an instance with the directory: that one is newer and stays.
      raw('a:bo-new', 'bo', 'personal', 5),
    ]);
    await db.collection('conversation_personal_chats').insertOne({
      _id: `${TENANT_A}:bo`,
      tenantId: TENANT_A,
      userId: 'bo',
      conversationId: 'a:bo-new',
      updatedAt: at(5),
    } as Document);
    const directory = new ConversationStore(db, world.database.scanDb).directory;
    // Two instances starting at once: what one inserted, the other leaves.
    // One of them the maintenance at start (the bot runs it in the background).
    const [report, second] = await Promise.all([
      world.services.maintenance.runOnce(undefined, { hourly: false, tidyJobs: true }),
      directory.fill(),
    ]);
    const first = report.chatsIndexed;
    expect(first + second, 'each document inserted once').to.equal(4);
    expect(await directory.fill(), 'once per database').to.equal(0);

    const store = new ConversationStore(db);
    expect((await store.personalChat(TENANT_A, 'ada'))?.conversationId).to.equal('a:ada-2');
    expect((await store.personalChat(TENANT_A, 'bo'))?.conversationId).to.equal('a:bo-new');
    expect((await store.personalChat(TENANT_B, 'dee'))?.conversationId).to.equal('b:dee');
    expect(await store.personalChat(TENANT_A, 'cy')).to.equal(undefined);
    expect(await store.serviceUrlOf(TENANT_A)).to.equal(`https://smba.${TENANT_A}/`);
    expect((await store.tenants()).sort()).to.deep.equal([TENANT_A, TENANT_B].sort());
    expect(await db.collection('conversation_personal_chats').countDocuments({})).to.equal(3);
  });
});
