import { expect } from 'chai';
import type { Document } from 'mongodb';
import { createRepositories } from '../../data/repositories.js';
import { AppError, isAppError } from '../../services/errors.js';
import { StreamRepository, type StreamDefinition } from '../../services/streams.js';
import { createWorld, TENANT_A, type World } from '../support/world.js';

interface Door extends Document {
  open: boolean;
  changes: number;
}

const doorStream: StreamDefinition<Door> = {
  type: 'door',
  initial: () => ({ open: false, changes: 0 }),
  apply: (state, event) => ({ open: event.type === 'door.opened', changes: state.changes + 1 }),
};

const event = (type: string) => ({
  type,
  at: new Date(),
  actor: { kind: 'system' as const, id: 'system' },
  data: {},
});

/** Opens the door: "no change" when it is open already. Answers the changes so far. */
const open = (stream: StreamRepository<Door>) =>
  stream.execute<number>(TENANT_A, 'front', ({ state }) =>
    state.open
      ? { noChange: state.changes }
      : { append: event('door.opened'), answer: (_event, next) => next.changes },
  );

/** Closes the door: refused when it is closed already. Answers the changes so far. */
const close = (stream: StreamRepository<Door>) =>
  stream.execute<number>(TENANT_A, 'front', ({ state }) => {
    if (!state.open) throw new AppError('relationship_not_active');
    return { append: event('door.closed'), answer: (_event, next) => next.changes };
  });

/** Every feed position written for the door, committed or lost. */
async function feedPositions(world: World): Promise<number> {
  return world.database.db
    .collection('tenant_feed')
    .countDocuments({ tenantId: TENANT_A, streamType: 'door' });
}

/**
 * A write decides first from the snapshot its process keeps, without looking for events past it.
 * Another instance's write since must still be seen: by the lost insert when the decision
 * appends, by a load before any refusal or "no change" is answered.
 */
describe('stream writes decided from the kept state', () => {
  let world: World;
  let here: StreamRepository<Door>;
  let there: StreamRepository<Door>;
  beforeEach(async () => {
    world = await createWorld();
    here = new StreamRepository<Door>(world.repos, 'doors', doorStream);
    there = new StreamRepository<Door>(
      createRepositories(world.database.db, world.database.scanDb),
      'doors',
      doorStream,
    );
  });
  afterEach(async () => world.close());

  it("appends after another instance's events, not over them; the lost feed entry is skipped", async () => {
    expect(await open(here)).to.equal(1);
    expect(await close(there)).to.equal(2);
    expect(await open(there)).to.equal(3);
    // Here still keeps "open after 1 change": its close loses the insert at 2 and decides again.
    expect(await close(here)).to.equal(4);
    expect((await there.load(TENANT_A, 'front')).state).to.deep.equal({ open: false, changes: 4 });

    const { entries } = await world.repos.feed.readAfter(TENANT_A, 0, 100);
    const doors = entries.filter((entry) => entry.streamType === 'door');
    expect(doors.map((entry) => entry.event.seq)).to.deep.equal([1, 2, 3, 4]);
    expect(await feedPositions(world), 'one lost entry: the decision from the kept state').to.equal(5);

    // The stream is contended now: this process decides from a load, so the opening it would
    // append from its kept state ("closed after 4") is not written and lost; it is no change.
    expect(await open(there)).to.equal(5);
    expect(await open(here)).to.equal(5);
    expect(await feedPositions(world), 'no second lost entry').to.equal(6);
  });

  it('marks the stream for every writer of this process, not only the one that lost', async () => {
    // Two writers of one stream type in one process (as the relationship service and its
    // transactions) share the kept snapshots.
    const also = new StreamRepository<Door>(world.repos, 'doors', doorStream);
    expect(await open(here)).to.equal(1);
    expect(await close(there)).to.equal(2);
    expect(await open(there)).to.equal(3);
    expect(await close(here)).to.equal(4);
    expect(await feedPositions(world)).to.equal(5);
    expect(await open(there)).to.equal(5);
    // The other writer keeps "closed after 4" too, and would append an opening at 5 and lose
    // it; its decision comes from a load as well: no change, and no second lost entry.
    expect(await open(also)).to.equal(5);
    expect(await feedPositions(world)).to.equal(6);
  });

  it('answers no change only from a load: opens a door another instance closed since', async () => {
    expect(await open(here)).to.equal(1);
    expect(await close(there)).to.equal(2);
    // Here keeps "open": that would be "no change", but the door is closed.
    expect(await open(here)).to.equal(3);
    expect((await there.load(TENANT_A, 'front')).state.open).to.equal(true);
    expect(await feedPositions(world), 'no entry lost: the load decided').to.equal(3);
  });

  it('refuses only from a load: closes a door another instance opened since', async () => {
    expect(await open(here)).to.equal(1);
    expect(await close(here)).to.equal(2);
    expect(await open(there)).to.equal(3);
    // Here keeps "closed": that would be refused, but the door is open.
    expect(await close(here)).to.equal(4);
    // And a refusal that stands after the load is still answered.
    const refused = await close(here).catch((error: unknown) => error);
    expect(isAppError(refused) && refused.code).to.equal('relationship_not_active');
  });
});
