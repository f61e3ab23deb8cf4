import { expect } from 'chai';
import { monitored } from '../../bench/turns/monitoring.js';
import { eventId } from '../../data/events/event.js';
import type { AuditPage } from '../../services/audit/audit-service.js';
import { onlyIdLookups, readsOf } from '../support/command-filters.js';
import { createWorld, refusal, TENANT_A, type World } from '../support/world.js';

/**
 * The audit trail reads the provider's feed (or one record's stream) backwards by `_id`: a page
 * costs the same at any length of the trail. Before, each page was a sorted scan of every event
 * of every provider (8.8 s a page at 50,000 relationships on the local store).
 */
describe('audit trail: pages by primary key, newest first', () => {
  let world: World;
  beforeEach(async () => (world = await createWorld({ uri: monitored(process.env.MONGODB_URI ?? '') })));
  afterEach(async () => world.close());

  const note = (i: number, stream = `n${i}`, seq = 1) =>
    world.repos.log.commit('note', stream, seq, {
      tenantId: TENANT_A,
      type: 'note.added',
      at: world.clock.now(),
      actor: { kind: 'agent', id: world.admin.agentId },
      data: { i },
    });
  const notes = async (from: number, to: number) => {
    for (let i = from; i < to; i++) await note(i);
  };
  const page = (input: Record<string, unknown> = {}) => world.services.audit.page(world.admin, input);
  const allPages = async (input: Record<string, unknown>) => {
    const pages: AuditPage[] = [await page(input)];
    while (pages.at(-1)?.cursor) pages.push(await page({ ...input, cursor: pages.at(-1)?.cursor }));
    return pages;
  };
  const noteNumbers = (pages: AuditPage[]) =>
    pages.flatMap((p) => p.entries.filter((e) => e.type === 'note.added').map((e) => e.details.i));

  it('in the order the changes were written, every entry once, with the same `_id` lookups at 40 and at 400 entries', async () => {
    await notes(0, 40);
    await page({ limit: 10 }); // this process learns the feed's head once
    const small = readsOf(world.database, '');
    const first = await page({ limit: 10 });
    const smallReads = small.length;
    expect(onlyIdLookups(small), JSON.stringify(small)).to.equal(true);

    await notes(40, 400);
    await page({ limit: 10 });
    const large = readsOf(world.database, '');
    const newest = await page({ limit: 10 });
    expect(onlyIdLookups(large), JSON.stringify(large)).to.equal(true);
    expect(large.length).to.equal(smallReads);
    expect(first.entries.map((e) => e.details.i)).to.deep.equal([39, 38, 37, 36, 35, 34, 33, 32, 31, 30]);
    expect(newest.entries.map((e) => e.details.i)).to.deep.equal([
      399, 398, 397, 396, 395, 394, 393, 392, 391, 390,
    ]);

    const pages = await allPages({ limit: 25 });
    expect(noteNumbers(pages)).to.deep.equal(Array.from({ length: 400 }, (_, k) => 399 - k));
    const ids = pages.flatMap((p) => p.entries.map((e) => e.id));
    expect(new Set(ids).size).to.equal(ids.length);
    // The set-up's role changes come after the notes: every event of the provider, and no page empty.
    expect(ids.length).to.equal(
      await world.database.db.collection('events').countDocuments({ tenantId: TENANT_A }),
    );
    expect(pages.every((p) => p.entries.length > 0)).to.equal(true);
  });

  it('leaves out an entry whose event is not written (in flight, or its writer died) or lost its race', async () => {
    await notes(0, 3);
    // A writer between its feed entry and its event.
    await world.repos.feed.append({
      tenantId: TENANT_A,
      eventId: eventId(TENANT_A, 'note:in-flight', 1),
      stream: 'note:in-flight',
      streamType: 'note',
      type: 'note.added',
      at: world.clock.now(),
    });
    // A writer that lost stream position n1:2 to another: its entry names an event of another entry.
    await note(3, 'n1', 2);
    await world.repos.feed.append({
      tenantId: TENANT_A,
      eventId: eventId(TENANT_A, 'note:n1', 2),
      stream: 'note:n1',
      streamType: 'note',
      type: 'note.added',
      at: world.clock.now(),
    });
    await note(4);
    const pages = await allPages({ limit: 2 });
    expect(noteNumbers(pages)).to.deep.equal([4, 3, 2, 1, 0]);
  });

  it('shows an event of an older version (no feed number) and leaves out a voided position; a cursor past the end starts at the newest', async () => {
    await notes(0, 2);
    // Written as before events carried their feed number: the entry, then the event without it.
    const legacy = await world.repos.feed.append({
      tenantId: TENANT_A,
      eventId: eventId(TENANT_A, 'note:legacy', 1),
      stream: 'note:legacy',
      streamType: 'note',
      type: 'note.added',
      at: world.clock.now(),
    });
    await world.repos.events.append('note', 'legacy', 1, {
      tenantId: TENANT_A,
      type: 'note.added',
      at: world.clock.now(),
      actor: { kind: 'agent', id: world.admin.agentId },
      data: { i: 2 },
    });
    expect(legacy.seq).to.be.greaterThan(0);
    // A writer that died between its entry and its event, its position voided by a follower.
    const dead = await world.repos.feed.append({
      tenantId: TENANT_A,
      eventId: eventId(TENANT_A, 'note:dead', 1),
      stream: 'note:dead',
      streamType: 'note',
      type: 'note.added',
      at: world.clock.now(),
    });
    await world.repos.events.fillVoid(
      { ...dead, eventId: eventId(TENANT_A, 'note:dead', 1) },
      world.clock.now(),
    );
    await note(3);
    expect(noteNumbers(await allPages({ limit: 2 }))).to.deep.equal([3, 2, 1, 0]);
    // A cursor far past the head (typed into a card's data) reads from the newest, at once.
    const far = Buffer.from(JSON.stringify({ feed: 1_000_000_000 })).toString('base64url');
    expect((await page({ limit: 2, cursor: far })).entries.map((e) => e.details.i)).to.deep.equal([3, 2]);
    const farOnRecord = Buffer.from(JSON.stringify({ stream: 1_000_000_000 })).toString('base64url');
    expect(
      (await page({ limit: 2, subject: 'note:n3', cursor: farOnRecord })).entries.map((e) => e.details.i),
    ).to.deep.equal([3]);
  });

  it('one record’s trail by its stream: void positions left out, and cursors of either kind refused on the other', async () => {
    await note(0, 'shared', 1);
    await note(1, 'shared', 2);
    await world.repos.events.fillVoid(
      {
        eventId: eventId(TENANT_A, 'note:shared', 3),
        tenantId: TENANT_A,
        stream: 'note:shared',
        streamType: 'note',
      },
      world.clock.now(),
    );
    await note(2, 'shared', 4);
    await note(3, 'other', 1);
    const pages = await allPages({ limit: 1, subject: 'note:shared' });
    expect(noteNumbers(pages)).to.deep.equal([2, 1, 0]);
    expect(pages).to.have.length(3);

    const providerCursor = (await page({ limit: 1 })).cursor;
    const recordCursor = pages[0]?.cursor;
    expect((await refusal(page({ subject: 'note:shared', cursor: providerCursor }))).code).to.equal(
      'invalid_input',
    );
    expect((await refusal(page({ cursor: recordCursor }))).code).to.equal('invalid_input');
  });

  it('a cursor from a card of an earlier version (the time and id of the last entry shown) continues below that entry', async () => {
    await notes(0, 6);
    const shown = (await page({ limit: 3 })).entries.at(-1)!;
    const legacy = Buffer.from(JSON.stringify({ at: shown.at.toISOString(), id: shown.id })).toString(
      'base64url',
    );
    expect((await page({ limit: 2, cursor: legacy })).entries.map((e) => e.details.i)).to.deep.equal([2, 1]);
    const onRecord = (await page({ limit: 1, subject: 'note:n4' })).entries[0]!;
    const legacyOnRecord = Buffer.from(
      JSON.stringify({ at: onRecord.at.toISOString(), id: onRecord.id }),
    ).toString('base64url');
    expect((await page({ subject: 'note:n4', cursor: legacyOnRecord })).entries).to.deep.equal([]);
    const unknown = Buffer.from(
      JSON.stringify({ at: shown.at.toISOString(), id: 'tenant-a:note:gone:00000001' }),
    ).toString('base64url');
    expect((await refusal(page({ cursor: unknown }))).code).to.equal('invalid_input');
  });
});
