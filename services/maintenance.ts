import type { Document } from 'mongodb';
import type { CommerceService } from './commerce/commerce-service.js';
import { customerStream, orderStream, subscriptionStream } from './commerce/activity-stream.js';
import { agentStream } from './access/agent-stream.js';
import type { ServiceContext } from './context.js';
import { FeedFollower } from './feed-follower.js';
import type { Logger } from './logger.js';
import { checkDue, relationshipStreams } from './relationships/relationship-stream.js';
import { ABANDONED_TRANSACTION_MS } from './relationships/relationship-transactions.js';
import { StreamRepository, type StreamDefinition } from './streams.js';

/** The projector's name among feed followers (its checkpoint is `projector:<tenant>`). */
export const PROJECTOR_FOLLOWER = 'projector';

/** What one maintenance pass did. */
export interface MaintenanceReport {
  /** Feed entries whose read model the projector checked (and stored again where it was behind). */
  projected: number;
  /** Transactions a dead process left open, finished (retried with their request id) or ended failed. */
  transactionsFinished: number;
  transactionsStillOpen: number;
  /** Idempotency claims of callers that died, freed. */
  claimsReleased: number;
  /** Idempotency results past their replay window (a day), forgotten. */
  keysExpired: number;
  /** Due documents (`relationship_due`) found stale or missing and written again. */
  dueRepaired: number;
  /** Notification jobs a crash or a race left among the live ones, moved or removed. */
  jobsTidied: number;
  /** People's 1:1 chats and tenants' endpoints read into the conversation directory (once per database). */
  chatsIndexed: number;
  /** The steps that failed (each is logged); the others ran all the same, and the next pass retries. */
  failed: string[];
}

/** Read models by stream type, as the services keep them (name of the collection, fold); relationships apart. */
const READ_MODELS: [string, StreamDefinition<Document>][] = [
  ['agents', agentStream as unknown as StreamDefinition<Document>],
  ['subscription_activity', subscriptionStream as unknown as StreamDefinition<Document>],
  ['customer_activity', customerStream as unknown as StreamDefinition<Document>],
  ['order_activity', orderStream as unknown as StreamDefinition<Document>],
];

/**
 * Finishes what a crash interrupted, at start, periodically, and as `npm run repair`:
 * - the projector follows every provider's feed and folds each changed stream, so a read model
 *   a writer died before storing is stored (feed entries without their event are voided by the
 *   feed itself once their writer is surely gone);
 * - transactions left open (their `transaction.started` has no outcome) are carried out again
 *   with the same request id, which the backend recognises, or ended failed when it refuses;
 * - idempotency claims left `started` are freed, so the next click meets the current state, and
 *   results past their replay window are forgotten.
 * Transactions left open are found in `relationship_due` (a small collection), not by a scan of
 * the relationships.
 * Every step is idempotent: any number of instances may run it at once.
 */
export class Maintenance {
  private readonly projector: FeedFollower;
  private readonly relationships: ReturnType<typeof relationshipStreams>;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly commerce: CommerceService,
  ) {
    this.relationships = relationshipStreams(ctx.repos);
    const streams = new Map<
      string,
      { load(tenantId: string, streamId: string, options: { fresh: boolean }): Promise<unknown> }
    >([
      ['relationship', this.relationships],
      ...READ_MODELS.map(
        ([collection, definition]) =>
          [definition.type, new StreamRepository<Document>(ctx.repos, collection, definition)] as const,
      ),
    ]);
    this.projector = new FeedFollower(ctx.repos, ctx.clock, PROJECTOR_FOLLOWER, async (tenantId, entries) => {
      const changed = new Set(entries.map((entry) => entry.stream));
      for (const stream of changed) {
        const [type = '', ...rest] = stream.split(':');
        // From the stored snapshot: another instance may have stored an older state over it.
        await streams.get(type)?.load(tenantId, rest.join(':'), { fresh: true });
      }
    });
  }

  /** How far the projector has read a provider's feed (read models are current up to there). */
  projectedUpTo(tenantId: string): Promise<number> {
    return this.ctx.repos.checkpoints.get(this.projector.name, tenantId);
  }

  /**
   * One pass. `hourly: false` leaves out what scans (the periodic pass runs it hourly): the sweep
   * of the idempotency keys, a scan of the day's keys (it frees abandoned claims, which a retry of
   * the same click takes over by itself anyway, and forgets results past their replay window so
   * the keys do not grow without end), and the reconciliation of
   * the due documents with the relationships, a scan of the relationships. `tidyJobs` (default:
   * with `hourly`; the bot also asks for it at start) tidies the live notification jobs, a scan
   * of those (all of them once on a database from before schema 4), and fills the conversation
   * directory from the references once per database.
   */
  async runOnce(
    logger?: Logger,
    options: { hourly?: boolean; tidyJobs?: boolean } = {},
  ): Promise<MaintenanceReport> {
    const report: MaintenanceReport = {
      projected: 0,
      transactionsFinished: 0,
      transactionsStillOpen: 0,
      claimsReleased: 0,
      keysExpired: 0,
      dueRepaired: 0,
      jobsTidied: 0,
      chatsIndexed: 0,
      failed: [],
    };
    // One step failing (a scan past its deadline, a stalled database) leaves the others to run.
    const step = async (name: string, work: () => Promise<void>) => {
      try {
        await work();
      } catch (error) {
        report.failed.push(name);
        logger?.error({ err: error, step: name }, 'a maintenance step failed');
      }
    };
    await step('projector', async () => {
      for (const tenantId of await this.ctx.repos.providers.tenantIds())
        report.projected += await this.projector.catchUp(tenantId);
    });
    await step('transactions', () => this.finishTransactions(report, logger));
    const hourly = options.hourly ?? true;
    if (hourly) {
      await step('idempotency keys', async () => {
        const swept = await this.ctx.idempotency.sweep();
        report.claimsReleased = swept.released;
        report.keysExpired = swept.expired;
      });
      await step('due documents', async () => {
        report.dueRepaired += await this.reconcileDue();
      });
    }
    if (options.tidyJobs ?? hourly) {
      await step('notification jobs', async () => {
        report.jobsTidied = await this.ctx.repos.notifications.tidy();
      });
      await step('conversation directory', async () => {
        report.chatsIndexed = await this.ctx.repos.conversations.directory.fill();
      });
    }
    return report;
  }

  /** Carries out again (or ends failed) the transactions a dead process left open. */
  private async finishTransactions(report: MaintenanceReport, logger?: Logger): Promise<void> {
    const now = this.ctx.clock.now().getTime();
    for (const row of await this.ctx.repos.relationshipDue.withOpenTransactions(200)) {
      const { state, repaired } = await checkDue(this.relationships, row.tenantId, row.partnerId, row);
      if (repaired) report.dueRepaired += 1;
      for (const open of Object.values(state.openTransactions ?? {})) {
        if (now - open.startedAt.getTime() < ABANDONED_TRANSACTION_MS) {
          report.transactionsStillOpen += 1;
          continue;
        }
        try {
          await this.commerce.perform(row.tenantId, open);
          report.transactionsFinished += 1;
        } catch (error) {
          // Refused: perform ended it failed. Unreachable backend: it stays open for the next pass.
          const { state: after } = await this.relationships.load(row.tenantId, row.partnerId);
          if (after.openTransactions?.[open.intentId]) report.transactionsStillOpen += 1;
          else report.transactionsFinished += 1;
          logger?.warn(
            { err: error, intentId: open.intentId },
            'an interrupted transaction did not complete',
          );
        }
      }
    }
  }

  /**
   * Puts the due documents right against the relationships: a pending request or open
   * transaction without one (written by an instance that predates them, or lost to a race), and
   * one left after what it named ended. One scan of the relationships and one of the due
   * documents for every provider at once. Answers how many it wrote.
   */
  private async reconcileDue(): Promise<number> {
    const stored = new Map(
      (await this.ctx.repos.relationshipDue.all()).map((row) => [`${row.tenantId}\n${row.partnerId}`, row]),
    );
    const keys = new Set([
      ...stored.keys(),
      ...(await this.ctx.repos.relationshipQueries.withSomethingDue()).map(
        ({ tenantId, partnerId }) => `${tenantId}\n${partnerId}`,
      ),
    ]);
    let repaired = 0;
    for (const key of keys) {
      const [tenantId = '', partnerId = ''] = key.split('\n');
      if ((await checkDue(this.relationships, tenantId, partnerId, stored.get(key))).repaired) repaired++;
    }
    return repaired;
  }
}
