/**
 * End-to-end turn benchmark: a load generator of our own plays the Teams channel and the Bot
 * Connector over HTTP against the real bot (a child process in local mode) on the configured
 * database, and against an echo bot on the same stack as the floor, interleaved block by block.
 *   npm run bench:turns -- [--sizes 0,1000,10000,50000] [--concurrency 1,8,32] [--turns 20]
 *                          [--seconds 5] [--rounds 2] [--scenarios help,typeahead,…]
 * Sizes are relationships added to one provider on top of its 50 demo-size ones (three other
 * providers hold 200 each). Report: printed, and written to bench/results/turns-<time>.json.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { connectDatabase } from '../../data/database.js';
import { ensureSchema } from '../../data/indexes.js';
import { LocalCommerce } from '../../data/local-partner/local-commerce.js';
import { LocalPartnerDirectory } from '../../data/local-partner/local-directory.js';
import { createRepositories } from '../../data/repositories.js';
import { systemClock } from '../../services/clock.js';
import { createServices } from '../../services/index.js';
import { playTurn, type TurnOutcome } from './channel.js';
import { FakeConnector } from './connector.js';
import { addProvider, addRelationships, markFollowed, verifyDataset, type BenchProvider } from './dataset.js';
import { commandsBetween } from './monitoring.js';
import { BotChild } from './processes.js';
import { latency, markdownTable, printCells, round, type Cell } from './report.js';
import { FREE_RESELLER_BASE, SCENARIOS, seat, type Seat } from './scenarios.js';

const { values: flags } = parseArgs({
  options: {
    sizes: { type: 'string', default: '0,1000' },
    concurrency: { type: 'string', default: '1,8' },
    turns: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '2' },
    scenarios: { type: 'string', default: Object.keys(SCENARIOS).join(',') },
  },
});
const numbers = (text: string) => text.split(',').map((v) => Number(v.trim()));
const SIZES = numbers(flags.sizes).sort((a, b) => a - b);
const LEVELS = numbers(flags.concurrency);
const TURNS = Number(flags.turns);
const BLOCK_MS = Number(flags.seconds) * 1000;
const ROUNDS = Number(flags.rounds);
const SCENARIO_NAMES = flags.scenarios.split(',').map((s) => s.trim());
for (const name of SCENARIO_NAMES) if (!SCENARIOS[name]) throw new Error(`unknown scenario ${name}`);
const DEMO_SIZE = 50;
const OTHER_PROVIDER_SIZE = 200;
const MAX_SEATS = Math.max(...LEVELS);

const uri = process.env.MONGODB_URI;
if (!uri) throw new Error('run through npm run bench:turns (it starts the local database)');
const dbName = `bench_turns_${randomBytes(4).toString('hex')}`;
const database = await connectDatabase(uri, dbName);
await ensureSchema(database.db);
const repos = createRepositories(database.db, database.scanDb);
/** A service layer with nothing in memory (as a fresh process has). */
const freshServices = () =>
  createServices({
    repos: createRepositories(database.db, database.scanDb),
    clock: systemClock,
    directory: new LocalPartnerDirectory(database.db),
    commerce: new LocalCommerce(database.db),
    settings: { publicBaseUrl: 'http://localhost', invitationTtlDays: 14 },
  });
const services = freshServices();

const provider: BenchProvider = { tenantId: 'bench-provider', partnerId: '9100000', base: 2_000_000 };
const others: BenchProvider[] = [1, 2, 3].map((n) => ({
  tenantId: `bench-other-${n}`,
  partnerId: String(9_100_000 + n),
  base: 2_000_000 + n * 100_000,
}));
const seats: Seat[] = Array.from({ length: MAX_SEATS }, (_, k) => seat(provider, k));
const setupStart = performance.now();
await addProvider(
  database.db,
  repos,
  services,
  provider,
  seats.map((s) => s.userId),
  MAX_SEATS,
);
await new LocalPartnerDirectory(database.db).upsert(
  seats.map((s) => ({
    partnerId: String(FREE_RESELLER_BASE + s.index),
    name: `Free Reseller ${s.index}`,
    country: 'CN',
    enrolledAsIndirectReseller: true,
    mpaStatus: 'active' as const,
  })),
);
for (const other of others) {
  await addProvider(database.db, repos, services, other, ['bench-admin'], 1);
  await addRelationships(database.db, other, 0, OTHER_PROVIDER_SIZE, await repos.feed.head(other.tenantId));
  await markFollowed(repos, other.tenantId);
}
let written = 0;
let feedHead = 0;
console.log(`bench:turns: set-up ${Math.round(performance.now() - setupStart)} ms (database ${dbName})`);

const connector = new FakeConnector();
await connector.start();
const childEnv = { ...process.env, MONGODB_DB: dbName, LOG_LEVEL: 'warn', PARTNER_BACKEND: 'local' };
const echo = await BotChild.start('echo-bot.ts', childEnv);

/** Runs iterations of a scenario on `concurrency` conversations until enough samples or time is up. */
async function block(url: string, scenario: string, concurrency: number, samples: number, forEcho: boolean) {
  const outcomes: TurnOutcome[] = [];
  const started = performance.now();
  let iteration = 0;
  const worker = async (s: Seat) => {
    while (outcomes.length < samples && performance.now() - started < BLOCK_MS) {
      const specs = SCENARIOS[scenario]?.(s, provider, iteration++) ?? [];
      for (const spec of specs) {
        const played = await playTurn(url, connector, s, forEcho ? { ...spec, expect: undefined } : spec);
        outcomes.push(played);
      }
    }
  };
  await Promise.all(seats.slice(0, concurrency).map(worker));
  return { outcomes, wallMs: performance.now() - started };
}

const cells: Cell[] = [];
const sizes: Record<string, unknown>[] = [];
for (const size of SIZES) {
  const target = DEMO_SIZE + size;
  const writeStart = performance.now();
  // The previous size's turns wrote to the feed: number the new entries after them.
  feedHead = await repos.feed.head(provider.tenantId);
  feedHead = await addRelationships(database.db, provider, written, target, feedHead);
  await markFollowed(repos, provider.tenantId);
  written = target;
  const writeMs = Math.round(performance.now() - writeStart);
  const verifyStart = performance.now();
  // Its first list is a full load of the index in a fresh service layer (a scan of the
  // relationships; an index kept from the previous size would replay the whole written feed).
  await verifyDataset(repos, freshServices(), provider, seats[0]?.userId ?? '', target, feedHead);
  const verifyMs = Math.round(performance.now() - verifyStart);
  // That load stores the index (in the background): a fresh bot starts from the stored copy, as
  // after any restart of a provider that listed before. Wait for the copy that load stores (at
  // most 5 minutes); it stands at its load's settled position, below the entries of the last
  // minute (at most 500), which the bot's first list reads again from the feed.
  const storedStart = performance.now();
  const storedAfter = Date.now() - Math.round(performance.now() - verifyStart);
  const current = async () =>
    ((await repos.resellerIndexSnapshots.load(provider.tenantId).catch(() => undefined))?.savedAt.getTime() ??
      -1) >= storedAfter;
  while (!(await current())) {
    if (performance.now() - storedStart > 300_000) break;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  const indexStoredMs = Math.round(performance.now() - storedStart);
  console.log(`\nbench:turns: ${size} relationships (+${DEMO_SIZE} demo-size) written in ${writeMs} ms`);

  const botStart = performance.now();
  const bot = await BotChild.start('bot-process.ts', childEnv);
  const startMs = Math.round(performance.now() - botStart);
  // The first turn of each scenario on a fresh bot (cold caches, the reseller index's first load).
  const first: Record<string, number> = {};
  for (const scenario of SCENARIO_NAMES) {
    const { outcomes } = await block(bot.url, scenario, 1, 1, false);
    for (const o of outcomes) first[o.label] = round(o.ms);
  }
  const sizeCells: Cell[] = [];
  let maxRss = 0;
  for (const concurrency of LEVELS) {
    for (const scenario of SCENARIO_NAMES) {
      const perBlock = Math.max(Math.ceil(TURNS / ROUNDS), concurrency);
      const botOutcomes: TurnOutcome[] = [];
      const echoOutcomes: TurnOutcome[] = [];
      let botMs = 0;
      let echoMs = 0;
      let commands = 0;
      let byCommand: Record<string, number> = {};
      let msByCommand: Record<string, number> = {};
      for (let r = 0; r < ROUNDS; r++) {
        const e = await block(echo.url, scenario, concurrency, perBlock, true);
        echoOutcomes.push(...e.outcomes);
        echoMs += e.wallMs;
        const before = await bot.probe();
        const b = await block(bot.url, scenario, concurrency, perBlock, false);
        const after = await bot.probe();
        botOutcomes.push(...b.outcomes);
        botMs += b.wallMs;
        const delta = commandsBetween(before.commands, after.commands);
        commands += delta.total;
        for (const [k, v] of Object.entries(delta.byCommand)) byCommand[k] = (byCommand[k] ?? 0) + v;
        for (const [k, v] of Object.entries(delta.msByCommand)) msByCommand[k] = (msByCommand[k] ?? 0) + v;
        maxRss = Math.max(maxRss, after.rssBytes);
      }
      const turns = botOutcomes.length;
      byCommand = Object.fromEntries(
        Object.entries(byCommand)
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => [k, round(v / turns)]),
      );
      msByCommand = Object.fromEntries(
        Object.entries(msByCommand)
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => [k, round(v / turns)]),
      );
      for (const label of [...new Set(botOutcomes.map((o) => o.label))]) {
        const mine = botOutcomes.filter((o) => o.label === label);
        const floor = echoOutcomes.filter((o) => o.label === label);
        const b = latency(mine, (botMs * mine.length) / turns);
        const e = latency(floor, (echoMs * floor.length) / Math.max(1, echoOutcomes.length));
        sizeCells.push({
          size,
          concurrency,
          scenario,
          label,
          bot: b,
          echo: e,
          ratioP50: e.p50 > 0 ? round(b.p50 / e.p50) : 0,
          ratioP99: e.p99 > 0 ? round(b.p99 / e.p99) : 0,
          dbCommandsPerTurn: round(commands / turns),
          dbByCommand: byCommand,
          dbMsByCommand: msByCommand,
        });
      }
    }
  }
  const end = await bot.probe();
  await bot.stop();
  printCells(sizeCells);
  const summary = {
    size,
    relationshipsInProvider: target,
    writeMs,
    verifyMs,
    indexStoredMs,
    botStartMs: startMs,
    firstTurnMs: first,
    botRssMb: { max: round(maxRss / 2 ** 20), end: round(end.rssBytes / 2 ** 20) },
    botHeapUsedMb: round(end.heapUsedBytes / 2 ** 20),
  };
  console.log(JSON.stringify(summary));
  sizes.push(summary);
  cells.push(...sizeCells);
}

const echoEnd = await echo.probe();
await echo.stop();
await connector.stop();
const report = {
  at: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? '',
    node: process.version,
    loadAverageAtEnd: loadavg().map(round),
  },
  database: (await database.db.admin().command({ buildInfo: 1 })).version as string,
  options: { sizes: SIZES, concurrency: LEVELS, turns: TURNS, blockSeconds: BLOCK_MS / 1000, rounds: ROUNDS },
  echoRssMb: round(echoEnd.rssBytes / 2 ** 20),
  sizes,
  cells,
};
mkdirSync('bench/results', { recursive: true });
const file = `bench/results/turns-${report.at.replace(/[:.]/g, '-')}.json`;
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
console.log(`\n${markdownTable(cells)}\n\nbench:turns: report written to ${file}`);
await database.db.dropDatabase();
await database.close();
