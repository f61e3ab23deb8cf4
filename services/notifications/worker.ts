import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { StoredConversation } from '../../data/conversations/conversation-store.js';
import type { DeliveryJob } from '../../data/notifications/notification-store.js';
import { resolveLocale, type Locale } from '../../i18n/index.js';
import type { ServiceContext } from '../context.js';
import { BASE_BACKOFF_MS, backoffMs, CONVERSATION_BUCKET, TENANT_BUCKET } from './delivery-policy.js';
import type { Messenger, SendOutcome } from './messenger.js';
import { Pacer } from './pacing.js';
import type { NotificationSubscriptionService } from './subscription-service.js';

/** Builds a notification's card in the recipient's language (cards/ in production). */
export type NotificationRenderer = (job: DeliveryJob, locale: Locale, toChannel: boolean) => unknown;

export interface WorkerOptions {
  /** How long a claim holds; a worker that dies mid-send loses it after this. Longer than any send. */
  leaseMs: number;
  batch: number;
  concurrency: number;
  /** Share of Teams' limits this process uses (1 alone; 1/k with k workers). */
  rateShare: number;
  /** The first retry's backoff (doubling after each attempt, with jitter). */
  backoffBaseMs: number;
  /** The buckets (Teams' documented limits unless a test says otherwise). */
  limits: { conversation: BucketLimits; tenant: BucketLimits };
  /** Called as each job reaches an outcome (logs, tests). */
  onOutcome?: (job: DeliveryJob, outcome: string) => void;
}

export const DEFAULT_WORKER_OPTIONS: WorkerOptions = {
  leaseMs: 60_000,
  batch: 100,
  concurrency: 8,
  rateShare: 1,
  backoffBaseMs: BASE_BACKOFF_MS,
  limits: { conversation: CONVERSATION_BUCKET, tenant: TENANT_BUCKET },
};

interface BucketLimits {
  capacity: number;
  perSecond: number;
}

export interface WorkerPass {
  /** Jobs this pass brought to an outcome or to their next attempt. */
  handled: number;
  /** When a job left for pacing can go (ms from now), if any was left. */
  nextInMs?: number;
}

/**
 * The outbox's second half. For each due job: take a token from the conversation's and the
 * tenant's bucket, claim the attempt by inserting `${jobId}:${attempt}` (exactly one worker
 * succeeds, on any store), send, and record the outcome. A claim whose worker died expires after
 * the lease; the next worker counts that attempt as made and claims the next one. When the dead
 * worker had already handed the card to Teams, the recipient sees it twice: the one duplicate
 * the design allows, harmless because the card says the same thing both times.
 */
export class NotificationWorker {
  readonly workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly conversations: Pacer;
  private readonly tenants: Pacer;

  constructor(
    private readonly ctx: Pick<ServiceContext, 'repos' | 'clock'>,
    private readonly subscriptions: NotificationSubscriptionService,
    private readonly messenger: Messenger,
    private readonly render: NotificationRenderer,
    private readonly options: WorkerOptions = DEFAULT_WORKER_OPTIONS,
  ) {
    const share = (limits: BucketLimits) => ({
      capacity: Math.max(1, Math.floor(limits.capacity * options.rateShare)),
      perSecond: limits.perSecond * options.rateShare,
    });
    this.conversations = new Pacer(share(options.limits.conversation));
    this.tenants = new Pacer(share(options.limits.tenant));
  }

  async runOnce(): Promise<WorkerPass> {
    const now = this.ctx.clock.now();
    const due = await this.ctx.repos.notifications.due(now, this.options.batch);
    let handled = 0;
    let nextInMs: number | undefined;
    let index = 0;
    const lane = async () => {
      for (;;) {
        const job = due[index++];
        if (!job) return;
        const result = await this.process(job);
        if (result === 'done') handled += 1;
        else if (typeof result === 'number') nextInMs = Math.min(nextInMs ?? result, result);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, due.length) }, lane));
    const at = Date.now();
    this.conversations.sweep(at);
    this.tenants.sweep(at);
    return { handled, ...(nextInMs !== undefined ? { nextInMs } : {}) };
  }

  /** 'done', 'skipped' (another worker has it), or the ms to wait for pacing. */
  private async process(job: DeliveryJob): Promise<'done' | 'skipped' | number> {
    const conversation = await this.conversationOf(job);
    const at = Date.now();
    const conversationKey = `${job.target.tenantId}|${conversation?.conversationId ?? job.target.userId ?? ''}`;
    const buckets = [
      this.tenants.bucket(job.target.tenantId, at),
      this.conversations.bucket(conversationKey, at),
    ];
    const wait = Math.max(...buckets.map((bucket) => bucket.waitMs(at)));
    if (wait > 0) return wait;
    buckets.forEach((bucket) => bucket.take(at));
    const claimed = await this.claim(job);
    if (!claimed) {
      buckets.forEach((bucket) => bucket.giveBack(Date.now()));
      return 'skipped';
    }
    const { attempt } = claimed;
    const outcome = conversation
      ? await this.messenger.send(
          conversation,
          this.render(
            claimed,
            await this.localeOf(claimed, conversation),
            conversation.conversationType === 'channel',
          ),
        )
      : await this.startChat(claimed);
    if (outcome.kind === 'throttled' && outcome.retryAfterMs) {
      buckets[1]?.pauseUntil(Date.now() + outcome.retryAfterMs);
    }
    await this.record(claimed, attempt, outcome);
    return 'done';
  }

  /**
   * Claims the job's current attempt. When a dead worker's claim holds it past its lease, that
   * attempt counts as made and the next one is claimed instead.
   */
  private async claim(job: DeliveryJob): Promise<DeliveryJob | undefined> {
    const store = this.ctx.repos.notifications;
    for (let round = 0; round < 2; round++) {
      const fresh = round === 0 ? job : await store.job(job._id);
      if (!fresh || fresh.status !== 'pending') return undefined;
      const now = this.ctx.clock.now();
      const won = await store.claim({
        _id: `${fresh._id}:${fresh.attempt}`,
        jobId: fresh._id,
        attempt: fresh.attempt,
        worker: this.workerId,
        claimedAt: now,
        expiresAt: new Date(now.getTime() + this.options.leaseMs),
      });
      if (won) {
        // Another worker may have finished this attempt between our read and our claim.
        const current = await store.job(fresh._id);
        if (!current || current.status !== 'pending' || current.attempt !== fresh.attempt) return undefined;
        return current;
      }
      const held = await store.claimOf(fresh._id, fresh.attempt);
      if (!held || held.expiresAt.getTime() > now.getTime()) return undefined;
      // A live copy of a job that finished (made again by a dispatcher replaying its event) is
      // dropped, never sent again: its spent claim may lack an outcome if its sender died.
      if (await store.dropIfFinished(fresh._id)) return undefined;
      if (held.outcome) return undefined;
      const current = await store.job(fresh._id);
      if (!current || current.status !== 'pending' || current.attempt !== fresh.attempt) return undefined;
      const next = fresh.attempt + 1;
      if (next >= current.attemptLimit) {
        await store.updateJob(fresh._id, {
          attempt: next,
          status: 'dead',
          lastOutcome: 'lease_expired',
          updatedAt: now,
        });
        this.options.onOutcome?.(current, 'dead');
        return undefined;
      }
      await store.updateJob(fresh._id, { attempt: next, lastOutcome: 'lease_expired', updatedAt: now });
    }
    return undefined;
  }

  private async record(job: DeliveryJob, attempt: number, outcome: SendOutcome): Promise<void> {
    const store = this.ctx.repos.notifications;
    const now = this.ctx.clock.now();
    const next = attempt + 1;
    const status = {
      ...('status' in outcome && outcome.status !== undefined ? { lastStatus: outcome.status } : {}),
      ...('reason' in outcome && outcome.reason ? { lastReason: outcome.reason } : {}),
    };
    let label: string = outcome.kind;
    if (outcome.kind === 'sent') {
      await store.updateJob(job._id, {
        status: 'sent',
        attempt: next,
        sentAt: now,
        lastOutcome: 'sent',
        updatedAt: now,
      });
    } else if (outcome.kind === 'gone') {
      await store.updateJob(job._id, {
        status: 'gone',
        attempt: next,
        lastOutcome: 'gone',
        ...status,
        updatedAt: now,
      });
      if (job.audience === 'manager' && job.recipientId) {
        await this.subscriptions.markGone(
          job.tenantId,
          job.recipientId,
          outcome.status === 403 ? 'blocked' : 'not_found',
        );
      }
    } else if (outcome.kind === 'failed' && outcome.reason === 'no_conversation') {
      await store.updateJob(job._id, {
        status: 'unreachable',
        attempt: next,
        lastOutcome: outcome.reason,
        updatedAt: now,
      });
      label = 'unreachable';
    } else if (outcome.kind === 'failed' || next >= job.attemptLimit) {
      await store.updateJob(job._id, {
        status: 'dead',
        attempt: next,
        lastOutcome: outcome.kind,
        ...status,
        updatedAt: now,
      });
      label = 'dead';
    } else {
      const floor = outcome.kind === 'throttled' ? (outcome.retryAfterMs ?? 0) : 0;
      const dueAt = new Date(now.getTime() + backoffMs(next, floor, this.options.backoffBaseMs));
      await store.updateJob(job._id, {
        attempt: next,
        dueAt,
        lastOutcome: outcome.kind,
        ...status,
        updatedAt: now,
      });
    }
    await store.recordClaimOutcome(job._id, attempt, label);
    this.options.onOutcome?.(job, label);
  }

  private async conversationOf(job: DeliveryJob): Promise<StoredConversation | undefined> {
    const { conversations } = this.ctx.repos;
    const { target } = job;
    if (target.kind === 'channel') return conversations.get(target.tenantId, target.conversationId ?? '');
    if (target.conversationId) {
      const known = await conversations.get(target.tenantId, target.conversationId);
      if (known) return known;
    }
    return conversations.personalChat(target.tenantId, target.userId ?? '');
  }

  /** The recipient's chosen language, else the language of the last activity in the conversation. */
  private async localeOf(job: DeliveryJob, conversation: StoredConversation): Promise<Locale> {
    if (job.target.kind === 'person' && job.target.userId) {
      const chosen = await this.ctx.repos.preferences.getLocale(job.target.tenantId, job.target.userId);
      if (chosen) return chosen;
    }
    const locale = conversation.reference.locale;
    return resolveLocale(typeof locale === 'string' ? locale : undefined);
  }

  /** No stored conversation: start the 1:1 chat when the messenger may (app credentials), else say so. */
  private async startChat(job: DeliveryJob): Promise<SendOutcome> {
    const { target } = job;
    const serviceUrl = await this.ctx.repos.conversations.serviceUrlOf(target.tenantId);
    if (!this.messenger.startChat || target.kind !== 'person' || !target.userId || !serviceUrl) {
      return { kind: 'failed', reason: 'no_conversation' };
    }
    const locale = (await this.ctx.repos.preferences.getLocale(target.tenantId, target.userId)) ?? 'en-US';
    const outcome = await this.messenger.startChat(
      { tenantId: target.tenantId, userId: target.userId, serviceUrl },
      this.render(job, locale, false),
    );
    if (outcome.conversation) await this.ctx.repos.conversations.save(outcome.conversation);
    return outcome;
  }
}
