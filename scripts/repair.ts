/**
 * Finishes what a crash interrupted, once, and says what it did (the bot also does this at start
 * and every 30 seconds): read models behind their events, transactions left open, idempotency
 * claims of callers that died, idempotency results past their replay window. A step that fails
 * is named, the others still run, and the command exits 1.
 *   npm run repair
 */
import { createLogger } from '../services/logger.js';
import { runCli } from './cli.js';

await runCli('npm run repair', {}, async ({ services }) => {
  // Warnings and failed steps as JSON lines (the same log the bot writes), then the summary.
  const report = await services.maintenance.runOnce(createLogger('warn'));
  console.log(
    `repair: ${report.projected} feed entries checked against their read models, ` +
      `${report.transactionsFinished} interrupted transactions finished, ` +
      `${report.transactionsStillOpen} still open (too recent, or the backend did not answer), ` +
      `${report.claimsReleased} abandoned idempotency claims freed, ` +
      `${report.keysExpired} idempotency results past their replay window forgotten, ` +
      `${report.dueRepaired} due documents (expiry, reminders, open transactions) put right, ` +
      `${report.jobsTidied} notification jobs tidied, ` +
      `${report.chatsIndexed} chats and tenants read into the conversation directory`,
  );
  if (report.failed.length > 0) {
    console.error(`repair: failed: ${report.failed.join(', ')} (the others ran; run it again)`);
    process.exitCode = 1;
  }
});
