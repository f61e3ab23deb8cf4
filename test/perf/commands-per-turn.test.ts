import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { playTurn } from '../../bench/turns/channel.js';
import { FakeConnector } from '../../bench/turns/connector.js';
import { addProvider, addRelationships, type BenchProvider } from '../../bench/turns/dataset.js';
import { CommandCounter, commandsBetween, monitored, WaitDepth } from '../../bench/turns/monitoring.js';
import { FREE_RESELLER_BASE, SCENARIOS, seat } from '../../bench/turns/scenarios.js';
import { startServer } from '../../bot/server.js';
import { connectDatabase, type Database } from '../../data/database.js';
import { ensureSchema } from '../../data/indexes.js';
import { LocalCommerce } from '../../data/local-partner/local-commerce.js';
import { LocalPartnerDirectory } from '../../data/local-partner/local-directory.js';
import { createRepositories } from '../../data/repositories.js';
import { systemClock } from '../../services/clock.js';
import { loadConfig } from '../../services/config.js';
import { createServices } from '../../services/index.js';
import { createLogger } from '../../services/logger.js';

/**
 * Database commands per turn, counted by the driver's command monitoring, must not grow with
 * the data: each scenario costs the same number of commands at both sizes.
 *
 * UPPER_BOUNDS are exactly the counts observed on 2026-12-03 (the same at both sizes), with
 * every `_id` lookup an index probe on the local store. Every turn reads the caller once (the
 * provider, the caller's agent stream: the look for events past its snapshot, which the process
 * keeps in memory), however many checks the services make (`CallerMemo`), and the locale
 * preference; the conversation reference is written only when it changed. Writes add the
 * idempotency claim, the feed entry, the event, the snapshot, and the relationship's due
 * document when what is due changed (a request becomes pending, a transaction opens or ends).
 * A write decides from the stream's snapshot kept in memory, without the look past it (a stale
 * decision loses its insert and is taken again). The reseller of record costs the most: its
 * transaction is ordered against the relationship (intent, outcome) and against the subscription
 * (change started, change recorded), 4 appends.
 * Before: help 4 → 3 (the per-turn caller load) → 2 (snapshots kept in memory), resellers
 * 8 → 5 → 4, search 8 → 5 → 4, picker 18 → 6 → 5, next page 6 → 4 → 3, request 14 → 14 → 12
 * → 11, cancel 10 → 10 → 9 → 8, reseller of record 35 → 32 → 28 → 24 (the last step: writes
 * decided from the kept snapshot), typeahead 8 → 5 → 4.
 */
const UPPER_BOUNDS: Record<string, number> = {
  help: 2,
  resellers: 4,
  search: 4,
  picker: 5,
  'next page': 3,
  request: 11,
  cancel: 8,
  'reseller of record': 24,
  typeahead: 4,
};
/**
 * The round trips each turn waits for one after another (reads sent together count once), the
 * fewest seen in three turns (a connection the pool opens meanwhile can delay a command past
 * another's answer). Observed on 2026-12-03: a read turn sends everything it needs at its
 * start (the caller's roles and provider, the language, the index's catch-up), so it waits
 * once, the picker twice (its subscription and customer after the role check). A write waits
 * for each of its writes in turn: they are ordered for crash safety (the feed entry before the
 * event, the due document before the snapshot, the claim's result last). Before: resellers,
 * search and typeahead 3, next page 2, picker 3, request 11, cancel 8, reseller of record 27.
 */
const WAIT_BOUNDS: Record<string, number> = {
  help: 1,
  resellers: 1,
  search: 1,
  picker: 2,
  'next page': 1,
  request: 8,
  cancel: 7,
  'reseller of record': 21,
  typeahead: 1,
};
const SMALL = 60;
const LARGE = 600;

const provider: BenchProvider = { tenantId: 'perf-provider', partnerId: '9100000', base: 2_000_000 };
const you = seat(provider, 0);

/** Each scenario once to warm up (first loads), then once counted; the commands per turn by label. */
async function countTurns(
  database: Database,
  counter: CommandCounter,
  waits: WaitDepth,
): Promise<{ commands: Record<string, number>; waits: Record<string, number> }> {
  const config = loadConfig({
    MONGODB_URI: process.env.MONGODB_URI,
    MONGODB_DB: database.db.databaseName,
    LOG_LEVEL: 'silent',
    // No background work on this client: the outbox and maintenance would add their commands.
    NOTIFY_WORKER: 'off',
  });
  // A fresh service layer per size: nothing cached from the other size.
  const repos = createRepositories(database.db);
  const services = createServices({
    repos,
    clock: systemClock,
    directory: new LocalPartnerDirectory(database.db),
    commerce: new LocalCommerce(database.db),
    settings: { publicBaseUrl: config.PUBLIC_BASE_URL, invitationTtlDays: 14 },
  });
  const running = await startServer({
    config,
    app: { config, database, repos, services, close: async () => undefined },
    logger: createLogger('silent'),
    members: { member: async () => undefined },
    port: 0,
    maintenanceMs: 0,
  });
  const connector = new FakeConnector();
  await connector.start();
  const counts: Record<string, number> = {};
  const depths: Record<string, number> = {};
  try {
    for (const [name, specsOf] of Object.entries(SCENARIOS)) {
      // The first iteration warms up; of the next ones the fewest commands count, since the
      // bot's background work (feed followers, repairs) shares the client and only ever adds.
      for (let iteration = 0; iteration < 4; iteration++) {
        for (const spec of specsOf(you, provider, iteration)) {
          const before = counter.read();
          waits.reset();
          const turn = await playTurn(running.url, connector, you, spec);
          const depth = waits.read();
          expect(turn.outcome, `${name}: ${spec.label}`).to.equal('ok');
          const between = commandsBetween(before, counter.read());
          const used = between.total;
          // PERF_COMMANDS=1 prints what each turn sent, by command and collection.
          if (process.env.PERF_COMMANDS && iteration === 3) console.log(spec.label, used, between.byCommand);
          if (iteration > 0) counts[spec.label] = Math.min(counts[spec.label] ?? used, used);
          if (iteration > 0) depths[spec.label] = Math.min(depths[spec.label] ?? depth, depth);
        }
      }
    }
  } finally {
    await running.stop();
    await connector.stop();
  }
  return { commands: counts, waits: depths };
}

describe('database commands per turn (structure, not time)', function () {
  this.timeout(180_000);
  let database: Database;
  const counter = new CommandCounter();
  const waits = new WaitDepth();

  before(async () => {
    const uri = process.env.MONGODB_URI;
    if (!uri) throw new Error('MONGODB_URI is not set: run the tests through `npm test`');
    database = await connectDatabase(monitored(uri), `test_${randomBytes(6).toString('hex')}`);
    counter.attach(database.client);
    waits.attach(database.client);
    await ensureSchema(database.db);
    const repos = createRepositories(database.db);
    const services = createServices({
      repos,
      clock: systemClock,
      directory: new LocalPartnerDirectory(database.db),
      commerce: new LocalCommerce(database.db),
      settings: { publicBaseUrl: 'http://localhost', invitationTtlDays: 14 },
    });
    await addProvider(database.db, repos, services, provider, [you.userId], 1);
    await new LocalPartnerDirectory(database.db).upsert([
      {
        partnerId: String(FREE_RESELLER_BASE),
        name: 'Free Reseller',
        country: 'CN',
        enrolledAsIndirectReseller: true,
        mpaStatus: 'active',
      },
    ]);
  });
  after(async () => {
    await database.db.dropDatabase();
    await database.close();
  });

  it(`costs each scenario the same commands and waits at ${SMALL} and at ${LARGE} relationships, within today's bounds`, async () => {
    const repos = createRepositories(database.db);
    let head = await addRelationships(
      database.db,
      provider,
      0,
      SMALL,
      await repos.feed.head(provider.tenantId),
    );
    const small = await countTurns(database, counter, waits);
    // The turns wrote to the feed: number the new entries after them.
    const after = await createRepositories(database.db).feed.head(provider.tenantId);
    head = await addRelationships(database.db, provider, SMALL, LARGE, after);
    const large = await countTurns(database, counter, waits);
    expect(head).to.be.greaterThan(LARGE);

    expect(Object.keys(small.commands)).to.have.members(Object.keys(UPPER_BOUNDS));
    expect(large.commands, 'commands per turn at the larger size').to.deep.equal(small.commands);
    for (const [label, bound] of Object.entries(UPPER_BOUNDS)) {
      expect(small.commands[label], `${label}: commands per turn`).to.be.at.most(bound).and.greaterThan(0);
    }
    expect(large.waits, 'round trips waited for in turn, at the larger size').to.deep.equal(small.waits);
    for (const [label, bound] of Object.entries(WAIT_BOUNDS)) {
      expect(small.waits[label], `${label}: round trips waited for in turn`)
        .to.be.at.most(bound)
        .and.greaterThan(0);
    }
  });
});
