/**
 * A bot process under load, for the kill tests: the real HTTP server (with its maintenance and
 * outbox) over the same service layer, and four workers that move resellers through their
 * lifecycle (request → accept → reseller of record on subscriptions → removal, or a cancel of a
 * request whose link an earlier process lost) until the test kills the process with SIGKILL.
 * Argv: <mongodb uri> <database name> <tenant> <admin id> <sales id> <partner ids, comma-separated>
 */
import { connectDatabase } from '../../data/database.js';
import { LocalCommerce } from '../../data/local-partner/local-commerce.js';
import { LocalPartnerDirectory } from '../../data/local-partner/local-directory.js';
import { createRepositories } from '../../data/repositories.js';
import { systemClock } from '../../services/clock.js';
import { startServer } from '../../bot/server.js';
import { loadConfig } from '../../services/config.js';
import { createServices } from '../../services/index.js';
import { createLogger } from '../../services/logger.js';

const [uri = '', dbName = '', tenantId = '', adminId = '', salesId = '', ids = ''] = process.argv.slice(2);
const partnerIds = ids.split(',');
const database = await connectDatabase(uri, dbName);
const repos = createRepositories(database.db, database.scanDb);
const services = createServices({
  repos,
  clock: systemClock,
  directory: new LocalPartnerDirectory(database.db),
  commerce: new LocalCommerce(database.db),
  settings: { publicBaseUrl: 'https://bot.example.test', invitationTtlDays: 14 },
});
const config = loadConfig({ MONGODB_URI: uri, MONGODB_DB: dbName, LOG_LEVEL: 'silent' });
await startServer({
  config,
  app: { config, database, repos, services, close: async () => undefined },
  logger: createLogger('silent'),
  members: { member: async () => undefined },
  port: 0,
});
const admin = { tenantId, agentId: adminId };
const sales = { tenantId, agentId: salesId };
let counter = 0;
const key = () => `burst-${process.pid}-${++counter}`;
const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)] as T;

async function step(partnerId: string): Promise<void> {
  const { status } = await services.relationships
    .getRelationship(admin, partnerId)
    .catch(() => ({ status: 'none' }));
  if (status === 'active') {
    if (Math.random() < 0.25) {
      await services.relationships.removeRelationship(
        admin,
        { partnerId, confirmed: true, attestation: true },
        key(),
      );
    } else {
      await services.commerce.setResellerOfRecord(
        sales,
        { customerId: 'cust-1', subscriptionId: pick(['sub-1', 'sub-2', 'sub-3', 'sub-4']), partnerId },
        key(),
      );
    }
  } else if (status === 'pending') {
    await services.relationships.cancelRequest(admin, { partnerId }, key());
  } else {
    const request = await services.relationships.requestRelationship(
      admin,
      { resellerEmail: 'owner@reseller.example', partnerId },
      key(),
    );
    const token = request.draft?.link.split('/invite/')[1] ?? '';
    await services.invitations.accept(
      { token, user: { userId: `user-${partnerId}`, entraTenantId: `tenant-${partnerId}` } },
      key(),
    );
  }
}

process.stdout.write('ready\n');
await Promise.all(
  [0, 1, 2, 3].map(async () => {
    for (;;) {
      // Refusals (a race lost to another worker, a change in progress) are part of the load.
      await step(pick(partnerIds)).catch(() => undefined);
    }
  }),
);
