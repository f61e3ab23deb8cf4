import 'dotenv/config';
import { loadConfigOrExit } from './startup.js';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { systemClock } from '../services/clock.js';
import { openApp } from '../services/compose.js';
import { createLogger } from '../services/logger.js';
import { createNotifier } from './notifier.js';

/**
 * `npm run worker`: the notification outbox alone, without the HTTP server. Any number of these
 * (and bot processes) share one database: job ids and claims are unique inserts.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.LOG_LEVEL);
  const app = await openApp(config);
  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: config.MicrosoftAppId ?? '',
      MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
      MicrosoftAppType: config.MicrosoftAppType,
      MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
    }),
  );
  const { outbox } = createNotifier({
    repos: app.repos,
    services: app.services,
    clock: systemClock,
    logger,
    adapter,
    appId: config.MicrosoftAppId ?? '',
    pollMs: config.NOTIFY_POLL_MS,
    sendTimeoutMs: config.NOTIFY_SEND_TIMEOUT_MS,
    worker: { leaseMs: config.NOTIFY_LEASE_MS, rateShare: config.NOTIFY_RATE_SHARE },
    reminderDays: config.NOTIFY_REMINDER_DAYS,
  });
  outbox.start();
  logger.info('notification worker started');
  // Keeps the process alive: the outbox's timers are unref'd so that the bot can stop cleanly.
  const alive = setInterval(() => undefined, 60_000);
  const shutdown = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'notification worker stopping');
    clearInterval(alive);
    outbox
      .stop()
      .then(() => app.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `worker start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
