import 'dotenv/config';
import { loadConfigOrExit } from './startup.js';
import { isAppError } from '../services/errors.js';
import { createLogger } from '../services/logger.js';
import { startServer } from './server.js';

/** Entry point: `tsx bot/index.ts` (see the README for the local database). */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.LOG_LEVEL);
  const running = await startServer({ config, logger });
  const shutdown = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down');
    running.stop().then(
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
  const detail = isAppError(error)
    ? `${error.code} ${JSON.stringify(error.params)}`
    : error instanceof Error
      ? (error.stack ?? error.message)
      : String(error);
  process.stderr.write(`start-up failed: ${detail}\n`);
  process.exit(1);
});
