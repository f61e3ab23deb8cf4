import { expect } from 'chai';
import { addRelationships } from '../../bench/turns/dataset.js';
import { monitored } from '../../bench/turns/monitoring.js';
import { FunnelLog } from '../../services/relationships/channel-funnel.js';
import { readsOf } from '../support/command-filters.js';
import { CHANNEL_EXPECTED, CHANNEL_RESELLERS, seedChannel } from '../support/channel-data.js';
import { createWorld, newKey, TENANT_A, tokenOf, type World } from '../support/world.js';

/**
 * The resellers tab reads its rows from the resellers index and its funnel from a log kept beside
 * it, both in memory and caught up with the feed: after a provider's first view, a view reads
 * neither the relationships nor the events (before: a scan of each, 27 s a view at 50,000
 * relationships on the local store).
 */
describe('channel overview: from memory, caught up with the feed', () => {
  let world: World;
  beforeEach(async () => {
    world = await createWorld({ uri: monitored(process.env.MONGODB_URI ?? '') });
    await seedChannel(world);
  });
  afterEach(async () => world.close());

  /** Reads of the relationships or the events by anything but one `_id` (a scan on the local store). */
  const scansOf = (reads: { collection: string; command: string; filter: object }[]) =>
    reads.filter(
      (read) =>
        (read.collection === 'relationships' || read.collection === 'events') &&
        !(read.command === 'find' && Object.keys(read.filter).join() === '_id'),
    );

  it('reads neither relationships nor events after the first view, with the same commands at 7 and at 307 relationships', async () => {
    // A new actor object per view, as the bot makes one per turn (no answer kept between views).
    const view = () => world.services.channel.overview({ ...world.admin });
    await view();
    const small = readsOf(world.database, '');
    const seen = await view();
    const smallReads = small.length;
    expect(scansOf(small)).to.deep.equal([]);
    expect(seen.relationships).to.have.length(CHANNEL_EXPECTED.relationships);

    const head = await world.repos.feed.head(TENANT_A);
    await addRelationships(
      world.database.db,
      { tenantId: TENANT_A, partnerId: '9000001', base: 3_000_000 },
      0,
      300,
      head,
    );
    const grown = await view(); // catches up with 300 changes
    expect(grown.relationships).to.have.length(CHANNEL_EXPECTED.relationships + 300);
    const large = readsOf(world.database, '');
    await view();
    expect(scansOf(large)).to.deep.equal([]);
    expect(large.length).to.equal(smallReads);
  });

  it('shows another instance’s request and its acceptance at the next view, in the rows and the funnel', async () => {
    const first = await world.services.channel.overview(world.admin);
    const other = world.withSecondInstance();
    await world.directory.upsert([
      {
        partnerId: '1000016',
        name: 'Zava Cloud',
        country: 'CN',
        enrolledAsIndirectReseller: true,
        mpaStatus: 'active',
      },
    ]);
    const request = await other.relationships.requestRelationship(
      world.admin,
      { resellerEmail: 'owner@zava.example', partnerId: '1000016' },
      newKey(),
    );
    const requested = await world.services.channel.overview(world.admin);
    expect(requested.funnel.sent).to.equal(first.funnel.sent + 1);
    expect(requested.funnel.pending).to.equal(first.funnel.pending + 1);
    expect(requested.pending.map((row) => row.partnerId)).to.include('1000016');

    world.clock.advanceDays(1);
    await other.invitations.accept({
      token: tokenOf(request.draft!.link),
      user: { userId: 'user@zava', entraTenantId: 'tenant-zava', email: 'it@zava.example' },
    });
    const accepted = await world.services.channel.overview(world.admin);
    expect(accepted.funnel).to.deep.include({
      sent: first.funnel.sent + 1,
      accepted: first.funnel.accepted + 1,
      pending: first.funnel.pending,
    });
    expect(accepted.relationships.find((row) => row.partnerId === '1000016')?.status).to.equal('active');
    // Ended ones keep their place and since when: Litware expired, Proseware cancelled.
    const byId = new Map(accepted.relationships.map((row) => [row.partnerId, row]));
    expect(byId.get(CHANNEL_RESELLERS.litware.partnerId)?.status).to.equal('expired');
    // Proseware's request was cancelled 14 days before the seed's end (the accept moved 1 more).
    expect(byId.get(CHANNEL_RESELLERS.proseware.partnerId)?.since?.getTime()).to.equal(
      world.clock.now().getTime() - 15 * 86_400_000,
    );
  });

  it('counts an event once when the first scan and the feed both hand it over', () => {
    const log = new FunnelLog();
    const at = new Date('2026-11-01T00:00:00Z');
    const requested = { _id: 'e1', type: 'relationship.requested', at, data: { invitationId: 'i1' } };
    log.add(requested);
    log.add({ ...requested });
    log.add({
      _id: 'e2',
      type: 'relationship.accepted',
      at: new Date(at.getTime() + 60_000),
      data: { invitationId: 'i1' },
    });
    log.add({ _id: 'e3', type: 'relationship.removed', at, data: { invitationId: 'i1' } });
    expect(log.size).to.equal(2);
    expect(log.funnel(new Date(at.getTime() - 1), new Date(at.getTime() + 120_000))).to.deep.include({
      sent: 1,
      accepted: 1,
      pending: 0,
      medianMsToAccept: 60_000,
    });
    // The window moves on: what falls out of it is dropped.
    expect(log.funnel(new Date(at.getTime() + 1), new Date(at.getTime() + 120_000)).sent).to.equal(0);
    expect(log.size).to.equal(1);
  });
});
