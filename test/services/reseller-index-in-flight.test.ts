import { expect } from 'chai';
import { eventId, streamKey } from '../../data/events/event.js';
import { RELATIONSHIP_EVENTS } from '../../services/relationships/relationship-stream.js';
import { activateContoso, createWorld, RESELLERS, TENANT_A, type World } from '../support/world.js';

/**
 * The resellers index loads by a scan of the read model and then follows the feed from the
 * position it took first. A writer whose feed entry exists but whose change is not stored yet
 * (in flight) when the scan runs must still reach the index: the load starts below it.
 */
describe('resellers index: a change in flight while the index loads', () => {
  let world: World;
  beforeEach(async () => {
    world = await createWorld();
    await activateContoso(world);
  });
  afterEach(async () => world.close());

  it('shows a removal whose writer had written its feed entry, not yet its event, when the list first loaded', async () => {
    const partnerId = RESELLERS.ready.partnerId;
    const stream = streamKey('relationship', partnerId);
    const seq = (await world.repos.events.readAfter(TENANT_A, 'relationship', partnerId, 0)).length + 1;
    const removal = {
      tenantId: TENANT_A,
      type: RELATIONSHIP_EVENTS.removed,
      at: world.clock.now(),
      actor: { kind: 'agent' as const, id: world.admin.agentId },
      data: { partnerId },
    };
    // The writer's first insert (see EventLog): the entry, its event still to come.
    const entry = await world.repos.feed.append({
      tenantId: TENANT_A,
      eventId: eventId(TENANT_A, stream, seq),
      stream,
      streamType: 'relationship',
      type: removal.type,
      at: removal.at,
    });
    // Another instance lists for the first time: its index loads now.
    const other = world.withSecondInstance();
    const before = await other.relationships.listResellers(world.admin);
    expect(before.rows.map((row) => row.partnerId)).to.deep.equal([partnerId]);

    await world.repos.events.append('relationship', partnerId, seq, removal, entry.seq);
    const after = await other.relationships.listResellers(world.admin);
    expect(after.rows.map((row) => row.partnerId)).to.deep.equal([]);
    expect(after.total).to.equal(0);
  });
});
