import { expect } from 'chai';
import { EventStore } from '../../data/events/event-store.js';
import { IN_FLIGHT_GRACE_MS, TenantFeed } from '../../data/feed/tenant-feed.js';
import { createRepositories } from '../../data/repositories.js';
import { FeedFollower } from '../../services/feed-follower.js';
import { RELATIONSHIP_EVENTS } from '../../services/relationships/relationship-stream.js';
import { createWorld, newKey, RESELLERS, TENANT_A, type World } from '../support/world.js';

/** The feed is written before each event: whatever a crash cuts, readers never miss a committed event. */
describe('tenant feed', () => {
  let world: World;
  let wallNow: number;
  let feed: TenantFeed;
  beforeEach(async () => {
    world = await createWorld();
    wallNow = Date.now();
    feed = new TenantFeed(world.database.db, new EventStore(world.database.db), () => wallNow);
  });
  afterEach(async () => world.close());

  const request = (partnerId = RESELLERS.ready.partnerId) =>
    world.services.relationships.requestRelationship(
      world.admin,
      { resellerEmail: 'owner@contoso.example', partnerId },
      newKey(),
    );

  /** What a writer that died between its two inserts leaves: a feed entry without its event. */
  async function entryWithoutEvent(seq: number) {
    return world.repos.feed.append({
      tenantId: TENANT_A,
      eventId: `${TENANT_A}:relationship:${RESELLERS.ready.partnerId}:${String(seq).padStart(8, '0')}`,
      stream: `relationship:${RESELLERS.ready.partnerId}`,
      streamType: 'relationship',
      type: RELATIONSHIP_EVENTS.accepted,
      at: world.clock.now(),
    });
  }

  it('puts its settled head below the entries written in the last minute', async () => {
    const entry = (n: number) =>
      feed.append({
        tenantId: 'tenant-settle',
        eventId: `tenant-settle:note:${n}:00000001`,
        stream: `note:${n}`,
        streamType: 'note',
        type: 'note.added',
        at: new Date(wallNow),
      });
    expect(await feed.settledHead('tenant-settle')).to.equal(0);
    for (let n = 1; n <= 20; n++) await entry(n);
    wallNow += 61_000;
    expect(await feed.settledHead('tenant-settle')).to.equal(20);
    for (let n = 21; n <= 30; n++) await entry(n);
    expect(await feed.settledHead('tenant-settle')).to.equal(20);
    wallNow += 61_000;
    expect(await feed.settledHead('tenant-settle')).to.equal(30);
  });

  it('answers each committed event once, in order, with the event', async () => {
    await request();
    await request(RESELLERS.second.partnerId);
    const { entries } = await feed.readAfter(TENANT_A, 0);
    const relationshipEntries = entries.filter((e) => e.streamType === 'relationship');
    expect(relationshipEntries.map((e) => [e.stream, e.event.type])).to.deep.equal([
      [`relationship:${RESELLERS.ready.partnerId}`, RELATIONSHIP_EVENTS.requested],
      [`relationship:${RESELLERS.second.partnerId}`, RELATIONSHIP_EVENTS.requested],
    ]);
    expect(entries.map((e) => e.seq)).to.deep.equal([...entries.keys()].map((i) => i + 1));
    expect(entries.every((e) => e.event.feedSeq === e.seq)).to.equal(true);
  });

  it('stops before an entry whose writer is in flight, and voids it once that writer is surely gone', async () => {
    await request();
    const dangling = await entryWithoutEvent(2);
    await request(RESELLERS.second.partnerId);
    const { entries: before } = await feed.readAfter(TENANT_A, 0);
    expect(before.map((e) => e.seq)).to.not.include(dangling.seq);
    expect(before.every((e) => e.seq < dangling.seq)).to.equal(true);

    wallNow = Date.now() + IN_FLIGHT_GRACE_MS + 1;
    const { entries: after } = await feed.readAfter(TENANT_A, 0);
    expect(after.map((e) => e.stream)).to.include(`relationship:${RESELLERS.second.partnerId}`);
    expect(after.map((e) => e.seq)).to.not.include(dangling.seq);

    // The voided position is skipped by the fold and the audit trail; the stream goes on after it.
    const view = await world.services.relationships.getRelationship(world.admin, RESELLERS.ready.partnerId);
    expect(view.status).to.equal('pending');
    await world.services.relationships.cancelRequest(
      world.admin,
      { partnerId: RESELLERS.ready.partnerId },
      newKey(),
    );
    const audit = await world.services.audit.page(world.admin, {
      subject: `relationship:${RESELLERS.ready.partnerId}`,
    });
    expect(audit.entries.map((e) => e.type)).to.deep.equal([
      RELATIONSHIP_EVENTS.cancelled,
      RELATIONSHIP_EVENTS.requested,
    ]);
    const events = await world.repos.events.readAfter(TENANT_A, 'relationship', RESELLERS.ready.partnerId, 0);
    expect(events.map((e) => e.type)).to.deep.equal([
      RELATIONSHIP_EVENTS.requested,
      'void',
      RELATIONSHIP_EVENTS.cancelled,
    ]);
  });

  it("skips an entry whose event lost its race: the winner's own entry stands for it", async () => {
    await request();
    // A writer takes feed entry 2 for sequence 2, then loses the event insert to another writer.
    const loser = await entryWithoutEvent(2);
    await world.services.relationships.cancelRequest(
      world.admin,
      { partnerId: RESELLERS.ready.partnerId },
      newKey(),
    );
    const { entries } = await feed.readAfter(TENANT_A, 0);
    const stream = entries.filter((e) => e.stream === `relationship:${RESELLERS.ready.partnerId}`);
    expect(stream.map((e) => e.event.type)).to.deep.equal([
      RELATIONSHIP_EVENTS.requested,
      RELATIONSHIP_EVENTS.cancelled,
    ]);
    expect(stream.map((e) => e.seq)).to.not.include(loser.seq);
  });

  it('settles a lost entry at the tail once: readers and followers move past it', async () => {
    await request();
    await world.services.relationships.cancelRequest(
      world.admin,
      { partnerId: RESELLERS.ready.partnerId },
      newKey(),
    );
    // A writer that lost sequence 2 of the stream to the cancel leaves its entry last in the feed.
    const loser = await entryWithoutEvent(2);
    const first = await feed.readAfter(TENANT_A, 0);
    expect(first.scannedTo).to.equal(loser.seq);
    expect(first.entries.map((e) => e.seq)).to.not.include(loser.seq);
    expect(first.entries.map((e) => e.event.type)).to.include(RELATIONSHIP_EVENTS.cancelled);
    expect(await feed.readAfter(TENANT_A, loser.seq)).to.deep.equal({ entries: [], scannedTo: loser.seq });
    // At most `limit` positions per read: the reader goes on from where it stopped.
    const short = await feed.readAfter(TENANT_A, 0, 1);
    expect(short.scannedTo).to.equal(1);
    expect(short.entries.map((e) => e.seq)).to.deep.equal([1]);

    const seen: number[][] = [];
    const readsFrom: number[] = [];
    const repos = createRepositories(world.database.db);
    const readAfter = repos.feed.readAfter.bind(repos.feed);
    repos.feed.readAfter = (tenantId: string, afterSeq: number, limit?: number) => {
      readsFrom.push(afterSeq);
      return readAfter(tenantId, afterSeq, limit);
    };
    const follower = new FeedFollower(repos, world.clock, 'test-follower', async (_tenant, entries) => {
      seen.push(entries.map((e) => e.seq));
    });
    expect(await follower.catchUp(TENANT_A)).to.equal(first.entries.length);
    expect(await repos.checkpoints.get('test-follower', TENANT_A)).to.equal(loser.seq);
    readsFrom.length = 0;
    expect(await follower.catchUp(TENANT_A)).to.equal(0);
    expect(readsFrom, 'the next pass starts after the lost entry').to.deep.equal([loser.seq]);
    expect(seen).to.have.length(1);
  });

  it('numbers 30 concurrent appends of one process without a collision, and two instances without a gap', async () => {
    const entry = (n: number) => ({
      tenantId: TENANT_A,
      eventId: `x:${n}`,
      stream: `test:${n}`,
      streamType: 'test',
      type: 'test',
      at: new Date(),
    });
    const one = world.repos.feed;
    const start = await one.head(TENANT_A);
    const written = await Promise.all(Array.from({ length: 30 }, (_, n) => one.append(entry(n))));
    expect(new Set(written.map((e) => e.seq)).size).to.equal(30);
    expect(one.collisions).to.equal(0);

    const other = createRepositories(world.database.db).feed;
    const both = await Promise.all(
      Array.from({ length: 40 }, (_, n) => (n % 2 ? one : other).append(entry(100 + n))),
    );
    const seqs = [...written, ...both].map((e) => e.seq).sort((a, b) => a - b);
    expect(seqs).to.deep.equal(Array.from({ length: 70 }, (_, i) => start + i + 1));
    expect(await other.head(TENANT_A)).to.equal(start + 70);
  });
});
