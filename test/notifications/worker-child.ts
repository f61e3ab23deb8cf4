// A notification worker in a process of its own, for the crash test: `node --import tsx
// test/notifications/worker-child.ts` with MONGODB_URI and TEST_DB set. Prints one JSON line per
// outcome, so the parent knows how far it got before it kills this process.
import { createNotifier } from '../../bot/notifier.js';
import { connectDatabase } from '../../data/database.js';
import { LocalCommerce } from '../../data/local-partner/local-commerce.js';
import { LocalPartnerDirectory } from '../../data/local-partner/local-directory.js';
import { createRepositories } from '../../data/repositories.js';
import { systemClock } from '../../services/clock.js';
import { createServices } from '../../services/index.js';
import { createLogger } from '../../services/logger.js';
import { localAdapter } from './outbox-support.js';

const database = await connectDatabase(String(process.env.MONGODB_URI), String(process.env.TEST_DB));
const repos = createRepositories(database.db);
const services = createServices({
  repos,
  clock: systemClock,
  directory: new LocalPartnerDirectory(database.db),
  commerce: new LocalCommerce(database.db),
  settings: { publicBaseUrl: 'https://bot.example.test', invitationTtlDays: 14 },
});
const { outbox } = createNotifier({
  repos,
  services,
  clock: systemClock,
  logger: createLogger('silent'),
  adapter: localAdapter(),
  pollMs: 20,
  sendTimeoutMs: 5000,
  worker: {
    leaseMs: Number(process.env.LEASE_MS ?? 6000),
    backoffBaseMs: 100,
    limits: { conversation: { capacity: 50, perSecond: 100 }, tenant: { capacity: 200, perSecond: 1000 } },
    onOutcome: (job, outcome) => process.stdout.write(`${JSON.stringify({ jobId: job._id, outcome })}\n`),
  },
});
outbox.start();
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
setInterval(() => undefined, 60_000);
process.once('SIGTERM', () => {
  void outbox.stop().then(async () => {
    await database.close();
    process.exit(0);
  });
});
