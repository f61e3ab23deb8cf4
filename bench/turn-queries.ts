/**
 * What a turn costs in database commands (and milliseconds) on the slow paths seen in the
 * Playground: the resellers list, a typeahead keystroke, the picker, and the list right after a
 * change, for a provider with BENCH_RESELLERS active resellers.
 *   node scripts/with-local-db.mjs tsx bench/turn-queries.ts
 */
import type { CommandStartedEvent } from 'mongodb';
import { BotDriver, onlyCard } from '../test/bot/driver.js';
import { activeContoso, requestFabrikam } from '../test/bot/fixtures.js';

const RESELLERS = Number(process.env.BENCH_RESELLERS ?? 300);
// Command events need monitoring from the first connection on.
const uri = new URL(process.env.MONGODB_URI ?? '');
uri.searchParams.set('monitorCommands', 'true');
process.env.MONGODB_URI = uri.toString();
const driver = await BotDriver.create();
const { world } = driver;
await activeContoso(world);
const at = world.clock.now();
const rows = Array.from({ length: RESELLERS }, (_, i) => {
  const partnerId = String(3_000_000 + i);
  const resellerName = `Bench Reseller ${String(i).padStart(5, '0')}`;
  return { partnerId, resellerName };
});
await world.database.db.collection<{ _id: string }>('relationships').insertMany(
  rows.map(({ partnerId, resellerName }) => ({
    _id: `tenant-a:${partnerId}`,
    tenantId: 'tenant-a',
    streamId: partnerId,
    seq: 1,
    partnerId,
    resellerName,
    resellerNameLower: resellerName.toLowerCase(),
    country: 'CN',
    status: 'active',
    activeSince: at,
    updatedAt: at,
  })),
);
await world.directory.upsert(
  rows.map(({ partnerId, resellerName }) => ({
    partnerId,
    name: resellerName,
    country: 'CN',
    enrolledAsIndirectReseller: true,
    mpaStatus: 'active' as const,
  })),
);

const commands: string[] = [];
world.database.client.on('commandStarted', (event: CommandStartedEvent) => {
  const collection = event.command[event.commandName];
  commands.push(`${event.commandName}${typeof collection === 'string' ? ` ${collection}` : ''}`);
});

const admin = driver.person(world.admin);
async function measure(name: string, turn: () => Promise<unknown>): Promise<void> {
  commands.length = 0;
  const started = performance.now();
  await turn();
  const ms = performance.now() - started;
  const byKind = new Map<string, number>();
  for (const command of commands) byKind.set(command, (byKind.get(command) ?? 0) + 1);
  const top = [...byKind].sort((a, b) => b[1] - a[1]).map(([kind, n]) => `${kind}×${n}`);
  console.log(
    `${name.padEnd(36)} ${String(commands.length).padStart(4)} commands ${ms.toFixed(0).padStart(6)} ms  ${top.join(', ')}`,
  );
}

const search = (queryText: string) =>
  driver.process(
    driver.activity(admin, {
      type: 'invoke',
      name: 'application/search',
      value: { kind: 'search', dataset: 'resellers', queryText },
    }),
  );

console.log(`provider with ${RESELLERS + 1} active resellers`);
await measure('resellers (first, loads the index)', () => driver.say(admin, 'resellers'));
await measure('resellers (again)', () => driver.say(admin, 'resellers'));
await measure('typeahead keystroke "Bench Reseller 0"', () => search('Bench Reseller 0'));
await measure('typeahead keystroke "Bench Reseller 00"', () => search('Bench Reseller 00'));
await measure('picker open (subscription cust-1 sub-1)', () =>
  driver.say(admin, 'subscription cust-1 sub-1'),
);
await measure('help', () => driver.say(admin, 'help'));
await requestFabrikam(world);
await measure('pending, right after a new request', () => driver.say(admin, 'pending'));
const list = onlyCard(await driver.say(admin, 'pending'));
await measure('Cancel from the list', () => driver.click(admin, list, 'request.cancel'));
await measure('pending, right after the cancel', () => driver.say(admin, 'pending'));
await driver.close();
