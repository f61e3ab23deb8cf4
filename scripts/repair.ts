/**
 * Finishes what a crash interrupted, once, and says what it did (the bot also does this at start
 * and every 30 seconds): read models behind their events, transactions left open, idempotency
 * claims of callers that died.
 *   npm run repair
 */
import { runCli } from './cli.js';

await runCli('npm run repair', {}, async ({ services }) => {
  const report = await services.maintenance.runOnce();
  console.log(
    `repair: ${report.projected} feed entries checked against their read models, ` +
      `${report.transactionsFinished} interrupted transactions finished, ` +
      `${report.transactionsStillOpen} still open (too recent, or the backend did not answer), ` +
      `${report.claimsReleased} abandoned idempotency claims freed, ` +
      `${report.dueRepaired} due documents (expiry, reminders, open transactions) put right, ` +
      `${report.jobsTidied} notification jobs tidied, ` +
      `${report.chatsIndexed} chats and tenants read into the conversation directory`,
  );
});
