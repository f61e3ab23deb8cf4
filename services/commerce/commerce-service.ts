import { z } from 'zod';
import type { AccessService } from '../access/access-service.js';
import { idSchema, type Actor } from '../actor.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import type {
  CommerceCustomer,
  CommerceOrder,
  CommerceSubscription,
  OfferTerm,
  OrderLine,
  SubscriptionRef,
} from '../ports.js';
import { agentActor } from '../relationships/relationship-service.js';
import { checkReseller } from '../relationships/reseller-checks.js';
import { RelationshipTransactions } from '../relationships/relationship-transactions.js';
import type { OpenTransaction } from '../relationships/relationship-stream.js';
import { StreamRepository } from '../streams.js';
import { inOrder, started } from '../reads.js';
import { parseInput } from '../validation.js';
import { CustomerAgreements, parseAgreement } from './customer-agreements.js';
import {
  newCustomerSchema,
  offerIdSchema,
  parseOrder,
  termsOf,
  USUAL_OFFER_TERMS,
  withOfferTerms,
  type AddCustomerResult,
} from './order-input.js';

export type { AddCustomerResult } from './order-input.js';
import { SubscriptionChanges } from './subscription-changes.js';
import {
  COMMERCE_EVENTS,
  customerStream,
  orderStream,
  subscriptionStream,
  type ActivityState,
} from './activity-stream.js';

const subscriptionRefSchema = z.object({ customerId: idSchema, subscriptionId: idSchema });
const resellerOnSubscriptionSchema = subscriptionRefSchema.extend({ partnerId: z.string() });

/** Transactions with a reseller: each needs an active relationship, checked here on every call. */
export class CommerceService {
  private readonly subscriptions: StreamRepository<ActivityState>;
  private readonly customers: StreamRepository<ActivityState>;
  private readonly orders: StreamRepository<ActivityState>;
  private readonly transactions: RelationshipTransactions;
  private readonly subscriptionChanges: SubscriptionChanges;
  private readonly agreements: CustomerAgreements;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly access: AccessService,
  ) {
    this.subscriptions = new StreamRepository<ActivityState>(
      ctx.repos,
      'subscription_activity',
      subscriptionStream,
    );
    this.customers = new StreamRepository<ActivityState>(ctx.repos, 'customer_activity', customerStream);
    this.orders = new StreamRepository<ActivityState>(ctx.repos, 'order_activity', orderStream);
    this.transactions = new RelationshipTransactions(ctx);
    this.subscriptionChanges = new SubscriptionChanges(ctx, this.subscriptions);
    this.agreements = new CustomerAgreements(ctx, this.customers);
  }

  async listCustomers(actor: Actor): Promise<CommerceCustomer[]> {
    await this.access.require(actor, 'viewCommerce');
    return this.ctx.commerce.listCustomers(actor.tenantId);
  }

  async getCustomer(actor: Actor, rawCustomerId: unknown): Promise<CommerceCustomer> {
    await this.access.require(actor, 'viewCommerce');
    return this.customerOrRefuse(actor.tenantId, parseInput(idSchema, rawCustomerId));
  }

  async listSubscriptions(actor: Actor, rawCustomerId: unknown): Promise<CommerceSubscription[]> {
    await this.access.require(actor, 'viewCommerce');
    const customerId = parseInput(idSchema, rawCustomerId);
    await this.customerOrRefuse(actor.tenantId, customerId);
    return this.ctx.commerce.listSubscriptions(actor.tenantId, customerId);
  }

  async getSubscription(actor: Actor, rawRef: unknown): Promise<CommerceSubscription> {
    await this.access.require(actor, 'viewCommerce');
    return this.subscriptionOrRefuse(actor.tenantId, parseInput(subscriptionRefSchema, rawRef));
  }

  /** Names the reseller of record (incentive credit) on a new or existing subscription. */
  async setResellerOfRecord(
    actor: Actor,
    input: unknown,
    idempotencyKey?: string,
  ): Promise<CommerceSubscription> {
    return this.changeSubscription(actor, input, idempotencyKey, 'setResellerOfRecord');
  }

  /** Designates the reseller as support contact for one subscription (admin only). */
  async designateSupportContact(
    actor: Actor,
    input: unknown,
    idempotencyKey?: string,
  ): Promise<CommerceSubscription> {
    return this.changeSubscription(actor, input, idempotencyKey, 'designateSupportContact');
  }

  /** Adds a customer associated with the reseller (delegated admin over its subscriptions). */
  async addCustomer(actor: Actor, input: unknown, idempotencyKey?: string): Promise<AddCustomerResult> {
    const provider = await this.access.require(actor, 'addCustomer');
    const customer = parseInput(newCustomerSchema, input);
    // The Microsoft Customer Agreement: who of the customer accepted it, attested by the agent.
    const agreement = parseAgreement(input, this.ctx.clock.now());
    const scope = { tenantId: actor.tenantId, actorId: actor.agentId, operation: 'customer.add' };
    return this.ctx.idempotency.run(
      scope,
      idempotencyKey,
      async (key) => {
        const reseller = await checkReseller(this.ctx.directory, provider, customer.partnerId, {
          activeMpa: true,
        });
        const begun = await this.transactions.begin(actor, reseller, key, {
          kind: 'customer.add',
          input: {
            companyName: customer.companyName,
            domain: customer.domain,
            azure: customer.azure,
            partnerId: reseller.partnerId,
            agreement: { ...agreement },
          },
        });
        return this.perform<AddCustomerResult>(actor.tenantId, begun.open, begun.resumed);
      },
      ({ adminCredentials: _secret, ...kept }) => kept,
    );
  }

  /** Submits an order for a customer with the reseller on record. */
  async submitOrder(actor: Actor, input: unknown, idempotencyKey?: string): Promise<CommerceOrder> {
    const provider = await this.access.require(actor, 'submitOrder');
    const order = parseOrder(input);
    const scope = { tenantId: actor.tenantId, actorId: actor.agentId, operation: 'order.submit' };
    return this.ctx.idempotency.run(scope, idempotencyKey, async (key) => {
      const reseller = await checkReseller(this.ctx.directory, provider, order.partnerId, {
        activeMpa: true,
      });
      const customer = await this.customerOrRefuse(actor.tenantId, order.customerId);
      await this.transactions.requireActive(actor.tenantId, reseller);
      await this.agreements.requireFor(actor.tenantId, customer.customerId, customer.companyName);
      const lineItems = await withOfferTerms(
        this.ctx.commerce,
        actor.tenantId,
        provider.country,
        order.lineItems,
      );
      const begun = await this.transactions.begin(actor, reseller, key, {
        kind: 'order.submit',
        input: { customerId: order.customerId, partnerId: reseller.partnerId, lineItems },
      });
      return this.perform<CommerceOrder>(actor.tenantId, begun.open, begun.resumed);
    });
  }

  /**
   * The terms the order form offers: the offer's own (none for an offer without a term to
   * choose), or before an offer is named, the usual ones.
   */
  async offerTerms(actor: Actor, rawOfferId?: unknown): Promise<{ offerId?: string; terms: OfferTerm[] }> {
    const provider = await this.access.require(actor, 'submitOrder');
    if (rawOfferId === undefined || rawOfferId === '')
      return { terms: USUAL_OFFER_TERMS.map((t) => ({ ...t })) };
    const offerId = parseInput(offerIdSchema, rawOfferId);
    return { offerId, terms: await this.ctx.commerce.offerTerms(actor.tenantId, offerId, provider.country) };
  }

  private async changeSubscription(
    actor: Actor,
    input: unknown,
    idempotencyKey: string | undefined,
    change: 'setResellerOfRecord' | 'designateSupportContact',
  ): Promise<CommerceSubscription> {
    const provider = await this.access.require(actor, change);
    const { partnerId, ...ref } = parseInput(resellerOnSubscriptionSchema, input);
    const scope = { tenantId: actor.tenantId, actorId: actor.agentId, operation: `subscription.${change}` };
    // Read beside the claim (a replayed click answers without them); refused in this order.
    const reads = started(
      inOrder([
        checkReseller(this.ctx.directory, provider, partnerId, { activeMpa: true }),
        this.subscriptionOrRefuse(actor.tenantId, ref),
      ]),
    );
    return this.ctx.idempotency.run(scope, idempotencyKey, async (key) => {
      const [reseller, current] = await reads;
      const field = change === 'setResellerOfRecord' ? 'partnerId' : 'supportContactPartnerId';
      const begun = await this.transactions.begin(actor, reseller, key, {
        kind: `subscription.${change}`,
        input: {
          ...ref,
          partnerId: reseller.partnerId,
          resellerName: reseller.name,
          ...(reseller.entraTenantId ? { entraTenantId: reseller.entraTenantId } : {}),
        },
        // The true before value, read before the change; a resumed retry keeps the first one.
        before: { [field]: current[field] ?? null },
        after: { [field]: reseller.partnerId },
      });
      return this.perform<CommerceSubscription>(actor.tenantId, begun.open, begun.resumed);
    });
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

  private async customerOrRefuse(tenantId: string, customerId: string): Promise<CommerceCustomer> {
    const customer = await this.ctx.commerce.getCustomer(tenantId, customerId);
    if (!customer) throw new AppError('customer_not_found', { customerId });
    return customer;
  }

  private async subscriptionOrRefuse(tenantId: string, ref: SubscriptionRef): Promise<CommerceSubscription> {
    const subscription = await this.ctx.commerce.getSubscription(tenantId, ref);
    if (!subscription) throw new AppError('subscription_not_found', { subscriptionId: ref.subscriptionId });
    return subscription;
  }
}
