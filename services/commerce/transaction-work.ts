import type { Actor } from '../actor.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import type { OrderLine } from '../ports.js';
import { agentActor } from '../relationships/relationship-view.js';
import type { RelationshipTransactions } from '../relationships/relationship-transactions.js';
import type { OpenTransaction } from '../relationships/relationship-stream.js';
import type { StreamRepository } from '../streams.js';
import { COMMERCE_EVENTS, type ActivityState } from './activity-stream.js';
import type { CustomerAgreements } from './customer-agreements.js';
import { termsOf } from './order-input.js';
import { SubscriptionChanges } from './subscription-changes.js';

/** What a started transaction with a reseller does, on the record's own stream. */
export class TransactionWork {
  private readonly customers: StreamRepository<ActivityState>;
  private readonly orders: StreamRepository<ActivityState>;
  private readonly subscriptionChanges: SubscriptionChanges;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly transactions: RelationshipTransactions,
    private readonly agreements: CustomerAgreements,
    streams: Record<'subscriptions' | 'customers' | 'orders', StreamRepository<ActivityState>>,
  ) {
    this.customers = streams.customers;
    this.orders = streams.orders;
    this.subscriptionChanges = new SubscriptionChanges(ctx, streams.subscriptions);
  }

  /**
   * Carries out a started transaction: the backend call with the intent id as request id, the
   * audit entry on the record's stream, then the outcome on the relationship. Also what
   * maintenance calls for a transaction a dead process left open (`resumed`: it may have got as
   * far as its audit entry, which is then not written again).
   */
  async perform<R>(tenantId: string, open: OpenTransaction, resumed = true): Promise<R> {
    const { input } = open;
    const partnerId = String(input.partnerId);
    const by: Actor = { tenantId, agentId: open.actorId };
    return this.transactions.run(tenantId, partnerId, open, async () => {
      switch (open.kind) {
        case 'customer.add': {
          const added = await this.ctx.commerce.addCustomer(
            tenantId,
            {
              companyName: String(input.companyName),
              domain: String(input.domain),
              azure: input.azure === true,
              associatedPartnerId: partnerId,
            },
            open.intentId,
          );
          await this.record(this.customers, by, added.customerId, open, {
            type: COMMERCE_EVENTS.customerAdded,
            after: { associatedPartnerId: partnerId },
            data: {
              customerId: added.customerId,
              companyName: added.companyName,
              partnerId,
              azure: added.azure,
            },
          });
          const agreement = await this.agreements.record(tenantId, by, added.customerId, open);
          const { adminCredentials, ...shown } = added;
          return {
            customer: shown,
            showEntraUserSettingsGuidance: added.azure,
            ...(agreement ? { agreement } : {}),
            ...(adminCredentials ? { adminCredentials } : {}),
          } as R;
        }
        case 'order.submit': {
          const lineItems = input.lineItems as OrderLine[];
          const customerId = String(input.customerId);
          const submitted = await this.ctx.commerce.submitOrder(
            tenantId,
            { customerId, partnerIdOnRecord: partnerId, lineItems },
            open.intentId,
          );
          await this.record(this.orders, by, submitted.orderId, open, {
            type: COMMERCE_EVENTS.orderSubmitted,
            after: { partnerIdOnRecord: partnerId, ...termsOf(lineItems) },
            data: { orderId: submitted.orderId, customerId, partnerId, lineItems },
          });
          return submitted as R;
        }
        case 'subscription.setResellerOfRecord':
        case 'subscription.designateSupportContact':
          return (await this.subscriptionChanges.apply(tenantId, by, open, resumed)) as R;
        default:
          throw new AppError('invalid_input', { field: 'kind' });
      }
    });
  }

  /** Appends the change to the record's stream, once per transaction (a resumed one finds it there). */
  private async record(
    stream: StreamRepository<ActivityState>,
    actor: Actor,
    streamId: string,
    open: OpenTransaction,
    entry: {
      type: string;
      before?: Record<string, unknown>;
      after: Record<string, unknown>;
      data: Record<string, unknown>;
    },
  ): Promise<void> {
    await stream.execute<void>(actor.tenantId, streamId, ({ state }) => {
      if (state.lastIntentId === open.intentId) return { noChange: undefined };
      return {
        append: {
          ...entry,
          data: { ...entry.data, intentId: open.intentId },
          at: this.ctx.clock.now(),
          actor: agentActor(actor),
          ...(open.idempotencyKey ? { idempotencyKey: open.idempotencyKey } : {}),
        },
        answer: () => undefined,
      };
    });
  }
}
