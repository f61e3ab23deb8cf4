/**
 * The notification outbox under a fan-out: one event per provider, 10 providers with 100
 * managers each (1,000 conversations), delivered through the local fake Bot Connector with a few
 * 429s (Retry-After: 1) and 503s injected. Not a test: it prints what it measured.
 *   npm run bench:notify      (report printed and written to bench/results/notify.json)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { createNotifier } from '../bot/notifier.js';
import { connectDatabase } from '../data/database.js';
import { ensureSchema } from '../data/indexes.js';
import { LocalCommerce } from '../data/local-partner/local-commerce.js';
import { LocalPartnerDirectory } from '../data/local-partner/local-directory.js';
import { createRepositories } from '../data/repositories.js';
import { systemClock } from '../services/clock.js';
import { createServices } from '../services/index.js';
import { createLogger } from '../services/logger.js';
import { FakeConnector } from '../test/support/fake-connector.js';

const TENANTS = Number(process.env.BENCH_TENANTS ?? 10);
const MANAGERS = Number(process.env.BENCH_MANAGERS ?? 100);
const RESELLER = {
  partnerId: '3000001',
  name: 'Contoso Cloud Partners',
  country: 'CN',
  enrolledAsIndirectReseller: true,
  mpaStatus: 'active' as const,
  entraTenantId: 'contoso-tenant',
};

const uri = process.env.MONGODB_URI;
if (!uri) throw new Error('run through npm run bench:notify (it starts the local database)');
const database = await connectDatabase(uri, `bench_${randomBytes(4).toString('hex')}`);
await ensureSchema(database.db);
const repos = createRepositories(database.db);
const directory = new LocalPartnerDirectory(database.db);
const services = createServices({
  repos,
  clock: systemClock,
  directory,
  commerce: new LocalCommerce(database.db),
  settings: { publicBaseUrl: 'http://localhost', invitationTtlDays: 14 },
});
const connector = await FakeConnector.start();
await directory.upsert([RESELLER]);

process.stderr.write(`setting up ${TENANTS} providers × ${MANAGERS} managers…\n`);
const tenantOf = new Map<string, string>();
for (let t = 0; t < TENANTS; t++) {
  const tenantId = `bench-tenant-${t}`;
  await repos.providers.upsert({
    tenantId,
    name: `Provider ${t}`,
    partnerId: String(9_000_000 + t),
    country: 'CN',
    allowedCountries: ['CN'],
    listing: { displayName: '', website: '', regions: [], contactEmail: '', description: '' },
    createdAt: new Date(),
  });
  await services.access.bootstrapAdmin(tenantId, 'manager-0');
  for (let m = 0; m < MANAGERS; m++) {
    const userId = `manager-${m}`;
    const conversationId = `a:${tenantId}-${userId}`;
    tenantOf.set(conversationId, tenantId);
    await repos.conversations.save({
      tenantId,
      conversationId,
      conversationType: 'personal',
      userId,
      reference: {
        channelId: 'msteams',
        serviceUrl: connector.url,
        conversation: {
          id: conversationId,
          conversationType: 'personal',
          tenantId,
          isGroup: false,
          name: '',
        },
        user: { id: `29:${userId}`, name: userId },
        bot: { id: '28:bench-bot', name: 'Bot' },
        locale: m % 2 ? 'zh-CN' : 'en-US',
      },
    });
    await services.notifications.addPerson(
      { tenantId, agentId: 'manager-0' },
      { userId, name: `Manager ${m}` },
    );
  }
}
// The sending side of the requests, so that each accept is one event that notifies.
const tokens: string[] = [];
for (let t = 0; t < TENANTS; t++) {
  const result = await services.relationships.requestRelationship(
    { tenantId: `bench-tenant-${t}`, agentId: 'manager-0' },
    { resellerEmail: 'owner@contoso.example', partnerId: RESELLER.partnerId },
  );
  tokens.push(String(result.draft?.link.split('/invite/')[1]));
}
// A few refusals: every 33rd request is throttled, every 41st finds the service unavailable.
let n = 0;
connector.script(
  '*',
  ...Array.from({ length: TENANTS * MANAGERS * 2 }, () => {
    n += 1;
    if (n % 33 === 0) return { status: 429, retryAfter: '1' };
    if (n % 41 === 0) return { status: 503 };
    return { delayMs: 0 };
  }),
);

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '' }));
const { outbox } = createNotifier({
  repos,
  services,
  clock: systemClock,
  logger: createLogger('silent'),
  adapter,
  pollMs: 50,
  sendTimeoutMs: 10_000,
});
outbox.start();

process.stderr.write('fanning out…\n');
const eventAt = new Map<string, number>();
const started = Date.now();
for (let t = 0; t < TENANTS; t++) {
  await services.invitations.accept({
    token: tokens[t] ?? '',
    user: { userId: 'contoso-user', entraTenantId: RESELLER.entraTenantId },
  });
  eventAt.set(`bench-tenant-${t}`, Date.now());
}
const expected = TENANTS * MANAGERS;
const deadline = Date.now() + 10 * 60_000;
// The fake connector counts deliveries in memory: no database query competes with the outbox.
while (Date.now() < deadline && connector.deliveries.length < expected) {
  await new Promise((resolve) => setTimeout(resolve, 100));
}
await outbox.stop();
const finished = Math.max(...connector.deliveries.map((d) => d.at));

const perConversation = new Map<string, number[]>();
const perTenant = new Map<string, number[]>();
const latencies: number[] = [];
for (const delivery of connector.deliveries) {
  const tenantId = tenantOf.get(delivery.conversationId) ?? 'unknown';
  perConversation.set(delivery.conversationId, [
    ...(perConversation.get(delivery.conversationId) ?? []),
    delivery.at,
  ]);
  perTenant.set(tenantId, [...(perTenant.get(tenantId) ?? []), delivery.at]);
  latencies.push(delivery.at - (eventAt.get(tenantId) ?? started));
}
const peak = (times: number[], windowMs: number) => {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] ?? 0) - (sorted[j] ?? 0) >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
};
latencies.sort((a, b) => a - b);
const quantile = (q: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
const lost = [...tenantOf.keys()].filter((id) => !perConversation.has(id)).length;
const duplicated = [...perConversation.values()].reduce(
  (sum, times) => sum + Math.max(0, times.length - 1),
  0,
);
const report = {
  conversations: expected,
  tenants: TENANTS,
  delivered: connector.deliveries.length,
  injected: {
    throttled: connector.attempts.filter((a) => a.answer === 429).length,
    unavailable: connector.attempts.filter((a) => a.answer === 503).length,
  },
  seconds: Number(((finished - started) / 1000).toFixed(2)),
  sentPerSecond: Number((connector.deliveries.length / ((finished - started) / 1000)).toFixed(1)),
  latencyMs: { p50: quantile(0.5), p99: quantile(0.99), max: latencies.at(-1) ?? 0 },
  peak: {
    perConversationPerSecond: Math.max(...[...perConversation.values()].map((t) => peak(t, 1000))),
    perTenantPerSecond: Math.max(...[...perTenant.values()].map((t) => peak(t, 1000))),
    limits: { perConversationPerSecond: 7, perTenantPerSecond: 50 },
  },
  lost,
  duplicated,
};
process.stdout.write(
  [
    `sent: ${report.delivered} to ${expected} conversations in ${report.seconds} s (${report.sentPerSecond} sent/s)`,
    `injected: ${report.injected.throttled} × 429 (Retry-After: 1), ${report.injected.unavailable} × 503`,
    `event → delivery: p50 ${report.latencyMs.p50} ms, p99 ${report.latencyMs.p99} ms, max ${report.latencyMs.max} ms`,
    `peak: ${report.peak.perConversationPerSecond}/s per conversation (limit 7), ${report.peak.perTenantPerSecond}/s per tenant (limit 50)`,
    `lost: ${lost}, duplicated: ${duplicated}`,
    '',
  ].join('\n'),
);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/notify.json', `${JSON.stringify(report, null, 2)}\n`);
await connector.stop();
await database.db.dropDatabase();
await database.close();
