import { expect } from 'chai';
import type { Document } from 'mongodb';
import { createRepositories } from '../../data/repositories.js';
import { StreamRepository, type StreamDefinition } from '../../services/streams.js';
import { createWorld, TENANT_A, type World } from '../support/world.js';

interface Tally extends Document {
  count: number;
}

const tallyStream: StreamDefinition<Tally> = {
  type: 'tally',
  initial: () => ({ count: 0 }),
  apply: (state) => ({ count: state.count + 1 }),
};

const increment = (stream: StreamRepository<Tally>) =>
  stream.execute<number>(TENANT_A, 'one', () => ({
    append: {
      type: 'tally.incremented',
      at: new Date(),
      actor: { kind: 'system', id: 'system' },
      data: {},
    },
    answer: (_event, next) => next.count,
  }));

/**
 * Writers of one stream in one process take turns instead of racing each other's insert; across
 * instances the unique insert still decides.
 */
describe('stream writers in one process', () => {
  let world: World;
  beforeEach(async () => (world = await createWorld()));
  afterEach(async () => world.close());

  it('lets 40 concurrent writers of one stream all succeed, in order, with no lost feed entry', async () => {
    const stream = new StreamRepository<Tally>(world.repos, 'tallies', tallyStream);
    // Without the turns, 40 racing writers each lose up to 39 rounds (20 attempts at most).
    const answers = await Promise.all(Array.from({ length: 40 }, () => increment(stream)));
    expect([...answers].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 40 }, (_, i) => i + 1));
    const feed = await world.repos.feed.readAfter(TENANT_A, 0, 10_000);
    const tallies = feed.entries.filter((entry) => entry.streamType === 'tally');
    expect(tallies, 'one feed entry per event: no append lost its race').to.have.length(40);
  });

  it('does not make a write that writes its own stream again wait for itself', async () => {
    const stream = new StreamRepository<Tally>(world.repos, 'tallies', tallyStream);
    const nested = await stream.execute<number>(TENANT_A, 'one', async () => ({
      noChange: await increment(stream),
    }));
    expect(nested).to.equal(1);
  });

  it('still decides a race between two instances by the insert', async () => {
    const here = new StreamRepository<Tally>(world.repos, 'tallies', tallyStream);
    const there = new StreamRepository<Tally>(
      createRepositories(world.database.db, world.database.scanDb),
      'tallies',
      tallyStream,
    );
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => increment(i % 2 === 0 ? here : there)),
    );
    expect([...answers].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 10 }, (_, i) => i + 1));
    expect((await here.load(TENANT_A, 'one')).state.count).to.equal(10);
  });

  it('makes work a turn started, and that outlives it, wait for turns like any other caller', async () => {
    const stream = new StreamRepository<Tally>(world.repos, 'tallies', tallyStream);
    const order: string[] = [];
    let later: Promise<unknown> = Promise.resolve();
    await Promise.all([
      stream.execute(TENANT_A, 'one', () => {
        // A timer set inside the turn (as the resellers index schedules its follow of the feed).
        later = new Promise((resolve) => {
          setTimeout(() => {
            resolve(
              stream.execute(TENANT_A, 'one', () => {
                order.push('timer');
                return { noChange: 0 };
              }),
            );
          }, 20);
        });
        return { noChange: 0 };
      }),
      stream.execute(TENANT_A, 'one', async () => {
        await new Promise((resolve) => setTimeout(resolve, 150));
        order.push('next writer');
        return { noChange: 0 };
      }),
    ]);
    await later;
    expect(order).to.deep.equal(['next writer', 'timer']);
  });

  it('stores a state found behind its events in the stream’s turn, never over a newer writer’s', async () => {
    // What the stream keeps beside its read model (as the due documents), recorded here; its
    // first write (the load's repair) is held until the writer has had its chance to run.
    const written: number[] = [];
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let first = true;
    const stream = new StreamRepository<Tally>(world.repos, 'tallies', tallyStream, {
      key: (state) => String(state.count),
      write: async (_tenant, _stream, state) => {
        if (first) {
          first = false;
          await held;
        }
        written.push(state.count);
      },
      clear: async () => undefined,
    });
    // An event whose writer died before storing the read model: the next load is behind.
    const appended = await world.repos.log.commit('tally', 'one', 1, {
      tenantId: TENANT_A,
      type: 'tally.incremented',
      at: new Date(),
      actor: { kind: 'system', id: 'system' },
      data: {},
    });
    expect(appended.appended).to.equal(true);

    const load = stream.load(TENANT_A, 'one');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const writer = increment(stream);
    // Outside the turn the writer would finish now, and the load's late write would land last.
    await Promise.race([writer, new Promise((resolve) => setTimeout(resolve, 300))]);
    release();
    expect((await load).state.count).to.equal(1);
    expect(await writer).to.equal(2);
    expect(written).to.deep.equal([1, 2]);
    expect((await stream.load(TENANT_A, 'one', { fresh: true })).state.count).to.equal(2);
  });
});
