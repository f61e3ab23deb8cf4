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
  SubscriptionRef,
} from '../ports.js';
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
  USUAL_OFFER_TERMS,
  withOfferTerms,
  type AddCustomerResult,
} from './order-input.js';

export type { AddCustomerResult } from './order-input.js';
import { TransactionWork } from './transaction-work.js';
import { customerStream, orderStream, subscriptionStream, type ActivityState } from './activity-stream.js';

const subscriptionRefSchema = z.object({ customerId: idSchema, subscriptionId: idSchema });
const resellerOnSubscriptionSchema = subscriptionRefSchema.extend({ partnerId: z.string() });

/** Transactions with a reseller: each needs an active relationship, checked here on every call. */
export class CommerceService {
  private readonly transactions: RelationshipTransactions;
  private readonly agreements: CustomerAgreements;
  private readonly work: TransactionWork;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly access: AccessService,
  ) {
    const customers = new StreamRepository<ActivityState>(ctx.repos, 'customer_activity', customerStream);
    this.transactions = new RelationshipTransactions(ctx);
    this.agreements = new CustomerAgreements(ctx, customers);
    this.work = new TransactionWork(ctx, this.transactions, this.agreements, {
      subscriptions: new StreamRepository<ActivityState>(
        ctx.repos,
        'subscription_activity',
        subscriptionStream,
      ),
      customers,
      orders: new StreamRepository<ActivityState>(ctx.repos, 'order_activity', orderStream),
    });
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
    // Read beside the claim, refused in this order: a replayed click (a double click, a
    // redelivery) reads them too, for nothing, and answers the first result without them.
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

  /** Carries out a started transaction (see TransactionWork); maintenance resumes them with it. */
  perform<R>(tenantId: string, open: OpenTransaction, resumed = true): Promise<R> {
    return this.work.perform<R>(tenantId, open, resumed);
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
