import type { NewEvent } from '../../data/events/event.js';
import type { Actor } from '../actor.js';
import type { ServiceContext } from '../context.js';
import { AppError, isAppError } from '../errors.js';
import type { CommerceSubscription } from '../ports.js';
import { agentActor } from '../relationships/relationship-service.js';
import type { OpenTransaction } from '../relationships/relationship-stream.js';
import type { StreamRepository } from '../streams.js';
import { COMMERCE_EVENTS, type ActivityState } from './activity-stream.js';

/**
 * Changes of one subscription (reseller of record, support contact), one at a time: a change
 * first marks the subscription's stream `change_started` with the true before value (the last
 * recorded value, or the backend's when none is recorded), then calls the backend with the
 * transaction's intent id as request id, then records the change, which ends it. A second
 * change meanwhile is refused as in progress, so the trail's befores chain and end at the
 * backend's value; a change a dead process left started is finished by maintenance (the same
 * request id again) before any other can start.
 */
export class SubscriptionChanges {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly subscriptions: StreamRepository<ActivityState>,
  ) {}

  async apply(
    tenantId: string,
    by: Actor,
    open: OpenTransaction,
    resumed: boolean,
  ): Promise<CommerceSubscription> {
    const { input } = open;
    const partnerId = String(input.partnerId);
    const ref = { customerId: String(input.customerId), subscriptionId: String(input.subscriptionId) };
    const roR = open.kind === 'subscription.setResellerOfRecord';
    const field = roR ? 'partnerId' : 'supportContactPartnerId';
    const streamId = `${ref.customerId}/${ref.subscriptionId}`;
    const resellerName = String(input.resellerName);
    const entry = {
      at: this.ctx.clock.now(),
      actor: agentActor(by),
      ...(open.idempotencyKey ? { idempotencyKey: open.idempotencyKey } : {}),
    };

    // A resumed transaction whose change is in the trail already happened: later changes may
    // stand after it, and calling the backend again would undo them.
    if (resumed) {
      const trail = await this.ctx.repos.events.readAfter(tenantId, 'subscription', streamId, 0);
      if (
        trail.some(
          (event) => event.type !== COMMERCE_EVENTS.changeStarted && event.data.intentId === open.intentId,
        )
      )
        return this.current(tenantId, ref);
    }

    const before = await this.subscriptions.execute<Record<string, unknown>>(
      tenantId,
      streamId,
      async ({ state }) => {
        const inProgress = state.changeInProgress;
        if (inProgress?.intentId === open.intentId) return { noChange: inProgress.before };
        if (inProgress) throw new AppError('transaction_in_progress', { resellerName });
        const recorded = state[field] ?? (await this.current(tenantId, ref))[field] ?? null;
        const value = { [field]: recorded };
        return {
          append: {
            ...entry,
            type: COMMERCE_EVENTS.changeStarted,
            before: value,
            data: { ...ref, intentId: open.intentId },
          },
          answer: () => value,
        };
      },
    );

    let updated: CommerceSubscription;
    try {
      updated = roR
        ? await this.ctx.commerce.setResellerOfRecord(tenantId, ref, partnerId, open.intentId)
        : await this.ctx.commerce.setSupportContact(
            tenantId,
            ref,
            {
              partnerId,
              name: resellerName,
              ...(input.entraTenantId ? { entraTenantId: String(input.entraTenantId) } : {}),
            },
            open.intentId,
          );
    } catch (error) {
      // Refused: nothing changed, the subscription is free again. Unreachable: maybe changed;
      // it stays started until maintenance asks again with the same request id.
      if (isAppError(error) && error.code !== 'external_unavailable' && error.code !== 'external_throttled')
        await this.end(tenantId, streamId, open, {
          ...entry,
          type: COMMERCE_EVENTS.changeFailed,
          data: { ...ref, intentId: open.intentId, code: error.code },
        });
      throw error;
    }
    await this.end(tenantId, streamId, open, {
      ...entry,
      type: roR ? COMMERCE_EVENTS.resellerOfRecordSet : COMMERCE_EVENTS.supportContactSet,
      before,
      after: { [field]: partnerId },
      data: { ...ref, partnerId, resellerName, offerName: updated.offerName, intentId: open.intentId },
    });
    return updated;
  }

  /** Appends the entry that ends this transaction's change, unless it is there already. */
  private async end(
    tenantId: string,
    streamId: string,
    open: OpenTransaction,
    entry: Omit<NewEvent, 'tenantId'>,
  ): Promise<void> {
    await this.subscriptions.execute<void>(tenantId, streamId, ({ state }) =>
      state.changeInProgress?.intentId === open.intentId
        ? { append: entry, answer: () => undefined }
        : { noChange: undefined },
    );
  }

  private async current(tenantId: string, ref: { customerId: string; subscriptionId: string }) {
    const subscription = await this.ctx.commerce.getSubscription(tenantId, ref);
    if (!subscription) throw new AppError('subscription_not_found', { subscriptionId: ref.subscriptionId });
    return subscription;
  }
}
